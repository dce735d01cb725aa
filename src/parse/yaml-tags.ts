/**
 * Tags named like a property of `Object.prototype` (`!<constructor>`, `!<__proto__>`, or a `%TAG`
 * handle that expands to such a name). The `yaml` library looks tag names up in a plain object of
 * known tags, so these find a function there and the parse throws ("tag.resolve is not a
 * function"): one verbatim tag would stop a whole manifest from being linted. Declaring them as
 * custom tags that keep the value as written makes them what every other unknown tag is: the value
 * stays, the tag is not understood.
 */
import type { CollectionTag, ScalarTag } from 'yaml';

const NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

export const PROTOTYPE_NAME_TAGS: (ScalarTag | CollectionTag)[] = NAMES.flatMap((tag): (ScalarTag | CollectionTag)[] => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'map', resolve: (map) => map },
  { tag, collection: 'seq', resolve: (seq) => seq },
]);

// Full-size cases for the parse and resolution budgets: alias bombs, deep nesting, many keys,
// intrinsic and variable amplification. Scale 1 is the size the hostile-input report used.
import type { StressCase } from './case.js';
import * as g from '../hostile/gen-budgets.js';

const withOther = (files: Record<string, string>): Record<string, string> => ({ ...files, [g.OTHER_FILE]: g.OTHER_SERVICE });

export const cases: StressCase[] = [
  {
    name: 'yaml alias bomb (9 levels x 10)',
    scale: [1, 10],
    build: (s) => ({ files: withOther({ 'bomb/serverless.yml': g.aliasBomb(9 * s, 10) }), expect: 'aliasNodes' }),
  },
  {
    name: 'config alias bomb (6 levels x 10)',
    scale: [1, 10],
    build: (s) => ({ files: withOther({ '.sls-lint.yml': g.configAliasBomb(6 * s, 10) }), expect: 'aliasNodes' }),
  },
  {
    name: 'Fn::Sub doubling per level (30 levels)',
    scale: [1, 10],
    // at 300 levels the template nests past maxDepth before any string is built
    build: (s) => ({ files: withOther({ 'sub/template.json': g.subDoubling(30 * s) }), expect: s >= 10 ? 'maxDepth' : 'stringLength' }),
  },
  {
    name: 'Fn::Join 1 MB separator x 100 parts',
    scale: [1, 10],
    build: (s) => ({ files: withOther({ 'join/template.json': g.joinSeparator(1024 * 1024, 100 * s) }), expect: 'stringLength' }),
  },
  {
    name: 'Fn::Join 1 MB separator and 100 parts by Ref',
    scale: [1, 10],
    build: (s) => ({ files: withOther({ 'join/template.json': g.joinSeparatorRef(1024 * 1024, 100 * s) }), expect: 'stringLength' }),
  },
  {
    name: '${self:} objects 3x per level (15 levels)',
    scale: [1, 10],
    build: (s) => ({ files: withOther({ 'self/serverless.yml': g.selfTriple(15 * s) }), expect: 'resolvedNodes' }),
  },
  {
    name: '${self:} strings doubling (30 levels)',
    scale: [1, 10],
    build: (s) => ({ files: withOther({ 'self/serverless.yml': g.selfStringDoubling(30 * s) }), expect: 'stringLength' }),
  },
  {
    name: 'JSON nested 5,000 deep',
    scale: [1, 10],
    build: (s) => ({ files: withOther({ 'deep/template.json': g.deepJsonTemplate(5000 * s) }), expect: 'maxDepth' }),
  },
  {
    name: 'YAML flow nested 5,000 deep',
    scale: [1, 10],
    build: (s) => ({ files: withOther({ 'deep/serverless.yml': g.deepYaml(5000 * s) }), expect: 'maxDepth' }),
  },
  {
    name: 'YAML block nested 5,000 deep (- - - x)',
    scale: [1, 10],
    build: (s) => ({ files: withOther({ 'deep/serverless.yml': g.deepCompactYaml(5000 * s) }), expect: 'maxDepth' }),
  },
  {
    name: 'Fn::Join nested 5,000 deep',
    scale: [1, 10],
    build: (s) => ({ files: withOther({ 'deep/template.json': g.deepJoinTemplate(5000 * s) }), expect: 'maxDepth' }),
  },
  {
    name: '${file()} of JSON nested 5,000 deep',
    scale: [1, 10],
    build: (s) => ({ files: withOther(g.fileOfDeepJson(5000 * s)), expect: 'maxDepth' }),
  },
  {
    name: 'tsconfig extends chain 1,000, 5,000 deep',
    scale: [1, 10],
    build: (s) => ({ files: withOther(g.tsconfigChain(1000 * s, 5000 * s)), expect: 'maxDepth' }),
  },
  {
    name: 'YAML map with 300k keys',
    scale: [1, 10],
    build: (s) => ({ files: withOther({ 'keys/serverless.yml': g.manyKeys(300_000 * s) }) }),
  },
  {
    name: 'JSON map with 40k keys',
    scale: [1, 10],
    build: (s) => ({ files: withOther({ 'keys/template.json': g.manyKeysJson(40_000 * s) }) }),
  },
];

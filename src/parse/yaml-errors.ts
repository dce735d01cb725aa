/**
 * Our own wording for the `yaml` library's errors. Some of its messages quote the document
 * (`Unresolved plain scalar "…"`, `Invalid escape sequence …`, `Block scalar header includes extra
 * characters: …`, `Unexpected … in …`), and a parse error's message is printed in every output
 * format, SARIF tool notifications included: a secret on a broken line would be published with it.
 * So the message is chosen by the error's code alone, and the location says where.
 */
const WORDING = new Map<string, string>([
  ['ALIAS_PROPS', 'an alias cannot have an anchor or a tag'],
  ['BAD_ALIAS', 'an alias is malformed'],
  ['BAD_DIRECTIVE', 'a directive is malformed or unknown'],
  ['BAD_DQ_ESCAPE', 'a double-quoted string holds an invalid escape sequence'],
  ['BAD_INDENT', 'the indentation is wrong'],
  ['BAD_PROP_ORDER', 'an anchor or tag is in the wrong place'],
  ['BAD_SCALAR_START', 'a plain value starts with a reserved character'],
  ['BLOCK_AS_IMPLICIT_KEY', 'a block collection cannot be an implicit key'],
  ['BLOCK_IN_FLOW', 'a block collection cannot be inside a flow collection'],
  ['DUPLICATE_KEY', 'map keys must be unique'],
  ['IMPOSSIBLE', 'the document could not be parsed'],
  ['KEY_OVER_1024_CHARS', 'an implicit key is longer than 1024 characters'],
  ['MISSING_CHAR', 'a closing quote, bracket, separator or space is missing'],
  ['MULTILINE_IMPLICIT_KEY', 'an implicit key must be on a single line'],
  ['MULTIPLE_ANCHORS', 'a node has more than one anchor'],
  ['MULTIPLE_DOCS', 'the file holds more than one document'],
  ['MULTIPLE_TAGS', 'a node has more than one tag'],
  ['NON_STRING_KEY', 'a map key is not a string'],
  ['RESOURCE_EXHAUSTION', 'the document expands beyond the parser limits'],
  ['TAB_AS_INDENT', 'tabs are not allowed as indentation'],
  ['TAG_RESOLVE_FAILED', 'a tag could not be resolved'],
  ['UNEXPECTED_TOKEN', 'unexpected text'],
  ['BAD_COLLECTION_TYPE', 'a tag is used on the wrong kind of collection'],
]);

/** `YAML: <what is wrong>` for a `yaml` error code; never any text of the document. */
export function yamlErrorMessage(code: unknown): string {
  return `YAML: ${(typeof code === 'string' && WORDING.get(code)) || 'syntax error'}`;
}

/** For an exception thrown by the parser itself: its kind only (its message may quote the document). */
export function yamlFailureMessage(e: unknown): string {
  const name = e instanceof Error && /^[A-Za-z]+$/.test(e.name) ? e.name : 'Error';
  return `YAML: the parser failed (${name})`;
}

/**
 * Seeded random mutation of the text of a case: byte-level noise (structurally interesting
 * characters, NUL, U+2028, a BOM, invalid UTF-8), line edits (delete, duplicate, swap, indent,
 * splice a line of another file, truncate) and value edits that aim at the resolvers (a scalar
 * replaced with a CloudFormation intrinsic, a Serverless variable — self-referencing and cyclic ones
 * included —, an anchor and its alias, an odd number, a prototype key). Same text, kind, seed and
 * donors → the same mutant, byte for byte.
 */
import { rng } from './seeded.js';

export type MutantKind = 'yaml' | 'json' | 'template' | 'code' | 'text';

export interface Mutant {
  /** the mutated text; may hold the `RAW` placeholders of invalid bytes (see `mutantBytes`) */
  text: string;
  /** the operations applied, in order, for the failure message */
  ops: string[];
}

/** What a mutation may draw on besides the text: lines of other files, names of files near this one. */
export interface MutationPool {
  /** lines of other fixtures, for splicing */
  donorLines: string[];
  /** paths (relative to the mutated file's folder) that `${file(…)}` may name */
  files: string[];
}

/** The kind of a file, from its name and (for JSON and YAML) whether it reads as a CloudFormation template. */
export function mutantKind(file: string, text: string): MutantKind {
  const template = /AWSTemplateFormatVersion|Transform|"?Resources"?\s*:/.test(text) && !/^service\s*:/m.test(text);
  if (/\.json$/i.test(file)) return template ? 'template' : 'json';
  if (/\.ya?ml$/i.test(file)) return template ? 'template' : 'yaml';
  if (/\.(m|c)?[jt]sx?$/i.test(file)) return 'code';
  return 'text';
}

/**
 * Bytes a JavaScript string cannot hold as UTF-8 (lone continuation bytes, an overlong form, an
 * encoded surrogate, a truncated sequence), written into the text as private-use placeholders and
 * turned into the raw bytes by `mutantBytes`.
 */
const RAW: Record<string, number[]> = {
  '\uF8F0': [0xff],
  '\uF8F1': [0x80, 0x80],
  '\uF8F2': [0xc0, 0xaf],
  '\uF8F3': [0xed, 0xa0, 0x80],
  '\uF8F4': [0xe2, 0x82],
};
const RAW_RE = /[\uF8F0-\uF8F4]/;

/** The bytes of a mutant as written to disk (UTF-8, with the placeholders of invalid bytes expanded). */
export function mutantBytes(text: string): Buffer {
  if (!RAW_RE.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const raw = RAW[text[i]!];
    if (!raw) continue;
    parts.push(Buffer.from(text.slice(last, i), 'utf8'), Buffer.from(raw));
    last = i + 1;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/** Characters and short tokens that mean something to one of the parsers. */
const TOKENS = [
  ':',
  ': ',
  '-',
  '- ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '!',
  '&',
  '*',
  '${',
  '}',
  '\\',
  '#',
  '|',
  '>',
  '?',
  '%',
  '@',
  '`',
  '<<',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\0',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '\u0085',
  ...Object.keys(RAW),
];

const NUMBERS = [
  '1e308',
  '1e309',
  '-1e309',
  '9007199254740993',
  '123456789012345678901234567890',
  '-0',
  '0x7fffffff',
  '0o777',
  '4294967296',
  '.inf',
  '-.inf',
  '.nan',
  '1_000',
  '0.1e-400',
  '2001-12-14t21:59:43.10-05:00',
  '~',
  'null',
  'yes',
  'off',
  '""',
];

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

const INTRINSICS = [
  'Ref',
  'Fn::Sub',
  'Fn::GetAtt',
  'Fn::Join',
  'Fn::If',
  'Fn::Select',
  'Fn::Split',
  'Fn::Base64',
  'Fn::FindInMap',
  'Fn::ImportValue',
];

type Rand = () => number;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, n: number): number => Math.floor(r() * n);

/** The names a file defines (its keys), for `Ref`/`GetAtt` targets and `${self:}` paths. */
interface Shape {
  names: string[];
  /** dotted paths of the keys by line (YAML by indentation; JSON not tracked) */
  paths: { line: number; path: string }[];
}

function shapeOf(lines: string[]): Shape {
  const names = new Set<string>();
  const paths: { line: number; path: string }[] = [];
  const stack: { indent: number; key: string }[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)(?:-\s+)?"?([A-Za-z_][\w.-]*)"?\s*:/.exec(line);
    if (!m) return;
    names.add(m[2]!);
    const indent = m[1]!.length;
    while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
    stack.push({ indent, key: m[2]! });
    paths.push({ line: i, path: stack.map((s) => s.key).join('.') });
  });
  return { names: [...names].sort(), paths };
}

/** A CloudFormation intrinsic in its long (JSON) form, nested up to `depth` levels. */
function longIntrinsic(r: Rand, shape: Shape, depth: number): string {
  const name = () =>
    JSON.stringify(shape.names.length && r() < 0.8 ? pick(r, shape.names) : pick(r, ['AWS::Region', 'Missing', '', 'AWS::NoValue']));
  const inner = (): string =>
    depth > 0 && r() < 0.6 ? longIntrinsic(r, shape, depth - 1) : r() < 0.5 ? name() : pick(r, ['"s3:*"', '"*"', '1', 'null', '[]', '{}']);
  const fn = pick(r, INTRINSICS);
  switch (fn) {
    case 'Ref':
      return `{"Ref":${r() < 0.85 ? name() : inner()}}`;
    case 'Fn::Sub':
      return r() < 0.5
        ? `{"Fn::Sub":${JSON.stringify(pick(r, ['arn:${AWS::Partition}:s3:::${B}/*', '${', '${!x}${x}', '${' + JSON.parse(name()) + '.Arn}', '$${x}']))}}`
        : `{"Fn::Sub":["\${V}\${V}",{"V":${inner()}}]}`;
    case 'Fn::GetAtt':
      return `{"Fn::GetAtt":${r() < 0.7 ? `[${name()},"Arn"]` : pick(r, ['"A.B.C"', '[]', '[1,2,3]', '""', inner()])}}`;
    case 'Fn::Join':
      return `{"Fn::Join":[${pick(r, ['""', '":"', inner()])},${r() < 0.8 ? `[${inner()},${inner()}]` : inner()}]}`;
    case 'Fn::If':
      return `{"Fn::If":[${name()},${inner()},${inner()}]}`;
    case 'Fn::Select':
      return `{"Fn::Select":[${pick(r, ['0', '1', '99', '-1', '"1"', '1.5', '1e308', inner()])},${r() < 0.7 ? `[${inner()}]` : inner()}]}`;
    case 'Fn::Split':
      return `{"Fn::Split":[${pick(r, ['","', '""', inner()])},${inner()}]}`;
    case 'Fn::FindInMap':
      return `{"Fn::FindInMap":[${name()},${inner()},${inner()}]}`;
    default:
      return `{"${fn}":${inner()}}`;
  }
}

/** `!Tag value`; a tagged value inside goes in a flow sequence (a YAML node has one tag). */
const tagged = (tag: string, value: string): string => (value.startsWith('!') ? `${tag} [${value}]` : `${tag} ${value}`);

/** The same in YAML short form (`!Sub`, `!Ref`, …), flow style so it fits on one line. */
function shortIntrinsic(r: Rand, shape: Shape, depth: number): string {
  const name = () => (shape.names.length && r() < 0.8 ? pick(r, shape.names) : pick(r, ['AWS::Region', 'Missing', '""']));
  const inner = (): string =>
    depth > 0 && r() < 0.6 ? shortIntrinsic(r, shape, depth - 1) : r() < 0.5 ? name() : pick(r, ['"s3:*"', '"*"', '1', '~', '[]', '{}']);
  switch (int(r, 9)) {
    case 0:
      return `!Ref ${r() < 0.85 ? name() : `[${inner()}]`}`;
    case 1:
      return `!Sub ${pick(r, ['"arn:${AWS::Partition}:s3:::${B}/*"', '"${"', "'${x}${x}'", `"\${${name()}.Arn}"`, `["\${V}", {V: ${inner()}}]`])}`;
    case 2:
      return `!GetAtt ${r() < 0.7 ? `${name()}.Arn` : pick(r, ['[a]', '""', 'A.B.C', '[A, [B]]'])}`;
    case 3:
      return `!Join [${pick(r, ['""', "':'", inner()])}, [${inner()}, ${inner()}]]`;
    case 4:
      return `!If [${name()}, ${inner()}, ${inner()}]`;
    case 5:
      return `!Select [${pick(r, ['0', '99', '-1', '"1"', inner()])}, [${inner()}]]`;
    case 6:
      return `!Split [",", ${inner()}]`;
    case 7:
      return tagged('!Base64', inner());
    default:
      return tagged(
        pick(r, ['!GetAZs', '!ImportValue', '!Condition', '!Not', '!Equals', '!Unknown', '!!str', '!!binary', '!!map']),
        inner(),
      );
  }
}

/** A Serverless Framework variable: every source, nesting, fallbacks, malformed ones. */
function variable(r: Rand, shape: Shape, pool: MutationPool, depth: number): string {
  const path = () =>
    shape.paths.length && r() < 0.8 ? pick(r, shape.paths).path : pick(r, ['custom.x', 'provider', '', 'a..b', 'functions.0']);
  const file = () =>
    pool.files.length && r() < 0.8
      ? `./${pick(r, pool.files)}`
      : pick(r, ['./missing.yml', '../../../../etc/passwd', '/etc/passwd', '.', '']);
  const inner = () => (depth > 0 && r() < 0.5 ? variable(r, shape, pool, depth - 1) : path());
  switch (int(r, 12)) {
    case 0:
      return `\${self:${path()}}`;
    case 1:
      return `\${opt:${pick(r, ['stage', 'region', 'nope'])}, ${pick(r, ["'dev'", 'self:provider.stage', '${self:custom.x}', '"x"', '1'])}}`;
    case 2:
      return `\${file(${file()})${r() < 0.5 ? `:${path()}` : ''}}`;
    case 3:
      return `\${env:${pick(r, ['HOME', 'SECRET', 'NOPE', ''])}${r() < 0.5 ? ", 'fallback'" : ''}}`;
    case 4:
      return `\${ssm:/app/${inner()}}`;
    case 5:
      return `\${self:custom.\${${inner().startsWith('$') ? inner().slice(2, -1) : `opt:stage`}}}`;
    case 6:
      return `\${self:${path()}, \${self:${path()}, 'z'}}`;
    case 7:
      return pick(r, [
        '${',
        '${}',
        '${self:}',
        '${self:custom',
        '${:}',
        '${file()}',
        '${${}}',
        '${self:custom.x}}}',
        '$${self:x}',
        '\\${self:x}',
      ]);
    case 8:
      return `\${${pick(r, ['cf', 's3', 'sls', 'aws', 'strToBool', 'param', 'unknown'])}:${path()}}`;
    case 9:
      return `"prefix-\${self:${path()}}-\${opt:stage}-suffix"`;
    case 10:
      return `\${self:${'${self:'.repeat(1 + int(r, 6))}custom.x${'}'.repeat(1 + int(r, 6))}}`;
    default:
      return `\${file(${file()}):${inner()}}`;
  }
}

/** Where the value of a `key: value` line starts (YAML), or of a `"key": value` pair (JSON). */
function valueStart(line: string): number {
  const m = /^(\s*(?:-\s+)?(?:"[^"]*"|'[^']*'|[^\s:#][^:#]*?))\s*:(\s|$)/.exec(line);
  if (!m) {
    const item = /^(\s*-\s+)\S/.exec(line);
    return item ? item[1]!.length : -1;
  }
  return m[0].length;
}

/** Values of another type than a manifest expects: where a map was, a list, a scalar, an intrinsic. */
const SHARED_TYPES = ['[]', '{}', 'null', 'true', '0', '"*"', '[[]]', '"${self:custom}"'];
const OTHER_TYPES = [...SHARED_TYPES, '[1, {a: b}]', '{Ref: X}', '[{"Fn::GetAtt": [A, Arn]}]', '[~]'];
const OTHER_TYPES_JSON = [...SHARED_TYPES, '[1, {"a": "b"}]', '{"Ref": "X"}', '[{"Fn::GetAtt": ["A", "Arn"]}]', '[null]'];

/**
 * A block (a map or list under a key: its more indented lines, or a JSON object or array to its
 * closing bracket) replaced with a value of another type, so the file still parses and the type
 * reaches the model builders.
 */
function collapse(r: Rand, lines: string[], isJson: boolean): string {
  const heads = lines
    .map((l, i) =>
      (isJson ? /^\s*("[^"]*"\s*:\s*)?[{[]\s*$/.test(l) : /^\s*(-\s+)?[^\s#][^#]*:\s*$/.test(l) || /^\s*-\s*$/.test(l)) ? i : -1,
    )
    .filter((i) => i >= 0);
  if (!heads.length) return 'collapse (no block)';
  const i = pick(r, heads);
  let v = pick(r, OTHER_TYPES);
  let end = i + 1;
  if (isJson) {
    let depth = 0;
    for (let j = i; j < lines.length; j++) {
      for (const ch of lines[j]!.replace(/"(?:[^"\\]|\\.)*"/g, '""'))
        depth += ch === '{' || ch === '[' ? 1 : ch === '}' || ch === ']' ? -1 : 0;
      end = j + 1;
      if (depth <= 0) break;
    }
    const comma = /,\s*$/.test(lines[end - 1]!) ? ',' : '';
    v = pick(r, OTHER_TYPES_JSON);
    lines.splice(i, end - i, lines[i]!.replace(/[{[]\s*$/, '') + v + comma);
  } else {
    const indent = lines[i]!.match(/^\s*/)![0].length + (/^\s*-/.test(lines[i]!) ? 1 : 0);
    while (end < lines.length && (!lines[end]!.trim() || lines[end]!.match(/^\s*/)![0].length > indent)) end++;
    lines.splice(i, end - i, `${lines[i]!.replace(/\s*$/, '')} ${v}`);
  }
  return `collapse lines ${i + 1}..${end} into ${v}`;
}

/** Blocks that refer to themselves or to each other, by the top-level key they go under. */
const CYCLES: Record<string, string[][]> = {
  'Resources:': [
    [
      'FzRole:',
      '  Type: AWS::IAM::Role',
      '  DependsOn: [FzRole]',
      '  Properties:',
      '    RoleName: !Ref FzRole',
      '    AssumeRolePolicyDocument: !GetAtt FzRole.Arn',
      '    Policies:',
      '      - PolicyName: !Sub "${FzRole}-${FzRole.Arn}"',
      '        PolicyDocument: {Statement: [{Effect: Allow, Action: !Ref FzRole, Resource: !GetAtt [FzRole, Arn]}]}',
    ],
    [
      'FzFn:',
      '  Type: AWS::Serverless::Function',
      '  Properties:',
      '    Handler: !Ref FzFn',
      '    CodeUri: !GetAtt FzFn.Arn',
      '    Policies: [!Ref FzFn, {S3ReadPolicy: {BucketName: !Ref FzFn}}, {DynamoDBCrudPolicy: !Ref FzFn}]',
      '    Environment: {Variables: !Ref FzFn}',
      '    Events: {E: {Type: Api, Properties: {Path: !Ref FzFn, Method: !GetAtt FzFn.Arn}}}',
    ],
    [
      'FzTopic:',
      '  Type: AWS::SNS::TopicPolicy',
      '  Properties:',
      '    PolicyDocument: !GetAtt FzTopic.Policy',
      '    Topics: [!Ref FzTopic]',
    ],
  ],
  'Conditions:': [
    ['FzA: !Condition FzB', 'FzB: !Condition FzA', 'FzC: !And [!Condition FzC, !Equals [a, a]]', 'FzD: !Not [!If [FzD, x, y]]'],
  ],
  'custom:': [
    ['fzA: ${self:custom.fzB}', 'fzB: ${self:custom.fzA}', 'fzC: ${self:custom.fzC}', 'fzD: ${self:custom.fzD.x, ${self:custom.fzD}}'],
    ['fzE: ${file(./FILE):custom.fzE}', 'fzF: ${file(./FILE)}', 'fzG: "${self:custom.fzF}${self:custom.fzF}"'],
  ],
  'functions:': [
    [
      'fzFn:',
      '  handler: ${self:functions.fzFn.handler}',
      '  role: ${self:functions.fzFn.role}',
      '  environment: ${self:functions.fzFn}',
      '  events:',
      '    - http: ${self:functions.fzFn.events}',
    ],
  ],
};

/** A block from CYCLES under its top-level key, when the file has that key. */
function inject(r: Rand, lines: string[], pool: MutationPool): string {
  const places = lines.map((l, i) => (CYCLES[l.trimEnd()] ? i : -1)).filter((i) => i >= 0);
  if (!places.length) return 'inject (no place)';
  const i = pick(r, places);
  const key = lines[i]!.trimEnd();
  const file = pool.files.length ? pick(r, pool.files) : 'serverless.yml';
  const block = pick(r, CYCLES[key]!).map((l) => `  ${l.replace('FILE', file)}`);
  lines.splice(i + 1, 0, ...block);
  return `inject under ${key} at ${i + 1}: ${block[0]!.trim()}`;
}

/** Expressions for a string literal of a handler: event data, sinks, dynamic code, odd shapes. */
const CODE_VALUES = [
  'event.body',
  'event.queryStringParameters?.q',
  'JSON.parse(event.body).x',
  'process.env.SECRET',
  'require(event.body)',
  'eval(event.body)',
  'new Function(event.body)()',
  '`${event.body}${event.path}`',
  '[...event.body]',
  '{ ...event }',
  'event?.a?.[event.b]',
  '(await import(event.body))',
  'this',
  'arguments[0]',
  'f(f(f(f(f(f(f(f(event)))))))))'.slice(0, -1),
  "'sk_live_' + 'x'.repeat(40)",
];

/** Lines appended to a handler: cycles through the module graph, recursion, re-exports of itself. */
const CODE_LINES = [
  "export * from './SELF';",
  "import * as fzSelf from './SELF';\nexport const fzAgain = fzSelf;",
  "export { handler as fzHandler } from './SELF';",
  'module.exports = module.exports;',
  'exports.handler = exports.handler;',
  'function fzR(a) { return fzR(fzR(a)); }\nexport const fzRec = async (e) => fzR(e.body);',
  'export const handler = handler;',
  "const fzCp = require('child_process');\nexport const fzRun = async (e) => fzCp.exec(e.body, fzRun);",
  "export default (await import('./SELF')).default;",
];

/** A mutation of a JS/TS file that keeps it parseable (mostly): a string literal or an appended line. */
function mutateCode(r: Rand, lines: string[], pool: MutationPool): string {
  const self = pool.files.find((f) => /\.(m|c)?[jt]sx?$/.test(f) && !f.includes('/')) ?? 'index.js';
  if (r() < 0.6) {
    const places = lines.flatMap((l, i) => (/'[^'\\]*'|"[^"\\]*"/.test(l) && !/^\s*(import|export .* from)/.test(l) ? [i] : []));
    if (places.length) {
      const i = pick(r, places);
      const v = pick(r, CODE_VALUES);
      lines[i] = lines[i]!.replace(/'[^'\\]*'|"[^"\\]*"/, v);
      return `string at ${i + 1} replaced with ${v}`;
    }
  }
  const add = pick(r, CODE_LINES).replace(/SELF/g, self.replace(/\.ts$/, '.js'));
  lines.push(...add.split('\n'));
  return `appended ${JSON.stringify(add.slice(0, 80))}`;
}

/** A `key: value` line (or list item) whose value is a scalar or a one-line flow collection. */
function hasScalarValue(line: string): boolean {
  const at = valueStart(line);
  if (at < 0) return false;
  const rest = line
    .slice(at)
    .replace(/\s+#.*$/, '')
    .trim();
  if (!rest || /^[|>&*!]/.test(rest)) return false;
  const opens = (rest.match(/[[{]/g) ?? []).length;
  return opens === (rest.match(/[\]}]/g) ?? []).length && !/^-\s/.test(rest) && !/:\s*$/.test(rest);
}

/** One mutation of `lines` in place; returns its description. */
function mutateOnce(
  r: Rand,
  lines: string[],
  kind: MutantKind,
  shape: Shape,
  pool: MutationPool,
  isJson: boolean,
  semantic: boolean,
): string {
  const at = () => int(r, lines.length);
  // a semantic mutation keeps the file parseable (mostly): values, keys, anchors, types
  const op = semantic ? pick(r, [55, 60, 64, 64, 64, 64, 64, 110, 110, 120]) : int(r, 121);
  if (op >= 118 && !isJson && kind !== 'code') return inject(r, lines, pool);
  const scalars = lines.map((l, i) => (hasScalarValue(l) ? i : -1)).filter((i) => i >= 0);
  const anyScalar = () => (semantic && scalars.length ? pick(r, scalars) : at());
  if (op >= 100 && kind !== 'code') return collapse(r, lines, isJson);
  if (op < 18) {
    // a structural character inserted, or one overwritten
    const i = at();
    const l = lines[i]!;
    const p = int(r, l.length + 1);
    const t = pick(r, TOKENS);
    const over = r() < 0.4 && p < l.length;
    lines[i] = l.slice(0, p) + t + l.slice(over ? p + 1 : p);
    return `${over ? 'overwrite' : 'insert'} ${JSON.stringify(t)} at ${i + 1}:${p + 1}`;
  }
  if (op < 26) {
    const i = at();
    if (lines.length > 1) lines.splice(i, 1);
    return `delete line ${i + 1}`;
  }
  if (op < 32) {
    const i = at();
    lines.splice(i, 0, lines[i]!);
    return `duplicate line ${i + 1}`;
  }
  if (op < 38) {
    const i = at();
    const j = r() < 0.6 ? Math.min(lines.length - 1, i + 1) : at();
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return `swap lines ${i + 1} and ${j + 1}`;
  }
  if (op < 46) {
    // indentation of a run of lines shifted
    const i = at();
    const n = 1 + int(r, 4);
    const by = pick(r, [-4, -2, -1, 1, 2, 4, 0]);
    for (let k = i; k < Math.min(lines.length, i + n); k++) {
      const l = lines[k]!;
      lines[k] = by === 0 ? `\t${l}` : by > 0 ? ' '.repeat(by) + l : l.replace(new RegExp(`^ {0,${-by}}`), '');
    }
    return `indent lines ${i + 1}..${i + n} by ${by === 0 ? 'a tab' : by}`;
  }
  if (op < 52 && pool.donorLines.length) {
    const i = at();
    const d = pick(r, pool.donorLines);
    lines.splice(i, 0, d);
    return `splice ${JSON.stringify(d.slice(0, 60))} before ${i + 1}`;
  }
  if (op < 54) {
    // cut the file somewhere in a line
    const i = at();
    const l = lines[i]!;
    lines.splice(i + 1);
    lines[i] = l.slice(0, int(r, l.length + 1));
    return `truncate at line ${i + 1}`;
  }
  if (op < 58) {
    // a key renamed to a prototype property
    const i = at();
    const k = pick(r, PROTO_KEYS);
    const before = lines[i]!;
    lines[i] = before.replace(/^(\s*(?:-\s+)?)("?)[A-Za-z_][\w.-]*("?)(\s*:)/, `$1$2${k}$3$4`);
    if (lines[i] === before) lines.splice(i, 0, isJson ? `"${k}": {"a": 1},` : `${before.match(/^\s*/)![0]}${k}: {a: 1}`);
    return `prototype key ${k} at ${i + 1}`;
  }
  if (op < 64 && !isJson && kind !== 'code') {
    // an anchor on one value and its alias on another (or a merge key, or an alias of nothing)
    const a = anyScalar();
    const b = anyScalar();
    const name = `fz${int(r, 3)}`;
    const sa = valueStart(lines[a]!);
    const sb = valueStart(lines[b]!);
    if (sa >= 0) lines[a] = `${lines[a]!.slice(0, sa)}&${name} ${lines[a]!.slice(sa)}`;
    const alias = r() < 0.2 && !semantic ? `*nope` : `*${name}`;
    if (sb >= 0 && (semantic || r() < 0.7)) lines[b] = `${lines[b]!.slice(0, sb)}${alias}`;
    else lines.splice(b, 0, `${(lines[b] ?? '').match(/^\s*/)![0]}<<: ${alias}`);
    return `anchor &${name} at ${a + 1}, ${alias} at ${b + 1}`;
  }
  // a value replaced: intrinsic, variable, cyclic variables, number
  const candidates = semantic && scalars.length ? scalars : lines.map((l, i) => (valueStart(l) >= 0 ? i : -1)).filter((i) => i >= 0);
  const i = candidates.length ? pick(r, candidates) : at();
  const s = Math.max(0, valueStart(lines[i]!));
  const put = (v: string, line = i) => {
    const st = Math.max(0, valueStart(lines[line]!));
    const rest = lines[line]!.slice(st);
    // keep a trailing comma of a JSON value so the rest of the object still parses
    const comma = isJson && /,\s*$/.test(rest) ? ',' : '';
    lines[line] = lines[line]!.slice(0, st) + v + comma;
  };
  const str = (v: string) => (isJson ? JSON.stringify(v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v) : v);
  const which = int(r, 10);
  if (which < 4 && kind !== 'code') {
    const depth = int(r, 6);
    let v = isJson || r() < 0.4 ? longIntrinsic(r, shape, depth) : shortIntrinsic(r, shape, depth);
    if (r() < 0.1) {
      // a chain deep enough to meet the depth budget (or just under it)
      const n = pick(r, [50, 240, 600]);
      const fn = pick(r, ['{"Fn::Select":[0,[', '{"Fn::Join":["",[', '{"Fn::Base64":[']);
      v = fn.repeat(n) + v + (fn.endsWith('[[') || fn.endsWith(',[') ? ']]}' : ']}').repeat(n);
    }
    put(v);
    return `intrinsic at ${i + 1}: ${v.slice(0, 120)}`;
  }
  if (which < 7) {
    const v = variable(r, shape, pool, 2);
    if (kind === 'code') {
      lines[i] = `${lines[i]!.slice(0, s)}\`${v}\`${lines[i]!.slice(s)}`;
      return `template literal at ${i + 1}: ${v}`;
    }
    put(str(v));
    return `variable at ${i + 1}: ${v}`;
  }
  if (which < 8 && shape.paths.length && !isJson) {
    // a value that names itself, or two that name each other
    const a = pick(r, shape.paths);
    const b = pick(r, shape.paths);
    const ok = semantic ? hasScalarValue : (l: string) => valueStart(l) >= 0;
    if (!ok(lines[a.line] ?? '') || !ok(lines[b.line] ?? '')) return 'cycle (no place)';
    put(`\${self:${b.path}}`, a.line);
    put(`\${self:${a.path}}`, b.line);
    return `cycle ${a.path} <-> ${b.path}`;
  }
  const v = r() < 0.1 ? `x${'y'.repeat(100_000)}` : pick(r, NUMBERS);
  if (kind === 'code') lines[i] = `${lines[i]!.slice(0, s)}${v}${lines[i]!.slice(s)}`;
  else put(isJson && /^[.~a-z"]/i.test(v) && v !== 'null' ? JSON.stringify(v) : v);
  return `number at ${i + 1}: ${v.slice(0, 40)}`;
}

/**
 * A mutant of `text`: `count` mutations (2 to 5 when omitted) drawn from `seed`. Line breaks are
 * kept as they were (a mutation may add others).
 */
export function mutate(text: string, kind: MutantKind, seed: number, pool: MutationPool, count?: number): Mutant {
  const r = rng(seed);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const shape = shapeOf(lines);
  const isJson = kind === 'json' || (kind === 'template' && /^\s*[{[]/.test(text));
  const n = count ?? 2 + int(r, 4);
  // most mutants keep the file parseable, so what they change reaches the resolvers, builders and rules
  const semantic = kind !== 'text' && r() < (kind === 'code' ? 0.5 : 0.7);
  const ops: string[] = semantic ? ['(semantic)'] : [];
  for (let k = 0; k < n; k++)
    ops.push(kind === 'code' && semantic ? mutateCode(r, lines, pool) : mutateOnce(r, lines, kind, shape, pool, isJson, semantic));
  // now and then a whole-file change: a BOM, a NUL-terminated file, no final line break
  const whole = semantic ? 1 : r();
  let out = lines.join(eol);
  if (whole < 0.04) {
    out = `\uFEFF${out}`;
    ops.push('BOM');
  } else if (whole < 0.06) {
    out = out.replace(/\n$/, '');
    ops.push('no final line break');
  } else if (whole < 0.07) {
    out = out.replace(/\n/g, '\r');
    ops.push('CR line breaks');
  }
  return { text: out, ops };
}

/** A 32-bit hash of a string (FNV-1a), to give each case a seed of its own from its name. */
export function seedOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

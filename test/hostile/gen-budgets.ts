import { adminServerless } from '../helpers/manifests.js';
/**
 * Generators of hostile manifests for the parse and resolution budgets: alias bombs, deep nesting,
 * many keys, intrinsic and variable amplification. Each takes its sizes as arguments, so the test
 * suite builds them small and `npm run stress` at full size. Output is deterministic for given
 * arguments (a seeded PRNG where anything varies).
 */

/**
 * A separate, ordinary service with an admin policy: its finding (iam/no-admin-policy and
 * iam/no-wildcard-action on line 9) must survive whatever the hostile file next to it does.
 */
export const OTHER_FILE = 'other/serverless.yml';
export const OTHER_FINDING_LINE = 9;
export const OTHER_SERVICE = adminServerless('other');

const SLS_HEAD = 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n';
const SLS_TAIL = 'functions:\n  a:\n    handler: a.handler\n';

/** `custom:` with `levels` anchors, each a list of `width` aliases of the previous one (width^levels nodes). */
export function aliasBomb(levels: number, width: number): string {
  const lines = [SLS_HEAD + 'custom:', `  l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `  l${i}: &l${i} [${Array(width)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n${SLS_TAIL}`;
}

/** A config file whose `ignore:` list is an alias bomb. */
export function configAliasBomb(levels: number, width: number): string {
  const lines = [`x0: &x0 [${Array(width).fill('"a"').join(', ')}]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `x${i}: &x${i} [${Array(width)
        .fill(`*x${i - 1}`)
        .join(', ')}]`,
    );
  lines.push(`ignore: *x${levels - 1}`);
  return `${lines.join('\n')}\n`;
}

/** A CloudFormation JSON template whose `Metadata` nests `depth` arrays and objects. */
export function deepJsonTemplate(depth: number): string {
  let inner = '"x"';
  for (let i = 0; i < depth; i++) inner = i % 2 ? `{"k":${inner}}` : `[${inner}]`;
  return `{"AWSTemplateFormatVersion":"2010-09-09","Metadata":${inner},"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}\n`;
}

/** Deep JSON without the `.json`-template wrapping (for `${file()}` and tsconfig cases). */
export function deepJson(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
}

/** A serverless.yml whose `custom.deep` nests `depth` YAML flow sequences. */
export function deepYaml(depth: number): string {
  return `${SLS_HEAD}custom:\n  deep: ${'['.repeat(depth)}x${']'.repeat(depth)}\n${SLS_TAIL}`;
}

/** A serverless.yml whose `custom.deep` nests `depth` compact block sequences on one line (`- - - x`). */
export function deepCompactYaml(depth: number): string {
  return `${SLS_HEAD}custom:\n  deep:\n    ${'- '.repeat(depth)}x\n${SLS_TAIL}`;
}

/** A serverless.yml nesting `depth` block mappings (indentation one space deeper per level). */
export function deepBlockYaml(depth: number): string {
  const lines = [SLS_HEAD.trimEnd(), 'custom:'];
  for (let i = 0; i < depth; i++) lines.push(`${' '.repeat(i + 1)}k${i}:`);
  lines.push(`${' '.repeat(depth + 1)}leaf: x`);
  return `${lines.join('\n')}\n${SLS_TAIL}`;
}

/** A template whose role's Action is `depth` nested `Fn::Join`s (JSON). */
export function deepJoinTemplate(depth: number): string {
  let v = '"s3:GetObject"';
  for (let i = 0; i < depth; i++) v = `{"Fn::Join":["",[${v}]]}`;
  return role(v);
}

function role(action: string, extraParams = ''): string {
  return `{"AWSTemplateFormatVersion":"2010-09-09",${extraParams}"Resources":{"R":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]},"Policies":[{"PolicyName":"p","PolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":${action},"Resource":"*"}]}}]}}}}\n`;
}

/** A serverless.yml whose `custom` map has `keys` distinct keys (`k0: 1` …) and uses the last one. */
export function manyKeys(keys: number): string {
  const out: string[] = [`${SLS_HEAD}custom:\n`];
  for (let i = 0; i < keys; i++) out.push(`  k${i}: 1\n`);
  out.push(`  last: \${self:custom.k${keys - 1}}\n`);
  return out.join('') + SLS_TAIL;
}

/** The same as a JSON template: one `Metadata` object with `keys` keys. */
export function manyKeysJson(keys: number): string {
  const parts: string[] = [];
  for (let i = 0; i < keys; i++) parts.push(`"k${i}":1`);
  return `{"AWSTemplateFormatVersion":"2010-09-09","Metadata":{${parts.join(',')}},"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}\n`;
}

/** `Fn::Sub` whose variable map doubles the string at each of `levels` levels (2^levels characters). */
export function subDoubling(levels: number): string {
  let v = '"ab"';
  for (let i = 0; i < levels; i++) v = `{"Fn::Sub":["\${V}\${V}",{"V":${v}}]}`;
  return role(v);
}

/** `Fn::Join` of `parts` items with a separator of `sepBytes` bytes. */
export function joinSeparator(sepBytes: number, parts: number): string {
  const sep = 'x'.repeat(sepBytes);
  return role(`{"Fn::Join":["${sep}",[${Array(parts).fill('"s3:GetObject"').join(',')}]]}`);
}

/**
 * `Fn::Join` whose separator and every part are `Ref`s to one parameter whose default is `sepBytes`
 * long: the string is `2 * refs - 1` times the default while the file stays small.
 */
export function joinSeparatorRef(sepBytes: number, refs: number): string {
  const r = '{"Ref":"Sep"}';
  return role(
    `{"Fn::Join":[${r},[${Array(refs).fill(r).join(',')}]]}`,
    `"Parameters":{"Sep":{"Type":"String","Default":"${'x'.repeat(sepBytes)}"}},`,
  );
}

/** `custom.l<i>` objects each referencing the previous level 3 times through `${self:}` (3^levels leaves). */
export function selfTriple(levels: number): string {
  const lines = [SLS_HEAD + 'custom:', '  l0: {a: x, b: y}'];
  for (let i = 1; i <= levels; i++) {
    const r = `\${self:custom.l${i - 1}}`;
    lines.push(`  l${i}:`, `    a: ${r}`, `    b: ${r}`, `    c: ${r}`);
  }
  lines.push(`  top: \${self:custom.l${levels}}`);
  return `${lines.join('\n')}\n${SLS_TAIL}`;
}

/** Strings that double through `${self:}` interpolation at each of `levels` levels (2^levels chars). */
export function selfStringDoubling(levels: number): string {
  const lines = [SLS_HEAD + 'custom:', '  s0: ab'];
  for (let i = 1; i <= levels; i++) lines.push(`  s${i}: "\${self:custom.s${i - 1}}\${self:custom.s${i - 1}}"`);
  return `${lines.join('\n')}\n${SLS_TAIL}`;
}

/** A serverless.yml whose `custom.deep` is `${file(./deep.json)}` of JSON nested `depth` deep. */
export function fileOfDeepJson(depth: number): Record<string, string> {
  return {
    'svc/serverless.yml': `${SLS_HEAD}custom:\n  deep: \${file(./deep.json)}\n${SLS_TAIL}`,
    'svc/deep.json': deepJson(depth),
  };
}

/**
 * A TypeScript service whose tsconfig.json `extends` a chain of `chain` configs, the last one nested
 * `depth` deep, with a path alias the handler's import uses.
 */
export function tsconfigChain(chain: number, depth: number): Record<string, string> {
  const files: Record<string, string> = {
    'ts/serverless.yml': `${SLS_HEAD}functions:\n  a:\n    handler: src/a.handler\n`,
    'ts/src/a.ts': "import { x } from '@lib/x';\nexport const handler = async () => x;\n",
    'ts/src/lib/x.ts': 'export const x = 1;\n',
    'ts/tsconfig.json': `{"extends":"./cfg/c0.json","compilerOptions":{"baseUrl":".","paths":{"@lib/*":["src/lib/*"]}},"x":${deepJson(depth)}}\n`,
  };
  for (let i = 0; i < chain; i++)
    files[`ts/cfg/c${i}.json`] = i + 1 < chain ? `{"extends":"./c${i + 1}.json"}\n` : `{"x":${deepJson(depth)}}`;
  return files;
}

import { describe, expect, it } from 'vitest';
import { get } from '../../../src/core/node.js';
import { findVariables, resolveVariables } from '../../../src/platforms/aws/serverless/variables.js';
import type { Node } from '../../../src/core/types.js';
import { leaf, memoryContext, parse, pos, yaml, type ContextOptions } from './helpers.js';

function resolve(files: Record<string, string>, opts: ContextOptions = {}, main = 'serverless.yml') {
  const ctx = memoryContext(files, opts);
  const doc = parse(main, files[main]!);
  const root = resolveVariables(doc, ctx);
  return { root, ctx, doc };
}

const at = (root: Node | null, ...p: string[]) => get(root, ...p);

describe('findVariables', () => {
  it('finds top-level variables with nested ones inside', () => {
    const t = 'a-${self:custom.${sls:stage}.x}-b-${opt:stage, "d}"}';
    expect(findVariables(t).map((v) => [v.start, v.end, v.body])).toEqual([
      [2, 31, 'self:custom.${sls:stage}.x'],
      [34, 52, 'opt:stage, "d}"'],
    ]);
  });

  it('leaves CloudFormation Fn::Sub placeholders and unterminated text alone', () => {
    expect(findVariables('arn:aws:s3:::${Bucket}/${AWS::Region}/*')).toEqual([]);
    expect(findVariables('${self:custom.x')).toEqual([]);
    expect(findVariables('${strToBool(true)}').map((v) => v.body)).toEqual(['strToBool(true)']);
  });
});

describe('self references', () => {
  const files = {
    'serverless.yml': yaml(
      'service: svc', //                                   1
      'custom:', //                                        2
      '  secret: hunter2', //                              3  hunter2 at 3:11-3:18
      '  bucket: my-bucket', //                            4
      '  byStage:', //                                     5
      '    dev: { size: 128 }', //                         6  128 at 6:18-6:21
      '    prod: { size: 1024 }', //                       7  1024 at 7:19-7:23
      '  list: [a, b, c]', //                              8  b at 8:13
      '  roleArn: !GetAtt MyRole.Arn', //                  9
      '  anchored: &anchor s3cr3t-value', //             10  s3cr3t-value at 10:21-10:33
      'provider:', //                                     11
      '  name: aws', //                                   12
      '  environment:', //                                13
      '    PASS: ${self:custom.secret}', //               14
      '    ARN: arn:aws:s3:::${self:custom.bucket}/*', // 15  string at 15:10-15:46
      '    SIZE: ${self:custom.byStage.${sls:stage}.size}', // 16
      '    SECOND: ${self:custom.list.1}', //             17
      '    ROLE: ${self:custom.roleArn}', //              18
      '    ALIASED: *anchor', //                          19
      '    VIA_ALIAS: ${self:provider.environment.ALIASED}', // 20
      '    SUB: !Sub "arn:aws:s3:::${Bucket}/${AWS::Region}"', // 21
    ),
  };

  it('a whole-variable scalar becomes the target node with the target location', () => {
    const { root } = resolve(files);
    const pass = at(root, 'provider', 'environment', 'PASS');
    expect(leaf(pass)).toBe('hunter2');
    expect(pos(pass!.loc)).toEqual([3, 11, 3, 18]);
    expect(leaf(at(root, 'provider', 'environment', 'SECOND'))).toBe('b');
    expect(pos(at(root, 'provider', 'environment', 'SECOND')!.loc)).toEqual([8, 13, 8, 14]);
  });

  it('interpolates strings and locates the result at the interpolated string', () => {
    const { root } = resolve(files);
    const arn = at(root, 'provider', 'environment', 'ARN');
    expect(leaf(arn)).toBe('arn:aws:s3:::my-bucket/*');
    expect(pos(arn!.loc)).toEqual([15, 10, 15, 46]);
  });

  it('resolves nested variables in the address with the linted stage', () => {
    const dev = resolve(files).root;
    expect(leaf(at(dev, 'provider', 'environment', 'SIZE'))).toBe(128);
    expect(pos(at(dev, 'provider', 'environment', 'SIZE')!.loc)).toEqual([6, 18, 6, 21]);
    const prod = resolve(files, { stage: 'prod' }).root;
    expect(leaf(at(prod, 'provider', 'environment', 'SIZE'))).toBe(1024);
    expect(pos(at(prod, 'provider', 'environment', 'SIZE')!.loc)).toEqual([7, 19, 7, 23]);
  });

  it('returns a CloudFormation intrinsic target as the intrinsic map', () => {
    const { root } = resolve(files);
    const role = at(root, 'provider', 'environment', 'ROLE');
    expect(role?.kind).toBe('map');
    expect(leaf(at(role!, 'Fn::GetAtt'))).toBe('seq');
    expect((at(role!, 'Fn::GetAtt') as { items: Node[] }).items.map(leaf)).toEqual(['MyRole', 'Arn']);
  });

  it('keeps the anchor location through an alias and through a variable naming the alias', () => {
    const { root } = resolve(files);
    expect(leaf(at(root, 'provider', 'environment', 'ALIASED'))).toBe('s3cr3t-value');
    expect(pos(at(root, 'provider', 'environment', 'ALIASED')!.loc)).toEqual([10, 21, 10, 33]);
    expect(pos(at(root, 'provider', 'environment', 'VIA_ALIAS')!.loc)).toEqual([10, 21, 10, 33]);
  });

  it('leaves Fn::Sub placeholders untouched', () => {
    const { root } = resolve(files);
    expect(leaf(at(root, 'provider', 'environment', 'SUB', 'Fn::Sub'))).toBe('arn:aws:s3:::${Bucket}/${AWS::Region}');
  });

  it('does not mutate the parsed tree', () => {
    const doc = parse('serverless.yml', files['serverless.yml']);
    const before = JSON.stringify(doc.root);
    const root = resolveVariables(doc, memoryContext(files));
    expect(JSON.stringify(doc.root)).toBe(before);
    expect(root).not.toBe(doc.root);
    expect(leaf(at(doc.root, 'provider', 'environment', 'PASS'))).toBe('${self:custom.secret}');
  });

  it('${self:} names the whole service: inside the service it is a cycle', () => {
    const { root, ctx } = resolve({ 'serverless.yml': yaml('service: svc', 'custom:', '  all: ${self:}') });
    expect(leaf(at(root, 'custom', 'all'))).toBe('ref:${self:}');
    expect(pos(at(root, 'custom', 'all')!.loc)).toEqual([3, 8, 3, 16]);
    expect(leaf(at(root, 'service'))).toBe('svc');
    expect(ctx.notices).toContainEqual(
      expect.objectContaining({ id: 'unresolved-variable', level: 'note', loc: expect.objectContaining({ line: 3, column: 8 }) }),
    );
  });
});

describe('stage and region', () => {
  const files = {
    'serverless.yml': yaml(
      'service: svc', //                                         1
      'provider:', //                                            2
      '  name: aws', //                                          3
      "  stage: ${opt:stage, 'dev'}", //                         4  string at 4:10-4:29
      '  region: eu-west-1', //                                  5  eu-west-1 at 5:11-5:20
      'custom:', //                                              6
      '  stage: ${self:provider.stage}', //                      7
      '  sls: ${sls:stage}', //                                  8  at 8:8-8:20
      '  region: ${opt:region, self:provider.region}', //        9
      '  awsRegion: ${aws:region}', //                          10
      '  optRegion: ${opt:region}', //                          11
      "  other: ${opt:domain, 'example.com'}", //               12  at 12:10-12:38
    ),
  };

  it('uses the linted stage (default dev, overridable)', () => {
    const dev = resolve(files).root;
    expect(leaf(at(dev, 'provider', 'stage'))).toBe('dev');
    expect(pos(at(dev, 'provider', 'stage')!.loc)).toEqual([4, 10, 4, 29]);
    expect(leaf(at(dev, 'custom', 'stage'))).toBe('dev');
    expect(pos(at(dev, 'custom', 'stage')!.loc)).toEqual([4, 10, 4, 29]);
    expect(leaf(at(dev, 'custom', 'sls'))).toBe('dev');
    expect(pos(at(dev, 'custom', 'sls')!.loc)).toEqual([8, 8, 8, 20]);
    const prod = resolve(files, { stage: 'prod' }).root;
    expect(leaf(at(prod, 'provider', 'stage'))).toBe('prod');
    expect(leaf(at(prod, 'custom', 'stage'))).toBe('prod');
    expect(leaf(at(prod, 'custom', 'sls'))).toBe('prod');
  });

  it('${self:provider.stage} is the linted stage when provider.stage is not written', () => {
    const { root } = resolve(
      { 'serverless.yml': yaml('provider:', '  name: aws', 'custom:', '  s: ${self:provider.stage}') },
      { stage: 'qa' },
    );
    expect(leaf(at(root, 'custom', 's'))).toBe('qa');
  });

  it("takes the region from --region, else the provider's, else the framework default us-east-1", () => {
    const none = resolve(files).root;
    expect(leaf(at(none, 'custom', 'region'))).toBe('eu-west-1');
    expect(pos(at(none, 'custom', 'region')!.loc)).toEqual([5, 11, 5, 20]);
    expect(leaf(at(none, 'custom', 'awsRegion'))).toBe('eu-west-1');
    expect(leaf(at(none, 'custom', 'optRegion'))).toBe('ref:${opt:region}');
    const given = resolve(files, { region: 'us-east-2' }).root;
    expect(leaf(at(given, 'custom', 'region'))).toBe('us-east-2');
    expect(leaf(at(given, 'custom', 'awsRegion'))).toBe('us-east-2');
    expect(leaf(at(given, 'custom', 'optRegion'))).toBe('us-east-2');
    const noProvider = resolve({ 'serverless.yml': yaml('provider:', '  name: aws', 'x: ${aws:region}') }).root;
    expect(leaf(at(noProvider, 'x'))).toBe('us-east-1');
    const selfRegion = resolve({
      'serverless.yml': yaml('provider:', '  name: aws', 'x: ${self:provider.region}', 'y: ${opt:region}'),
    }).root;
    expect(leaf(at(selfRegion, 'x'))).toBe('us-east-1');
    expect(leaf(at(selfRegion, 'y'))).toBe('ref:${opt:region}');
    const selfGiven = resolve(
      { 'serverless.yml': yaml('provider:', '  name: aws', 'x: ${self:provider.region}') },
      { region: 'eu-north-1' },
    ).root;
    expect(leaf(at(selfGiven, 'x'))).toBe('eu-north-1');
    // a provider region that is itself unknown stays unknown: the default applies only when nothing is written
    const unknownRegion = resolve({ 'serverless.yml': yaml('provider:', '  name: aws', '  region: ${ssm:/r}', 'x: ${aws:region}') }).root;
    expect(leaf(at(unknownRegion, 'x'))).toBe('ref:${aws:region}');
  });

  it('an option the linter is not given is missing: its fallback applies', () => {
    const { root } = resolve(files);
    expect(leaf(at(root, 'custom', 'other'))).toBe('example.com');
    expect(pos(at(root, 'custom', 'other')!.loc)).toEqual([12, 10, 12, 38]);
  });
});

describe('file()', () => {
  const files = {
    'serverless.yml': yaml(
      'service: svc', //                                                   1
      'custom:', //                                                        2
      '  shared: from-service', //                                         3
      '  db: ${file(./config/${sls:stage}.yml):db.password}', //           4
      '  whole: ${file(./config/dev.yml)}', //                             5
      '  nested: ${file(./config/dev.yml):nested}', //                     6
      '  json: ${file(./config/values.json):a.b}', //                      7
      '  outside: ${file(../secrets.yml):key}', //                         8  at 8:12-8:39
      '  js: ${file(./env.js):vars}', //                                   9  at 9:7-9:29
      '  ts: ${file(./env.ts)}', //                                       10
      '  txt: ${file(./notes.txt)}', //                                   11
      "  missing: ${file(./nope.yml):x, 'fallback'}", //                 12
    ),
    'config/dev.yml': yaml(
      'db:', //                                                  1
      '  password: "p@ss-dev"', //                               2  "p@ss-dev" at 2:13-2:23
      'nested: ${file(./shared.json):token}', //                 3
      'fromService: ${self:custom.shared}', //                   4
    ),
    'config/shared.json': '{\n  "token": "tok-123"\n}\n', //   "tok-123" at 2:12-2:21
    'config/values.json': '{"a": {"b": 42}}',
    'env.js': 'module.exports = { vars: { SECRET: "x" } }',
  };

  it('loads YAML/JSON relative to the file that names them, with the literal location in that file', () => {
    const { root, ctx } = resolve(files);
    const db = at(root, 'custom', 'db');
    expect(leaf(db)).toBe('p@ss-dev');
    expect(db!.loc.file).toBe('config/dev.yml');
    expect(pos(db!.loc)).toEqual([2, 13, 2, 23]);
    const nested = at(root, 'custom', 'nested');
    expect(leaf(nested)).toBe('tok-123');
    expect(nested!.loc.file).toBe('config/shared.json');
    expect(pos(nested!.loc)).toEqual([2, 12, 2, 21]);
    expect(leaf(at(root, 'custom', 'json'))).toBe(42);
    expect(ctx.loads).toContain('config/shared.json');
  });

  it('resolves variables inside a loaded file, self: meaning the service', () => {
    const { root } = resolve(files);
    expect(leaf(at(root, 'custom', 'whole', 'fromService'))).toBe('from-service');
    expect(pos(at(root, 'custom', 'whole', 'fromService')!.loc)).toEqual([3, 11, 3, 23]);
    expect(leaf(at(root, 'custom', 'whole', 'db', 'password'))).toBe('p@ss-dev');
  });

  it('never reads outside the root, nor any non-YAML/JSON file', () => {
    const { root, ctx } = resolve(files);
    expect(leaf(at(root, 'custom', 'outside'))).toBe('ref:${file(../secrets.yml):key}');
    expect(pos(at(root, 'custom', 'outside')!.loc)).toEqual([8, 12, 8, 39]);
    expect(leaf(at(root, 'custom', 'js'))).toBe('ref:${file(./env.js):vars}');
    expect(pos(at(root, 'custom', 'js')!.loc)).toEqual([9, 7, 9, 29]);
    expect(leaf(at(root, 'custom', 'ts'))).toBe('ref:${file(./env.ts)}');
    expect(leaf(at(root, 'custom', 'txt'))).toBe('ref:${file(./notes.txt)}');
    expect(ctx.loads.filter((l) => !/\.(ya?ml|json)$/.test(l))).toEqual([]);
    expect(ctx.loads.some((l) => l.includes('secrets'))).toBe(false);
    expect(ctx.notices.some((n) => n.id === 'unresolved-variable' && n.loc?.line === 8)).toBe(true);
  });

  it('a missing file is statically missing: the fallback applies', () => {
    const { root } = resolve(files);
    expect(leaf(at(root, 'custom', 'missing'))).toBe('fallback');
  });
});

describe('deploy-time sources stay references', () => {
  const files = {
    'serverless.yml': yaml(
      'custom:', //                                               1
      '  ssm: ${ssm:/app/db-password}', //                        2  at 2:8-2:31
      "  ssmDefault: ${ssm:/app/x, 'default'}", //                3
      '  cf: ${cf:other-stack.Output}', //                        4
      '  account: ${aws:accountId}', //                           5
      '  s3: ${s3:bucket/key}', //                                6
      '  instance: ${sls:instanceId}', //                         7
      '  param: ${param:dbHost}', //                              8
      '  plugin: ${terraform:output}', //                         9
      '  mixed: prefix-${ssm:/x}-suffix', //                     10  at 10:10-10:33
      '  alias: ${self:custom.ssm}', //                          11
      "  env: ${env:DB_PASSWORD, 'dflt'}", //                    12
      '  envPlain: ${env:HOME}', //                              13 at 13:13-13:24
    ),
  };

  it('keeps the original text and location', () => {
    const { root } = resolve(files);
    const c = (k: string) => at(root, 'custom', k);
    expect(leaf(c('ssm'))).toBe('ref:${ssm:/app/db-password}');
    expect(pos(c('ssm')!.loc)).toEqual([2, 8, 2, 31]);
    expect(leaf(c('ssmDefault'))).toBe("ref:${ssm:/app/x, 'default'}");
    expect(leaf(c('cf'))).toBe('ref:${cf:other-stack.Output}');
    expect(leaf(c('account'))).toBe('ref:${aws:accountId}');
    expect(leaf(c('s3'))).toBe('ref:${s3:bucket/key}');
    expect(leaf(c('instance'))).toBe('ref:${sls:instanceId}');
    expect(leaf(c('param'))).toBe('ref:${param:dbHost}');
    expect(leaf(c('plugin'))).toBe('ref:${terraform:output}');
    expect(leaf(c('mixed'))).toBe('ref:prefix-${ssm:/x}-suffix');
    expect(pos(c('mixed')!.loc)).toEqual([10, 10, 10, 33]);
    // a variable naming a deploy-time value is that value's ref, where it is written
    expect(leaf(c('alias'))).toBe('ref:${ssm:/app/db-password}');
    expect(pos(c('alias')!.loc)).toEqual([2, 8, 2, 31]);
  });

  it('env is a ref without allowEnv, even with a fallback', () => {
    const { root } = resolve(files, { env: { DB_PASSWORD: 'from-env', HOME: '/home/x' } });
    expect(leaf(at(root, 'custom', 'env'))).toBe("ref:${env:DB_PASSWORD, 'dflt'}");
    expect(leaf(at(root, 'custom', 'envPlain'))).toBe('ref:${env:HOME}');
  });

  it('env is read with allowEnv: set → value, unset → fallback, unset without fallback → ref + note', () => {
    const set = resolve(files, { allowEnv: true, env: { DB_PASSWORD: 'from-env', HOME: '/home/x' } });
    expect(leaf(at(set.root, 'custom', 'env'))).toBe('from-env');
    expect(leaf(at(set.root, 'custom', 'envPlain'))).toBe('/home/x');
    expect(pos(at(set.root, 'custom', 'envPlain')!.loc)).toEqual([13, 13, 13, 24]);
    const unset = resolve(files, { allowEnv: true, env: {} });
    expect(leaf(at(unset.root, 'custom', 'env'))).toBe('dflt');
    expect(leaf(at(unset.root, 'custom', 'envPlain'))).toBe('ref:${env:HOME}');
    expect(unset.ctx.notices).toContainEqual(
      expect.objectContaining({ id: 'unresolved-variable', level: 'note', loc: expect.objectContaining({ line: 13, column: 13 }) }),
    );
  });
});

describe('fallbacks and literals', () => {
  it('takes the first statically known source', () => {
    const { root } = resolve({
      'serverless.yml': yaml(
        'custom:', //                                                          1
        '  other: from-other', //                                              2  at 2:10-2:20
        '  a: ${self:custom.missing, self:custom.other}', //                   3
        '  b: ${self:custom.missing, 123}', //                                 4
        '  c: ${opt:nothing, ${self:custom.other}}', //                        5
        "  d: ${opt:nothing, 'a,b}c'}", //                                     6
        '  e: ${self:custom.missing, true}', //                                7
        '  f: ${strToBool(${self:custom.flag})}', //                           8
        '  flag: "false"', //                                                  9
        '  g: ${strToBool(1)}', //                                            10
        '  h: ${self:custom.missing}', //                                     11
        '  i: ${self:custom.missing, ${ssm:/y}, "never"}', //                 12
      ),
    });
    const c = (k: string) => at(root, 'custom', k);
    expect(leaf(c('a'))).toBe('from-other');
    expect(pos(c('a')!.loc)).toEqual([2, 10, 2, 20]);
    expect(leaf(c('b'))).toBe(123);
    expect(leaf(c('c'))).toBe('from-other');
    expect(leaf(c('d'))).toBe('a,b}c');
    expect(leaf(c('e'))).toBe(true);
    expect(leaf(c('f'))).toBe(false);
    expect(leaf(c('g'))).toBe(true);
    expect(leaf(c('h'))).toBe('ref:${self:custom.missing}');
    expect(leaf(c('i'))).toBe('ref:${self:custom.missing, ${ssm:/y}, "never"}');
  });
});

describe('limits', () => {
  it('detects cycles: refs plus a located note, no throw', () => {
    const { root, ctx } = resolve({
      'serverless.yml': yaml(
        'custom:', //                         1
        '  a: ${self:custom.b}', //           2
        '  b: ${self:custom.a}', //           3
        '  self: x-${self:custom.self}', //   4
        '  ok: fine', //                      5
      ),
    });
    expect(leaf(at(root, 'custom', 'a'))).toMatch(/^ref:\$\{self:custom\.[ab]\}$/);
    expect(leaf(at(root, 'custom', 'b'))).toMatch(/^ref:\$\{self:custom\.[ab]\}$/);
    expect(leaf(at(root, 'custom', 'self'))).toBe('ref:x-${self:custom.self}');
    expect(leaf(at(root, 'custom', 'ok'))).toBe('fine');
    const cycles = ctx.notices.filter((n) => n.id === 'unresolved-variable' && /cycle/.test(n.message));
    expect(cycles.length).toBeGreaterThanOrEqual(2);
    expect(cycles.every((n) => n.level === 'note' && n.loc && n.loc.line >= 2 && n.loc.line <= 4)).toBe(true);
    expect(cycles.some((n) => n.loc?.line === 4 && n.loc.column === 9)).toBe(true);
  });

  it('never prints a quoted fallback (it may be a secret) in a notice', () => {
    const { root, ctx } = resolve({
      'serverless.yml': yaml('custom:', "  a: ${self:custom.b, 'hunter2'}", '  b: ${self:custom.a}'),
    });
    expect(leaf(at(root, 'custom', 'a'))).toBe("ref:${self:custom.b, 'hunter2'}");
    expect(ctx.notices.length).toBeGreaterThan(0);
    expect(ctx.notices.some((n) => n.message.includes("${self:custom.b, '…'}"))).toBe(true);
    expect(ctx.notices.every((n) => !n.message.includes('hunter2'))).toBe(true);
  });

  it('follows chains up to the depth limit and not beyond', () => {
    // longest chain first, so that no shorter chain is resolved (and memoized) before it
    const chain = (n: number) => {
      const lines = ['custom:'];
      for (let i = n; i >= 1; i--) lines.push(`  v${i}: \${self:custom.v${i - 1}}`);
      lines.push('  v0: end');
      return { 'serverless.yml': yaml(...lines) };
    };
    const short = resolve(chain(15));
    expect(leaf(at(short.root, 'custom', 'v15'))).toBe('end');
    expect(pos(at(short.root, 'custom', 'v15')!.loc)).toEqual([17, 7, 17, 10]);
    const long = resolve(chain(30));
    expect(leaf(at(long.root, 'custom', 'v30'))).toBe('ref:${self:custom.v29}');
    expect(long.ctx.notices.some((n) => n.id === 'unresolved-variable' && /levels deep/.test(n.message))).toBe(true);
    expect(leaf(at(long.root, 'custom', 'v5'))).toBe('end');
  });

  it('survives exponential interpolation without building huge strings', () => {
    const lines = ['custom:', '  s0: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'];
    for (let i = 1; i <= 19; i++) lines.push(`  s${i}: \${self:custom.s${i - 1}}\${self:custom.s${i - 1}}`);
    const { root } = resolve({ 'serverless.yml': yaml(...lines) });
    expect(leaf(at(root, 'custom', 's5'))).toBe('x'.repeat(64 * 32));
    expect(leaf(at(root, 'custom', 's19'))).toBe('ref:${self:custom.s18}${self:custom.s18}');
  });

  it('returns null for an empty document', () => {
    expect(resolveVariables(parse('serverless.yml', '# nothing\n'), memoryContext({}))).toBeNull();
  });
});

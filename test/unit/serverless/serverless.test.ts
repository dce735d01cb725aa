import { describe, expect, it } from 'vitest';
import { buildServerlessApp, findServerlessFunction } from '../../../src/platforms/aws/serverless/build.js';
import { normalizeServerlessName, SERVERLESS_PROVIDER_ROLE_ID, serverlessLogicalId } from '../../../src/platforms/aws/naming.js';
import type { App, FnEvent } from '../../../src/model/types.js';
import { memoryContext, parse, pos, yaml, type ContextOptions } from './helpers.js';

function build(text: string, opts: ContextOptions & { file?: string; files?: Record<string, string> } = {}) {
  const file = opts.file ?? 'serverless.yml';
  const ctx = memoryContext({ ...(opts.files ?? {}), [file]: text }, opts);
  const app = buildServerlessApp(parse(file, text), ctx);
  return { app, ctx, notices: ctx.notices };
}

function mustBuild(text: string, opts: ContextOptions & { file?: string; files?: Record<string, string> } = {}) {
  const r = build(text, opts);
  if (!r.app) throw new Error(`no app; notices: ${JSON.stringify(r.notices)}`);
  return { ...r, app: r.app };
}

const fnOf = (app: App, name: string) => app.functions.find((f) => f.name === name)!;
const lit = (v: { kind: string; value?: unknown; text?: string } | null | undefined) =>
  v == null ? v : v.kind === 'literal' ? v.value : `ref:${v.text}`;
const evs = (app: App, fn: string) => fnOf(app, fn).events.map((e: FnEvent) => [e.raw, e.service, e.auth]);

describe('logical ids', () => {
  it('normalises function keys as the framework does', () => {
    expect(serverlessLogicalId('hello')).toBe('HelloLambdaFunction');
    expect(serverlessLogicalId('get-user_v2')).toBe('GetDashuserUnderscorev2LambdaFunction');
    expect(normalizeServerlessName('a-b')).toBe('ADashb');
    const { app } = mustBuild(yaml('service: s', 'provider: aws', 'functions:', '  get-user:', '    handler: a.b'));
    expect(findServerlessFunction(app, 'GetDashuserLambdaFunction')?.name).toBe('get-user');
    expect(findServerlessFunction(app, 'GetUserLambdaFunction')).toBeUndefined();
  });
});

describe('provider and service', () => {
  it('accepts the `provider: aws` short form and `service.name`', () => {
    const { app } = mustBuild(yaml('service:', '  name: legacy-svc', 'provider: aws'));
    expect(app.name).toBe('legacy-svc');
    expect(app.serverless!.provider).toBeNull();
    expect(app.roles).toEqual([]);
  });

  it('returns null for providers without a builder, quietly', () => {
    const { app, notices } = build(yaml('service: s', 'provider:', '  name: openwhisk', 'functions:', '  a:', '    handler: x'));
    expect(app).toBeNull();
    expect(notices).toEqual([]);
  });

  it('hands provider: google to the Cloud Functions builder', () => {
    const { app, notices } = build(yaml('service: s', 'provider:', '  name: google', 'functions:', '  a:', '    handler: x'));
    expect(app?.platform).toBe('gcp');
    expect(app?.functions.map((f) => f.name)).toEqual(['a']);
    expect(notices).toEqual([]);
  });

  it('returns null with a located notice when the provider is missing or unknowable', () => {
    const missing = build(yaml('service: s', 'component: "@sls/website"'));
    expect(missing.app).toBeNull();
    expect(missing.notices).toEqual([expect.objectContaining({ id: 'file-skipped', level: 'note' })]);
    const ref = build(yaml('service: s', 'provider:', '  name: ${ssm:/provider}'));
    expect(ref.app).toBeNull();
    expect(ref.notices).toEqual([
      expect.objectContaining({ id: 'parse-error', level: 'warning', loc: expect.objectContaining({ line: 2, column: 1 }) }),
    ]);
  });

  it('reads serverless.json the same way, plugins in the old {modules} form too', () => {
    const json = JSON.stringify(
      {
        service: 'json-svc',
        plugins: { localPath: './p', modules: ['serverless-offline'] },
        provider: { name: 'aws', runtime: 'nodejs20.x' },
        functions: { hello: { handler: 'handler.hello', events: [{ http: 'GET hello' }] } },
      },
      null,
      2,
    );
    const { app } = mustBuild(json, { file: 'serverless.json' });
    expect(app.name).toBe('json-svc');
    expect(app.serverless!.plugins).toEqual(['serverless-offline']);
    const hello = fnOf(app, 'hello');
    expect(lit(hello.runtime)).toBe('nodejs20.x');
    expect(lit(hello.entry!.text)).toBe('handler.hello');
    // JSON strings are quoted: the sub-location skips the quote
    const ev = hello.events[0]!;
    expect([lit(ev.method), lit(ev.path)]).toEqual(['GET', 'hello']);
    const line = json.split('\n').findIndex((l) => l.includes('"GET hello"')) + 1;
    const col = json.split('\n')[line - 1]!.indexOf('"GET hello"') + 1;
    expect(pos(ev.method!.loc)).toEqual([line, col + 1, line, col + 4]);
    expect(pos(ev.path!.loc)).toEqual([line, col + 5, line, col + 10]);
  });
});

describe('functions', () => {
  it('accepts functions as a list of maps, a later definition replacing an earlier one', () => {
    const { app } = mustBuild(
      yaml(
        'provider: { name: aws, runtime: nodejs18.x }',
        'functions:',
        '  - a: { handler: a.one }',
        '    b: { handler: b.one, reservedConcurrency: 5 }',
        '  - ${file(./more.yml)}',
        '  - a: { handler: a.two, layers: [arn:aws:lambda:eu-west-1:1:layer:x:1] }',
      ),
      { files: { 'more.yml': yaml('c:', '  handler: c.main', '  image: ignored') } },
    );
    expect(app.functions.map((f) => [f.name, lit(f.entry?.text)])).toEqual([
      ['a', 'a.two'],
      ['b', 'b.one'],
      ['c', 'c.main'],
    ]);
    expect(lit(fnOf(app, 'b').reservedConcurrency)).toBe(5);
    expect(fnOf(app, 'a').layers.map(lit)).toEqual(['arn:aws:lambda:eu-west-1:1:layer:x:1']);
    expect(fnOf(app, 'c').entry!.text.loc.file).toBe('more.yml');
  });

  it('keeps a handler named by a deploy-time variable as a ref, and image functions without handler', () => {
    const { app, notices } = mustBuild(
      yaml('provider: aws', 'functions:', '  a:', '    handler: ${ssm:/handler}', '  b:', '    image: 123.dkr.ecr/x:latest'),
    );
    expect(lit(fnOf(app, 'a').entry!.text)).toBe('ref:${ssm:/handler}');
    expect(fnOf(app, 'b').entry).toBeNull();
    expect(notices).toEqual([]);
  });
});

describe('events and their authentication', () => {
  const { app, notices } = mustBuild(
    yaml(
      'provider:', //                                                  1
      '  name: aws', //                                                2
      '  httpApi:', //                                                 3
      '    authorizers:', //                                           4
      '      jwt: { identitySource: $request.header.Authorization }', // 5
      'functions:', //                                                 6
      '  rest:', //                                                    7
      '    handler: h.rest', //                                        8
      '    events:', //                                                9
      '      - http: { path: a, method: get, authorizer: authFn }', // 10
      '      - http: { path: b, method: get, authorizer: "arn:aws:lambda:eu-west-1:1:function:auth" }', // 11
      '      - http: { path: c, method: get, authorizer: { name: authFn, type: request } }', // 12
      '      - http: { path: d, method: get, authorizer: { type: AWS_IAM } }', // 13
      '      - http: { path: e, method: get, authorizer: { arn: !GetAtt Pool.Arn } }', // 14
      '      - http: { path: f, method: get, authorizer: "${ssm:/authorizer}" }', // 15
      '      - http: { path: g, method: get, private: true }', //      16
      '      - http: { path: h, method: get, private: "${param:private}" }', // 17
      '      - http: { path: i, method: get, authorizer: ~ }', //      18
      '      - http: "${file(./event.js)}"', //                        19
      '  api:', //                                                     20
      '    handler: h.api', //                                         21
      '    events:', //                                                22
      "      - httpApi: '*'", //                                       23
      '      - httpApi: { method: GET, path: /x, authorizer: { name: jwt } }', // 24
      '      - httpApi: { method: GET, path: /y, authorizer: { type: aws_iam } }', // 25
      '      - httpApi: { method: GET, path: /z }', //                 26
      '  ws:', //                                                      27
      '    handler: h.ws', //                                          28
      '    events:', //                                                29
      '      - websocket: { route: $connect, authorizer: { name: auth, identitySource: [route.request.header.Auth] } }', // 30
      '      - websocket: $default', //                                31
      '  lb:', //                                                      32
      '    handler: h.lb', //                                          33
      '    events:', //                                                34
      '      - alb: { listenerArn: arn:x, priority: 1, conditions: { path: [/admin, /x], method: POST }, authorizer: [cognito] }', // 35
      '      - alb: { listenerArn: arn:x, priority: 2, conditions: { path: /open } }', // 36
      '  misc:', //                                                    37
      '    handler: h.misc', //                                        38
      '    url:', //                                                   39
      '      authorizer: aws_iam', //                                  40
      '    events:', //                                                41
      '      - cognitoUserPool: { pool: users, trigger: PreSignUp }', // 42
      '      - kafka: { topic: t }', //                                43
      '      - ${file(./more-events.js)}', //                          44
      '      - stream: { type: dynamodb, arn: arn:s }', //             45
      '  pub:', //                                                     46
      '    handler: h.pub', //                                         47
      '    url: true', //                                              48
      '  nourl:', //                                                   49
      '    handler: h.nourl', //                                       50
      '    url: false', //                                             51
      '  refurl:', //                                                  52
      '    handler: h.ref', //                                         53
      '    url: ${ssm:/url-config}', //                                54
    ),
  );

  it('raises no notice on valid input', () => {
    expect(notices).toEqual([]);
  });

  it('REST: authorizer → authorizer/iam, private → private, a ref → unknown, else none', () => {
    expect(evs(app, 'rest')).toEqual([
      ['http', 'http', 'authorizer'],
      ['http', 'http', 'authorizer'],
      ['http', 'http', 'authorizer'],
      ['http', 'http', 'iam'],
      ['http', 'http', 'authorizer'],
      ['http', 'http', 'unknown'],
      ['http', 'http', 'private'],
      ['http', 'http', 'unknown'],
      ['http', 'http', 'none'],
      ['http', 'http', 'unknown'],
    ]);
    const e = fnOf(app, 'rest').events;
    expect([lit(e[0]!.method), lit(e[0]!.path)]).toEqual(['get', 'a']);
    expect(pos(e[0]!.loc)).toEqual([10, 9, 10, 13]);
    expect(pos(e[9]!.loc)).toEqual([19, 9, 19, 13]);
  });

  it('HTTP API: provider-level authorizers do not protect routes; only the route authorizer does', () => {
    expect(evs(app, 'api')).toEqual([
      ['httpApi', 'httpApi', 'none'],
      ['httpApi', 'httpApi', 'authorizer'],
      ['httpApi', 'httpApi', 'iam'],
      ['httpApi', 'httpApi', 'none'],
    ]);
    const star = fnOf(app, 'api').events[0]!;
    expect([lit(star.method), lit(star.path)]).toEqual(['*', '*']);
    expect(pos(star.path!.loc)).toEqual([23, 18, 23, 21]);
  });

  it('websocket and alb', () => {
    expect(evs(app, 'ws')).toEqual([
      ['websocket', 'websocket', 'authorizer'],
      ['websocket', 'websocket', 'none'],
    ]);
    expect(fnOf(app, 'ws').events.map((e) => lit(e.path))).toEqual(['$connect', '$default']);
    expect(evs(app, 'lb')).toEqual([
      ['alb', 'alb', 'authorizer'],
      ['alb', 'alb', 'none'],
    ]);
    expect(fnOf(app, 'lb').events.map((e) => [lit(e.method), lit(e.path)])).toEqual([
      ['POST', '/admin'],
      [undefined, '/open'],
    ]);
  });

  it('other event kinds, and function URLs', () => {
    const misc = fnOf(app, 'misc');
    expect(evs(app, 'misc')).toEqual([
      ['cognitoUserPool', 'cognito', 'none'],
      ['kafka', 'other', 'none'],
      ['stream', 'stream', 'none'],
      ['url', 'url', 'iam'],
    ]);
    expect(misc.url).toBe(misc.events[3]);
    expect(lit(misc.url!.authType)).toBe('aws_iam');
    expect(pos(misc.url!.authType!.loc)).toEqual([40, 19, 40, 26]);
    expect(pos(misc.url!.loc)).toEqual([39, 5, 39, 8]);
    expect(fnOf(app, 'pub').url).toMatchObject({ service: 'url', auth: 'none' });
    expect(pos(fnOf(app, 'pub').url!.loc)).toEqual([48, 5, 48, 8]);
    expect(fnOf(app, 'nourl').url).toBeNull();
    expect(fnOf(app, 'nourl').events).toEqual([]);
    expect(fnOf(app, 'refurl').url).toMatchObject({ service: 'url', auth: 'unknown' });
  });
});

describe('roles', () => {
  it('merges iam.role.statements and the legacy iamRoleStatements into the shared role', () => {
    const { app } = mustBuild(
      yaml(
        'provider:',
        '  name: aws',
        '  iamRoleStatements:',
        '    - { Effect: Allow, Action: s3:GetObject, Resource: "*" }',
        '  iamManagedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]',
        '  iam:',
        '    role:',
        '      permissionsBoundary: arn:aws:iam::1:policy/boundary',
        '      statements:',
        '        - effect: Allow',
        '          action: sqs:*',
        '          resource: "*"',
        'functions:',
        '  a: { handler: a.h }',
        '  b: { handler: b.h, role: arn:aws:iam::123456789012:role/external }',
      ),
    );
    expect(app.roles.map((r) => r.id)).toEqual([SERVERLESS_PROVIDER_ROLE_ID]);
    const role = app.roles[0]!;
    expect(role.functions).toEqual(['a']);
    expect(role.statements.map((s) => lit(s.actions![0]))).toEqual(['sqs:*', 's3:GetObject']);
    expect(app.statements).toEqual(role.statements);
    expect(app.statements.every((s) => s.functions.length === 1 && s.functions[0] === 'a')).toBe(true);
    expect(role.managedPolicies.map((m) => lit(m.value))).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(lit(role.permissionsBoundary)).toBe('arn:aws:iam::1:policy/boundary');
    expect(pos(role.loc)!.slice(0, 2)).toEqual([7, 5]);
    expect(fnOf(app, 'a').role).toBe(role);
    // an external role (ARN) that no resource defines: unknown
    expect(fnOf(app, 'b').role).toBeNull();
  });

  it('a custom provider role replaces the shared one: provider statements are not deployed', () => {
    for (const roleLine of ['  role: arn:aws:iam::1:role/custom', '  iam: { role: arn:aws:iam::1:role/custom }']) {
      const { app } = mustBuild(
        yaml(
          'provider:',
          '  name: aws',
          roleLine,
          '  iamRoleStatements: [{ Effect: Allow, Action: "*", Resource: "*" }]',
          'functions:',
          '  a: { handler: a.h }',
        ),
      );
      expect(app.roles).toEqual([]);
      expect(app.statements).toEqual([]);
      expect(fnOf(app, 'a').role).toBeNull();
    }
  });

  it('keeps the provider role, used by no function, when every function has its own', () => {
    const { app } = mustBuild(
      yaml(
        'provider:',
        '  name: aws',
        '  iamRoleStatements: [{ Effect: Allow, Action: "*", Resource: "*" }]',
        'functions:',
        '  a: { handler: a.h, role: arn:aws:iam::1:role/x }',
        '  b: { handler: b.h, iamRoleStatements: [{ Effect: Allow, Action: s3:GetObject, Resource: "*" }] }',
      ),
    );
    expect(app.roles.map((r) => [r.id, r.functions])).toEqual([
      [SERVERLESS_PROVIDER_ROLE_ID, []],
      ['serverless:function:b', ['b']],
    ]);
    expect(app.statements.map((s) => [s.source, lit(s.actions![0]), s.functions])).toEqual([
      [{ kind: 'provider' }, '*', []],
      [{ kind: 'function', name: 'b' }, 's3:GetObject', ['b']],
    ]);
  });

  it('keeps provider IAM of a service whose functions are not known', () => {
    const { app } = mustBuild(
      yaml(
        'provider:',
        '  name: aws',
        '  iamRoleStatements: [{ Effect: Allow, Action: "*", Resource: "*" }]',
        'functions: ${file(./fns.js)}',
      ),
    );
    expect(app.functions).toEqual([]);
    expect(app.roles.map((r) => [r.id, r.functions])).toEqual([[SERVERLESS_PROVIDER_ROLE_ID, []]]);
    expect(app.statements.map((s) => s.functions)).toEqual([[]]);
  });
});

describe('malformed input', () => {
  it('skips malformed parts with located warnings and never throws', () => {
    const { app, notices } = mustBuild(
      yaml(
        'provider:', //                                        1
        '  name: aws', //                                      2
        '  environment: [A, B]', //                            3
        '  iamRoleStatements:', //                             4
        '    - just a string', //                              5
        '    - { Effect: Allow, Action: s3:*, Resource: "*" }', // 6
        'functions:', //                                       7
        '  nothing:', //                                       8
        '  numbered:', //                                      9
        '    handler: 42', //                                 10
        '    events: { http: GET / }', //                     11
        '  eventful:', //                                     12
        '    handler: e.h', //                                13
        '    events:', //                                     14
        '      - http', //                                    15
        '      - http:', //                                   16
        '        path: x', //                                 17
        '      - http: /onlypath', //                         18
        '      - sqs: arn:aws:sqs:eu-west-1:1:q', //          19
        '  listy: [1, 2]', //                                 20
      ),
    );
    const got = notices.map((n) => [n.id, n.level, n.loc?.line, n.loc?.column]);
    expect(got).toEqual([
      ['parse-error', 'warning', 3, 16],
      ['parse-error', 'warning', 8, 3],
      ['parse-error', 'warning', 20, 10],
      ['parse-error', 'warning', 10, 14],
      ['parse-error', 'warning', 11, 13],
      ['parse-error', 'warning', 15, 9],
      ['parse-error', 'warning', 16, 9],
      ['parse-error', 'warning', 16, 9],
      ['parse-error', 'warning', 18, 15],
      ['parse-error', 'warning', 5, 7],
    ]);
    expect(app.functions.map((f) => f.name)).toEqual(['numbered', 'eventful']);
    expect(fnOf(app, 'numbered').entry).toBeNull();
    expect(fnOf(app, 'numbered').events).toEqual([]);
    expect(evs(app, 'eventful')).toEqual([['sqs', 'sqs', 'none']]);
    expect(app.envVars).toEqual([]);
    expect(app.statements.map((s) => lit(s.actions![0]))).toEqual(['s3:*']);
  });

  it('rejects a non-map service and wrongly shaped functions without throwing', () => {
    const seq = build(yaml('- a', '- b'));
    expect(seq.app).toBeNull();
    expect(seq.notices).toEqual([
      expect.objectContaining({ id: 'parse-error', level: 'warning', loc: expect.objectContaining({ line: 1, column: 1 }) }),
    ]);
    const str = mustBuild(yaml('provider: aws', 'functions: hello'));
    expect(str.app.functions).toEqual([]);
    expect(str.notices.map((n) => [n.id, n.loc?.line, n.loc?.column])).toEqual([['parse-error', 2, 12]]);
    expect(build('').app).toBeNull();
  });
});

import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Every fs read made while building is recorded: a `${file(./env.js)}` must never be read.
const reads = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) => {
  const orig = await importOriginal<typeof import('node:fs')>();
  const spy =
    <F extends (...a: never[]) => unknown>(f: F) =>
    (...a: Parameters<F>) => {
      reads.push(String(a[0]));
      return f(...a);
    };
  const patched = {
    ...orig,
    readFileSync: spy(orig.readFileSync),
    readFile: spy(orig.readFile),
    openSync: spy(orig.openSync),
    createReadStream: spy(orig.createReadStream),
  };
  return { ...patched, default: patched };
});

import { buildServerlessApp } from '../../../src/platforms/aws/serverless/build.js';
import { SERVERLESS_PROVIDER_ROLE_ID } from '../../../src/platforms/aws/naming.js';
import type { App, EnvVar } from '../../../src/model/types.js';
import * as fs from 'node:fs';
import { diskContext, parse, pos } from './helpers.js';

const ROOT = path.join(import.meta.dirname, 'fixtures', 'app');

function build(stage = 'dev') {
  const ctx = diskContext(ROOT, { stage });
  const doc = parse('serverless.yml', fs.readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8'));
  reads.length = 0;
  const app = buildServerlessApp(doc, ctx);
  if (!app) throw new Error('no app');
  return { app, ctx };
}

const fnOf = (app: App, name: string) => app.functions.find((f) => f.name === name)!;
const lit = (v: { kind: string; value?: unknown } | null | undefined) => (v && v.kind === 'literal' ? v.value : v?.kind);

describe('a realistic serverless.yml (fixtures/app)', () => {
  it('never reads nor executes the file() JavaScript', () => {
    const { app, ctx } = build();
    expect(reads.filter((r) => r.endsWith('.js'))).toEqual([]);
    expect(reads.map((r) => path.relative(ROOT, r)).sort()).toEqual(['config/dev.yml']);
    expect(ctx.loads).toEqual(['config/dev.yml']);
    expect((globalThis as { __SLS_LINT_EXECUTED__?: boolean }).__SLS_LINT_EXECUTED__).toBeUndefined();
    const js = (app.serverless!.custom as { kind: 'map'; entries: { key: string; value: { kind: string; text?: string } }[] }).entries.find(
      (e) => e.key === 'jsSettings',
    )!.value;
    expect(js).toMatchObject({ kind: 'ref', text: '${file(./env.js):settings}' });
  });

  it('builds the service facts', () => {
    const { app } = build();
    expect(app.origin).toBe('serverless');
    expect(app.name).toBe('orders-api');
    expect(app.file).toBe('serverless.yml');
    expect(app.dir).toBe('');
    expect(app.serverless!.stage).toBe('dev');
    expect(app.serverless!.plugins).toEqual(['serverless-iam-roles-per-function', 'serverless-esbuild']);
    expect(lit(app.serverless!.package!.individually)).toBe(true);
    expect(pos(app.serverless!.package!.individually!.loc)).toEqual([14, 17, 14, 21]);
    expect(app.serverless!.package!.patterns.map(lit)).toEqual(['!tests/**']);
    expect(app.functions.map((f) => f.name)).toEqual(['createOrder', 'listOrders', 'worker']);
  });

  it('takes function settings over provider defaults, each located where written', () => {
    const { app } = build();
    const c = fnOf(app, 'createOrder');
    expect(pos(c.loc)).toEqual([49, 3, 49, 14]);
    expect(lit(c.entry!.text)).toBe('src/orders.create');
    expect(pos(c.entry!.text.loc)).toEqual([50, 14, 50, 31]);
    expect(lit(c.memory)).toBe(1024);
    expect(pos(c.memory!.loc)).toEqual([51, 17, 51, 21]);
    expect(lit(c.runtime)).toBe('nodejs18.x');
    expect(pos(c.runtime!.loc)).toEqual([20, 12, 20, 22]);
    expect(lit(c.architecture)).toBe('arm64');
    expect(lit(c.timeout)).toBe(10);
    expect(pos(c.timeout!.loc)).toEqual([23, 12, 23, 14]);
    expect(lit(c.tracing)).toBe(true);
    expect(pos(c.tracing!.loc)).toEqual([28, 13, 28, 17]);
    expect(lit(c.logRetention)).toBe(14);
    expect(pos(c.logRetention!.loc)).toEqual([26, 23, 26, 25]);
    expect(c.reservedConcurrency).toBeNull();
    const l = fnOf(app, 'listOrders');
    expect(lit(l.runtime)).toBe('nodejs20.x');
    expect(pos(l.runtime!.loc)).toEqual([63, 14, 63, 24]);
    expect(lit(l.memory)).toBe(512);
  });

  it('merges environments: declared once each, with the functions they reach', () => {
    const { app } = build();
    const key = (v: EnvVar) => `${v.scope}:${v.name}`;
    expect(app.envVars.map(key)).toEqual([
      'provider:TABLE',
      'provider:DB_PASSWORD',
      'provider:LOG_LEVEL',
      'function:LOG_LEVEL',
      'function:QUEUE_URL',
    ]);
    const byKey = new Map(app.envVars.map((v) => [key(v), v]));
    expect(byKey.get('provider:TABLE')!.functions).toEqual(['createOrder', 'listOrders', 'worker']);
    expect(byKey.get('provider:LOG_LEVEL')!.functions).toEqual(['listOrders', 'worker']);
    expect(byKey.get('function:LOG_LEVEL')!.functions).toEqual(['createOrder']);
    const c = fnOf(app, 'createOrder');
    expect(c.env.map(key)).toEqual(['provider:TABLE', 'provider:DB_PASSWORD', 'function:LOG_LEVEL', 'function:QUEUE_URL']);
    expect(c.env[0]).toBe(byKey.get('provider:TABLE'));
    // resolved values, located at the literal (interpolation: at the interpolated string)
    const table = byKey.get('provider:TABLE')!.value;
    expect(table).toMatchObject({ kind: 'literal', value: 'orders-dev' });
    expect(pos(table.loc)).toEqual([9, 14, 9, 33]);
    const pass = byKey.get('provider:DB_PASSWORD')!.value;
    expect(pass).toMatchObject({ kind: 'literal', value: 'dev-Pa55word!' });
    expect(pass.loc.file).toBe('config/dev.yml');
    expect(pos(pass.loc)).toEqual([2, 13, 2, 26]);
    expect(byKey.get('function:QUEUE_URL')!.value).toMatchObject({ kind: 'map', entries: [{ key: 'Ref' }] });
  });

  it('a per-stage file() value that is a deploy-time reference stays a ref', () => {
    const { app } = build('prod');
    const pass = app.envVars.find((v) => v.name === 'DB_PASSWORD')!.value;
    expect(pass).toMatchObject({ kind: 'ref', text: '${ssm:/orders/prod/db-password}' });
    expect(pass.loc.file).toBe('config/prod.yml');
    expect(pos(pass.loc)).toEqual([2, 13, 2, 44]);
    expect(app.envVars.find((v) => v.name === 'TABLE')!.value).toMatchObject({ value: 'orders-prod' });
  });

  it('classifies events, located at their type key', () => {
    const { app } = build();
    const ev = (fn: string) => fnOf(app, fn).events.map((e) => [e.service, lit(e.method), lit(e.path), e.auth]);
    expect(ev('createOrder')).toEqual([
      ['http', 'POST', '/orders', 'none'],
      ['http', 'get', 'orders/{id}', 'iam'],
    ]);
    expect(ev('listOrders')).toEqual([
      ['httpApi', 'GET', '/orders', 'none'],
      ['httpApi', 'delete', '/orders', 'authorizer'],
    ]);
    expect(ev('worker')).toEqual(
      [
        ['sqs', 'undefined', 'undefined', 'none'],
        ['schedule', 'undefined', 'undefined', 'none'],
        ['url', 'undefined', 'undefined', 'none'],
      ].map((r) => r.map((x) => (x === 'undefined' ? undefined : x))),
    );
    const post = fnOf(app, 'createOrder').events[0]!;
    expect(pos(post.loc)).toEqual([56, 9, 56, 13]);
    expect(pos(post.method!.loc)).toEqual([56, 15, 56, 19]);
    expect(pos(post.path!.loc)).toEqual([56, 20, 56, 27]);
    const get = fnOf(app, 'listOrders').events[0]!;
    expect(pos(get.loc)).toEqual([65, 9, 65, 16]);
    expect(pos(get.method!.loc)).toEqual([65, 19, 65, 22]);
    expect(pos(get.path!.loc)).toEqual([65, 23, 65, 30]);
    const worker = fnOf(app, 'worker');
    expect(worker.url).toBe(worker.events[2]);
    expect(pos(worker.url!.loc)).toEqual([82, 5, 82, 8]);
    expect(worker.events.every((e) => e.fn === worker)).toBe(true);
  });

  it('builds the shared and per-function roles; every statement once', () => {
    const { app } = build();
    expect(app.roles.map((r) => [r.id, r.functions])).toEqual([
      [SERVERLESS_PROVIDER_ROLE_ID, ['createOrder', 'listOrders']],
      ['serverless:function:worker', ['worker']],
    ]);
    const [provider, worker] = app.roles as [App['roles'][0], App['roles'][0]];
    // the provider.iam node: from `role:` to the end of the managed policy ARN
    expect(pos(provider.loc)).toEqual([34, 5, 42, 78]);
    expect(app.statements).toHaveLength(3);
    expect(new Set(app.statements).size).toBe(3);
    const [dynamo, s3, sqs] = app.statements as [App['statements'][0], App['statements'][0], App['statements'][0]];
    expect(dynamo.source).toEqual({ kind: 'provider' });
    expect(dynamo.actions!.map(lit)).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(dynamo.resources!.map(lit)).toEqual(['arn:aws:dynamodb:*:*:table/orders-dev']);
    expect(pos(dynamo.loc)!.slice(0, 2)).toEqual([36, 11]);
    expect(s3.source).toEqual({ kind: 'provider' });
    expect(s3.actions!.map(lit)).toEqual(['s3:*']);
    // worker inherits the provider's statements (same objects), so they apply to it too
    expect(dynamo.functions).toEqual(['createOrder', 'listOrders', 'worker']);
    expect(s3.functions).toEqual(['createOrder', 'listOrders', 'worker']);
    expect(dynamo.role).toBe(provider);
    expect(sqs.source).toEqual({ kind: 'function', name: 'worker' });
    expect(sqs.functions).toEqual(['worker']);
    expect(sqs.role).toBe(worker);
    expect(pos(sqs.loc)!.slice(0, 2)).toEqual([75, 9]);
    expect(provider.statements).toEqual([dynamo, s3]);
    expect(worker.statements).toEqual([sqs, dynamo, s3]);
    expect(worker.statements[1]).toBe(dynamo);
    expect(provider.managedPolicies.map((m) => lit(m.value))).toEqual([
      'arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy',
    ]);
    expect(provider.managedPolicies[0]!.functions).toEqual(['createOrder', 'listOrders', 'worker']);
    expect(worker.managedPolicies[0]).toBe(provider.managedPolicies[0]);
    expect(fnOf(app, 'createOrder').role).toBe(provider);
    expect(fnOf(app, 'worker').role).toBe(worker);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analysis/index.js';
import { formatJson, formatText } from '../../src/formatters/index.js';
import { lint } from '../../src/lint.js';
import type { Project } from '../../src/model/types.js';
import { lockinReport, type LockinReportData } from '../../src/reports/lockin.js';
import { reportSchemas } from '../helpers/report-schemas.js';
import { PROJECT_ROOT } from '../helpers/sarif.js';
import { runCli, tmpTree } from '../helpers/tmp.js';

/**
 * The `lockin` report on the two lock-in test projects: a ports-and-adapters layout that loses
 * points only to the services it uses, and a tangled one where the SDK, the event and the Lambda
 * context run through shared services; the score is the same bytes whatever the order files come in.
 */

type AjvCtor = typeof AjvModule.default;
const Ajv: AjvCtor = (AjvModule as unknown as { default?: AjvCtor }).default ?? (AjvModule as unknown as AjvCtor);
const validate = new Ajv({ allErrors: true, strict: true, schemas: reportSchemas() }).compile(
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'output.schema.json'), 'utf8')) as object,
);

const PROJECTS = path.join(PROJECT_ROOT, 'test', 'projects');
const LOCKIN_RULES = [
  'lockin/context-in-shared-code',
  'lockin/event-beyond-handler',
  'lockin/hardcoded-region',
  'lockin/proprietary-orchestration',
  'lockin/sdk-outside-adapter',
];

function run(name: string, only?: string[]) {
  const dir = path.join(PROJECTS, name);
  return lint({ cwd: dir, srcRoot: dir, noConfig: true, reports: ['lockin'], stage: 'dev', ...(only ? { only } : {}) });
}

function report(name: string): LockinReportData {
  return run(name).result.reports!.find((r) => r.name === 'lockin')!.data as LockinReportData;
}

const part = (weight: number, count: number, of: number, lost: number) => ({ weight, count, of, lost });
const summary = (d: LockinReportData) =>
  d.apps.map((a) => ({
    app: a.app,
    score: a.score,
    breakdown: a.breakdown,
    modules: a.modules,
    services: a.services.map((s) => `${s.id} ${s.class} ${s.via} ${s.file}:${s.line}`),
    changes: a.changes.map((c) => `+${c.gain} ${c.part} ${c.file}:${c.line}`),
    functions: a.functions.map(
      (f) =>
        `${f.name} ${f.score} ${Object.values(f.breakdown)
          .map((p) => p.lost)
          .join('/')}`,
    ),
    unscored: a.unscored,
  }));

describe('--report lockin', () => {
  it('scores the hexagonal project high: only its services cost points', () => {
    const d = report('lockin-hexagonal');
    expect(d.weights).toEqual({ sdk: 40, events: 25, services: 25, context: 10, serviceSaturation: 4 });
    expect(summary(d)).toEqual([
      {
        app: 'serverless.yml',
        score: 88,
        breakdown: { sdk: part(40, 0, 1, 0), events: part(25, 0, 1, 0), services: part(25, 2, 4, 12.5), context: part(10, 0, 1, 0) },
        // handlers and adapters are where the provider belongs: the domain is what is measured
        modules: ['src/domain/orders.ts'],
        services: [
          'apigateway portable-api event serverless.yml:37',
          'dynamodb proprietary resource serverless.yml:60',
          'sqs portable-api resource serverless.yml:70',
        ],
        changes: ['+6.3 services serverless.yml:60', '+3.1 services serverless.yml:37', '+3.1 services serverless.yml:70'],
        functions: ['createOrder 91 0/0/9.4/0', 'getOrder 91 0/0/9.4/0', 'shipOrders 91 0/0/9.4/0'],
        unscored: [],
      },
    ]);
    expect(d.apps[0]!.changes[0]!.change).toMatch(/^keep Amazon DynamoDB \(proprietary\) behind one adapter, or move to /);
  });

  it('scores the tangled project low: the SDK, the event and the context run through shared services', () => {
    const d = report('lockin-tangled');
    expect(summary(d)).toEqual([
      {
        app: 'serverless.yml',
        score: 30,
        breakdown: { sdk: part(40, 3, 4, 30), events: part(25, 2, 4, 12.5), services: part(25, 4, 4, 25), context: part(10, 1, 4, 2.5) },
        modules: ['src/lib/arns.js', 'src/lib/log.js', 'src/services/orders.js', 'src/services/payments.js'],
        services: [
          'apigateway portable-api event serverless.yml:34',
          'dynamodb proprietary resource serverless.yml:52',
          'powertools proprietary code src/lib/log.js:1',
          'sfn proprietary resource serverless.yml:65',
          'sqs portable-api event serverless.yml:40',
        ],
        changes: ['+10 sdk src/lib/log.js:1', '+10 sdk src/services/orders.js:1', '+10 sdk src/services/payments.js:1'],
        functions: ['createOrder 40 26.7/8.3/21.9/3.3', 'processPayments 38 40/12.5/9.4/0', 'onOrderChange 43 26.7/8.3/18.8/3.3'],
        unscored: [],
      },
    ]);
    const create = d.apps[0]!.functions[0]!;
    expect(create.changes.map((c) => `${c.part} ${c.file}:${c.line} ${c.change}`)).toEqual([
      'sdk src/lib/log.js:1 move its use of `@aws-lambda-powertools/logger` behind an adapter module',
      'sdk src/services/orders.js:1 move its use of `@aws-sdk/client-dynamodb` behind an adapter module',
      'events src/services/orders.js:4 translate the event in the handler and pass plain data (`event` is passed to it)',
    ]);
  });

  it('the lockin rules report the tangled project where the score loses its points, and nothing in the hexagonal one', () => {
    const keys = (name: string) =>
      run(name, LOCKIN_RULES).result.diagnostics.map((d) => `${d.loc.file}:${d.loc.line}:${d.loc.column} ${d.ruleId}(${d.messageId})`);
    expect(keys('lockin-hexagonal')).toEqual([]);
    expect(keys('lockin-tangled')).toEqual([
      'serverless.yml:10:34 lockin/hardcoded-region(region)',
      'serverless.yml:10:44 lockin/hardcoded-region(account)',
      'serverless.yml:20:38 lockin/hardcoded-region(region)',
      'serverless.yml:20:48 lockin/hardcoded-region(account)',
      'serverless.yml:41:28 lockin/hardcoded-region(region)',
      'serverless.yml:41:38 lockin/hardcoded-region(account)',
      'serverless.yml:65:13 lockin/proprietary-orchestration(orchestration)',
      'src/handlers/create-order.js:4:23 lockin/event-beyond-handler(passed)',
      'src/handlers/on-order-change.mjs:4:46 lockin/event-beyond-handler(passed)',
      'src/handlers/process-payments.js:5:11 lockin/event-beyond-handler(passed)',
      'src/lib/arns.js:2:54 lockin/hardcoded-region(codeArn)',
      'src/lib/arns.js:2:64 lockin/hardcoded-region(codeArn)',
      'src/lib/log.js:1:28 lockin/sdk-outside-adapter(domain)',
      'src/services/orders.js:1:52 lockin/sdk-outside-adapter(domain)',
      'src/services/orders.js:2:54 lockin/sdk-outside-adapter(domain)',
      'src/services/orders.js:7:37 lockin/hardcoded-region(client)',
      'src/services/orders.js:11:31 lockin/context-in-shared-code(context)',
      'src/services/orders.js:12:15 lockin/context-in-shared-code(context)',
      'src/services/payments.js:1:51 lockin/sdk-outside-adapter(domain)',
      'src/services/payments.js:10:53 lockin/hardcoded-region(codeArn)',
      'src/services/payments.js:10:77 lockin/hardcoded-region(codeArn)',
    ]);
  });

  it('writes the report under "lockin" in JSON, valid against the schema, and as a table in text', () => {
    for (const name of ['lockin-hexagonal', 'lockin-tangled']) {
      const { result } = run(name);
      const json = JSON.parse(formatJson(result)) as Record<string, unknown>;
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(json.lockin).toEqual(result.reports![0]!.data);
    }
    const text = formatText(run('lockin-tangled').result, { color: false });
    const table = text.slice(text.indexOf('\nlockin report\n'));
    expect(table).toContain('serverless.yml  orders-tangled  score 30');
    expect(table).toContain('sdk 3/4 −30.0 · events 2/4 −12.5 · services 4/4 −25.0 · context 1/4 −2.5');
    expect(table).toContain('\n  processPayments     38      −40.0    −12.5     −9.4        0\n');
    expect(table).toContain('    +10.0  src/lib/log.js:1  move its use of `@aws-lambda-powertools/logger` behind an adapter module');
  });

  it('is the same bytes run after run, and whatever order the files and apps are found in', async () => {
    const dir = path.join(PROJECTS, 'lockin-tangled');
    const a = await runCli(['--no-config', '--report', 'lockin', '-f', 'json', '.'], dir);
    const b = await runCli(['--no-config', '--report', 'lockin', '-f', 'json', '.'], dir);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(b.stdout).toBe(a.stdout);
    // the same project with its files, apps and each file's imports' targets in reverse order
    const two = tmpTree({
      ...Object.fromEntries(filesOf(path.join(PROJECTS, 'lockin-tangled')).map((f) => [`b-tangled/${f.rel}`, f.text])),
      ...Object.fromEntries(filesOf(path.join(PROJECTS, 'lockin-hexagonal')).map((f) => [`a-hex/${f.rel}`, f.text])),
    });
    const { project } = lint({ cwd: two, srcRoot: two, noConfig: true, stage: 'dev', only: ['lockin/sdk-outside-adapter'] });
    const build = (p: Project) => JSON.stringify(lockinReport.build({ project: p, analyses: new Analyses(p), settings: {} }));
    const forward = build(project);
    const reversed: Project = { ...project, apps: [...project.apps].reverse(), sourceFiles: [...project.sourceFiles].reverse() };
    expect(build(reversed)).toBe(forward);
    expect(JSON.parse(forward).apps.map((x: { app: string; score: number }) => `${x.app} ${x.score}`)).toEqual([
      'a-hex/serverless.yml 88',
      'b-tangled/serverless.yml 30',
    ]);
  });

  it('reads the layout from settings.lockin', () => {
    const dir = tmpTree({
      'serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: h.main\n',
      'h.js': "const { put } = require('./gateways/store');\nexports.main = async (event) => put(JSON.parse(event.body));\n",
      'gateways/store.js': "const { S3Client } = require('@aws-sdk/client-s3');\nexports.put = async (o) => new S3Client({}).send(o);\n",
      '.sls-lint.yml': "settings:\n  lockin:\n    adapters: ['gateways/**']\n",
    });
    const score = (config: boolean) =>
      (
        lint({ cwd: dir, srcRoot: dir, reports: ['lockin'], ...(config ? {} : { noConfig: true }) }).result.reports![0]!
          .data as LockinReportData
      ).apps[0]!.breakdown.sdk;
    expect(score(false)).toEqual(part(40, 1, 1, 40));
    expect(score(true)).toEqual(part(40, 0, 1, 0));
  });
});

function filesOf(root: string): { rel: string; text: string }[] {
  const out: { rel: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push({ rel: path.relative(root, p).split(path.sep).join('/'), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(root);
  return out;
}

import fs from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint.js';
import { formatJson, formatText } from '../../../src/formatters/index.js';
import { scheduleRate } from '../../../src/analysis/cost/schedule.js';
import type { CostReportData } from '../../../src/reports/cost.js';
import { reportSchemas } from '../../helpers/report-schemas.js';
import { PROJECT_ROOT } from '../../helpers/sarif.js';
import { runCli, tmpTree } from '../../helpers/tmp.js';

type AjvCtor = typeof AjvModule.default;
const Ajv: AjvCtor = (AjvModule as unknown as { default?: AjvCtor }).default ?? (AjvModule as unknown as AjvCtor);

// The fixture app: an HTTP function on arm64 with provisioned concurrency and traffic from the
// config, a scheduled x86 function, a SAM function on a cron, and a function with no traffic known.
const serverless = [
  'service: shop',
  'provider:',
  '  name: aws',
  '  runtime: nodejs20.x',
  '  architecture: arm64',
  '  memorySize: 512',
  '  logRetentionInDays: 14',
  'functions:',
  '  api:',
  '    handler: src/api.handler',
  '    memorySize: 1024',
  '    provisionedConcurrency: 2',
  '    events:',
  '      - httpApi: GET /items',
  '  sweep:',
  '    handler: src/sweep.handler',
  '    architecture: x86_64',
  '    timeout: 60',
  '    events:',
  '      - schedule: rate(5 minutes)',
  '  idle:',
  '    handler: src/idle.handler',
  '',
].join('\n');

const sam = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Report:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Handler: src/report.handler',
  '      Runtime: nodejs20.x',
  '      MemorySize: 256',
  '      Timeout: 30',
  '      Events:',
  '        Weekdays:',
  '          Type: Schedule',
  '          Properties:',
  '            Schedule: cron(0/15 8-17 ? * MON-FRI *)',
  '',
].join('\n');

const config = [
  'traffic:',
  '  api:',
  '    requestsPerMonth: 1000000',
  '    averageDurationMs: 120',
  '  sweep:',
  '    averageDurationMs: 2000',
  '    logBytesPerRequest: 2048',
  '',
].join('\n');

const GB = 1024 ** 3;
const near = (x: number) => Math.round(x * 1e6) / 1e6;

function run(region?: string) {
  const dir = tmpTree({ 'serverless.yml': serverless, 'sam/template.yaml': sam, '.sls-lint.yml': config });
  const { result } = lint({ cwd: dir, reports: ['cost'], ...(region ? { region } : {}) });
  const data = result.reports!.find((r) => r.name === 'cost')!.data as CostReportData;
  return { result, data, dir };
}

describe('cost estimate', () => {
  it('matches the hand-computed figures (us-east-1 prices of the table)', () => {
    const { data } = run();
    const fn = (name: string) => data.apps.flatMap((a) => a.functions).find((f) => f.name === name)!;

    // api: 1 GB, arm64, 1,000,000 requests of 120 ms, 2 provisioned environments, logs kept 14 days
    const api = fn('api');
    const apiRequests = 1_000_000 * 0.0000002; // $0.20
    const apiDuration = 1_000_000 * 0.12 * 1 * 0.0000077778; // 120,000 GB-s at the provisioned duration price (arm64)
    const apiProvisioned = 2 * 1 * 730 * 3600 * 0.0000033334; // 5,256,000 GB-s at the arm64 provisioned price
    const apiIngestGb = (1_000_000 * 1024) / GB; // 0.95367 GB
    const apiIngest = apiIngestGb * 0.5;
    const apiStorage = apiIngestGb * (14 / (730 / 24)) * 0.03; // 14 days of 30.4167 kept
    expect(api.architecture).toBe('arm64');
    expect(api.memoryMb).toBe(1024);
    expect(api.traffic).toBe('config');
    expect(api.lines.map((l) => [l.item, l.usd])).toEqual([
      ['requests', near(apiRequests)],
      ['duration', near(apiDuration)],
      ['provisioned', near(apiProvisioned)],
      ['logIngestion', near(apiIngest)],
      ['logStorage', near(apiStorage)],
    ]);
    expect(api.lines[2]!.usd).toBe(17.52035); // 5,256,000 × 0.0000033334
    expect(api.fixedUsd).toBe(near(apiProvisioned));
    expect(api.totalUsd).toBe(near(apiRequests + apiDuration + apiProvisioned + apiIngest + apiStorage));
    expect(api.lines[2]!.arithmetic).toBe('2 × 1 GB × 2628000 s = 5256000 GB-s × $0.0000033334');

    // sweep: rate(5 minutes) → 43,800 minutes / 5 = 8,760 runs; 0.5 GB x86 for 2 s; 2 KB of logs each
    const sweep = fn('sweep');
    const runs = (730 * 60) / 5;
    expect(runs).toBe(8760);
    expect(sweep.requestsPerMonth).toBe(8760);
    expect(sweep.traffic).toBe('schedule');
    const sweepIngestGb = (8760 * 2048) / GB;
    expect(sweep.lines.map((l) => [l.item, l.usd])).toEqual([
      ['requests', near(8760 * 0.0000002)], // $0.001752
      ['duration', near(8760 * 2 * 0.5 * 0.0000166667)], // 8,760 GB-s → $0.146000
      ['logIngestion', near(sweepIngestGb * 0.5)],
      ['logStorage', near(sweepIngestGb * (14 / (730 / 24)) * 0.03)],
    ]);
    expect(sweep.assumptions).toContain('8760 runs a month (rate(5 minutes): 43800 minutes a month / 5)');

    // Report (SAM): every 15 minutes from 08:00 to 17:45 on weekdays: 4 × 10 = 40 runs a day,
    // 5/7 of the month's 30.4167 days; 256 MB for the 30 s timeout (duration unknown: upper bound);
    // no log group in the template: logs never expire, storage counted for the 12th month
    const report = fn('Report');
    const reportRuns = 40 * (730 / 24) * (5 / 7);
    expect(report.requestsPerMonth).toBeCloseTo(reportRuns, 9); // 869.0476…
    expect(report.durationMs).toBe(30_000);
    const reportIngestGb = (reportRuns * 1024) / GB;
    expect(report.lines.map((l) => [l.item, l.usd])).toEqual([
      ['requests', near(reportRuns * 0.0000002)],
      ['duration', near(reportRuns * 30 * 0.25 * 0.0000166667)], // 6,517.86 GB-s → $0.108631
      ['logIngestion', near(reportIngestGb * 0.5)],
      ['logStorage', near(reportIngestGb * 12 * 0.03)],
    ]);
    expect(report.assumptions).toEqual([
      'architecture not set: x86_64',
      '869.047619 runs a month (cron(0/15 8-17 ? * MON-FRI *): 40 run(s) a day, 5 day(s) a week)',
      'duration not known: the timeout (30 s), an upper bound',
      '1024 bytes of logs per invocation',
      'logs never expire: storage grows every month; figure for the 12th month',
      'no free tier, first pricing tier',
    ]);

    // idle: no traffic known, nothing fixed: $0, and it says so
    const idle = fn('idle');
    expect(idle.lines).toEqual([]);
    expect(idle.totalUsd).toBe(0);
    expect(idle.assumptions).toContain('traffic not known (add it under traffic: in the config): fixed costs only');

    const shop = data.apps.find((a) => a.file === 'serverless.yml')!;
    expect(shop.fixedUsd).toBe(near(apiProvisioned));
    expect(data.priceTable.date).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(data.priceTable.sources).toEqual(['https://aws.amazon.com/cloudwatch/pricing/', 'https://aws.amazon.com/lambda/pricing/']);
  });

  it('prices another region of the table, and says when a region is not in it', () => {
    const eu = run('eu-central-1')
      .data.apps.flatMap((a) => a.functions)
      .find((f) => f.name === 'sweep')!;
    expect(eu.region).toBe('eu-central-1');
    expect(eu.lines.find((l) => l.item === 'logIngestion')!.usd).toBe(near(((8760 * 2048) / GB) * 0.63));
    const { data, result } = run('mars-north-1');
    expect(data.apps[0]!.functions[0]!.region).toBe('us-east-1');
    expect(result.notices.map((n) => n.message)).toContain(
      'the price table has no prices for region mars-north-1; the cost estimate uses us-east-1 prices',
    );
  });

  it('validates against the output schema and prints the table with its assumptions', () => {
    const { result } = run();
    const ajv = new Ajv({ allErrors: true, strict: true });
    for (const schema of reportSchemas()) ajv.addSchema(schema);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'output.schema.json'), 'utf8')) as object);
    const json = JSON.parse(formatJson(result)) as Record<string, unknown>;
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(json)).toContain('cost');
    const text = formatText(result, { color: false });
    expect(text).toContain('\ncost report\n');
    expect(text).toMatch(/\napi +arm64 +1024 +1000000 +120 +\$19\.\d\d\n/);
    expect(text).toContain('    provisioned: $17.52 = 2 × 1 GB × 2628000 s = 5256000 GB-s × $0.0000033334 per GB-second (us-east-1, ');
    expect(text).toContain('    assumes: traffic not known (add it under traffic: in the config): fixed costs only');
  });

  it('reads traffic: from the config file; a bad entry is a config error', async () => {
    const dir = tmpTree({ 'serverless.yml': serverless, '.sls-lint.yml': 'traffic:\n  api:\n    requests: 5\n' });
    const r = await runCli(['--report', 'cost'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.sls-lint.yml:3:5');
  });
});

describe('schedule rates', () => {
  it('counts rate and cron expressions over a 730-hour month', () => {
    expect(scheduleRate('rate(1 minute)')).toMatchObject({ perMonth: 43800, minIntervalMinutes: 1 });
    expect(scheduleRate('rate(2 hours)')).toMatchObject({ perMonth: 365, minIntervalMinutes: 120 });
    expect(scheduleRate('rate(1 day)')?.perMonth).toBeCloseTo(30.416667, 5);
    expect(scheduleRate('cron(* * * * ? *)')).toMatchObject({ perMonth: 1440 * (730 / 24), minIntervalMinutes: 1 });
    expect(scheduleRate('cron(0 3 * * ? *)')).toMatchObject({ perMonth: 730 / 24, minIntervalMinutes: 1440 });
    expect(scheduleRate('cron(0 12 1 * ? *)')).toMatchObject({ perMonth: 1 });
    expect(scheduleRate('cron(0 0 1 1,7 ? *)')?.perMonth).toBeCloseTo(2 / 12, 9);
    expect(scheduleRate('cron(0,30 9 ? * MON *)')).toMatchObject({ minIntervalMinutes: 30 });
    expect(scheduleRate('at(2026-01-01T00:00:00)')).toBeUndefined();
    expect(scheduleRate('cron(0 3 * *)')).toBeUndefined();
  });
});

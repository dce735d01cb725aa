import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineRule } from '../../src/engine/rule.js';
import { formatJson, formatText } from '../../src/formatters/index.js';
import { lint } from '../../src/lint.js';
import { REPORTS, type ReportDef } from '../../src/reports/index.js';
import type { TaintRun } from '../../src/analysis/taint/index.js';
import { runCli, tmpTree } from '../helpers/tmp.js';
import { rules as registry } from '../../rules/index.js';

const SECRET = 'sk_live_51HqFbXKZvKYlo2C8sQyX3pT9wRm4Vn7Ez';

interface EnvRow {
  fn: string;
  name: string;
  value: string;
  flows: number;
}

const seen: { rule?: TaintRun; report?: TaintRun } = {};

/** A report of every function's literal environment values and taint flow count. */
const envReport: ReportDef<{ rows: EnvRow[] }> = {
  name: 'zz-env',
  description: 'environment values per function',
  build(ctx) {
    const taint = (seen.report = ctx.analyses.get('taint'));
    const rows: EnvRow[] = [];
    for (const app of ctx.project.apps)
      for (const fn of app.functions)
        for (const e of fn.env) {
          const v = (e.value as { value?: unknown }).value;
          if (typeof v === 'string') rows.push({ fn: fn.name, name: e.name, value: v, flows: taint.flows(fn).length });
        }
    return { rows };
  },
  text: (data, style) => [style.bold('function  name  value'), ...data.rows.map((r) => `${r.fn}  ${r.name}  ${r.value}  ${r.flows}`)],
};
const first: ReportDef<{ n: number }> = { name: 'aa-first', description: 'a constant', build: () => ({ n: 1 }), text: (d) => [`n=${d.n}`] };

const sharing = defineRule({
  meta: {
    id: 'test/taint',
    description: 'asks for taint',
    severity: 'note',
    recommended: true,
    messages: { n: 'n' },
    tags: [],
    requires: ['taint'],
  },
  create: (ctx) => ({
    function() {
      seen.rule = ctx.analysis('taint');
    },
  }),
});

const files = {
  'serverless.yml': [
    'service: s',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    'functions:',
    '  pay:',
    '    handler: handler.main',
    '    environment:',
    `      STRIPE_KEY: ${SECRET}`,
    '      LABEL: "a\\u001b[31mred"',
    '',
  ].join('\n'),
  'handler.js': 'exports.main = async (event) => ({ statusCode: 200 });\n',
};

describe('--report', () => {
  beforeEach(() => REPORTS.push(first, envReport));
  afterEach(() => {
    REPORTS.splice(REPORTS.indexOf(first), 1);
    REPORTS.splice(REPORTS.indexOf(envReport), 1);
  });

  it('builds from the analyses the rules computed, masks the secrets found and escapes control characters in text', () => {
    const dir = tmpTree(files);
    const { result } = lint({ cwd: dir, noConfig: true, reports: ['zz-env'], rules: [sharing, ...registry] });
    expect(seen.report).toBeDefined();
    expect(seen.report).toBe(seen.rule);
    const json = JSON.parse(formatJson(result)) as Record<string, unknown>;
    expect(json['zz-env']).toEqual({
      rows: [
        { fn: 'pay', name: 'STRIPE_KEY', value: expect.not.stringContaining(SECRET.slice(8)), flows: 0 },
        { fn: 'pay', name: 'LABEL', value: 'a\u001b[31mred', flows: 0 },
      ],
    });
    expect(JSON.stringify(json)).not.toContain(SECRET.slice(8));
    const text = formatText(result, { color: false });
    expect(text).toContain('\nzz-env report\nfunction  name  value\npay  STRIPE_KEY  ');
    expect(text).toContain('pay  LABEL  a\\u001b[31mred  0');
    expect(text).not.toContain(SECRET.slice(8));
  });

  it('keeps the registry order whatever the order of the flags, and a report nobody asked for is absent', async () => {
    const dir = tmpTree(files);
    const a = await runCli(['--no-config', '--report', 'zz-env', '--report', 'aa-first', '-f', 'json'], dir);
    const b = await runCli(['--no-config', '--report', 'aa-first,zz-env', '-f', 'json'], dir);
    expect(a.stdout).toBe(b.stdout);
    const keys = Object.keys(JSON.parse(a.stdout) as object);
    expect(keys.slice(-2)).toEqual(['aa-first', 'zz-env']);
    const none = JSON.parse((await runCli(['--no-config', '-f', 'json'], dir)).stdout) as object;
    expect('aa-first' in none || 'zz-env' in none).toBe(false);
    const text = (await runCli(['--no-config', '--report', 'aa-first'], dir)).stdout;
    expect(text.trimEnd().split('\n').slice(-3)).toEqual(['', 'aa-first report', 'n=1']);
  });

  it('an unknown report is a usage error naming the known ones', async () => {
    const dir = tmpTree(files);
    const r = await runCli(['--report', 'zz-evn'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sls-lint: unknown report "zz-evn" \(did you mean "zz-env"\?\) \(expected .*aa-first.*zz-env.*\)/);
    expect(() => lint({ cwd: dir, noConfig: true, reports: ['nope'] })).toThrow(/unknown report "nope"/);
  });
});

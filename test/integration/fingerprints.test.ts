// Fingerprints key baselines and code-scanning alerts, so they must not move when something unrelated
// changes: a function added beside a finding, a function renamed, a message reworded (the IAM
// dataset's expansions, the functions a role serves). And a baselined finding stays in SARIF as
// `unchanged`, so code scanning does not close it as fixed.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { finalise, type RawDiagnostic } from '../../src/engine/run.js';
import { toSarif } from '../../src/formatters/sarif.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { multitoolPath, runMultitool, validateSarifSchema } from '../helpers/sarif.js';
import { tmpTree } from '../helpers/tmp.js';

const service = (functions: string[]) =>
  [
    'service: shop',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  iam:',
    '    role:',
    '      statements:',
    '        - Effect: Allow',
    '          Action: "s3:*"',
    '          Resource: "*"',
    '        - Effect: Allow',
    '          Action: "dynamodb:*"',
    '          Resource: arn:aws:dynamodb:eu-west-1:123456789012:table/orders',
    'functions:',
    ...functions.flatMap((f) => [
      `  ${f}:`,
      `    handler: src/${f}.handler`,
      '    environment:',
      `      ${f.toUpperCase()}_DB_PASSWORD: "Vq7#mZ2!pL9xR4tK"`,
    ]),
    '',
  ].join('\n');

const run = (yml: string) =>
  lint({
    cwd: tmpTree({ 'serverless.yml': yml }),
    noConfig: true,
    only: ['iam/no-wildcard-action', 'iam/no-resource-wildcard', 'secrets/no-plaintext-env'],
  }).result;

/** fingerprint by what the finding is about: rule, and the line's text (stable here) */
const byWhat = (yml: string) => {
  const lines = yml.split('\n');
  return new Map(
    run(yml).diagnostics.map((d) => [`${d.ruleId} ${lines[d.loc.line - 1]!.trim()}`, { fp: d.fingerprint, message: d.message }]),
  );
};

describe('fingerprints', () => {
  it('do not change when a function is added beside the finding, although the message now names it', () => {
    const a = byWhat(service(['orders']));
    const b = byWhat(service(['orders', 'billing']));
    const provider = [...a.keys()].filter((k) => k.startsWith('iam/'));
    expect(provider.length).toBe(3);
    for (const k of provider) {
      expect(b.get(k)!.message, k).not.toBe(a.get(k)!.message); // "for function orders" → "for functions billing and orders"
      expect(b.get(k)!.fp, k).toBe(a.get(k)!.fp);
    }
    const orders = [...a.keys()].find((k) => k.includes('ORDERS_DB_PASSWORD'))!;
    expect(b.get(orders)!.fp).toBe(a.get(orders)!.fp);
  });

  it('do not change for unrelated findings when a function is renamed', () => {
    const a = byWhat(service(['orders', 'billing']));
    const b = byWhat(service(['orders', 'invoices']).replace('INVOICES_DB_PASSWORD', 'BILLING_DB_PASSWORD'));
    for (const k of [...a.keys()].filter((k) => k.startsWith('iam/') || k.includes('ORDERS_'))) expect(b.get(k)!.fp, k).toBe(a.get(k)!.fp);
    // the renamed function's own finding is about another entity now
    const billing = [...a.keys()].find((k) => k.includes('BILLING_DB_PASSWORD'))!;
    expect(b.get(billing)!.fp).not.toBe(a.get(billing)!.fp);
  });

  it('hash the value and the entity, not the message: a reworded message (a new IAM dataset) keeps it', () => {
    const loc = { file: 'serverless.yml', line: 9, column: 19, endLine: 9, endColumn: 25 };
    const raw = (message: string, entity = 'app:serverless.yml/statement:provider:'): RawDiagnostic => ({
      ruleId: 'iam/no-wildcard-action',
      messageId: 'm',
      message,
      severity: 'error',
      loc,
      entity,
      secrets: [],
    });
    const text = () => '"s3:*"';
    const [a] = finalise([raw('"s3:*" includes 140 actions')], (s) => s, text);
    const [b] = finalise([raw('"s3:*" includes 152 actions')], (s) => s, text);
    const [c] = finalise([raw('"s3:*" includes 140 actions', 'app:serverless.yml/statement:role:Other')], (s) => s, text);
    const [d] = finalise(
      [raw('"s3:*" includes 140 actions')],
      (s) => s,
      () => '"sqs:*"',
    );
    expect(b!.fingerprint).toBe(a!.fingerprint);
    expect(c!.fingerprint).not.toBe(a!.fingerprint);
    expect(d!.fingerprint).not.toBe(a!.fingerprint);
  });

  it('a baselined finding stays in SARIF as unchanged, new ones are new, and the log is valid', () => {
    const yml = service(['orders']);
    const dir = tmpTree({ 'serverless.yml': yml });
    const only = ['iam/no-wildcard-action', 'secrets/no-plaintext-env'];
    const first = lint({ cwd: dir, noConfig: true, only }).result;
    const known = first.diagnostics.filter((d) => d.ruleId === 'iam/no-wildcard-action');
    expect(known.length).toBe(2);
    const second = lint({ cwd: dir, noConfig: true, only, baseline: new Set(known.map((d) => d.fingerprint)) }).result;
    expect(second.diagnostics.map((d) => d.ruleId)).toEqual(['secrets/no-plaintext-env']);
    expect(second.baselined).toBe(2);
    const log = toSarif(second);
    expect(validateSarifSchema(log)).toEqual([]);
    expect(
      log.runs[0]!.results!.map((r) => `${r.ruleId} ${r.locations![0]!.physicalLocation!.region!.startLine} ${r.baselineState}`),
    ).toEqual(['iam/no-wildcard-action 9 unchanged', 'iam/no-wildcard-action 12 unchanged', 'secrets/no-plaintext-env 18 new']);
    if (multitoolPath()) {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-fp-')), 'run.sarif');
      fs.writeFileSync(file, JSON.stringify(log));
      expect(runMultitool(file)).toEqual({ errors: [], warnings: [], notes: [] });
    }
    // without a baseline, no state at all
    expect(toSarif(first).runs[0]!.results!.every((r) => r.baselineState === undefined)).toBe(true);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  cweIdentifiers,
  formatGitlab,
  GITLAB_FIXED_TIME,
  gitlabSeverity,
  toGitlab,
  vulnerabilityId,
  type GitlabReport,
} from '../../src/formatters/gitlab.js';
import type { Diagnostic } from '../../src/engine/result.js';
import { DIAGNOSTICS, makeResult, SECRET_KEY, SECRET_PASSWORD } from './fixture.js';

const SCHEMA = path.join(import.meta.dirname, 'schemas', 'gitlab-sast-report-format-15.1.4.json');
const DOCS = 'https://github.com/sls-lint/sls-lint/blob/main/rules';

// ajv is CommonJS with `exports.default`: the default import is the class or its module object
type AjvCtor = typeof Ajv.default;
const AjvClass: AjvCtor = (Ajv as unknown as { default?: AjvCtor }).default ?? (Ajv as unknown as AjvCtor);
// the schema's own keywords (`self`) and `examples` are annotations: not strict
const validate = new AjvClass({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);

function schemaErrors(report: unknown): string[] {
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

describe('gitlab formatter', () => {
  const text = formatGitlab(makeResult({ repositoryPath: 'services/orders' }));
  const report = JSON.parse(text) as GitlabReport;

  it('validates against GitLab’s SAST report schema 15.1.4', () => {
    expect(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')).self).toEqual({ version: '15.1.4' });
    expect(schemaErrors(report)).toEqual([]);
  });

  it('the schema check itself rejects a broken report', () => {
    const bad = JSON.parse(text) as { scan: Record<string, unknown>; vulnerabilities: Record<string, unknown>[] };
    bad.scan.start_time = '2026-01-01 10:00';
    bad.vulnerabilities[0]!.severity = 'Severe';
    delete bad.vulnerabilities[1]!.identifiers;
    expect(schemaErrors(bad)).toEqual([
      '/scan/start_time must match pattern "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$"',
      '/vulnerabilities/0/severity must be equal to one of the allowed values',
      "/vulnerabilities/1 must have required property 'identifiers'",
    ]);
  });

  it('describes the scan, with fixed times and the tool notices as messages', () => {
    const tool = {
      id: 'sls-lint',
      name: 'sls-lint',
      version: '0.1.0',
      vendor: { name: 'sls-lint' },
      url: 'https://github.com/sls-lint/sls-lint',
    };
    expect(report.version).toBe('15.1.4');
    expect(report.schema).toBe(
      'https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v15.1.4/dist/sast-report-format.json',
    );
    expect(report.scan).toEqual({
      analyzer: tool,
      scanner: tool,
      type: 'sast',
      start_time: GITLAB_FIXED_TIME,
      end_time: GITLAB_FIXED_TIME,
      status: 'success',
      messages: [
        {
          level: 'warn',
          value: 'parse-error: YAML: Nested mappings are not allowed in compact mappings (services/orders/resources/extra.yml:3)',
        },
        {
          level: 'info',
          value:
            'unresolved-handler: Handler "src/handler.main" of function "api" was not found; source rules skip it (services/orders/serverless.yml:15)',
        },
        {
          level: 'warn',
          value:
            'rule-error cost/max-timeout: Rule "cost/max-timeout" crashed on function "api": TypeError: Cannot read properties of undefined',
        },
      ],
    });
  });

  it('lists the unsuppressed findings with stable ids, severities, repository paths and identifiers', () => {
    const live = DIAGNOSTICS.filter((d) => !d.suppression);
    expect(report.vulnerabilities.map((v) => [v.id, v.severity, v.location, v.identifiers.map((i) => i.name)])).toEqual([
      [
        vulnerabilityId('services/orders', live[0]!.fingerprint),
        'Critical',
        { file: 'services/orders/serverless.yml', start_line: 6, end_line: 6 },
        ['sls-lint secrets/no-hardcoded-secret', 'CWE-798'],
      ],
      [
        vulnerabilityId('services/orders', live[1]!.fingerprint),
        'High',
        { file: 'services/orders/serverless.yml', start_line: 10, end_line: 12 },
        ['sls-lint iam/no-wildcard-action', 'CWE-269'],
      ],
      [
        vulnerabilityId('services/orders', live[2]!.fingerprint),
        'High',
        { file: 'services/orders/serverless.yml', start_line: 11, end_line: 11 },
        ['sls-lint iam/no-wildcard-action', 'CWE-269'],
      ],
      [
        vulnerabilityId('services/orders', live[3]!.fingerprint),
        'Medium',
        { file: 'services/orders/serverless.yml', start_line: 16, end_line: 16 },
        ['sls-lint cost/max-timeout'],
      ],
      [
        vulnerabilityId('services/orders', live[4]!.fingerprint),
        'Info',
        { file: 'services/orders/src/handler.ts', start_line: 1, end_line: 1 },
        ['sls-lint coldstart/no-aws-sdk-v2'],
      ],
    ]);
    expect(report.vulnerabilities[2]).toEqual({
      id: vulnerabilityId('services/orders', '1b2c3d4e5f6a7b8c'),
      name: 'Disallow IAM statements that allow every action of a service',
      description:
        'Unexpected "*" in an Allow statement; list the actions the function calls\n\nDisallow IAM statements that allow every action of a service.',
      severity: 'High',
      location: { file: 'services/orders/serverless.yml', start_line: 11, end_line: 11 },
      identifiers: [
        {
          type: 'sls_lint_rule',
          name: 'sls-lint iam/no-wildcard-action',
          value: 'iam/no-wildcard-action',
          url: `${DOCS}/iam/no-wildcard-action/README.md`,
        },
        { type: 'cwe', name: 'CWE-269', value: '269', url: 'https://cwe.mitre.org/data/definitions/269.html' },
      ],
      links: [{ name: 'iam/no-wildcard-action documentation', url: `${DOCS}/iam/no-wildcard-action/README.md` }],
    });
  });

  it('ids: UUID-shaped, the same on every run, different per fingerprint and per repository place', () => {
    const id = vulnerabilityId('', 'abc');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(vulnerabilityId('', 'abc')).toBe(id);
    expect(vulnerabilityId('', 'abd')).not.toBe(id);
    expect(vulnerabilityId('services/a', 'abc')).not.toBe(id);
    expect(new Set(report.vulnerabilities.map((v) => v.id)).size).toBe(report.vulnerabilities.length);
  });

  it('leaves out suppressed and baselined findings', () => {
    const known: Diagnostic = { ...DIAGNOSTICS[1]!, fingerprint: 'known' };
    const r = toGitlab(makeResult({ diagnostics: DIAGNOSTICS.filter((d) => d.suppression), baselineKnown: [known], notices: [] }));
    expect(r.vulnerabilities).toEqual([]);
    expect(r.scan.messages).toBeUndefined();
    expect(schemaErrors(r)).toEqual([]);
  });

  it('maps security severity on CVSS bands, else the level', () => {
    expect([9, 9.8, 7, 8.9, 4, 6.9, 0.1, 3.9, 0].map((s) => gitlabSeverity('note', s))).toEqual([
      'Critical',
      'Critical',
      'High',
      'High',
      'Medium',
      'Medium',
      'Low',
      'Low',
      'Info',
    ]);
    expect((['error', 'warning', 'note'] as const).map((l) => gitlabSeverity(l, undefined))).toEqual(['High', 'Medium', 'Info']);
    expect(gitlabSeverity('error', Number.NaN)).toBe('High');
  });

  it('CWE identifiers only from CWE-n tags, each once', () => {
    expect(cweIdentifiers(['security', 'CWE-89', 'cwe-1', 'CWE-89', 'CWE-79x', 'CWE-79']).map((i) => [i.name, i.value])).toEqual([
      ['CWE-89', '89'],
      ['CWE-79', '79'],
    ]);
  });

  it('takes scan times from options (Date or the schema’s form), never from the clock', () => {
    const r = toGitlab(makeResult(), { startTime: new Date(Date.UTC(2026, 11, 2, 3, 4, 5, 678)), endTime: '2026-12-02T03:04:09' });
    expect([r.scan.start_time, r.scan.end_time]).toEqual(['2026-12-02T03:04:05', '2026-12-02T03:04:09']);
    const bad = toGitlab(makeResult(), { startTime: 'yesterday', endTime: new Date(Number.NaN) });
    expect([bad.scan.start_time, bad.scan.end_time]).toEqual([GITLAB_FIXED_TIME, GITLAB_FIXED_TIME]);
    expect(schemaErrors(r)).toEqual([]);
  });

  it('cuts a long rule description to the schema’s name limit; masks secrets', () => {
    const r = makeResult({
      diagnostics: [{ ...DIAGNOSTICS[1]!, message: `leaked ${SECRET_PASSWORD} ${SECRET_KEY}` }],
      rules: makeResult().rules.map((x) => ({ ...x, meta: { ...x.meta, description: 'word '.repeat(100) } })),
    });
    const out = formatGitlab(r);
    expect(out).not.toContain(SECRET_PASSWORD);
    expect(out).not.toContain(SECRET_KEY);
    const v = (JSON.parse(out) as GitlabReport).vulnerabilities[0]!;
    expect(v.name.length).toBeLessThanOrEqual(255);
    expect(v.description.startsWith('leaked **** ****\n\n')).toBe(true);
    expect(schemaErrors(JSON.parse(out))).toEqual([]);
  });
});

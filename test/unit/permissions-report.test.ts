import fs from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { formatJson, formatText } from '../../src/formatters/index.js';
import { lint } from '../../src/lint.js';
import { renderPolicy, type PermissionsReportData } from '../../src/reports/permissions.js';
import { rules as registry } from '../../rules/index.js';
import { reportSchemas } from '../helpers/report-schemas.js';
import { PROJECT_ROOT } from '../helpers/sarif.js';
import { tmpTree } from '../helpers/tmp.js';

/**
 * `--report permissions` on the IAM and HTTP test projects: the text and JSON are golden files
 * (`UPDATE_GOLDEN=1` rewrites them), the JSON follows its schema, and the policy it writes, put back
 * into a manifest, passes the IAM rules except where it says a resource is not known (`*`).
 */

type AjvCtor = typeof AjvModule.default;
const Ajv: AjvCtor = (AjvModule as unknown as { default?: AjvCtor }).default ?? (AjvModule as unknown as AjvCtor);
const validate = new Ajv({ allErrors: true, strict: true, schemas: reportSchemas() }).compile(
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'output.schema.json'), 'utf8')) as object,
);
const GOLDEN = path.join(PROJECT_ROOT, 'test', 'unit', 'golden');

function run(name: string) {
  const dir = path.join(PROJECT_ROOT, 'test', 'projects', name);
  return lint({ cwd: dir, srcRoot: dir, configFile: '.sls-lint.yml', reports: ['permissions'], stage: 'dev' });
}

function golden(file: string, actual: string): void {
  const p = path.join(GOLDEN, file);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(p, actual);
  expect(actual).toBe(fs.readFileSync(p, 'utf8'));
}

describe('--report permissions', () => {
  for (const name of ['iam-app', 'http-api']) {
    it(`${name}: text and JSON equal the golden files, and the JSON follows the schema`, () => {
      const { result } = run(name);
      const report = result.reports!.find((r) => r.name === 'permissions')!;
      const text = formatText(result, { color: false, width: 120 });
      golden(`permissions-${name}.txt`, text.slice(text.indexOf('permissions report')));
      golden(`permissions-${name}.json`, JSON.stringify(report.data, null, 2) + '\n');
      const doc = JSON.parse(formatJson(result)) as object;
      expect((doc as Record<string, unknown>).permissions).toEqual(report.data);
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  it('derives a policy for every function whose code it reads, and says why where it does not', () => {
    const data = run('iam-app').result.reports!.find((r) => r.name === 'permissions')!.data as PermissionsReportData;
    const fns = data.apps.flatMap((a) => a.functions);
    expect(fns.length).toBeGreaterThan(5);
    for (const f of fns) {
      const called = new Set(f.calls.flatMap((c) => [...c.actions, ...c.optional]));
      expect(new Set(f.statements.flatMap((s) => s.Action))).toEqual(called);
      // every `*` in the policy is explained
      if (f.statements.some((s) => s.Resource.includes('*'))) expect(f.unknown.length).toBeGreaterThan(0);
    }
  });

  it('the generated policy, as the functions’ iamRoleStatements, passes the IAM rules where its resources are known', () => {
    const data = run('iam-app').result.reports!.find((r) => r.name === 'permissions')!.data as PermissionsReportData;
    const fns = data.apps.flatMap((a) => a.functions).filter((f) => f.statements.length);
    const yaml = [
      'service: generated',
      'plugins: [serverless-iam-roles-per-function]',
      'provider: { name: aws, runtime: nodejs20.x, region: eu-west-1 }',
      'functions:',
      ...fns.flatMap((f) => [`  ${f.name}:`, '    handler: h.handler', ...renderPolicy(f.statements, 'serverless').map((l) => `    ${l}`)]),
      '',
    ].join('\n');
    const dir = tmpTree({ 'serverless.yml': yaml, 'h.js': 'exports.handler = async () => {};\n' });
    const iam = registry.filter(
      (r) => r.meta.id.startsWith('iam/') && !['iam/no-ungranted-call', 'iam/no-unused-grant'].includes(r.meta.id),
    );
    const { result } = lint({
      cwd: dir,
      noConfig: true,
      only: iam.map((r) => r.meta.id),
      ruleOverrides: Object.fromEntries(iam.map((r) => [r.meta.id, 'error' as const])),
    });
    // the rules ran on the statements: the `*` of iam:PassRole (the role CreateFunction passes is not read) is reported
    expect(result.diagnostics.map((d) => d.ruleId)).toContain('iam/no-passrole-star');
    const lines = yaml.split('\n');
    // each finding is on a statement whose resource is `*` (an unknown the report names)
    for (const d of result.diagnostics) {
      const stmt = lines
        .slice(d.loc.line - 1)
        .join('\n')
        .split(/\n\s+- Effect:/)[0]!;
      expect(stmt, `${d.ruleId} at ${d.loc.line}`).toMatch(/- '\*'/);
    }
    expect(result.notices.filter((n) => n.level === 'error')).toEqual([]);
  });
});

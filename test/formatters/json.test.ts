import fs from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { formatJson, toJsonOutput } from '../../src/formatters/json.js';
import { PROJECT_ROOT } from '../helpers/sarif.js';
import { makeResult, SECRET_KEY, SECRET_PASSWORD } from './fixture.js';

// CommonJS packages with `exports.default`: take whichever the loader hands over.
type AjvCtor = typeof AjvModule.default;
const Ajv: AjvCtor = (AjvModule as unknown as { default?: AjvCtor }).default ?? (AjvModule as unknown as AjvCtor);
type Formats = typeof addFormatsModule.default;
const addFormats: Formats = (addFormatsModule as unknown as { default?: Formats }).default ?? (addFormatsModule as unknown as Formats);

const schema = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'output.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
// the reports' schemas, which the output schema refers to (`reports/<name>.schema.json`)
const reportsDir = path.join(PROJECT_ROOT, 'schemas', 'reports');
for (const f of fs.existsSync(reportsDir) ? fs.readdirSync(reportsDir).sort() : [])
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(reportsDir, f), 'utf8')) as object);
const validate = ajv.compile(schema);

describe('json formatter', () => {
  it('validates against schemas/output.schema.json', () => {
    const out = JSON.parse(formatJson(makeResult())) as unknown;
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
  });

  it('names the config file that applied, after tool, and still validates', () => {
    const text = formatJson({ ...makeResult(), configFile: '.sls-lint.yml' });
    const out = JSON.parse(text) as ReturnType<typeof toJsonOutput>;
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(out).slice(0, 4)).toEqual(['version', 'tool', 'configFile', 'summary']);
    expect(out.configFile).toBe('.sls-lint.yml');
    expect('configFile' in (JSON.parse(formatJson(makeResult())) as object)).toBe(false);
  });

  it('has the exact documented shape', () => {
    const out = JSON.parse(formatJson(makeResult())) as ReturnType<typeof toJsonOutput>;
    expect(out.version).toBe(1);
    expect(out.tool).toEqual({ name: 'sls-lint', version: '0.1.0' });
    expect(out.summary).toEqual({ errors: 3, warnings: 1, notes: 1, suppressed: 2, baselined: 4, filesScanned: 3 });
    expect(out.diagnostics).toHaveLength(7);
    expect(out.diagnostics[0]).toEqual({
      ruleId: 'coldstart/no-aws-sdk-v2',
      messageId: 'runtime',
      severity: 'note',
      message: 'Runtime "nodejs18.x" is deprecated; move to nodejs20.x or later',
      file: 'serverless.yml',
      line: 4,
      column: 12,
      endLine: 4,
      endColumn: 22,
      fingerprint: '0c5e1f0c2d7a9e51',
      suppression: { kind: 'config' },
    });
    expect(out.diagnostics[2]).toEqual({
      ruleId: 'iam/no-wildcard-action',
      messageId: 'admin',
      severity: 'error',
      message: 'Allow statement grants every action on every resource; scope it to the calls the function makes',
      file: 'serverless.yml',
      line: 10,
      column: 11,
      endLine: 12,
      endColumn: 24,
      fingerprint: '9a8b7c6d5e4f3a2b',
    });
    expect(out.diagnostics[6]!.suppression).toEqual({ kind: 'inline', reason: 'test fixture key' });
    expect(out.notices).toEqual([
      {
        id: 'parse-error',
        level: 'error',
        message: 'YAML: Nested mappings are not allowed in compact mappings',
        file: 'resources/extra.yml',
        line: 3,
        column: 11,
        endLine: 3,
        endColumn: 29,
      },
      {
        id: 'unresolved-handler',
        level: 'note',
        message: 'Handler "src/handler.main" of function "api" was not found; source rules skip it',
        file: 'serverless.yml',
        line: 15,
        column: 14,
        endLine: 15,
        endColumn: 30,
      },
      {
        id: 'rule-error',
        level: 'warning',
        message: 'Rule "cost/max-timeout" crashed on function "api": TypeError: Cannot read properties of undefined',
        ruleId: 'cost/max-timeout',
      },
    ]);
    expect(out.rules).toEqual([
      { id: 'coldstart/no-aws-sdk-v2', level: 'note', description: 'Disallow importing the monolithic AWS SDK v2' },
      { id: 'cost/max-timeout', level: 'warning', description: 'Limit function timeouts' },
      { id: 'iam/no-wildcard-action', level: 'error', description: 'Disallow IAM statements that allow every action of a service' },
      { id: 'secrets/no-hardcoded-secret', level: 'error', description: 'Disallow hardcoded credentials' },
    ]);
  });

  it('is pretty-printed with 2 spaces and a trailing newline, keys in contract order', () => {
    const text = formatJson(makeResult());
    expect(text.startsWith('{\n  "version": 1,\n  "tool": {\n    "name": "sls-lint",\n    "version": "0.1.0"\n  },\n  "summary": {')).toBe(
      true,
    );
    expect(text.endsWith('\n  ]\n}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['version', 'tool', 'summary', 'diagnostics', 'notices', 'rules']);
  });

  it('writes no absolute path (srcRoot stays out)', () => {
    const text = formatJson(makeResult());
    expect(text).not.toContain('/home/ci');
  });

  it('masks secrets even in a message that arrives unmasked', () => {
    const r = makeResult();
    const leaky = makeResult({
      diagnostics: [{ ...r.diagnostics[1]!, message: `Secret "${SECRET_PASSWORD}" found` }],
      notices: [{ id: 'parse-error', level: 'error', message: `bad ${SECRET_KEY}` }],
    });
    const text = formatJson(leaky);
    expect(text).not.toContain(SECRET_PASSWORD);
    expect(text).not.toContain(SECRET_KEY);
    expect(text).toContain('"message": "Secret \\"****\\" found"');
  });

  it('the schema rejects outputs that break the contract', () => {
    const good = JSON.parse(formatJson(makeResult())) as Record<string, unknown> & {
      diagnostics: Record<string, unknown>[];
      summary: Record<string, unknown>;
    };
    const broken = [
      { ...good, version: 2 },
      { ...good, extra: true },
      { ...good, summary: { ...good.summary, errors: -1 } },
      { ...good, diagnostics: [{ ...good.diagnostics[0], line: 0 }] },
      { ...good, diagnostics: [{ ...good.diagnostics[0], severity: 'info' }] },
      { ...good, diagnostics: [{ ...good.diagnostics[0], file: '/abs/serverless.yml' }] },
      { ...good, diagnostics: [{ ...good.diagnostics[0], fingerprint: undefined }] },
    ];
    for (const b of broken) expect(validate(JSON.parse(JSON.stringify(b)))).toBe(false);
  });
});

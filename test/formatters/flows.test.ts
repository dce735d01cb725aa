// Related locations and data flows of a finding, through every format that carries them: JSON
// (`related`, `flow`, in schemas/output.schema.json), SARIF (`relatedLocations`, `codeFlows`) and
// text with --frames; their messages are masked like the finding's own.
import fs from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/engine/result.js';
import { formatJson, toJsonOutput } from '../../src/formatters/json.js';
import { toSarif } from '../../src/formatters/sarif.js';
import { formatText } from '../../src/formatters/text.js';
import { lint } from '../../src/lint.js';
import { PROJECT_ROOT, validateSarifSchema } from '../helpers/sarif.js';
import { DIAGNOSTICS, makeResult, SECRET_PASSWORD } from './fixture.js';

type AjvCtor = typeof AjvModule.default;
const Ajv: AjvCtor = (AjvModule as unknown as { default?: AjvCtor }).default ?? (AjvModule as unknown as AjvCtor);
const ajv = new Ajv({ allErrors: true, strict: true });
// the reports' schemas, which the output schema refers to (`reports/<name>.schema.json`)
const reportsDir = path.join(PROJECT_ROOT, 'schemas', 'reports');
for (const f of fs.existsSync(reportsDir) ? fs.readdirSync(reportsDir).sort() : [])
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(reportsDir, f), 'utf8')) as object);
const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'output.schema.json'), 'utf8')) as object);

const loc = (file: string, line: number, column: number, endColumn: number) => ({ file, line, column, endLine: line, endColumn });

// a finding with two related places and a three-step flow; one step's message carries a secret
// that arrives unmasked, as a producer could forget
const withFlow: Diagnostic = {
  ...DIAGNOSTICS[1]!,
  related: [
    { loc: loc('serverless.yml', 2, 1, 9), message: 'the provider block' },
    { loc: loc('serverless.yml', 6, 5, 16), message: 'the variable it names' },
  ],
  flow: [
    { loc: loc('src/handler.ts', 1, 1, 7), message: '`event`: an HTTP request' },
    { loc: loc('src/handler.ts', 2, 7, 10), message: `assigned to \`KEY\` (${SECRET_PASSWORD})` },
    { loc: loc('src/handler.ts', 3, 14, 18), message: 'reaches `query`' },
  ],
};
const result = makeResult({ diagnostics: [DIAGNOSTICS[0]!, withFlow, ...DIAGNOSTICS.slice(2)] });

describe('related locations and flows', () => {
  it('JSON: `related` and `flow` with located, masked messages, valid against the schema', () => {
    const out = JSON.parse(formatJson(result)) as ReturnType<typeof toJsonOutput>;
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    const d = out.diagnostics.find((x) => x.fingerprint === withFlow.fingerprint)!;
    expect(d.related).toEqual([
      { file: 'serverless.yml', line: 2, column: 1, endLine: 2, endColumn: 9, message: 'the provider block' },
      { file: 'serverless.yml', line: 6, column: 5, endLine: 6, endColumn: 16, message: 'the variable it names' },
    ]);
    expect(d.flow!.map((s) => `${s.file}:${s.line}:${s.column} ${s.message}`)).toEqual([
      'src/handler.ts:1:1 `event`: an HTTP request',
      'src/handler.ts:2:7 assigned to `KEY` (****)',
      'src/handler.ts:3:14 reaches `query`',
    ]);
    // a finding without them has neither key
    expect(out.diagnostics.filter((x) => 'related' in x || 'flow' in x)).toHaveLength(1);
  });

  it('the schema refuses an empty or malformed flow', () => {
    const out = toJsonOutput(result) as unknown as { diagnostics: Record<string, unknown>[] };
    out.diagnostics[1]!.flow = [];
    expect(validate(out)).toBe(false);
    out.diagnostics[1]!.flow = [{ file: 'a', line: 0, column: 1, endLine: 1, endColumn: 2, message: 'x' }];
    expect(validate(out)).toBe(false);
  });

  it('SARIF: relatedLocations with ids and codeFlows of one thread, valid SARIF 2.1.0', () => {
    const log = toSarif(result);
    expect(validateSarifSchema(log)).toEqual([]);
    const r = log.runs[0]!.results!.find((x) => x.partialFingerprints?.['slsLint/v1'] === withFlow.fingerprint)!;
    expect(r.relatedLocations!.map((x) => [x.id, x.physicalLocation!.region!.startLine, x.message!.text])).toEqual([
      [1, 2, 'the provider block'],
      [2, 6, 'the variable it names'],
    ]);
    const steps = r.codeFlows![0]!.threadFlows[0]!.locations.map((l) => [
      l.location!.physicalLocation!.artifactLocation!.uri,
      l.location!.physicalLocation!.region!.startLine,
      l.location!.message!.text,
    ]);
    expect(steps).toEqual([
      ['src/handler.ts', 1, '`event`: an HTTP request'],
      ['src/handler.ts', 2, 'assigned to `KEY` (****)'],
      ['src/handler.ts', 3, 'reaches `query`'],
    ]);
    expect(JSON.stringify(log)).not.toContain(SECRET_PASSWORD);
  });

  it('text: the flow under the finding with --frames only', () => {
    const framed = formatText(result, { color: false, frames: true });
    expect(framed).toContain('      ↳ src/handler.ts:2:7  assigned to `KEY` (****)');
    expect(framed).not.toContain(SECRET_PASSWORD);
    expect(formatText(result, { color: false })).not.toContain('↳');
  });

  it('end to end: a taint finding carries its flow from the event to the sink', () => {
    const base = path.join(PROJECT_ROOT, 'rules', 'input', 'sql-injection', 'fixtures');
    const { result: r } = lint({ cwd: base, srcRoot: base, paths: ['serverless-esm'], noConfig: true, only: ['input/sql-injection'] });
    const d = r.diagnostics.find((x) => x.loc.file === 'serverless-esm/src/search.mjs' && x.loc.line === 8)!;
    expect(d.flow!.map((s) => `${s.loc.line}:${s.loc.column} ${s.message}`)).toEqual([
      '5:31 `event`: an HTTP request',
      '6:11 assigned to `q`',
      '7:15 interpolated into a template literal',
      '7:9 assigned to `sql`',
      '8:37 reaches `pool.query`',
    ]);
  });
});

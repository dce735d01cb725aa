import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import template from '../../rules/_template/index.js';
import { annotations, checkCase } from '../helpers/fixtures.js';

/** A one-file case for the template rule (memorySize above 3008 MB). */
function caseWith(body: string): { base: string; file: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-runner-'));
  const file = path.join(base, 'serverless.yml');
  fs.writeFileSync(file, `service: t\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n${body}`);
  return { base, file };
}

describe('fixture runner', () => {
  it('pins the column (1-based) and the severity when a case asks', () => {
    const ok = caseWith('  big:\n    handler: h.handler\n    memorySize: 10240 # expect: iam/template-rule(tooMuch)@17[warning]\n');
    expect(checkCase(template, ok.file, ok.base)).toMatchObject({
      actual: ['serverless.yml:8 iam/template-rule(tooMuch)@17[warning]'],
      appeared: [],
      gone: [],
    });
    const r = checkCase(template, ok.file, ok.base);
    expect(r.actual).toEqual(r.expected);

    const col = caseWith('  big:\n    handler: h.handler\n    memorySize: 10240 # expect: iam/template-rule@5\n');
    const c = checkCase(template, col.file, col.base);
    expect(c.expected).toEqual(['serverless.yml:8 iam/template-rule@5']);
    expect(c.actual).toEqual(['serverless.yml:8 iam/template-rule@17']);

    const sev = caseWith('  big:\n    handler: h.handler\n    memorySize: 10240 # expect: iam/template-rule[note]\n');
    expect(checkCase(template, sev.file, sev.base).actual).toEqual(['serverless.yml:8 iam/template-rule[warning]']);
  });

  it('todo-expect: a known gap passes while missing and is flagged once reported', () => {
    const missing = caseWith('  small:\n    handler: h.handler\n    memorySize: 1024 # todo-expect: iam/template-rule\n');
    expect(checkCase(template, missing.file, missing.base)).toEqual({ expected: [], actual: [], appeared: [], gone: [] });
    const now = caseWith('  big:\n    handler: h.handler\n    memorySize: 10240 # todo-expect: iam/template-rule\n');
    expect(checkCase(template, now.file, now.base).appeared).toEqual(['serverless.yml:8 iam/template-rule']);
  });

  it('todo-ok: a known false positive is tolerated while reported, flagged once gone', () => {
    const fp = caseWith('  big:\n    handler: h.handler\n    memorySize: 10240 # todo-ok: iam/template-rule\n');
    expect(checkCase(template, fp.file, fp.base)).toEqual({ expected: [], actual: [], appeared: [], gone: [] });
    const fixed = caseWith('  small:\n    handler: h.handler\n    memorySize: 1024 # todo-ok: iam/template-rule\n');
    expect(checkCase(template, fixed.file, fixed.base).gone).toEqual(['serverless.yml:8 iam/template-rule']);
  });

  it('rejects a malformed annotation', () => {
    const bad = caseWith('  big:\n    handler: h.handler\n    memorySize: 10240 # expect: iam/template-rule@x\n');
    expect(() => annotations(bad.file, bad.base)).toThrow(/bad annotation/);
  });
});

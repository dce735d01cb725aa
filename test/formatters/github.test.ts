import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../src/formatters/github.js';
import { neutralizeLine } from '../../src/formatters/workflow.js';
import type { Diagnostic } from '../../src/engine/result.js';
import type { ToolNotice } from '../../src/core/types.js';
import { makeResult, SECRET_KEY, SECRET_PASSWORD } from './fixture.js';

describe('github formatter', () => {
  it('prints one workflow command per unsuppressed finding, then the notices', () => {
    expect(formatGithub(makeResult())).toBe(
      [
        '::error file=serverless.yml,line=6,col=18,endLine=6,endColumn=38,title=secrets/no-hardcoded-secret::Environment variable "DB_PASSWORD" holds a hardcoded secret "****"; reference it from SSM or Secrets Manager',
        '::error file=serverless.yml,line=10,endLine=12,title=iam/no-wildcard-action::Allow statement grants every action on every resource; scope it to the calls the function makes',
        '::error file=serverless.yml,line=11,col=19,endLine=11,endColumn=22,title=iam/no-wildcard-action::Unexpected "*" in an Allow statement; list the actions the function calls',
        '::warning file=serverless.yml,line=16,col=14,endLine=16,endColumn=17,title=cost/max-timeout::Timeout 900 s exceeds the limit of 30 s for an HTTP function; lower it',
        '::notice file=src/handler.ts,line=1,col=17,endLine=1,endColumn=26,title=coldstart/no-aws-sdk-v2::Import of "aws-sdk" loads the whole v2 SDK; import the v3 client you need',
        '::error file=resources/extra.yml,line=3,col=11,endLine=3,endColumn=29,title=parse-error::YAML: Nested mappings are not allowed in compact mappings',
        '::notice file=serverless.yml,line=15,col=14,endLine=15,endColumn=30,title=unresolved-handler::Handler "src/handler.main" of function "api" was not found; source rules skip it',
        '::warning title=rule-error (cost/max-timeout)::Rule "cost/max-timeout" crashed on function "api": TypeError: Cannot read properties of undefined',
        '',
      ].join('\n'),
    );
  });

  it('quiet keeps errors only', () => {
    const lines = formatGithub(makeResult(), { quiet: true }).trimEnd().split('\n');
    expect(lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual(['::error', '::error', '::error', '::error']);
  });

  it('escapes data and property values', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const r = makeResult({
      diagnostics: [
        {
          ruleId: 'cost/max-timeout',
          messageId: 'x',
          message: 'Line one: 50%\nline two, done',
          severity: 'note',
          loc: { file: 'dir,with:odd/serverless.yml', line: 2, column: 3, endLine: 2, endColumn: 9 },
          fingerprint: 'f',
        },
      ],
      notices: [],
    });
    expect(formatGithub(r)).toBe(
      '::notice file=dir%2Cwith%3Aodd/serverless.yml,line=2,col=3,endLine=2,endColumn=9,title=cost/max-timeout::Line one: 50%25%0Aline two, done\n',
    );
  });

  it('prints nothing when there is nothing to report', () => {
    expect(formatGithub(makeResult({ diagnostics: [], notices: [] }))).toBe('');
  });
});

describe('github formatter: annotation caps', () => {
  const finding = (i: number, severity: Diagnostic['severity']): Diagnostic => ({
    ruleId: severity === 'error' ? 'iam/no-wildcard-action' : 'cost/max-timeout',
    messageId: 'x',
    // the raw secret must come out masked in every annotation that is written
    message: `Finding ${i} of ${severity} "${SECRET_PASSWORD}"`,
    severity,
    loc: { file: 'serverless.yml', line: i, column: 1, endLine: i, endColumn: 5 },
    fingerprint: `f${i}`,
  });
  const many = (): Diagnostic[] => [
    ...Array.from({ length: 25 }, (_, i) => finding(i + 1, 'error')),
    ...Array.from({ length: 3 }, (_, i) => finding(i + 1, 'warning')),
  ];

  it('writes the first 10 errors in the run order and every warning, then one plain line for the 15 errors left', () => {
    const r = makeResult({ diagnostics: many(), notices: [] });
    const errors = Array.from(
      { length: 10 },
      (_, i) =>
        `::error file=serverless.yml,line=${i + 1},col=1,endLine=${i + 1},endColumn=5,title=iam/no-wildcard-action::Finding ${i + 1} of error "****"`,
    );
    const warnings = Array.from(
      { length: 3 },
      (_, i) =>
        `::warning file=serverless.yml,line=${i + 1},col=1,endLine=${i + 1},endColumn=5,title=cost/max-timeout::Finding ${i + 1} of warning "****"`,
    );
    expect(formatGithub(r)).toBe(
      [
        ...errors,
        ...warnings,
        'sls-lint: 15 more errors not annotated (GitHub shows 10 errors per step); the step summary (--format markdown) counts every finding by rule and --format text lists them all',
        '',
      ].join('\n'),
    );
  });

  it('counts notices in their level, says "1 more" in the singular, and writes no other line starting with ::', () => {
    const notices: ToolNotice[] = Array.from({ length: 11 }, (_, i) => ({
      id: 'unresolved-handler',
      level: 'note',
      message: `Handler ${i} with ${SECRET_KEY}`,
    }));
    const out = formatGithub(makeResult({ diagnostics: [...many(), ...many().slice(0, 1)], notices }));
    const lines = out.trimEnd().split('\n');
    expect(out).not.toContain(SECRET_PASSWORD);
    expect(out).not.toContain(SECRET_KEY);
    const annotations = lines.filter((l) => /^::(error|warning|notice) /.test(l));
    expect(annotations.filter((l) => l.startsWith('::error ')).length).toBe(10);
    expect(annotations.filter((l) => l.startsWith('::warning ')).length).toBe(3);
    expect(annotations.filter((l) => l.startsWith('::notice ')).length).toBe(10);
    const rest = lines.filter((l) => !annotations.includes(l));
    expect(rest).toEqual([
      'sls-lint: 16 more errors not annotated (GitHub shows 10 errors per step); the step summary (--format markdown) counts every finding by rule and --format text lists them all',
      'sls-lint: 1 more notice not annotated (GitHub shows 10 notices per step); the step summary (--format markdown) counts every finding by rule and --format text lists them all',
    ]);
    expect(rest.map(neutralizeLine)).toEqual(rest);
    // the notice written last is the tenth, in the run's order
    expect(annotations[annotations.length - 1]).toBe('::notice title=unresolved-handler::Handler 9 with ****');
  });

  it('quiet caps errors and says nothing of the levels it leaves out', () => {
    const out = formatGithub(makeResult({ diagnostics: many(), notices: [] }), { quiet: true });
    expect(
      out
        .trimEnd()
        .split('\n')
        .map((l) => l.slice(0, 9)),
    ).toEqual([...Array(10).fill('::error f'), 'sls-lint:']);
  });

  it('maxAnnotations sets the cap; 0 writes every one', () => {
    const r = makeResult({ diagnostics: many(), notices: [] });
    expect(formatGithub(r, { maxAnnotations: 2 }).trimEnd().split('\n')).toHaveLength(2 + 2 + 2);
    expect(formatGithub(r, { maxAnnotations: 0 }).trimEnd().split('\n')).toHaveLength(28);
  });
});

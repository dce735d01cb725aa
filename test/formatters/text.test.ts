import { describe, expect, it } from 'vitest';
import { formatText, frameLine } from '../../src/formatters/text.js';
import { DIAGNOSTICS, makeResult, NOTICES, SECRET_KEY, SECRET_PASSWORD } from './fixture.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;

const PLAIN = [
  'resources/extra.yml',
  '  3:11  error  YAML: Nested mappings are not allowed in compact mappings  parse-error',
  '',
  'serverless.yml',
  '   6:18  error    Environment variable "DB_PASSWORD" holds a hardcoded secret "****"; reference it from SSM or Secrets Manager  secrets/no-hardcoded-secret',
  '  10:11  error    Allow statement grants every action on every resource; scope it to the calls the function makes               iam/no-wildcard-action',
  '  11:19  error    Unexpected "*" in an Allow statement; list the actions the function calls                                     iam/no-wildcard-action',
  '  15:14  note     Handler "src/handler.main" of function "api" was not found; source rules skip it                              unresolved-handler',
  '  16:14  warning  Timeout 900 s exceeds the limit of 30 s for an HTTP function; lower it                                        cost/max-timeout',
  '',
  'src/handler.ts',
  '  1:17  note  Import of "aws-sdk" loads the whole v2 SDK; import the v3 client you need  coldstart/no-aws-sdk-v2',
  '',
  'general',
  '  warning  Rule "cost/max-timeout" crashed on function "api": TypeError: Cannot read properties of undefined  rule-error',
  '',
  '✖ 5 problems (3 errors, 1 warning, 1 note), 2 suppressed, 4 in baseline, 3 tool notices',
  '  rule docs: sls-lint --explain <rule-id>',
  '',
].join('\n');

describe('text formatter', () => {
  it('prints the stylish layout: files sorted, rows aligned, notices grouped, summary', () => {
    expect(formatText(makeResult(), { color: false, frames: false, quiet: false })).toBe(PLAIN);
  });

  it('defaults to no colour, no frames, not quiet', () => {
    expect(formatText(makeResult())).toBe(PLAIN);
  });

  it('adds code frames with the region underlined, from redacted lines, at most 3 lines', () => {
    const out = formatText(makeResult(), { color: false, frames: true, quiet: false });
    expect(out).toBe(
      [
        'resources/extra.yml',
        '  3:11  error  YAML: Nested mappings are not allowed in compact mappings  parse-error',
        '    3 |     Type: AWS::SQS::Queue: x',
        '      |           ^^^^^^^^^^^^^^^^^^',
        '',
        'serverless.yml',
        '   6:18  error    Environment variable "DB_PASSWORD" holds a hardcoded secret "****"; reference it from SSM or Secrets Manager  secrets/no-hardcoded-secret',
        '    6 |     DB_PASSWORD: ****',
        '      |                  ^^^^',
        '  10:11  error    Allow statement grants every action on every resource; scope it to the calls the function makes               iam/no-wildcard-action',
        '    10 |         - Effect: Allow',
        '       |           ^^^^^^^^^^^^^',
        "    11 |           Action: '*'",
        '       |           ^^^^^^^^^^^',
        "    12 |           Resource: '*'",
        '       |           ^^^^^^^^^^^^^',
        '  11:19  error    Unexpected "*" in an Allow statement; list the actions the function calls                                     iam/no-wildcard-action',
        "    11 |           Action: '*'",
        '       |                   ^^^',
        '  15:14  note     Handler "src/handler.main" of function "api" was not found; source rules skip it                              unresolved-handler',
        '    15 |     handler: src/handler.main',
        '       |              ^^^^^^^^^^^^^^^^',
        '  16:14  warning  Timeout 900 s exceeds the limit of 30 s for an HTTP function; lower it                                        cost/max-timeout',
        '    16 |     timeout: 900',
        '       |              ^^^',
        '',
        'src/handler.ts',
        '  1:17  note  Import of "aws-sdk" loads the whole v2 SDK; import the v3 client you need  coldstart/no-aws-sdk-v2',
        "    1 | import AWS from 'aws-sdk';",
        '      |                 ^^^^^^^^^',
        '',
        'general',
        '  warning  Rule "cost/max-timeout" crashed on function "api": TypeError: Cannot read properties of undefined  rule-error',
        '',
        '✖ 5 problems (3 errors, 1 warning, 1 note), 2 suppressed, 4 in baseline, 3 tool notices',
        '  rule docs: sls-lint --explain <rule-id>',
        '',
      ].join('\n'),
    );
    expect(out).not.toContain(SECRET_PASSWORD);
  });

  it('quiet prints nothing at all when there is no error', () => {
    const warningsOnly = makeResult({
      diagnostics: DIAGNOSTICS.map((d) => ({ ...d, severity: 'warning' as const })),
      notices: NOTICES.filter((n) => n.level !== 'error'),
    });
    expect(formatText(warningsOnly, { quiet: true })).toBe('');
    expect(formatText(warningsOnly, { quiet: false })).toContain('warning');
  });

  it('quiet shows errors only and counts only them', () => {
    expect(formatText(makeResult(), { quiet: true })).toBe(
      [
        'resources/extra.yml',
        '  3:11  error  YAML: Nested mappings are not allowed in compact mappings  parse-error',
        '',
        'serverless.yml',
        '   6:18  error  Environment variable "DB_PASSWORD" holds a hardcoded secret "****"; reference it from SSM or Secrets Manager  secrets/no-hardcoded-secret',
        '  10:11  error  Allow statement grants every action on every resource; scope it to the calls the function makes               iam/no-wildcard-action',
        '  11:19  error  Unexpected "*" in an Allow statement; list the actions the function calls                                     iam/no-wildcard-action',
        '',
        '✖ 3 problems (3 errors, 0 warnings, 0 notes), 2 suppressed, 4 in baseline, 1 tool notice',
        '',
      ].join('\n'),
    );
  });

  it('has no ANSI codes without colour and colours severity, path and summary with it', () => {
    expect(formatText(makeResult(), { color: false, frames: true })).not.toMatch(ANSI);
    const out = formatText(makeResult(), { color: true, frames: true });
    expect(out).toMatch(ANSI);
    expect(out.split('\n')[0]).toBe('\u001b[4mresources/extra.yml\u001b[24m');
    expect(out).toContain('\u001b[31merror\u001b[39m');
    expect(out).toContain('\u001b[33mwarning\u001b[39m');
    expect(out).toContain('\u001b[34mnote\u001b[39m');
    expect(out).toContain('\u001b[31m\u001b[1m✖ 5 problems');
    // each rule id links to its docs on a terminal (OSC 8), and only there
    expect(out).toContain(
      '\u001b]8;;https://github.com/sls-lint/sls-lint/blob/main/rules/iam/no-wildcard-action/README.md\u001b\\iam/no-wildcard-action\u001b]8;;\u001b\\',
    );
    // stripping the colour and the links gives exactly the plain output
    // eslint-disable-next-line no-control-regex
    const plain = out.replace(/\u001b\[[0-9;]*m/g, '').replace(/\u001b\]8;;[^\u001b]*\u001b\\/g, '');
    expect(plain).toBe(formatText(makeResult(), { color: false, frames: true }));
  });

  it('says so when nothing is found, still counting suppressed and baselined findings', () => {
    const r = makeResult({ diagnostics: makeResult().diagnostics.filter((d) => d.suppression), notices: [] });
    expect(formatText(r)).toBe('✔ No problems found, 2 suppressed, 4 in baseline\n');
    expect(formatText(makeResult({ diagnostics: [], notices: [], baselined: 0 }))).toBe('✔ No problems found\n');
  });

  it('escapes terminal control characters coming from scanned files', () => {
    const r = makeResult({
      diagnostics: [
        {
          ruleId: 'cost/max-timeout',
          messageId: 'x',
          message: 'Value "\u001b[2J\u202Eevil" is odd;\nfix it',
          severity: 'warning',
          loc: { file: 'a\u001b.yml', line: 1, column: 1, endLine: 1, endColumn: 2 },
          fingerprint: 'f',
        },
      ],
      notices: [],
      baselined: 0,
      sourceLine: () => 'x\u0007y',
    });
    const out = formatText(r, { frames: true });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    expect(out).toBe(
      [
        'a\\u001b.yml',
        '  1:1  warning  Value "\\u001b[2J\\u202eevil" is odd;\\nfix it  cost/max-timeout',
        '    1 | x\\u0007y',
        '      | ^',
        '',
        '✖ 1 problem (0 errors, 1 warning, 0 notes)',
        '  rule docs: sls-lint --explain <rule-id>',
        '',
      ].join('\n'),
    );
  });

  it('never throws on odd locations or a failing sourceLine', () => {
    const r = makeResult({
      diagnostics: [
        {
          ruleId: 'cost/max-timeout',
          messageId: 'x',
          message: 'm',
          severity: 'warning',
          loc: { file: 'a.yml', line: 0, column: -3, endLine: -1, endColumn: Number.NaN },
          fingerprint: 'f',
        },
      ],
      notices: [],
      baselined: 0,
      sourceLine: () => {
        throw new Error('boom');
      },
    });
    expect(formatText(r, { frames: true })).toBe(
      'a.yml\n  1:1  warning  m  cost/max-timeout\n\n✖ 1 problem (0 errors, 1 warning, 0 notes)\n  rule docs: sls-lint --explain <rule-id>\n',
    );
  });

  it('masks a secret that reaches it raw through sourceLine', () => {
    const out = formatText(makeResult({}, { redactedLines: false }), { frames: true });
    expect(out).not.toContain(SECRET_PASSWORD);
    expect(out).not.toContain(SECRET_KEY);
  });
});

describe('frameLine', () => {
  it('underlines the region and keeps tabs in the padding', () => {
    expect(frameLine('\tkey: value', 6, 11)).toEqual({ text: '\tkey: value', pad: '\t     ', width: 5 });
  });

  it('points at the end of the line for an empty region', () => {
    expect(frameLine('abc', 3, 3)).toEqual({ text: 'abc', pad: '   ', width: 1 });
  });

  it('clamps a region beyond the line', () => {
    expect(frameLine('abc', 1, 99)).toEqual({ text: 'abc', pad: ' ', width: 2 });
  });

  it('windows a long line around the region', () => {
    const line = 'a'.repeat(300) + 'TARGET' + 'b'.repeat(300);
    const f = frameLine(line, 300, 306);
    expect(f.text).toBe('…' + 'a'.repeat(20) + 'TARGET' + 'b'.repeat(94) + '…');
    expect(f.pad).toBe(' '.repeat(21));
    expect(f.width).toBe(6);
    expect(f.text.indexOf('TARGET')).toBe(f.pad.length);
  });
});

describe('text formatter at scale', () => {
  it('handles a file with 200k findings', () => {
    const base = makeResult().diagnostics[4]!;
    const diagnostics = Array.from({ length: 200_000 }, (_, i) => ({ ...base, loc: { ...base.loc, line: i + 1 } }));
    const out = formatText(makeResult({ diagnostics, notices: [], baselined: 0 }));
    const lines = out.split('\n');
    expect(lines).toHaveLength(200_000 + 5);
    expect(lines[1]).toBe('       1:14  warning  Timeout 900 s exceeds the limit of 30 s for an HTTP function; lower it  cost/max-timeout');
    expect(lines.at(-3)).toBe('✖ 200000 problems (0 errors, 200000 warnings, 0 notes)');
  });
});

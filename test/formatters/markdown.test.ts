import { describe, expect, it } from 'vitest';
import { escapeMarkdown, formatMarkdown, githubLinkBase } from '../../src/formatters/summary.js';
import type { Diagnostic } from '../../src/engine/result.js';
import { makeResult, SECRET_KEY, SECRET_PASSWORD } from './fixture.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('markdown formatter', () => {
  it('writes the counts by level and by rule, the findings most severe first, and what was not analysed', () => {
    expect(formatMarkdown(makeResult())).toBe(
      [
        '## sls-lint',
        '',
        '**5 findings**: 3 errors, 1 warning, 1 note · 3 files scanned · 2 suppressed · 4 in the baseline · 3 tool notices',
        '',
        '| Level | Findings |',
        '| --- | ---: |',
        '| Error | 3 |',
        '| Warning | 1 |',
        '| Note | 1 |',
        '',
        '### Findings by rule',
        '',
        '| Rule | Error | Warning | Note |',
        '| --- | ---: | ---: | ---: |',
        '| [iam/no-wildcard-action](https://github.com/sls-lint/sls-lint/blob/main/rules/iam/no-wildcard-action/README.md) | 2 | 0 | 0 |',
        '| [secrets/no-hardcoded-secret](https://github.com/sls-lint/sls-lint/blob/main/rules/secrets/no-hardcoded-secret/README.md) | 1 | 0 | 0 |',
        '| [cost/max-timeout](https://github.com/sls-lint/sls-lint/blob/main/rules/cost/max-timeout/README.md) | 0 | 1 | 0 |',
        '| [coldstart/no-aws-sdk-v2](https://github.com/sls-lint/sls-lint/blob/main/rules/coldstart/no-aws-sdk-v2/README.md) | 0 | 0 | 1 |',
        '',
        '### Top findings',
        '',
        '| Level | Location | Rule | Message |',
        '| --- | --- | --- | --- |',
        '| Error | [serverless.yml:6](serverless.yml#L6) | secrets/no-hardcoded-secret | Environment variable "DB\\_PASSWORD" holds a hardcoded secret "\\*\\*\\*\\*"; reference it from SSM or Secrets Manager |',
        '| Error | [serverless.yml:10](serverless.yml#L10-L12) | iam/no-wildcard-action | Allow statement grants every action on every resource; scope it to the calls the function makes |',
        '| Error | [serverless.yml:11](serverless.yml#L11) | iam/no-wildcard-action | Unexpected "\\*" in an Allow statement; list the actions the function calls |',
        '| Warning | [serverless.yml:16](serverless.yml#L16) | cost/max-timeout | Timeout 900 s exceeds the limit of 30 s for an HTTP function; lower it |',
        '| Note | [src/handler.ts:1](src/handler.ts#L1) | coldstart/no-aws-sdk-v2 | Import of "aws-sdk" loads the whole v2 SDK; import the v3 client you need |',
        '',
        '### Not analysed',
        '',
        '| Notice | Location | Message |',
        '| --- | --- | --- |',
        '| parse-error | [resources/extra.yml:3](resources/extra.yml#L3) | YAML: Nested mappings are not allowed in compact mappings |',
        '| rule-error (cost/max-timeout) | — | Rule "cost/max-timeout" crashed on function "api": TypeError: Cannot read properties of undefined |',
        '',
        'Tool notices: 1 parse-error, 1 rule-error, 1 unresolved-handler.',
        '',
      ].join('\n'),
    );
  });

  it('links to the commit when given a link base', () => {
    const out = formatMarkdown(makeResult(), { linkBase: `https://github.com/o/r/blob/${SHA}/svc/` });
    expect(out).toContain(`| Error | [serverless.yml:10](https://github.com/o/r/blob/${SHA}/svc/serverless.yml#L10-L12) |`);
    expect(out).toContain(`| parse-error | [resources/extra.yml:3](https://github.com/o/r/blob/${SHA}/svc/resources/extra.yml#L3) |`);
    // anything but an https URL is ignored: the links stay relative
    expect(formatMarkdown(makeResult(), { linkBase: 'javascript:alert(1)//' })).toBe(formatMarkdown(makeResult()));
  });

  it('lists the 20 most severe findings, then says how many there are', () => {
    const d = (i: number, severity: Diagnostic['severity']): Diagnostic => ({
      ruleId: severity === 'error' ? 'iam/no-wildcard-action' : 'cost/max-timeout',
      messageId: 'x',
      message: `${severity} ${i}`,
      severity,
      loc: { file: 'serverless.yml', line: i, column: 1, endLine: i, endColumn: 2 },
      fingerprint: `f${i}`,
    });
    // warnings come first in the run's order (by line); errors must still be listed first
    const diagnostics = [
      ...Array.from({ length: 5 }, (_, i) => d(i + 1, 'warning')),
      ...Array.from({ length: 25 }, (_, i) => d(i + 10, 'error')),
    ];
    const out = formatMarkdown(makeResult({ diagnostics, notices: [] }));
    const rows = out.split('\n').filter((l) => /^\| (Error|Warning|Note) \| \[/.test(l));
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.startsWith('| Error |'))).toBe(true);
    expect(rows[0]).toContain('| error 10 |');
    expect(rows[19]).toContain('| error 29 |');
    expect(out).toContain('The 20 most severe of 30 findings; `--format text` or `sarif` lists every one.');
    expect(out).toContain(
      '| [iam/no-wildcard-action](https://github.com/sls-lint/sls-lint/blob/main/rules/iam/no-wildcard-action/README.md) | 25 | 0 | 0 |',
    );
    expect(out).not.toContain('Tool notices');
    expect(
      formatMarkdown(makeResult({ diagnostics, notices: [] }), { maxFindings: 3 })
        .split('\n')
        .filter((l) => l.startsWith('| Error | [')),
    ).toHaveLength(3);
  });

  it('says so when there is nothing to report', () => {
    expect(formatMarkdown(makeResult({ diagnostics: [], notices: [], baselined: 0 }))).toBe(
      '## sls-lint\n\n**No findings**: 0 errors, 0 warnings, 0 notes · 3 files scanned · 0 tool notices\n',
    );
  });

  it('keeps a hostile file name and message as text: no table cell, link, HTML or code span can be opened', () => {
    const file = 'a|b`c`/<img src=x onerror=alert(1)>[x](https://evil)/*e*_f_~~g~~$h$@team\n| Error |.yml';
    const r = makeResult({
      diagnostics: [
        {
          ruleId: 'iam/no-wildcard-action',
          messageId: 'x',
          message: `Bad | "${SECRET_PASSWORD}" <script>alert(1)</script> \`x\` [l](u) ${SECRET_KEY}`,
          severity: 'error',
          loc: { file, line: 3, column: 1, endLine: 3, endColumn: 2 },
          fingerprint: 'f',
        },
      ],
      notices: [],
    });
    const out = formatMarkdown(r);
    expect(out).not.toContain(SECRET_PASSWORD);
    expect(out).not.toContain(SECRET_KEY);
    const row = out.split('\n').find((l) => l.startsWith('| Error | ['))!;
    expect(row).toBe(
      '| Error | [a\\|b\\`c\\`/&lt;img src=x onerror=alert(1)&gt;\\[x\\](https://evil)/\\*e\\*\\_f\\_\\~\\~g\\~\\~\\$h\\$\\@team\\\\n\\| Error \\|.yml:3]' +
        '(a%7Cb%60c%60/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%5Bx%5D%28https%3A//evil%29/%2Ae%2A_f_~~g~~%24h%24%40team%0A%7C%20Error%20%7C.yml#L3)' +
        ' | iam/no-wildcard-action | Bad \\| "\\*\\*\\*\\*" &lt;script&gt;alert(1)&lt;/script&gt; \\`x\\` \\[l\\](u) \\*\\*\\*\\* |',
    );
    // one line per row: the newline in the name did not start a new row
    expect(out.split('\n').filter((l) => l.startsWith('| Error |'))).toEqual(['| Error | 1 |', row]);
  });

  it('escapes what Markdown and GitHub read inline, and nothing else', () => {
    expect(escapeMarkdown('s3:* a_b `c` [d] e|f ~g $h @i <j> &k \\l')).toBe(
      's3:\\* a\\_b \\`c\\` \\[d\\] e\\|f \\~g \\$h \\@i &lt;j&gt; &amp;k \\\\l',
    );
    expect(escapeMarkdown('tab\there\u001b[31m')).toBe('tab\\\\there\\\\u001b\\[31m');
  });
});

describe('githubLinkBase', () => {
  const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/orders', GITHUB_SHA: SHA };
  it('builds the blob URL of the commit, with the source root inside the repository', () => {
    expect(githubLinkBase(env, '')).toBe(`https://github.com/acme/orders/blob/${SHA}/`);
    expect(githubLinkBase(env, 'services/api v2')).toBe(`https://github.com/acme/orders/blob/${SHA}/services/api%20v2/`);
    expect(githubLinkBase({ ...env, GITHUB_SERVER_URL: 'https://ghe.example.com/' }, '.')).toBe(
      `https://ghe.example.com/acme/orders/blob/${SHA}/`,
    );
  });
  it('gives no base when a value is missing or odd, or the root is outside the repository', () => {
    expect(githubLinkBase({ ...env, GITHUB_SHA: undefined }, '')).toBeUndefined();
    expect(githubLinkBase({ ...env, GITHUB_SHA: 'main' }, '')).toBeUndefined();
    expect(githubLinkBase({ ...env, GITHUB_REPOSITORY: 'acme/orders/../x' }, '')).toBeUndefined();
    expect(githubLinkBase({ ...env, GITHUB_SERVER_URL: 'http://github.com' }, '')).toBeUndefined();
    expect(githubLinkBase({ ...env, GITHUB_SERVER_URL: 'https://github.com/x)' }, '')).toBeUndefined();
    expect(githubLinkBase(env, '../elsewhere')).toBeUndefined();
  });
});

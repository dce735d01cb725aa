import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../src/formatters/github.js';
import { makeResult } from './fixture.js';

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

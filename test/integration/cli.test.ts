import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tmpTree } from '../helpers/tmp.js';

const APP = {
  'serverless.yml': [
    'service: s',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  iam:',
    '    role:',
    '      statements:',
    '        - Effect: Allow',
    '          Action: "s3:*"',
    '          Resource: arn:aws:s3:::b/*',
    'functions:',
    '  a:',
    '    handler: a.handler',
    '',
  ].join('\n'),
  'a.ts': 'export const handler = async () => ({ statusCode: 200 });\n',
};

describe('CLI', () => {
  it('exits 1 on findings at or above --fail-on and 0 below', async () => {
    const dir = tmpTree(APP);
    expect((await runCli([], dir)).code).toBe(1);
    expect((await runCli(['--rule', 'iam/no-wildcard-action=warning'], dir)).code).toBe(0);
    expect((await runCli(['--rule', 'iam/no-wildcard-action=warning', '--fail-on', 'warning'], dir)).code).toBe(1);
    expect((await runCli(['--rule', 'iam/no-wildcard-action=warning', '--max-warnings', '0'], dir)).code).toBe(1);
    expect((await runCli(['--rule', 'iam/no-wildcard-action=warning', '--max-warnings', '1'], dir)).code).toBe(0);
    expect((await runCli(['--fail-on', 'none'], dir)).code).toBe(0);
    expect((await runCli(['--rule', 'iam/*=off'], dir)).code).toBe(0);
  });

  it('prints the text report grouped by file with a summary', async () => {
    const dir = tmpTree(APP);
    const { stdout } = await runCli(['--only', 'iam/no-wildcard-action'], dir);
    expect(stdout).toBe(
      'serverless.yml\n' +
        // 80 columns when not a terminal: the message wraps under its own column
        '  9:19  error  Action "s3:*" allows every action of s3    iam/no-wildcard-action\n' +
        '               for function "a"; list the actions the\n' +
        '               code calls\n' +
        '\n' +
        '✖ 1 problem (1 error, 0 warnings, 0 notes)\n' +
        '  analysed 1 manifest, 1 function (1 with handler code), 1 code file\n' +
        '  rule docs: sls-lint --explain <rule-id>\n',
    );
  });

  it('never reports a clean result when a file could not be parsed', async () => {
    const dir = tmpTree({ 'template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A: [\n' });
    const r = await runCli([], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/parse-error/);
    expect(r.stdout).toMatch(/✖ No findings, but \d+ file problems? kept part of the project from being linted/);
    expect(r.stdout).not.toMatch(/No problems found/);
  });

  it('gives one clear line and exit 2 for usage errors', async () => {
    const dir = tmpTree(APP);
    for (const argv of [
      ['--bogus'],
      ['-f', 'xml'],
      ['--fail-on', 'maybe'],
      ['--max-warnings', 'x'],
      ['--rule', 'iam/x'],
      ['--rule', 'iam/nope=error'],
      ['--only', 'nope/x'],
    ]) {
      const r = await runCli(argv, dir);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/^sls-lint: [^\n]+\n$/);
      expect(r.stdout).toBe('');
    }
  });

  it('reports config errors with file, line and key, exit 2', async () => {
    const dir = tmpTree({ ...APP, '.sls-lint.yml': 'extends: recommended\nrules:\n  iam/no-wildcard-action: loud\n' });
    const r = await runCli([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^sls-lint: \.sls-lint\.yml:3:27: rules\.iam\/no-wildcard-action must be one of "off", "note", "warning", "warn", "error", 0, 1, 2/,
    );
    const dir2 = tmpTree({ ...APP, '.sls-lint.yml': 'rulez: {}\n' });
    expect((await runCli([], dir2)).stderr).toMatch(/^sls-lint: \.sls-lint\.yml:1:1: unknown key "rulez"/);
    const dir3 = tmpTree({ ...APP, '.sls-lint.yml': 'rules:\n  iam/no-wildcard-actions: error\n' });
    expect((await runCli([], dir3)).stderr).toMatch(
      /^sls-lint: \.sls-lint\.yml:2:3: unknown rule "iam\/no-wildcard-actions" \(did you mean "iam\/no-wildcard-action"\?\)/,
    );
    const dir4 = tmpTree({ ...APP, '.sls-lint.yml': 'settings:\n  secrets:\n    allow:\n      - pattern: "([a-z"\n' });
    const r4 = await runCli([], dir4);
    expect(r4.code).toBe(2);
    expect(r4.stderr).toBe('sls-lint: .sls-lint.yml:4:18: settings.secrets.allow.0.pattern must be a valid regex\n');
  });

  it('applies config levels and ignore globs', async () => {
    const dir = tmpTree({
      ...APP,
      'legacy/serverless.yml': APP['serverless.yml'],
      '.sls-lint.yml': 'rules:\n  iam/no-wildcard-action: note\nignore:\n  - legacy/**\n',
    });
    const r = await runCli(['-f', 'json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.diagnostics.map((d: { file: string; severity: string }) => `${d.file} ${d.severity}`)).toEqual(['serverless.yml note']);
  });

  it('writes several formats, each to its own file', async () => {
    const dir = tmpTree(APP);
    const r = await runCli(['-f', 'sarif', '-o', 'out/r.sarif', '-f', 'json', '-o', 'out/r.json', '-f', 'github'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      '::error file=serverless.yml,line=9,col=19,endLine=9,endColumn=25,title=iam/no-wildcard-action::Action "s3:*" allows every action of s3 for function "a"; list the actions the code calls\n',
    );
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out/r.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out/r.json'), 'utf8')).diagnostics).toHaveLength(1);
  });

  it('honours inline suppressions with a reason', async () => {
    const dir = tmpTree({
      ...APP,
      'serverless.yml': APP['serverless.yml'].replace(
        'Action: "s3:*"',
        'Action: "s3:*" # sls-lint-disable-line iam/no-wildcard-action -- migration bucket',
      ),
    });
    const r = await runCli(['-f', 'json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).diagnostics[0].suppression).toEqual({ kind: 'inline', reason: 'migration bucket' });
  });

  it('baselines findings by fingerprint and reports only new ones', async () => {
    const dir = tmpTree(APP);
    const w = await runCli(['--write-baseline', 'baseline.json'], dir);
    expect(w.code).toBe(0);
    expect((await runCli(['--baseline', 'baseline.json'], dir)).code).toBe(0);
    fs.writeFileSync(
      path.join(dir, 'serverless.yml'),
      APP['serverless.yml'].replace(
        '          Resource: arn:aws:s3:::b/*',
        '          Resource: arn:aws:s3:::b/*\n        - Effect: Allow\n          Action: "sqs:*"\n          Resource: arn:aws:sqs:eu-west-1:1:q',
      ),
    );
    const r = await runCli(['--baseline', 'baseline.json', '-f', 'json'], dir);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.diagnostics.map((d: { message: string }) => d.message)).toEqual([expect.stringContaining('"sqs:*"')]);
    expect(out.summary.baselined).toBe(1);
    expect((await runCli(['--baseline', 'missing.json'], dir)).code).toBe(2);
  });

  it('lists rules and prints the effective config', async () => {
    const dir = tmpTree(APP);
    const l = await runCli(['--list-rules', '--rule', 'iam/no-admin-policy=off'], dir);
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/^iam\/no-admin-policy\s+off\s+/m);
    expect(l.stdout).toMatch(/^iam\/no-wildcard-action\s+error\s+/m);
    const p = await runCli(['--print-config'], dir);
    const setting = JSON.parse(p.stdout).rules['iam/no-wildcard-action'];
    expect(Array.isArray(setting) ? setting[0] : setting).toBe('error');
  });

  it('shows a progress line and colour only on a terminal, and no colour under NO_COLOR', async () => {
    const dir = tmpTree(APP);
    const tty = await runCli(['--only', 'iam/no-wildcard-action'], dir, {}, true);
    expect(tty.stderr).toBe('sls-lint: linting .…\r\x1b[2K\r');
    expect(tty.stdout).toMatch(/\x1b\[/);
    const noColor = await runCli(['--only', 'iam/no-wildcard-action'], dir, { NO_COLOR: '1' }, true);
    expect(noColor.stdout).not.toMatch(/\x1b\[/);
    const piped = await runCli(['--only', 'iam/no-wildcard-action'], dir);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).not.toMatch(/\x1b\[/);
  });

  it('prints version and help', async () => {
    const dir = tmpTree(APP);
    expect((await runCli(['--version'], dir)).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await runCli(['--help'], dir)).stdout).toMatch(/^Usage: sls-lint/);
  });
});

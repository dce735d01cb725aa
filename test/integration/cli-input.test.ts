import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { tmpTree } from '../helpers/tmp.js';

/** Runs the CLI in-process, with standard input given as text. */
function cli(argv: string[], cwd: string, opts: { stdin?: string; tty?: boolean; columns?: number } = {}) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: !!opts.tty,
    ...(opts.columns ? { columns: opts.columns } : {}),
    env: {},
    cwd,
    readStdin: (max) => Buffer.from(opts.stdin ?? '').subarray(0, max),
  });
  return { code, stdout, stderr };
}

/** `file:line rule-id` of each finding of a JSON report. */
function findings(stdout: string): string[] {
  const r = JSON.parse(stdout) as { diagnostics: { file: string; line: number; ruleId: string }[] };
  return r.diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}`);
}

/** the input rules are off by default (heuristic): turn the one the fixture needs on */
const SQL = ['--rule', 'input/sql-injection=error'];

const KEY = 'AKIA' + 'ZXCVBNMASDFGHJKL';

/** A service whose handler builds SQL from the query string, and a helper that holds a key. */
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
    '          Action: "s3:*"', // 9: a manifest finding
    '          Resource: arn:aws:s3:::b/*',
    'functions:',
    '  api:',
    '    handler: src/api.handler',
    '    events:',
    '      - httpApi: GET /items',
    '',
  ].join('\n'),
  'src/api.ts': [
    "import { Client } from 'pg';",
    "import { region } from './lib/config';",
    'const db = new Client();',
    'export const handler = async (event: any) => {',
    '  const id = event.queryStringParameters.id;',
    '  await db.query(`SELECT * FROM items WHERE id = ${id} AND r = ${region}`);', // 6
    '  return { statusCode: 200 };',
    '};',
    '',
  ].join('\n'),
  'src/lib/config.ts': [`const key = "${KEY}";`, 'export const region = key.slice(0, 2);', ''].join('\n'), // 1
  'scripts/seed.js': [`const token = "${KEY}";`, 'module.exports = token;', ''].join('\n'), // 1
};

describe('files named on the command line', () => {
  it('lints a handler named alone as its function’s code, reporting only in that file', () => {
    const dir = tmpTree(APP);
    const r = cli(['-f', 'json', ...SQL, 'src/api.ts'], dir);
    // the manifest is read to know the function and its public route, but its own finding is not asked for
    expect(findings(r.stdout)).toEqual(['src/api.ts:6 input/sql-injection']);
    expect(r.code).toBe(1);
    const cov = JSON.parse(r.stdout).coverage;
    expect(cov).toMatchObject({ manifests: 0, namedFiles: 1, contextManifests: 1 });
  });

  it('scans a named helper and a file no function reaches for secrets', () => {
    const dir = tmpTree(APP);
    const r = cli(['-f', 'json', 'src/lib/config.ts', 'scripts/seed.js'], dir);
    expect(findings(r.stdout).sort()).toEqual([
      'scripts/seed.js:1 secrets/no-hardcoded-secret',
      'src/lib/config.ts:1 secrets/no-hardcoded-secret',
    ]);
    expect(r.stdout).not.toContain(KEY);
  });

  it('scans a named file of another runtime for secrets, whether or not a handler is beside it', () => {
    const dir = tmpTree({ ...APP, 'tools/export.py': `KEY = "${KEY}"\nprint(KEY)\n` });
    const r = cli(['-f', 'json', 'tools/export.py'], dir);
    expect(findings(r.stdout)).toEqual(['tools/export.py:1 secrets/no-hardcoded-secret']);
    expect(r.stdout).not.toContain(KEY);
    expect(JSON.parse(r.stdout).coverage).toMatchObject({ namedFiles: 1, notAnalysed: [] });
  });

  it('lints a named manifest and a named code file together as before: the manifest and its folder', () => {
    const dir = tmpTree(APP);
    const r = cli(['-f', 'json', ...SQL, 'serverless.yml', 'scripts/seed.js'], dir);
    expect(findings(r.stdout).sort()).toEqual([
      'scripts/seed.js:1 secrets/no-hardcoded-secret',
      'serverless.yml:15 iam/no-unauthenticated-http',
      'serverless.yml:9 iam/no-wildcard-action',
      'src/api.ts:6 input/sql-injection',
      'src/lib/config.ts:1 secrets/no-hardcoded-secret',
    ]);
  });

  it('counts a named file it does not read as not analysed: not an error (pre-commit passes whatever changed)', () => {
    const dir = tmpTree({ ...APP, 'notes.md': '# notes\n' });
    const r = cli(['-f', 'json', 'notes.md'], dir);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout).coverage.notAnalysed).toEqual([
      { reason: 'named-file', count: 1, detail: 'named on the command line, but not a file sls-lint reads', examples: ['notes.md'] },
    ]);
    expect(cli(['notes.md'], dir).stdout).toBe(
      '✔ No problems found\n  analysed 0 manifests, 0 code files\n  not analysed: 1 named file (notes.md): named on the command line, but not a\n    file sls-lint reads\n',
    );
  });
});

describe('--stdin --stdin-filename', () => {
  it('lints standard input as the named handler, placed through the manifest', () => {
    const dir = tmpTree(APP);
    const edited = fs
      .readFileSync(path.join(dir, 'src/api.ts'), 'utf8')
      .replace('const id = event.queryStringParameters.id;', 'const id = Number(event.queryStringParameters.id);');
    const clean = cli(['-f', 'json', ...SQL, '--stdin', '--stdin-filename', 'src/api.ts'], dir, { stdin: edited });
    expect(findings(clean.stdout)).toEqual([]);
    expect(clean.code).toBe(0);
    const dirty = cli(['-f', 'json', ...SQL, '--stdin', '--stdin-filename', 'src/api.ts'], dir, {
      stdin: fs.readFileSync(path.join(dir, 'src/api.ts'), 'utf8'),
    });
    expect(findings(dirty.stdout)).toEqual(['src/api.ts:6 input/sql-injection']);
  });

  it('lints standard input as a manifest or .env file by its name, whether or not the file exists', () => {
    const dir = tmpTree(APP);
    const manifest = cli(['-f', 'json', '--stdin', '--stdin-filename', 'other/serverless.yml'], dir, { stdin: APP['serverless.yml'] });
    expect(findings(manifest.stdout)).toEqual([
      'other/serverless.yml:9 iam/no-wildcard-action',
      'other/serverless.yml:15 iam/no-unauthenticated-http',
    ]);
    const env = cli(['-f', 'json', '--stdin', '--stdin-filename', '.env'], dir, { stdin: `AWS_ACCESS_KEY_ID=${KEY}\n` });
    expect(findings(env.stdout)).toEqual(['.env:1 secrets/no-dotenv-secret']);
    expect(env.stdout).not.toContain(KEY);
  });

  it('is a usage error without a file name, with paths, or when too big', () => {
    const dir = tmpTree(APP);
    expect(cli(['--stdin'], dir).code).toBe(2);
    expect(cli(['--stdin-filename', 'a.ts'], dir).stderr).toContain('--stdin-filename needs --stdin');
    expect(cli(['--stdin', '--stdin-filename', 'a.ts', 'src'], dir).stderr).toContain('give no paths with it');
    const big = cli(['--stdin', '--stdin-filename', 'serverless.yml'], dir, { stdin: 'x'.repeat(5 * 1024 * 1024 + 1) });
    expect(big).toMatchObject({ code: 2 });
    expect(big.stderr).toContain('standard input is larger than 5 MB');
  });
});

describe('--ignore-pattern', () => {
  it('skips matching files and folders, relative to the current directory', () => {
    const dir = tmpTree({
      ...APP,
      'sub/serverless.yml': APP['serverless.yml'],
      'sub/src/api.ts': APP['src/api.ts'],
      'sub/src/lib/config.ts': 'export const region = "x";\n',
    });
    const all = findings(cli(['-f', 'json', '--only', 'iam/no-wildcard-action'], dir).stdout);
    expect(all).toEqual(['serverless.yml:9 iam/no-wildcard-action', 'sub/serverless.yml:9 iam/no-wildcard-action']);
    expect(findings(cli(['-f', 'json', '--only', 'iam/no-wildcard-action', '--ignore-pattern', 'sub/**'], dir).stdout)).toEqual([
      'serverless.yml:9 iam/no-wildcard-action',
    ]);
    // run from inside sub/ with the source root above it: the glob is taken from where the command runs
    const r = cli(
      ['-f', 'json', '--only', 'iam/no-wildcard-action', '--srcroot', '..', '--ignore-pattern', 'serverless.yml', '.', '..'],
      path.join(dir, 'sub'),
    );
    expect(findings(r.stdout)).toEqual(['serverless.yml:9 iam/no-wildcard-action']);
    expect(cli(['--ignore-pattern', ' '], dir).code).toBe(2);
  });
});

describe('what was analysed', () => {
  it('exits 2 when the paths hold nothing to analyse, 0 with --no-error-on-unmatched-pattern', () => {
    const dir = tmpTree({ 'README.md': '# nothing here\n', 'src/x.py': 'print(1)\n' });
    const r = cli([], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(
      '✖ Nothing analysed: no serverless.yml, SAM or CloudFormation template, .env file or named code file was found\n',
    );
    expect(r.stderr).toBe(
      'sls-lint: nothing analysed in .: no serverless.yml, SAM or CloudFormation template, .env file or named code file was found\n',
    );
    const opted = cli(['--no-error-on-unmatched-pattern'], dir);
    expect(opted.code).toBe(0);
    expect(opted.stdout).toBe(r.stdout);
  });

  it('a manifest that does not parse is not "nothing": its error fails the gate with exit 1', () => {
    const dir = tmpTree({ 'template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A: [\n' });
    expect(cli([], dir).code).toBe(1);
  });

  it('says what was analysed and what was not, and why', () => {
    const dir = tmpTree({
      ...APP,
      'serverless.yml': APP['serverless.yml'] + ['  py:', '    handler: py/app.main', '    runtime: python3.12', ''].join('\n'),
      'py/app.py': 'def main(e, c):\n  return 1\n',
      'infra/main.tf': 'resource "aws_lambda_function" "f" {}\n',
      'infra/vars.tf': 'variable "x" {}\n',
      'cdk/cdk.json': '{"app": "npx ts-node bin/app.ts"}\n',
    });
    const r = cli(['--only', 'iam/no-wildcard-action'], dir);
    const tail = r.stdout.split('\n').slice(-9);
    expect(tail).toEqual(
      [
        '✖ 1 problem (1 error, 0 warnings, 0 notes), 2 tool notices',
        '  analysed 1 manifest, 2 functions (1 with handler code), 2 code files',
        '  not analysed: 1 function in other runtimes (py (python3.12)): manifest rules',
        '    and the secrets scan apply; code rules read Node.js handlers only',
        '  not analysed: 3 unsupported files (cdk/cdk.json, infra/main.tf,',
        '    infra/vars.tf): recognised, but sls-lint does not read this kind of file',
        '    (see the notes)',
        '  rule docs: sls-lint --explain <rule-id>',
        '',
      ].slice(-9) as string[],
    );
    const json = JSON.parse(cli(['-f', 'json', '--only', 'iam/no-wildcard-action'], dir).stdout);
    const notes = json.notices
      .filter((n: { id: string }) => n.id === 'not-analysed')
      .map((n: { message: string; file: string }) => `${n.file}: ${n.message}`);
    expect(notes).toEqual([
      'cdk/cdk.json: 1 AWS CDK file (cdk/cdk.json) not analysed: an AWS CDK app is code; run `cdk synth` and lint the templates it writes (`sls-lint cdk.out`)',
      'infra/main.tf: 2 Terraform files (infra/main.tf, infra/vars.tf) not analysed: sls-lint reads serverless.yml, SAM and CloudFormation templates, not Terraform',
    ]);
  });

  it('wraps to the terminal’s width on a terminal, 80 columns otherwise', () => {
    const dir = tmpTree(APP);
    const piped = cli(['--only', 'iam/no-wildcard-action'], dir).stdout.split('\n');
    expect(Math.max(...piped.map((l) => l.length))).toBeLessThanOrEqual(80);
    const wide = cli(['--only', 'iam/no-wildcard-action', '--no-color'], dir, { tty: true, columns: 200 }).stdout.split('\n');
    expect(wide[1]).toBe(
      '  9:19  error  Action "s3:*" allows every action of s3 for function "api"; list the actions the code calls  iam/no-wildcard-action',
    );
  });
});

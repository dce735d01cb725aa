import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tmpTree } from '../helpers/tmp.js';

const SHA = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const APP = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'services/orders/serverless.yml': [
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
  'services/orders/a.ts': 'export const handler = async () => ({ statusCode: 200 });\n',
};
const GITHUB = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/orders', GITHUB_SHA: SHA };

describe('CLI --format markdown', () => {
  it('links findings to the commit on GitHub, with the source root’s place in the repository', async () => {
    const repo = tmpTree(APP);
    const cwd = path.join(repo, 'services', 'orders');
    const { code, stdout } = await runCli(['--only', 'iam/no-wildcard-action', '-f', 'markdown'], cwd, GITHUB);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `| Error | [serverless.yml:9](https://github.com/acme/orders/blob/${SHA}/services/orders/serverless.yml#L9) | iam/no-wildcard-action |`,
    );
  });

  it('uses relative links outside a workflow, and writes next to other formats with --output-file', async () => {
    const repo = tmpTree(APP);
    const cwd = path.join(repo, 'services', 'orders');
    const { code, stdout } = await runCli(
      ['--only', 'iam/no-wildcard-action', '-f', 'markdown', '-o', 'out/summary.md', '-f', 'github'],
      cwd,
      {
        GITHUB_SHA: SHA,
      },
    );
    expect(code).toBe(1);
    // annotations name the file from the repository root, wherever the tool ran
    expect(stdout).toMatch(/^::error file=services\/orders\/serverless\.yml,line=9,/);
    const md = fs.readFileSync(path.join(cwd, 'out', 'summary.md'), 'utf8');
    expect(md).toContain('| Error | [serverless.yml:9](serverless.yml#L9) | iam/no-wildcard-action |');
    expect(md.startsWith('## sls-lint\n')).toBe(true);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { runCli, tmpTree } from '../helpers/tmp.js';

const SLS = (statements: string, extra = '') =>
  `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  iam:\n    role:\n      statements:\n${statements}${extra}functions:\n  a:\n    handler: a.handler\n`;

// the wildcard and admin rules are enough to observe what the model resolves
const ids = (dir: string, opts: Parameters<typeof lint>[0] = {}) =>
  lint({ cwd: dir, noConfig: true, only: ['iam/no-wildcard-action', 'iam/no-admin-policy'], ...opts }).result.diagnostics.map(
    (d) => `${d.loc.file}:${d.loc.line} ${d.ruleId}`,
  );

describe('nothing is guessed, nothing runs', () => {
  it('never flags unresolved references', () => {
    const dir = tmpTree({
      'serverless.yml': SLS(
        [
          '        - Effect: Allow',
          '          Action: ${ssm:/app/actions}',
          '          Resource: "*"',
          '        - Effect: Allow',
          '          Action: ${cf:other.Actions}',
          '          Resource: "*"',
          '        - Effect: Allow',
          "          Action: ${aws:accountId, 's3:*'}",
          '          Resource: "*"',
          '        - Effect: ${param:effect}',
          '          Action: "*"',
          '          Resource: "*"',
          '',
        ].join('\n'),
      ),
    });
    expect(ids(dir)).toEqual([]);
  });

  it('treats a resource given by an unresolved ${file()} as unknown, not malformed', () => {
    const dir = tmpTree({
      'app/serverless.yml': `${SLS('        - Effect: Allow\n          Action: s3:GetObject\n          Resource: "*"\n')}resources:\n  Resources:\n    Vpc: \${file(../shared/vpc.yml)}\n`,
    });
    const { result } = lint({ cwd: dir, noConfig: true, paths: ['app'] });
    expect(result.notices.filter((n) => n.level !== 'note')).toEqual([]);
  });

  it('does not execute or read ${file(x.js)}', () => {
    const marker = 'executed.txt';
    const dir = tmpTree({
      'serverless.yml': SLS('        - Effect: Allow\n          Action: ${file(./actions.js):all}\n          Resource: "*"\n'),
      'actions.js': `require('fs').writeFileSync(require('path').join(__dirname, '${marker}'), 'ran');\nmodule.exports.all = () => '*';\n`,
    });
    expect(ids(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, marker))).toBe(false);
  });

  it('resolves ${env:} only with --allow-env', async () => {
    const dir = tmpTree({
      'serverless.yml': SLS('        - Effect: Allow\n          Action: ${env:LAMBDA_ACTION}\n          Resource: arn:aws:s3:::b/*\n'),
    });
    const env = { LAMBDA_ACTION: 's3:*' };
    expect(ids(dir, { env })).toEqual([]);
    expect(ids(dir, { env, allowEnv: true })).toEqual(['serverless.yml:9 iam/no-wildcard-action']);
    const cli = await runCli(['--no-config', '--allow-env', '-f', 'json'], dir, env);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout).diagnostics.map((d: { ruleId: string }) => d.ruleId)).toEqual(['iam/no-wildcard-action']);
  });

  it('never reads files outside the scanned root', () => {
    const outer = tmpTree({ 'secret.yml': 'statements:\n  - Effect: Allow\n    Action: "*"\n    Resource: "*"\n' });
    fs.mkdirSync(path.join(outer, 'app'));
    fs.writeFileSync(
      path.join(outer, 'app', 'serverless.yml'),
      SLS('        ${file(../secret.yml):statements}\n'.replace('        ', '      statements: ').replace(/^/, '')),
    );
    const slsText =
      'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  iam:\n    role:\n      statements: ${file(../secret.yml):statements}\nfunctions:\n  a:\n    handler: a.handler\n';
    fs.writeFileSync(path.join(outer, 'app', 'serverless.yml'), slsText);
    // scanning only app/: the parent file is outside the root and must not be read
    expect(ids(outer, { paths: ['app'] })).toEqual([]);
    // scanning the parent: it is inside, and its literal is where the finding points
    expect(ids(outer, { paths: ['.'] })).toEqual(['secret.yml:3 iam/no-admin-policy', 'secret.yml:3 iam/no-wildcard-action']);
  });
});

describe('bad input gets a located error and the run goes on', () => {
  it('reports a broken YAML file and still lints the others', () => {
    const dir = tmpTree({
      'a/serverless.yml': 'service: a\nprovider:\n  name: aws\n  iam:\n    role:\n      statements: [ {Effect: Allow, Action: "*"\n',
      'b/serverless.yml': SLS('        - Effect: Allow\n          Action: "s3:*"\n          Resource: "*"\n'),
      'c/template.json': '{ "AWSTemplateFormatVersion": "2010-09-09", "Resources": { "X": { "Type": "AWS::S3::Bucket", } }',
      'd/template.yaml': Buffer.concat([
        Buffer.from('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  X:\n    Type: AWS::S3::Bucket\n    Description: "'),
        Buffer.from([0xff, 0xfe, 0x41]),
        Buffer.from('"\n'),
      ]),
      'e/serverless.yml': Buffer.from([0x73, 0x65, 0x00, 0x01, 0x02]),
    });
    const { result } = lint({ cwd: dir, noConfig: true, only: ['iam/no-wildcard-action'] });
    expect(result.diagnostics.map((d) => `${d.loc.file}:${d.loc.line} ${d.ruleId}`)).toEqual(['b/serverless.yml:9 iam/no-wildcard-action']);
    const notices = result.notices.map((n) => `${n.loc?.file}:${n.loc?.line} ${n.id} ${n.level}`);
    expect(notices).toContain('a/serverless.yml:7 parse-error error');
    expect(notices.some((n) => n.startsWith('c/template.json:1 parse-error'))).toBe(true);
    // bytes that are not UTF-8 are read as Latin-1, as Node reads the file: analysed, with a note
    expect(notices).toContain('d/template.yaml:1 file-decoded note');
    expect(result.notices.find((n) => n.loc?.file === 'd/template.yaml')!.message).toMatch(/not valid UTF-8: 2 bytes were read as Latin-1/);
    // a manifest that cannot be analysed fails the gate
    expect(notices).toContain('e/serverless.yml:1 file-skipped error');
  });

  it('survives symlink loops and huge files', () => {
    const dir = tmpTree({ 'app/serverless.yml': SLS('        - Effect: Allow\n          Action: "s3:*"\n          Resource: "*"\n') });
    fs.symlinkSync(dir, path.join(dir, 'app', 'loop'));
    fs.symlinkSync('/etc', path.join(dir, 'outside'));
    fs.writeFileSync(
      path.join(dir, 'app', 'big.template.json'),
      `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}, "Pad": "${'x'.repeat(6 * 1024 * 1024)}"}`,
    );
    const { result } = lint({ cwd: dir, noConfig: true, only: ['iam/no-wildcard-action'] });
    expect(result.diagnostics.map((d) => `${d.loc.file}:${d.loc.line}`)).toEqual(['app/serverless.yml:9']);
    expect(result.notices.filter((n) => n.id !== 'unresolved-handler').map((n) => `${n.loc?.file} ${n.id}`)).toEqual([
      'app/big.template.json file-skipped',
    ]);
  });
});

describe('stable output', () => {
  it('is byte-identical across two runs in every format', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    for (const f of ['text', 'json', 'sarif', 'github']) {
      const a = await runCli(['--no-config', '-f', f, 'examples/insecure-app'], root);
      const b = await runCli(['--no-config', '-f', f, 'examples/insecure-app'], root);
      expect(a.stdout.length).toBeGreaterThan(0);
      expect(a.stdout).toBe(b.stdout);
    }
  });

  it('keeps fingerprints when a statement is inserted above a finding', () => {
    const one = '        - Effect: Allow\n          Action: "s3:*"\n          Resource: arn:aws:s3:::b/*\n';
    const before = '        - Effect: Allow\n          Action: "sqs:*"\n          Resource: arn:aws:sqs:eu-west-1:1:q\n';
    const a = lint({ cwd: tmpTree({ 'serverless.yml': SLS(one) }), noConfig: true }).result.diagnostics;
    const b = lint({ cwd: tmpTree({ 'serverless.yml': SLS(before + one) }), noConfig: true }).result.diagnostics;
    const s3 = (ds: typeof a) => ds.filter((d) => d.message.includes('"s3:*"')).map((d) => d.fingerprint);
    expect(s3(a).length).toBeGreaterThan(0);
    expect(s3(b)).toEqual(s3(a));
  });

  it('keeps fingerprints when lines are inserted above a finding', () => {
    const body = SLS('        - Effect: Allow\n          Action: "s3:*"\n          Resource: "*"\n');
    const dir1 = tmpTree({ 'serverless.yml': body });
    const dir2 = tmpTree({
      'serverless.yml': `# a comment\n# another\n${body.replace('service: s\n', 'service: s\nframeworkVersion: "3"\n')}`,
    });
    const a = lint({ cwd: dir1, noConfig: true }).result.diagnostics;
    const b = lint({ cwd: dir2, noConfig: true }).result.diagnostics;
    expect(a.length).toBeGreaterThan(1);
    expect(b.map((d) => d.loc.line)).toEqual(a.map((d) => d.loc.line + 3));
    expect(b.map((d) => d.fingerprint)).toEqual(a.map((d) => d.fingerprint));
  });
});

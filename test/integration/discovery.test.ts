import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { tmpTree } from '../helpers/tmp.js';

const SLS = (action: string) =>
  `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: "${action}"\n          Resource: \"*\"\nfunctions:\n  a:\n    handler: a.handler\n`;

const files = (dir: string, opts: Parameters<typeof lint>[0] = {}) =>
  lint({ cwd: dir, noConfig: true, only: ['iam/no-wildcard-action'], ...opts }).result.diagnostics.map(
    (d) => `${d.loc.file}:${d.loc.line}${d.suppression ? ` suppressed(${d.suppression.kind}:${d.suppression.reason ?? ''})` : ''}`,
  );

describe('discovery', () => {
  it('finds manifests by name and templates by content, and honours ignore files', () => {
    const dir = tmpTree({
      'svc-a/serverless.yml': SLS('s3:*'),
      'svc-b/serverless.prod.yaml': SLS('sqs:*'),
      'svc-c/infra/stack.yml':
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: "sns:*"\n            Resource: "*"\n',
      'svc-c/infra/notes.yml': 'Resources:\n  - a list, not a template\n',
      'svc-d/template.json':
        '{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}}}}}',
      'generated/serverless.yml': SLS('dynamodb:*'),
      'vendor/serverless.yml': SLS('lambda:*'),
      'node_modules/pkg/serverless.yml': SLS('iam:*'),
      '.serverless/serverless.yml': SLS('iam:*'),
      'cdk.out/Stack.template.json':
        '{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}}}}}',
      'legacy/serverless.yml': SLS('ec2:*'),
      '.gitignore': 'generated/\n',
      '.slslintignore': 'vendor/\n',
      '.sls-lint.yml': 'ignore:\n  - legacy/**\n',
    });
    expect(lint({ cwd: dir, only: ['iam/no-wildcard-action'] }).result.diagnostics.map((d) => `${d.loc.file}:${d.loc.line}`)).toEqual([
      'svc-a/serverless.yml:9',
      'svc-b/serverless.prod.yaml:9',
      'svc-c/infra/stack.yml:9',
      'svc-d/template.json:1',
    ]);
  });

  it('reports paths relative to --srcroot', () => {
    const dir = tmpTree({ 'repo/services/a/serverless.yml': SLS('s3:*') });
    expect(files(`${dir}/repo/services`, { paths: ['a'] })).toEqual(['a/serverless.yml:9']);
    expect(files(`${dir}/repo/services`, { paths: ['a'], srcRoot: '..' })).toEqual(['services/a/serverless.yml:9']);
  });
});

describe('suppressions', () => {
  it('applies next-line, line and file directives with reasons, by id or family', () => {
    const dir = tmpTree({
      'a/serverless.yml': SLS('s3:*').replace(
        '          Action: "s3:*"',
        '          # sls-lint-disable-next-line iam/no-wildcard-action -- legacy bucket\n          Action: "s3:*"',
      ),
      'b/serverless.yml': SLS('s3:*').replace('Action: "s3:*"', 'Action: "s3:*" # sls-lint-disable-line iam/*'),
      'c/serverless.yml': `# sls-lint-disable-file -- generated\n${SLS('s3:*')}`,
      'd/serverless.yml': SLS('s3:*').replace('Action: "s3:*"', 'Action: "s3:*" # sls-lint-disable-line iam/no-admin-policy -- other rule'),
      'e/template.yaml': [
        'Resources:',
        '  P:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Metadata:',
        '      sls-lint:',
        '        ignore:',
        '          - id: iam/no-wildcard-action',
        '            reason: reviewed in SEC-142',
        '    Properties:',
        '      PolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Action: "sns:*"',
        '            Resource: "*"',
        '',
      ].join('\n'),
    });
    expect(files(dir)).toEqual([
      'a/serverless.yml:10 suppressed(inline:legacy bucket)',
      'b/serverless.yml:9 suppressed(inline:)',
      'c/serverless.yml:10 suppressed(inline:generated)',
      'd/serverless.yml:9',
      'e/template.yaml:13 suppressed(metadata:reviewed in SEC-142)',
    ]);
  });
});

describe('explicitly named paths', () => {
  it('lints a directory named on the command line even when an ancestor ignore file excludes it, with a note', () => {
    const dir = tmpTree({ '.gitignore': 'generated/\n', 'generated/app/serverless.yml': SLS('s3:*') });
    const { result } = lint({ cwd: dir, noConfig: true, paths: ['generated/app'], only: ['iam/no-wildcard-action'] });
    expect(result.diagnostics.map((d) => `${d.loc.file}:${d.loc.line}`)).toEqual(['generated/app/serverless.yml:9']);
    expect(result.notices.map((n) => `${n.id} ${n.level}`)).toContain('ignored-path note');
    // scanning from the root still honours the ignore file
    expect(files(dir)).toEqual([]);
  });
});

describe('paths outside the working directory', () => {
  it('lints a directory outside the working directory, with paths relative to it', () => {
    const dir = tmpTree({ 'app/serverless.yml': SLS('s3:*'), 'cwd/.keep': '' });
    const { result } = lint({ cwd: `${dir}/cwd`, noConfig: true, paths: ['../app'], only: ['iam/no-wildcard-action'] });
    expect(result.diagnostics.map((d) => `${d.loc.file}:${d.loc.line}`)).toEqual(['../app/serverless.yml:9']);
    expect(result.filesScanned).toBeGreaterThan(0);
  });

  it('resolves and parses handler code of a directory outside the working directory, and nothing beyond it', () => {
    const dir = tmpTree({
      'app/serverless.yml': SLS('s3:GetObject'),
      'app/a.ts': "import { key } from './lib';\nimport { other } from '../outside';\nexport const handler = async () => key + other;\n",
      'app/lib.ts': "export const key = 'k';\n",
      'outside.ts': "export const other = 'o';\n",
      'cwd/.keep': '',
    });
    const { project, result } = lint({ cwd: `${dir}/cwd`, noConfig: true, paths: ['../app'] });
    expect(project.sourceFiles.map((f) => f.path)).toEqual(['../app/a.ts', '../app/lib.ts']);
    expect(result.notices.filter((n) => n.id === 'unresolved-handler')).toEqual([]);
  });
});

describe('handler imports through tsconfig path aliases', () => {
  it('follows "@libs/*" aliases of the nearest tsconfig.json, and not bare package imports', () => {
    const dir = tmpTree({
      'svc/serverless.yml': SLS('s3:GetObject').replace('handler: a.handler', 'handler: src/functions/hello/handler.main'),
      'svc/tsconfig.json':
        '{\n  // the aws-nodejs-typescript template\n  "compilerOptions": { "baseUrl": ".", "paths": { "@functions/*": ["src/functions/*"], "@libs/*": ["src/libs/*"] } }\n}\n',
      'svc/src/functions/hello/handler.ts':
        "import { middyfy } from '@libs/lambda';\nimport { z } from 'zod';\nexport const main = middyfy(async () => z);\n",
      'svc/src/libs/lambda.ts': "import { formatJSONResponse } from '@libs/api-gateway';\nexport const middyfy = (h: unknown) => h;\n",
      'svc/src/libs/api-gateway/index.ts': 'export const formatJSONResponse = 1;\n',
    });
    const { project } = lint({ cwd: dir, noConfig: true });
    expect(project.sourceFiles.map((f) => f.path)).toEqual([
      'svc/src/functions/hello/handler.ts',
      'svc/src/libs/api-gateway/index.ts',
      'svc/src/libs/lambda.ts',
    ]);
    expect(project.sourceFiles[0]!.imports.map((i) => i.resolved)).toEqual(['svc/src/libs/lambda.ts', undefined]);
  });
});

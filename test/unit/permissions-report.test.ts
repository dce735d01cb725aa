import fs from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { formatJson, formatText } from '../../src/formatters/index.js';
import { lint } from '../../src/lint.js';
import { actionInfo, isWildcardOnlyAction } from '../../src/knowledge/aws/iam/actions.js';
import { RESOURCE_PROPERTIES } from '../../src/knowledge/aws/sdk/index.js';
import { renderPolicy, type PermissionsReportData } from '../../src/reports/permissions.js';
import { rules as registry } from '../../rules/index.js';
import { reportSchemas } from '../helpers/report-schemas.js';
import { PROJECT_ROOT } from '../helpers/sarif.js';
import { tmpTree } from '../helpers/tmp.js';

/**
 * `--report permissions` on the IAM and HTTP test projects: the text and JSON are golden files
 * (`UPDATE_GOLDEN=1` rewrites them), the JSON follows its schema, and the policy it writes, put back
 * into a manifest of each syntax, passes the IAM rules with no finding, in every test project.
 */

type AjvCtor = typeof AjvModule.default;
const Ajv: AjvCtor = (AjvModule as unknown as { default?: AjvCtor }).default ?? (AjvModule as unknown as AjvCtor);
const validate = new Ajv({ allErrors: true, strict: true, schemas: reportSchemas() }).compile(
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'output.schema.json'), 'utf8')) as object,
);
const GOLDEN = path.join(PROJECT_ROOT, 'test', 'unit', 'golden');

function run(name: string) {
  const dir = path.join(PROJECT_ROOT, 'test', 'projects', name);
  const config = fs.existsSync(path.join(dir, '.sls-lint.yml')) ? { configFile: '.sls-lint.yml' } : { noConfig: true };
  return lint({ cwd: dir, srcRoot: dir, ...config, reports: ['permissions'], stage: 'dev' });
}

function golden(file: string, actual: string): void {
  const p = path.join(GOLDEN, file);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(p, actual);
  expect(actual).toBe(fs.readFileSync(p, 'utf8'));
}

describe('--report permissions', () => {
  for (const name of ['iam-app', 'http-api']) {
    it(`${name}: text and JSON equal the golden files, and the JSON follows the schema`, () => {
      const { result } = run(name);
      const report = result.reports!.find((r) => r.name === 'permissions')!;
      const text = formatText(result, { color: false, width: 120 });
      golden(`permissions-${name}.txt`, text.slice(text.indexOf('permissions report')));
      golden(`permissions-${name}.json`, JSON.stringify(report.data, null, 2) + '\n');
      const doc = JSON.parse(formatJson(result)) as object;
      expect((doc as Record<string, unknown>).permissions).toEqual(report.data);
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  it('derives a policy for every function whose code it reads, and says why where it does not', () => {
    const data = run('iam-app').result.reports!.find((r) => r.name === 'permissions')!.data as PermissionsReportData;
    const fns = data.apps.flatMap((a) => a.functions);
    expect(fns.length).toBeGreaterThan(5);
    for (const f of fns) {
      const called = new Set(f.calls.flatMap((c) => [...c.actions, ...c.optional]));
      // every action called is in the policy or in the part to fill in
      expect(new Set([...f.statements.flatMap((s) => s.Action), ...f.fillIn.map((x) => x.action)])).toEqual(called);
      for (const x of f.fillIn) expect(x.why.length, x.action).toBeGreaterThan(0);
      // `*` only for actions that take no resource, or whose resources are optional and of a service the model does not read
      for (const s of f.statements)
        if (s.Resource.includes('*'))
          for (const a of s.Action)
            expect(
              isWildcardOnlyAction(a) || (!actionInfo(a)!.resourceRequired && !Object.hasOwn(RESOURCE_PROPERTIES, a.split(':')[0]!)),
              a,
            ).toBe(true);
    }
    // the role CreateFunction passes comes with the event: iam:PassRole is to fill in, not granted on `*`
    const provision = fns.find((f) => f.name === 'provisionTenant')!;
    expect(provision.statements.flatMap((s) => s.Action)).not.toContain('iam:PassRole');
    expect(provision.fillIn.find((x) => x.action === 'iam:PassRole')?.condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    });
  });

  it('scopes iam:PassRole to the role the call passes, conditioned on the service, and leaves it to fill in when not known', () => {
    const dir = path.join(PROJECT_ROOT, 'rules', 'iam', 'no-ungranted-call', 'fixtures', 'pass-role');
    const { result } = lint({ cwd: dir, srcRoot: dir, noConfig: true, reports: ['permissions'] });
    const fns = (result.reports!.find((r) => r.name === 'permissions')!.data as PermissionsReportData).apps.flatMap((a) => a.functions);
    const pass = (name: string) => {
      const f = fns.find((x) => x.name === name)!;
      return {
        granted: f.statements.filter((s) => s.Action.includes('iam:PassRole')),
        fillIn: f.fillIn.filter((x) => x.action === 'iam:PassRole'),
      };
    };
    const to = (service: string) => ({ StringEquals: { 'iam:PassedToService': service } });
    // an environment variable set to !GetAtt Role.Arn; a literal ARN; !Ref Role (its name) as an ARN
    expect(pass('provision')).toEqual({
      granted: [{ Effect: 'Allow', Action: ['iam:PassRole'], Resource: ['${WorkerRole.Arn}'], Condition: to('lambda.amazonaws.com') }],
      fillIn: [],
    });
    expect(pass('schedule').granted[0]).toMatchObject({
      Resource: ['arn:aws:iam::123456789012:role/scheduler-target'],
      Condition: to('scheduler.amazonaws.com'),
    });
    expect(pass('flow').granted[0]).toMatchObject({
      Resource: ['arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${FlowRole}'],
      Condition: to('states.amazonaws.com'),
    });
    // UpdateFunctionConfiguration without Role passes none
    expect(
      fns
        .find((x) => x.name === 'flow')!
        .statements.flatMap((s) => s.Action)
        .filter((a) => a === 'iam:PassRole'),
    ).toHaveLength(1);
    // RunTask's task definition roles are not in the input
    expect(pass('task')).toMatchObject({
      granted: [],
      fillIn: [{ condition: to('ecs-tasks.amazonaws.com'), why: [expect.stringMatching(/task definition/)] }],
    });
    expect(renderPolicy(pass('provision').granted, 'serverless')).toEqual([
      'iamRoleStatements:',
      '  - Effect: Allow',
      '    Action:',
      '      - iam:PassRole',
      '    Resource:',
      '      - !GetAtt WorkerRole.Arn',
      '    Condition:',
      '      StringEquals:',
      "        iam:PassedToService: 'lambda.amazonaws.com'",
    ]);
  });

  const projects = fs
    .readdirSync(path.join(PROJECT_ROOT, 'test', 'projects'))
    .filter((n) => fs.statSync(path.join(PROJECT_ROOT, 'test', 'projects', n)).isDirectory())
    .sort();
  const iam = registry.filter((r) => r.meta.id.startsWith('iam/') && !['iam/no-ungranted-call', 'iam/no-unused-grant'].includes(r.meta.id));

  for (const name of projects)
    it(`${name}: the generated policies, put back into each manifest syntax, pass the IAM rules with no finding`, () => {
      const data = run(name).result.reports?.find((r) => r.name === 'permissions')?.data as PermissionsReportData | undefined;
      const fns = (data?.apps ?? []).flatMap((a) => a.functions).filter((f) => f.statements.length);
      // a project of another platform has no AWS function: its report is empty
      if (!fns.length) return expect(data?.apps.flatMap((a) => a.functions).every((f) => !f.statements.length) ?? true).toBe(true);
      for (const syntax of SYNTAXES) {
        const { findings, text } = lintGenerated(fns, syntax);
        expect(findings, text).toEqual([]);
      }
    });

  it('the harness reports what the generated policy must not hold (iam:PassRole and s3:PutObject on *)', () => {
    const data = run('iam-app').result.reports!.find((r) => r.name === 'permissions')!.data as PermissionsReportData;
    const f = data.apps.flatMap((a) => a.functions).find((x) => x.statements.length)!;
    const over = { Effect: 'Allow' as const, Action: ['iam:PassRole', 's3:PutObject'], Resource: ['*'] };
    const bad = {
      ...f,
      statements: [...f.statements, over],
      ...(f.sam ? { sam: { ...f.sam, statements: [...f.sam.statements, over] } } : {}),
    };
    for (const syntax of SYNTAXES) {
      const ids = lintGenerated([bad], syntax).findings.map((d) => d.split(' ')[1]);
      expect(ids, syntax).toEqual(expect.arrayContaining(['iam/no-passrole-star', 'iam/no-resource-wildcard']));
    }
  });

  it('KMS behind SSE-KMS: the report and iam/no-ungranted-call name the same key actions, on the key', () => {
    const dir = path.join(PROJECT_ROOT, 'rules', 'iam', 'no-ungranted-call', 'fixtures', 'sse-kms-serverless');
    const { result } = lint({
      cwd: dir,
      srcRoot: dir,
      noConfig: true,
      reports: ['permissions'],
      only: ['iam/no-ungranted-call'],
      ruleOverrides: { 'iam/no-ungranted-call': 'error' },
    });
    const f = (result.reports!.find((r) => r.name === 'permissions')!.data as PermissionsReportData).apps[0]!.functions[0]!;
    expect(f.statements.filter((s) => s.Action.some((a) => a.startsWith('kms:')))).toEqual([
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: ['${ReportsKey.Arn}'] },
    ]);
    // the read decrypts, the write asks for a data key, the managed upload both; the SSE-S3 and aws/s3 buckets nothing
    expect(
      f.calls.filter((c) => c.actions.some((a) => a.startsWith('kms:'))).map((c) => [c.at, c.actions.filter((a) => a.startsWith('kms:'))]),
    ).toEqual([
      ['src/report.mjs:8', ['kms:Decrypt']],
      ['src/report.mjs:10', ['kms:GenerateDataKey']],
      ['src/report.mjs:13', ['kms:GenerateDataKey', 'kms:Decrypt']],
    ]);
    expect(f.missing).toEqual([
      { action: 'kms:GenerateDataKey', at: 'src/report.mjs:10' },
      { action: 'kms:GenerateDataKey', at: 'src/report.mjs:13' },
    ]);
    expect(result.diagnostics.map((d) => `${d.loc.file}:${d.loc.line}`)).toEqual(f.missing.map((m) => m.at));
  });

  it('SAM: writes a policy template where it grants exactly what the code needs, a Statement where it would grant more', () => {
    const dir = tmpTree({
      'template.yaml': [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Transform: AWS::Serverless-2016-10-31',
        'Globals: { Function: { Runtime: nodejs20.x } }',
        'Resources:',
        '  Topic: { Type: AWS::SNS::Topic }',
        '  Queue: { Type: AWS::SQS::Queue }',
        '  Table: { Type: AWS::DynamoDB::Table }',
        '  Secret: { Type: AWS::SecretsManager::Secret }',
        '  Key: { Type: AWS::KMS::Key }',
        '  Machine: { Type: AWS::StepFunctions::StateMachine }',
        '  Worker: { Type: AWS::Serverless::Function, Properties: { Handler: worker.handler, InlineCode: "x" } }',
        '  Fits:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Handler: fits.handler',
        '      Environment: { Variables: { TOPIC: !Ref Topic, QUEUE: !Ref Queue, SECRET: !Ref Secret, KEY: !Ref Key, MACHINE: !Ref Machine } }',
        '  Over:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Handler: over.handler',
        '      Environment: { Variables: { TABLE: !Ref Table, WORKER: !Ref Worker, QUEUE_ARN: !GetAtt Queue.Arn } }',
        '',
      ].join('\n'),
      'fits.mjs': [
        "import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';",
        "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
        "import { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';",
        "import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';",
        "import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';",
        'const sns = new SNSClient({});',
        'const sqs = new SQSClient({});',
        'const kms = new KMSClient({});',
        'const sfn = new SFNClient({});',
        'const sm = new SecretsManagerClient({});',
        'export const handler = async () => {',
        "  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: 'x' }));",
        "  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE, MessageBody: 'x' }));",
        '  await kms.send(new DecryptCommand({ KeyId: process.env.KEY, CiphertextBlob: new Uint8Array() }));',
        '  await sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.MACHINE }));',
        '  await sm.send(new GetSecretValueCommand({ SecretId: process.env.SECRET }));',
        '};',
        '',
      ].join('\n'),
      'over.mjs': [
        "import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';",
        "import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';",
        "import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';",
        'const ddb = new DynamoDBClient({});',
        'const lambda = new LambdaClient({});',
        'const sqs = new SQSClient({});',
        'export const handler = async () => {',
        '  await ddb.send(new GetItemCommand({ TableName: process.env.TABLE, Key: {} }));',
        '  await ddb.send(new PutItemCommand({ TableName: process.env.TABLE, Item: {} }));',
        '  await lambda.send(new InvokeCommand({ FunctionName: process.env.WORKER }));',
        "  const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs';",
        '  await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));',
        "  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: 'h' }));",
        '};',
        '',
      ].join('\n'),
    });
    const { result } = lint({ cwd: dir, srcRoot: dir, noConfig: true, reports: ['permissions'] });
    const fns = (result.reports!.find((r) => r.name === 'permissions')!.data as PermissionsReportData).apps.flatMap((a) => a.functions);
    const policy = (name: string) => fns.find((f) => f.name === name)!.policy;
    // SNSPublishMessagePolicy is sns:Publish on the topic; SQSSendMessagePolicy's sqs:SendMessage* is
    // sqs:SendMessage (SendMessageBatch is authorized by it); the secret's template takes its ARN, the
    // key's its id (`!Ref`), the state machine's its name
    expect(policy('Fits')).toEqual([
      'Policies:',
      '  - AWSSecretsManagerGetSecretValuePolicy: { SecretArn: !Ref Secret }',
      '  - KMSDecryptPolicy: { KeyId: !Ref Key }',
      '  - SNSPublishMessagePolicy: { TopicName: !GetAtt Topic.TopicName }',
      '  - SQSSendMessagePolicy: { QueueName: !GetAtt Queue.QueueName }',
      '  - StepFunctionsExecutionPolicy: { StateMachineName: !GetAtt Machine.Name }',
    ]);
    // DynamoDBCrudPolicy grants DeleteItem, Scan… the code does not call; LambdaInvokePolicy grants
    // `function:${FunctionName}*` (every function whose name starts so); SQSPollerPolicy grants
    // GetQueueAttributes and ChangeMessageVisibility: each stays a Statement
    expect(policy('Over')).toEqual([
      'Policies:',
      '  - Statement:',
      '      - Effect: Allow',
      '        Action:',
      '          - dynamodb:GetItem',
      '          - dynamodb:PutItem',
      '        Resource:',
      "          - !Sub 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}'",
      '      - Effect: Allow',
      '        Action:',
      '          - lambda:InvokeFunction',
      '        Resource:',
      "          - !Sub '${Worker.Arn}'",
      '      - Effect: Allow',
      '        Action:',
      '          - sqs:DeleteMessage',
      '          - sqs:ReceiveMessage',
      '        Resource:',
      "          - 'arn:aws:sqs:eu-west-1:123456789012:jobs'",
    ]);
    // the policy with templates passes the IAM rules, as the statements do
    const seen = fns.filter((f) => f.statements.length);
    expect(lintGenerated(seen, 'sam').findings).toEqual([]);
    // pasted into the template, it grants every call and nothing unused
    const file = path.join(dir, 'template.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const paste = (name: string) => policy(name).map((l) => `      ${l}`);
    fs.writeFileSync(
      file,
      text
        .replace('      Handler: fits.handler\n', `      Handler: fits.handler\n${paste('Fits').join('\n')}\n`)
        .replace('      Handler: over.handler\n', `      Handler: over.handler\n${paste('Over').join('\n')}\n`),
    );
    const again = lint({ cwd: dir, srcRoot: dir, noConfig: true, only: ['iam/no-ungranted-call', 'iam/no-unused-grant'] }).result;
    expect(again.diagnostics.map((d) => `${d.ruleId} ${d.loc.line}: ${d.message}`)).toEqual([]);
    expect(again.notices.filter((n) => n.level !== 'note')).toEqual([]);
  });

  /** The IAM rules' findings on the manifest `generated` writes, one line each, and its text. */
  function lintGenerated(fns: PermissionsReportData['apps'][number]['functions'], syntax: (typeof SYNTAXES)[number]) {
    const files = generated(fns, syntax);
    const dir = tmpTree(files);
    const { result } = lint({
      cwd: dir,
      noConfig: true,
      only: iam.map((r) => r.meta.id),
      ruleOverrides: Object.fromEntries(iam.map((r) => [r.meta.id, 'error' as const])),
    });
    expect(result.notices.filter((n) => n.level === 'error')).toEqual([]);
    return { findings: result.diagnostics.map((d) => `${syntax} ${d.ruleId} ${d.loc.line}: ${d.message}`), text: Object.values(files)[0]! };
  }
});

const SYNTAXES = ['serverless', 'sam', 'cloudformation-yaml'] as const;

/** A manifest granting each function the policy the report wrote for it, in the given syntax. */
function generated(fns: PermissionsReportData['apps'][number]['functions'], syntax: (typeof SYNTAXES)[number]): Record<string, string> {
  const ids = fns.map((f, i) => `F${i}`);
  // the resources the policies name (`!GetAtt Orders.Arn`), declared so the references resolve
  const refs = [
    ...new Set(
      fns.flatMap((f) =>
        [...f.statements.flatMap((s) => s.Resource), ...(f.sam?.templates.flatMap((t) => Object.values(t.parameters)) ?? [])].flatMap((r) =>
          [...r.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z.]+)?\}/g)].map((m) => m[1]!),
        ),
      ),
    ),
  ].sort();
  const resources = refs.flatMap((r) => [`    ${r}:`, '      Type: AWS::SNS::Topic']);
  const h = { 'h.js': 'exports.handler = async () => {};\n' };
  if (syntax === 'serverless')
    return {
      'serverless.yml': [
        'service: generated',
        'plugins: [serverless-iam-roles-per-function]',
        'provider: { name: aws, runtime: nodejs20.x, region: eu-west-1 }',
        'functions:',
        ...fns.flatMap((f) => [
          `  ${f.name}:`,
          '    handler: h.handler',
          ...renderPolicy(f.statements, 'serverless').map((l) => `    ${l}`),
        ]),
        ...(resources.length ? ['resources:', '  Resources:', ...resources] : []),
        '',
      ].join('\n'),
      ...h,
    };
  if (syntax === 'sam')
    return {
      'template.yaml': [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        ...fns.flatMap((f, i) => [
          `  ${ids[i]}:`,
          '    Type: AWS::Serverless::Function',
          '    Properties:',
          '      Runtime: nodejs20.x',
          '      Handler: h.handler',
          ...(f.sam ? renderPolicy(f.sam.statements, 'sam', f.sam.templates) : renderPolicy(f.statements, 'sam')).map((l) => `      ${l}`),
        ]),
        ...resources.map((l) => l.slice(2)),
        '',
      ].join('\n'),
      ...h,
    };
  return {
    'template.yaml': [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      ...fns.flatMap((f, i) => [
        `  ${ids[i]}Role:`,
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }',
        '      Policies:',
        '        - PolicyName: least-privilege',
        '          PolicyDocument:',
        ...renderPolicy(f.statements, 'cloudformation-yaml').map((l) => `            ${l}`),
        `  ${ids[i]}:`,
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        '      Handler: h.handler',
        `      Role: !GetAtt ${ids[i]}Role.Arn`,
        "      Code: { ZipFile: 'exports.handler = async () => {};' }",
      ]),
      ...resources.map((l) => l.slice(2)),
      '',
    ].join('\n'),
    ...h,
  };
}

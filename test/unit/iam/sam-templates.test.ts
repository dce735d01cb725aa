import { describe, expect, it } from 'vitest';
import type { Loc, Node } from '../../../src/core/types.js';
import {
  expandSamPolicyTemplate,
  samPolicyTemplateNames,
  samPolicyTemplateParameters,
} from '../../../src/knowledge/aws/iam/sam-templates.js';
import { expandActionPattern, isKnownAction } from '../../../src/knowledge/aws/iam/actions.js';
import { statementsFromDocument } from '../../../src/platforms/aws/iam.js';
import type { App } from '../../../src/model/types.js';

const AT: Loc = { file: 'template.yaml', line: 12, column: 11, endLine: 12, endColumn: 29 };
const P: Loc = { file: 'template.yaml', line: 13, column: 24, endLine: 13, endColumn: 31 };

const lit = (value: string | number | boolean | null): Node => ({ kind: 'scalar', value, loc: P });
const params = (o: Record<string, Node>): Node => ({
  kind: 'map',
  loc: P,
  entries: Object.entries(o).map(([key, value]) => ({ key, keyLoc: P, value })),
});
/** `!Ref X` as the YAML parser produces it */
const ref = (name: string): Node => params({ Ref: lit(name) });

/** A plain view of the expansion: literals as values, refs as {ref}. */
function plain(n: Node): unknown {
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'ref':
      return { ref: n.text };
    case 'seq':
      return n.items.map(plain);
    case 'map':
      return Object.fromEntries(n.entries.map((e) => [e.key, plain(e.value)]));
  }
}

/** Every node and map key of the expansion, for the location check. */
function locs(n: Node, out: Loc[] = []): Loc[] {
  out.push(n.loc);
  if (n.kind === 'seq') n.items.forEach((i) => locs(i, out));
  if (n.kind === 'map') for (const e of n.entries) (out.push(e.keyLoc), locs(e.value, out));
  return out;
}

function expand(name: string, p: Node | null): unknown {
  const r = expandSamPolicyTemplate(name, p, AT);
  expect(r).not.toBeNull();
  for (const l of r!.flatMap((s) => locs(s))) expect(l).toBe(AT);
  return r!.map(plain);
}

const A = 'arn:${AWS::Partition}';
const RA = '${AWS::Region}:${AWS::AccountId}';

describe('expandSamPolicyTemplate', () => {
  it('returns null for unknown names (case-sensitive, as SAM)', () => {
    expect(expandSamPolicyTemplate('NoSuchPolicy', null, AT)).toBeNull();
    expect(expandSamPolicyTemplate('dynamodbcrudpolicy', params({ TableName: lit('t') }), AT)).toBeNull();
    expect(expandSamPolicyTemplate('toString', null, AT)).toBeNull();
    expect(expandSamPolicyTemplate('__proto__', null, AT)).toBeNull();
  });

  it('DynamoDBCrudPolicy with a literal table name', () => {
    expect(expand('DynamoDBCrudPolicy', params({ TableName: lit('orders') }))).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'dynamodb:GetItem',
          'dynamodb:DeleteItem',
          'dynamodb:PutItem',
          'dynamodb:Scan',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:BatchGetItem',
          'dynamodb:DescribeTable',
          'dynamodb:ConditionCheckItem',
        ],
        Resource: [`${A}:dynamodb:${RA}:table/orders`, `${A}:dynamodb:${RA}:table/orders/index/*`],
      },
    ]);
  });

  it('DynamoDBCrudPolicy with !Ref makes ref resources', () => {
    expect(expand('DynamoDBCrudPolicy', params({ TableName: ref('OrdersTable') }))).toEqual([
      expect.objectContaining({
        Resource: [{ ref: `${A}:dynamodb:${RA}:table/\${TableName}` }, { ref: `${A}:dynamodb:${RA}:table/\${TableName}/index/*` }],
      }),
    ]);
  });

  it('a missing, null or unresolved parameter is a ref, never a guess', () => {
    const expected = [
      { Effect: 'Allow', Action: ['dynamodb:UpdateTable'], Resource: [{ ref: `${A}:dynamodb:${RA}:table/\${TableName}` }] },
    ];
    expect(expand('DynamoDBReconfigurePolicy', null)).toEqual(expected);
    expect(expand('DynamoDBReconfigurePolicy', params({}))).toEqual(expected);
    expect(expand('DynamoDBReconfigurePolicy', params({ TableName: lit(null) }))).toEqual(expected);
    expect(expand('DynamoDBReconfigurePolicy', params({ tablename: lit('t') }))).toEqual(expected);
    expect(expand('DynamoDBReconfigurePolicy', { kind: 'ref', text: '${self:custom.x}', loc: P })).toEqual(expected);
    expect(expand('DynamoDBReconfigurePolicy', params({ TableName: { kind: 'ref', text: '${ssm:/table}', loc: P } }))).toEqual(expected);
  });

  it('DynamoDBReadPolicy, DynamoDBWritePolicy', () => {
    expect(expand('DynamoDBReadPolicy', params({ TableName: lit('t') }))).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable'],
        Resource: [`${A}:dynamodb:${RA}:table/t`, `${A}:dynamodb:${RA}:table/t/index/*`],
      },
    ]);
    expect(expand('DynamoDBWritePolicy', params({ TableName: lit('t') }))).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
        Resource: [`${A}:dynamodb:${RA}:table/t`, `${A}:dynamodb:${RA}:table/t/index/*`],
      },
    ]);
  });

  it('DynamoDBStreamReadPolicy: one literal and one ref parameter in the same resource', () => {
    expect(expand('DynamoDBStreamReadPolicy', params({ TableName: lit('t'), StreamName: ref('S') }))).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        Resource: [{ ref: `${A}:dynamodb:${RA}:table/t/stream/\${StreamName}` }],
      },
      { Effect: 'Allow', Action: ['dynamodb:ListStreams'], Resource: [`${A}:dynamodb:${RA}:table/t/stream/*`] },
    ]);
  });

  it('DynamoDBBackupFullAccessPolicy and DynamoDBRestoreFromBackupPolicy', () => {
    expect(expand('DynamoDBBackupFullAccessPolicy', params({ TableName: lit('t') }))).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:CreateBackup', 'dynamodb:DescribeContinuousBackups'],
        Resource: [`${A}:dynamodb:${RA}:table/t`],
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:DeleteBackup', 'dynamodb:DescribeBackup', 'dynamodb:ListBackups'],
        Resource: [`${A}:dynamodb:${RA}:table/t/backup/*`],
      },
    ]);
    const restore = expand('DynamoDBRestoreFromBackupPolicy', params({ TableName: lit('t') })) as { Action: string[] }[];
    expect(restore.map((s) => s.Action[0])).toEqual(['dynamodb:RestoreTableFromBackup', 'dynamodb:PutItem']);
  });

  it('S3ReadPolicy, S3WritePolicy, S3CrudPolicy', () => {
    const res = ['arn:${AWS::Partition}:s3:::uploads', 'arn:${AWS::Partition}:s3:::uploads/*'];
    expect(expand('S3ReadPolicy', params({ BucketName: lit('uploads') }))).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'],
        Resource: res,
      },
    ]);
    expect(expand('S3WritePolicy', params({ BucketName: lit('uploads') }))).toEqual([
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'], Resource: res },
    ]);
    const crud = expand('S3CrudPolicy', params({ BucketName: ref('Bucket') })) as { Action: string[]; Resource: unknown[] }[];
    expect(crud).toHaveLength(1);
    expect(crud[0]!.Action).toHaveLength(9);
    expect(crud[0]!.Action).toContain('s3:DeleteObject');
    expect(crud[0]!.Resource).toEqual([
      { ref: 'arn:${AWS::Partition}:s3:::${BucketName}' },
      { ref: 'arn:${AWS::Partition}:s3:::${BucketName}/*' },
    ]);
  });

  it('S3FullAccessPolicy splits object and bucket statements', () => {
    const s = expand('S3FullAccessPolicy', params({ BucketName: lit('b') })) as { Action: string[]; Resource: unknown[] }[];
    expect(s.map((x) => x.Resource)).toEqual([['arn:${AWS::Partition}:s3:::b/*'], ['arn:${AWS::Partition}:s3:::b']]);
    expect(s[0]!.Action).toHaveLength(12);
    expect(s[1]!.Action).toEqual(['s3:ListBucket', 's3:GetBucketLocation', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration']);
  });

  it("SQSPollerPolicy and SQSSendMessagePolicy (keeps SAM's wildcard action)", () => {
    expect(expand('SQSPollerPolicy', params({ QueueName: lit('jobs') }))).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'sqs:ChangeMessageVisibility',
          'sqs:ChangeMessageVisibilityBatch',
          'sqs:DeleteMessage',
          'sqs:DeleteMessageBatch',
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
        ],
        Resource: [`${A}:sqs:${RA}:jobs`],
      },
    ]);
    expect(
      expand(
        'SQSSendMessagePolicy',
        params({ QueueName: { kind: 'map', loc: P, entries: [{ key: 'Fn::GetAtt', keyLoc: P, value: lit('Q.QueueName') }] } }),
      ),
    ).toEqual([{ Effect: 'Allow', Action: ['sqs:SendMessage*'], Resource: [{ ref: `${A}:sqs:${RA}:\${QueueName}` }] }]);
  });

  it('SNSPublishMessagePolicy and SNSCrudPolicy', () => {
    expect(expand('SNSPublishMessagePolicy', params({ TopicName: lit('alerts') }))).toEqual([
      { Effect: 'Allow', Action: ['sns:Publish'], Resource: [`${A}:sns:${RA}:alerts`] },
    ]);
    expect(expand('SNSCrudPolicy', params({ TopicName: lit('alerts') }))).toEqual([
      {
        Effect: 'Allow',
        Action: ['sns:ListSubscriptionsByTopic', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:Publish'],
        Resource: [`${A}:sns:${RA}:alerts*`],
      },
    ]);
  });

  it('LambdaInvokePolicy, StepFunctionsExecutionPolicy, EventBridgePutEventsPolicy', () => {
    expect(expand('LambdaInvokePolicy', params({ FunctionName: lit('worker') }))).toEqual([
      { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [`${A}:lambda:${RA}:function:worker*`] },
    ]);
    expect(expand('StepFunctionsExecutionPolicy', params({ StateMachineName: lit('flow') }))).toEqual([
      { Effect: 'Allow', Action: ['states:StartExecution'], Resource: [`${A}:states:${RA}:stateMachine:flow`] },
    ]);
    expect(expand('EventBridgePutEventsPolicy', params({ EventBusName: lit('default') }))).toEqual([
      { Effect: 'Allow', Action: ['events:PutEvents'], Resource: [`${A}:events:${RA}:event-bus/default`] },
    ]);
  });

  it('KMSDecryptPolicy with a numeric-looking literal and KMSEncryptPolicy with a ref', () => {
    expect(expand('KMSDecryptPolicy', params({ KeyId: lit('1234abcd-12ab-34cd-56ef-1234567890ab') }))).toEqual([
      { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [`${A}:kms:${RA}:key/1234abcd-12ab-34cd-56ef-1234567890ab`] },
    ]);
    expect(expand('KMSEncryptPolicy', params({ KeyId: ref('Key') }))).toEqual([
      { Effect: 'Allow', Action: ['kms:Encrypt'], Resource: [{ ref: `${A}:kms:${RA}:key/\${KeyId}` }] },
    ]);
  });

  it('AWSSecretsManagerGetSecretValuePolicy takes the whole ARN', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf';
    expect(expand('AWSSecretsManagerGetSecretValuePolicy', params({ SecretArn: lit(arn) }))).toEqual([
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [arn] },
    ]);
    expect(expand('AWSSecretsManagerGetSecretValuePolicy', params({ SecretArn: ref('Secret') }))).toEqual([
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [{ ref: '${SecretArn}' }] },
    ]);
  });

  it('AWSSecretsManagerRotationPolicy keeps its condition', () => {
    expect(expand('AWSSecretsManagerRotationPolicy', params({ FunctionName: lit('rotator') }))).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage',
        ],
        Resource: [`${A}:secretsmanager:${RA}:secret:*`],
        Condition: {
          StringEquals: { 'secretsmanager:resource/AllowRotationLambdaArn': `${A}:lambda:${RA}:function:rotator` },
        },
      },
      { Effect: 'Allow', Action: ['secretsmanager:GetRandomPassword'], Resource: ['*'] },
    ]);
  });

  it('EFSWriteAccessPolicy: ref condition, literal resource', () => {
    expect(expand('EFSWriteAccessPolicy', params({ FileSystem: lit('fs-123'), AccessPoint: ref('AP') }))).toEqual([
      {
        Effect: 'Allow',
        Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        Resource: [`${A}:elasticfilesystem:${RA}:file-system/fs-123`],
        Condition: {
          StringEquals: { 'elasticfilesystem:AccessPointArn': { ref: `${A}:elasticfilesystem:${RA}:access-point/\${AccessPoint}` } },
        },
      },
    ]);
  });

  it('SSMParameterReadPolicy and the slash-prefix variant', () => {
    expect(expand('SSMParameterReadPolicy', params({ ParameterName: lit('app/db') }))).toEqual([
      { Effect: 'Allow', Action: ['ssm:DescribeParameters'], Resource: ['*'] },
      {
        Effect: 'Allow',
        Action: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'],
        Resource: [`${A}:ssm:${RA}:parameter/app/db`],
      },
    ]);
    const slash = expand('SSMParameterWithSlashPrefixReadPolicy', params({ ParameterName: lit('/app/db') })) as { Resource: unknown[] }[];
    expect(slash[1]!.Resource).toEqual([`${A}:ssm:${RA}:parameter/app/db`]);
  });

  it('templates that really grant on * keep the literal *', () => {
    expect(expand('EC2DescribePolicy', null)).toEqual([
      { Effect: 'Allow', Action: ['ec2:DescribeRegions', 'ec2:DescribeInstances'], Resource: ['*'] },
    ]);
    expect(expand('VPCAccessPolicy', params({}))).toEqual([
      {
        Effect: 'Allow',
        Action: ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DetachNetworkInterface'],
        Resource: ['*'],
      },
    ]);
    expect(expand('CloudWatchPutMetricPolicy', null)).toEqual([{ Effect: 'Allow', Action: ['cloudwatch:PutMetricData'], Resource: ['*'] }]);
    expect(expand('TextractPolicy', null)).toEqual([{ Effect: 'Allow', Action: ['textract:*'], Resource: ['*'] }]);
  });

  it('parameterless templates with pseudo parameters only are literal', () => {
    expect(expand('CloudFormationDescribeStacksPolicy', null)).toEqual([
      { Effect: 'Allow', Action: ['cloudformation:DescribeStacks'], Resource: [`${A}:cloudformation:${RA}:stack/*`] },
    ]);
    expect(expand('ServerlessRepoReadWriteAccessPolicy', null)).toEqual([
      expect.objectContaining({ Resource: [`${A}:serverlessrepo:${RA}:applications/*`] }),
    ]);
  });

  it('Route53, FilterLogEvents, Athena, Kinesis read', () => {
    expect(expand('Route53ChangeResourceRecordSetsPolicy', params({ HostedZoneId: lit('Z123') }))).toEqual([
      { Effect: 'Allow', Action: ['route53:ChangeResourceRecordSets'], Resource: ['arn:${AWS::Partition}:route53:::hostedzone/Z123'] },
    ]);
    expect(expand('FilterLogEventsPolicy', params({ LogGroupName: lit('/aws/lambda/x') }))).toEqual([
      { Effect: 'Allow', Action: ['logs:FilterLogEvents'], Resource: [`${A}:logs:${RA}:log-group:/aws/lambda/x:log-stream:*`] },
    ]);
    const athena = expand('AthenaQueryPolicy', params({ WorkGroupName: lit('primary') })) as { Action: string[]; Resource: unknown[] }[];
    expect(athena.map((s) => s.Resource)).toEqual([['*'], [`${A}:athena:${RA}:workgroup/primary`]]);
    expect(athena.map((s) => s.Action.length)).toEqual([8, 13]);
    expect(expand('KinesisStreamReadPolicy', params({ StreamName: lit('clicks') }))).toEqual([
      { Effect: 'Allow', Action: ['kinesis:ListStreams', 'kinesis:DescribeLimits'], Resource: [`${A}:kinesis:${RA}:stream/*`] },
      {
        Effect: 'Allow',
        Action: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator'],
        Resource: [`${A}:kinesis:${RA}:stream/clicks`],
      },
    ]);
  });

  it('SESBulkTemplatedCrudPolicy_v2 mixes a literal and a ref parameter across resources', () => {
    expect(expand('SESBulkTemplatedCrudPolicy_v2', params({ IdentityName: lit('example.com'), TemplateName: ref('T') }))).toEqual([
      {
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail', 'ses:SendTemplatedEmail', 'ses:SendBulkTemplatedEmail'],
        Resource: [`${A}:ses:${RA}:identity/example.com`, { ref: `${A}:ses:${RA}:template/\${TemplateName}` }],
      },
      { Effect: 'Allow', Action: ['ses:GetIdentityVerificationAttributes', 'ses:VerifyEmailIdentity'], Resource: ['*'] },
    ]);
  });

  it('a literal wildcard parameter stays a literal (rules see the wildcard)', () => {
    expect(expand('DynamoDBReconfigurePolicy', params({ TableName: lit('*') }))).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:UpdateTable'], Resource: [`${A}:dynamodb:${RA}:table/*`] },
    ]);
    expect(expand('EC2CopyImagePolicy', params({ ImageId: lit(42) }))).toEqual([
      { Effect: 'Allow', Action: ['ec2:CopyImage'], Resource: [`${A}:ec2:${RA}:image/42`] },
    ]);
  });

  it('expansions read back through statementsFromDocument', () => {
    const nodes = expandSamPolicyTemplate('SNSPublishMessagePolicy', params({ TopicName: ref('Topic') }), AT)!;
    const [s] = statementsFromDocument({ kind: 'seq', items: nodes, loc: AT }, { kind: 'sam-template' }, {} as App, ['fn']);
    expect(s!.effect).toEqual({ kind: 'literal', value: 'Allow', loc: AT });
    expect(s!.actions).toEqual([{ kind: 'literal', value: 'sns:Publish', loc: AT }]);
    expect(s!.resources).toEqual([{ kind: 'ref', text: `${A}:sns:${RA}:\${TopicName}`, loc: AT }]);
    expect(s!.condition).toBeNull();
  });
});

/** SQS batch APIs SAM lists although IAM authorizes them through the single-message actions. */
const SAM_NON_IAM_ACTIONS = new Set(['sqs:ChangeMessageVisibilityBatch', 'sqs:DeleteMessageBatch']);

describe('the template table', () => {
  const names = samPolicyTemplateNames();

  it('holds all SAM policy templates, sorted', () => {
    expect(names).toHaveLength(81);
    expect(names).toEqual([...names].sort());
    for (const n of [
      'DynamoDBCrudPolicy',
      'S3ReadPolicy',
      'SQSPollerPolicy',
      'VPCAccessPolicy',
      'AWSSecretsManagerRotationPolicy',
      'TextractPolicy',
      'ElasticMapReduceTerminateJobFlowsPolicy',
    ]) {
      expect(names).toContain(n);
    }
  });

  it('lists parameters', () => {
    expect(samPolicyTemplateParameters('DynamoDBStreamReadPolicy')).toEqual(['TableName', 'StreamName']);
    expect(samPolicyTemplateParameters('EC2DescribePolicy')).toEqual([]);
    expect(samPolicyTemplateParameters('Nope')).toBeNull();
  });

  it('every template expands, grants only real actions, and uses only its declared parameters', () => {
    for (const name of names) {
      const declared = samPolicyTemplateParameters(name)!;
      const p = params(Object.fromEntries(declared.map((d) => [d, lit(`v-${d}`)])));
      const statements = expandSamPolicyTemplate(name, p, AT)!;
      expect(statements.length, name).toBeGreaterThan(0);
      for (const s of statements) {
        const v = plain(s) as { Effect: string; Action: string[]; Resource: unknown[] };
        expect(v.Effect).toBe('Allow');
        for (const a of v.Action) {
          const ok = a.includes('*') ? expandActionPattern(a).length > 0 : isKnownAction(a) || SAM_NON_IAM_ACTIONS.has(a);
          expect(ok, `${name}: ${a}`).toBe(true);
        }
        // all parameters literal → every resource literal, no placeholder left but pseudo parameters
        for (const r of v.Resource) {
          expect(typeof r, `${name}`).toBe('string');
          expect((r as string).replace(/\$\{AWS::(Partition|Region|AccountId)\}/g, ''), name).not.toContain('${');
        }
      }
    }
  });
});

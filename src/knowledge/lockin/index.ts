/**
 * What ties serverless code to its provider, as data: provider SDK packages and the service each
 * one talks to, manifest resource types and event sources by service, the provider's event types
 * and shapes, the Lambda `context` API, and the clients whose region is fixed by the service.
 */

export { CLASS_PENALTY, SERVICES, type PortabilityClass, type ServiceInfo } from './services.js';

/** `table[key]` for the table's own keys only: a name from scanned code (`constructor`, `__proto__`) is not a key. */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Package name prefixes of provider SDKs (a name equal to one, or under it when it ends in `/`). */
export const PROVIDER_SDK_PREFIXES: readonly string[] = [
  '@aws-sdk/',
  'aws-sdk',
  '@aws-lambda-powertools/',
  'aws-xray-sdk',
  'aws-xray-sdk-core',
  '@azure/',
  '@google-cloud/',
  'firebase-admin',
  'firebase-functions',
  '@vercel/',
  '@netlify/',
];

/** Whether an import specifier is a provider SDK (`@aws-sdk/client-s3`, `aws-sdk/clients/sqs`, `firebase-admin/firestore`). */
export function isProviderSdk(specifier: string): boolean {
  return PROVIDER_SDK_PREFIXES.some((p) => (p.endsWith('/') ? specifier.startsWith(p) : specifier === p || specifier.startsWith(`${p}/`)));
}

/** AWS SDK v3 client package suffixes (`@aws-sdk/client-<x>`, `@aws-sdk/lib-<x>`) → service id. */
const AWS_CLIENTS: Readonly<Record<string, string>> = {
  s3: 's3',
  'lib-storage': 's3',
  's3-request-presigner': 's3',
  's3-presigned-post': 's3',
  dynamodb: 'dynamodb',
  'lib-dynamodb': 'dynamodb',
  'util-dynamodb': 'dynamodb',
  'dynamodb-streams': 'dynamodb',
  sqs: 'sqs',
  sns: 'sns',
  kinesis: 'kinesis',
  firehose: 'firehose',
  eventbridge: 'eventbridge',
  'cloudwatch-events': 'eventbridge',
  pipes: 'pipes',
  scheduler: 'scheduler',
  sfn: 'sfn',
  lambda: 'lambda',
  'cognito-identity-provider': 'cognito',
  'cognito-identity': 'cognito',
  'secrets-manager': 'secrets-manager',
  ssm: 'ssm',
  kms: 'kms',
  sts: 'sts',
  ses: 'ses',
  sesv2: 'ses',
  'rds-data': 'rds-data',
  rds: 'rds',
  'rds-signer': 'rds',
  athena: 'athena',
  glue: 'glue',
  'timestream-write': 'timestream',
  'timestream-query': 'timestream',
  'iot-data-plane': 'iot',
  iot: 'iot',
  cloudwatch: 'cloudwatch',
  'cloudwatch-logs': 'logs',
  xray: 'xray',
  apigatewaymanagementapi: 'apigateway',
  'api-gateway': 'apigateway',
  apigatewayv2: 'apigateway',
  appsync: 'appsync',
  cloudfront: 'cloudfront',
  opensearch: 'opensearch',
  elasticache: 'elasticache',
  kafka: 'kafka',
  mq: 'mq',
};

/** AWS SDK v2 class names (`new AWS.DynamoDB.DocumentClient()`, `aws-sdk/clients/sqs`) → service id. */
export const AWS_V2_CLASSES: Readonly<Record<string, string>> = {
  S3: 's3',
  DynamoDB: 'dynamodb',
  DynamoDBStreams: 'dynamodb',
  SQS: 'sqs',
  SNS: 'sns',
  Kinesis: 'kinesis',
  Firehose: 'firehose',
  EventBridge: 'eventbridge',
  CloudWatchEvents: 'eventbridge',
  StepFunctions: 'sfn',
  Lambda: 'lambda',
  CognitoIdentityServiceProvider: 'cognito',
  CognitoIdentity: 'cognito',
  SecretsManager: 'secrets-manager',
  SSM: 'ssm',
  KMS: 'kms',
  STS: 'sts',
  SES: 'ses',
  RDSDataService: 'rds-data',
  Athena: 'athena',
  Glue: 'glue',
  IotData: 'iot',
  CloudWatch: 'cloudwatch',
  CloudWatchLogs: 'logs',
  XRay: 'xray',
  ApiGatewayManagementApi: 'apigateway',
  CloudFront: 'cloudfront',
};

/** The service an SDK import talks to, when the package says so; undefined for umbrella packages (`aws-sdk`, `@azure/identity`). */
export function sdkService(specifier: string): string | undefined {
  const aws = /^@aws-sdk\/(?:client-|lib-)?(.+)$/.exec(specifier);
  if (aws) return ownValue(AWS_CLIENTS, aws[1]!) ?? ownValue(AWS_CLIENTS, specifier.slice('@aws-sdk/'.length));
  const v2 = /^aws-sdk\/clients\/([a-z0-9]+)$/.exec(specifier);
  if (v2) return Object.entries(AWS_V2_CLASSES).find(([k]) => k.toLowerCase() === v2[1])?.[1];
  if (specifier.startsWith('@aws-lambda-powertools/')) return 'powertools';
  if (specifier.startsWith('aws-xray-sdk')) return 'xray';
  if (specifier.startsWith('@azure/storage-')) return 'azure-storage';
  if (specifier === '@azure/cosmos') return 'azure-cosmos';
  if (specifier === '@azure/service-bus') return 'azure-servicebus';
  if (specifier === '@azure/functions') return 'azure-functions';
  if (specifier.startsWith('@azure/')) return undefined;
  if (specifier === '@google-cloud/firestore') return 'firestore';
  if (specifier === '@google-cloud/storage') return 'gcp-storage';
  if (specifier === '@google-cloud/pubsub') return 'pubsub';
  if (specifier.startsWith('firebase-')) return specifier.includes('firestore') ? 'firestore' : 'firebase';
  if (specifier.startsWith('@vercel/')) return 'vercel';
  if (specifier.startsWith('@netlify/')) return 'netlify';
  return undefined;
}

/** CloudFormation resource type prefixes → service id (`AWS::DynamoDB::Table` → dynamodb). */
export const RESOURCE_SERVICES: readonly (readonly [string, string])[] = [
  ['AWS::S3::', 's3'],
  ['AWS::DynamoDB::', 'dynamodb'],
  ['AWS::Serverless::SimpleTable', 'dynamodb'],
  ['AWS::SQS::', 'sqs'],
  ['AWS::SNS::', 'sns'],
  ['AWS::Kinesis::', 'kinesis'],
  ['AWS::KinesisFirehose::', 'firehose'],
  ['AWS::Events::', 'eventbridge'],
  ['AWS::Pipes::', 'pipes'],
  ['AWS::Scheduler::', 'scheduler'],
  ['AWS::StepFunctions::', 'sfn'],
  ['AWS::Serverless::StateMachine', 'sfn'],
  ['AWS::Cognito::', 'cognito'],
  ['AWS::SecretsManager::', 'secrets-manager'],
  ['AWS::SSM::', 'ssm'],
  ['AWS::KMS::', 'kms'],
  ['AWS::RDS::', 'rds'],
  ['AWS::ElastiCache::', 'elasticache'],
  ['AWS::OpenSearchService::', 'opensearch'],
  ['AWS::Elasticsearch::', 'opensearch'],
  ['AWS::Timestream::', 'timestream'],
  ['AWS::Athena::', 'athena'],
  ['AWS::Glue::', 'glue'],
  ['AWS::IoT::', 'iot'],
  ['AWS::AppSync::', 'appsync'],
  ['AWS::ApiGateway::', 'apigateway'],
  ['AWS::ApiGatewayV2::', 'apigateway'],
  ['AWS::Serverless::Api', 'apigateway'],
  ['AWS::Serverless::HttpApi', 'apigateway'],
  ['AWS::SES::', 'ses'],
  ['AWS::CloudFront::', 'cloudfront'],
  ['AWS::MSK::', 'kafka'],
  ['AWS::AmazonMQ::', 'mq'],
];

export function resourceService(type: string): string | undefined {
  return RESOURCE_SERVICES.find(([p]) => type.startsWith(p))?.[1];
}

/** Model event services (`FnEvent.service`) → service id; a `stream` event names its service in its ARN. */
export const EVENT_SERVICES: Readonly<Record<string, string>> = {
  http: 'apigateway',
  httpApi: 'apigateway',
  websocket: 'apigateway',
  sqs: 'sqs',
  sns: 'sns',
  s3: 's3',
  eventBridge: 'eventbridge',
  cloudwatchEvent: 'eventbridge',
  schedule: 'scheduler',
  cloudwatchLog: 'logs',
  iot: 'iot',
  cognito: 'cognito',
};

/** Type names of provider events and contexts (`aws-lambda`, Azure, Google) used in code. */
export const EVENT_TYPE_NAMES: ReadonlySet<string> = new Set([
  'APIGatewayProxyEvent',
  'APIGatewayProxyEventV2',
  'APIGatewayProxyResult',
  'APIGatewayProxyResultV2',
  'APIGatewayProxyHandler',
  'APIGatewayProxyHandlerV2',
  'APIGatewayProxyStructuredResultV2',
  'APIGatewayEvent',
  'APIGatewayRequestAuthorizerEvent',
  'APIGatewayTokenAuthorizerEvent',
  'APIGatewayProxyWebsocketEventV2',
  'ALBEvent',
  'ALBResult',
  'SQSEvent',
  'SQSRecord',
  'SQSHandler',
  'SQSBatchResponse',
  'SNSEvent',
  'SNSMessage',
  'SNSHandler',
  'S3Event',
  'S3EventRecord',
  'S3Handler',
  'DynamoDBStreamEvent',
  'DynamoDBRecord',
  'DynamoDBStreamHandler',
  'KinesisStreamEvent',
  'KinesisStreamRecord',
  'EventBridgeEvent',
  'ScheduledEvent',
  'CloudWatchLogsEvent',
  'CognitoUserPoolTriggerEvent',
  'PreSignUpTriggerEvent',
  'PostConfirmationTriggerEvent',
  'LambdaFunctionURLEvent',
  'Context',
  'Handler',
  'HttpRequest',
  'InvocationContext',
  'HttpResponseInit',
]);

/** Packages whose type names are provider events (`import type { SQSEvent } from 'aws-lambda'`). */
export const EVENT_TYPE_PACKAGES: ReadonlySet<string> = new Set(['aws-lambda', '@types/aws-lambda', '@azure/functions']);

/** Lambda `context` members no other platform has; distinctive enough to be recognised by name alone. */
export const CONTEXT_APIS: ReadonlySet<string> = new Set([
  'getRemainingTimeInMillis',
  'awsRequestId',
  'callbackWaitsForEmptyEventLoop',
  'invokedFunctionArn',
  'logGroupName',
  'logStreamName',
  'memoryLimitInMB',
]);

/**
 * Parts of a provider event that are the provider's shape rather than the caller's payload: the
 * event itself, its records and each record, a record's `s3`/`dynamodb`/`Sns`/`kinesis` envelope (a
 * DynamoDB image and its attribute values are still the marshalled `{ S: … }` format), message
 * attributes, the API Gateway request context and its authorizer and identity objects. `*` is any
 * index or key. Leaves are payload — `event.body`, `record.body`, `Sns.Message`, `s3.object.key`,
 * `NewImage.id.S`, a claim of the authorizer — and passing those on is what a handler should do.
 */
export const PROVIDER_EVENT_PATHS: readonly (readonly string[])[] = [
  [],
  ['Records'],
  ['Records', '*'],
  ['Records', '*', 's3'],
  ['Records', '*', 's3', 'bucket'],
  ['Records', '*', 's3', 'object'],
  ['Records', '*', 'dynamodb'],
  ['Records', '*', 'dynamodb', 'NewImage'],
  ['Records', '*', 'dynamodb', 'OldImage'],
  ['Records', '*', 'dynamodb', 'Keys'],
  ['Records', '*', 'dynamodb', 'NewImage', '*'],
  ['Records', '*', 'dynamodb', 'OldImage', '*'],
  ['Records', '*', 'dynamodb', 'Keys', '*'],
  ['Records', '*', 'Sns'],
  ['Records', '*', 'Sns', 'MessageAttributes'],
  ['Records', '*', 'kinesis'],
  ['Records', '*', 'messageAttributes'],
  ['Records', '*', 'messageAttributes', '*'],
  ['Records', '*', 'attributes'],
  ['requestContext'],
  ['requestContext', 'authorizer'],
  ['requestContext', 'authorizer', 'jwt'],
  ['requestContext', 'identity'],
  ['requestContext', 'http'],
  ['multiValueHeaders'],
  ['multiValueQueryStringParameters'],
];

/** Whether an event path (property names from the event root; `[]` or digits index an array) is provider-shaped. */
export function isProviderShaped(segs: readonly string[]): boolean {
  return PROVIDER_EVENT_PATHS.some((p) => p.length === segs.length && p.every((s, i) => s === '*' || s === segs[i]));
}

/**
 * SDK v3 clients (and v2 classes) whose region is set by the service, not by where the function
 * runs: CloudFront and its certificates (ACM in us-east-1), Lambda@Edge, Route 53, IAM,
 * Organizations, Cost Explorer, Pricing, Shield, WAF for CloudFront, Global Accelerator.
 */
export const FIXED_REGION_CLIENTS: ReadonlySet<string> = new Set([
  'CloudFrontClient',
  'CloudFront',
  'ACMClient',
  'ACM',
  'Route53Client',
  'Route53',
  'Route53DomainsClient',
  'IAMClient',
  'IAM',
  'OrganizationsClient',
  'Organizations',
  'CostExplorerClient',
  'CostExplorer',
  'PricingClient',
  'Pricing',
  'ShieldClient',
  'Shield',
  'WAFV2Client',
  'WAFClient',
  'GlobalAcceleratorClient',
  'BudgetsClient',
  'MarketplaceMeteringClient',
]);

/** AWS region names (`us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`). */
export const REGION_PATTERN =
  /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|us-iso|us-isob)-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d$/;

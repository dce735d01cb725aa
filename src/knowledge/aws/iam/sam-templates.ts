import type { Loc, MapEntry, Node } from '../../../core/types.js';
import { entry, isMap } from '../../../core/node.js';

/**
 * AWS SAM policy templates (`Policies: [{DynamoDBCrudPolicy: {TableName: !Ref Table}}]`), as data.
 *
 * Transcribed from SAM's `samtranslator/policy_templates_data/policy_templates.json` (Apache-2.0),
 * in our own format: each template lists its parameters and its statements; resource strings are
 * `Fn::Sub` templates where `${Param}` is a template parameter and `${AWS::Partition}`,
 * `${AWS::Region}`, `${AWS::AccountId}` are CloudFormation pseudo parameters (left in place: they are
 * not wildcards). Action lists are kept exactly as SAM emits them, including its few duplicates and
 * two names IAM does not define (`sqs:ChangeMessageVisibilityBatch`, `sqs:DeleteMessageBatch`: IAM
 * authorizes those APIs through the single-message actions).
 */

interface TemplateCondition {
  operator: string;
  key: string;
  value: string;
}

interface TemplateStatement {
  actions: string[];
  resources: string[];
  condition?: TemplateCondition;
}

interface SamTemplate {
  parameters: string[];
  statements: TemplateStatement[];
}

/** `arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:<rest>` */
function arn(service: string, rest: string): string {
  return `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${rest}`;
}

/** `service:A`, `service:B`, … */
function svc(service: string, ...names: string[]): string[] {
  return names.map((n) => `${service}:${n}`);
}

/** A template with one statement. */
function one(parameters: string[], actions: string[], resources: string[], condition?: TemplateCondition): SamTemplate {
  return { parameters, statements: [condition ? { actions, resources, condition } : { actions, resources }] };
}

const TABLE = arn('dynamodb', 'table/${TableName}');
const TABLE_INDEXES = arn('dynamodb', 'table/${TableName}/index/*');
const TABLE_BACKUPS = arn('dynamodb', 'table/${TableName}/backup/*');
const BUCKET = 'arn:${AWS::Partition}:s3:::${BucketName}';
const BUCKET_OBJECTS = 'arn:${AWS::Partition}:s3:::${BucketName}/*';
const SES_IDENTITY = arn('ses', 'identity/${IdentityName}');
const COLLECTION = arn('rekognition', 'collection/${CollectionId}');
const EMR_CLUSTER = arn('elasticmapreduce', 'cluster/${ClusterId}');
const STATE_MACHINE = arn('states', 'stateMachine:${StateMachineName}');
const KMS_KEY = arn('kms', 'key/${KeyId}');
const DELIVERY_STREAM = arn('firehose', 'deliverystream/${DeliveryStreamName}');
const KINESIS_STREAM = arn('kinesis', 'stream/${StreamName}');
const SSM_READ = svc('ssm', 'GetParameters', 'GetParameter', 'GetParametersByPath');

const CODECOMMIT_CRUD = svc(
  'codecommit',
  'GitPull',
  'GitPush',
  'CreateBranch',
  'DeleteBranch',
  'GetBranch',
  'ListBranches',
  'MergeBranchesByFastForward',
  'MergeBranchesBySquash',
  'MergeBranchesByThreeWay',
  'UpdateDefaultBranch',
  'BatchDescribeMergeConflicts',
  'CreateUnreferencedMergeCommit',
  'DescribeMergeConflicts',
  'GetMergeCommit',
  'GetMergeOptions',
  'BatchGetPullRequests',
  'CreatePullRequest',
  'DescribePullRequestEvents',
  'GetCommentsForPullRequest',
  'GetCommitsFromMergeBase',
  'GetMergeConflicts',
  'GetPullRequest',
  'ListPullRequests',
  'MergePullRequestByFastForward',
  'MergePullRequestBySquash',
  'MergePullRequestByThreeWay',
  'PostCommentForPullRequest',
  'UpdatePullRequestDescription',
  'UpdatePullRequestStatus',
  'UpdatePullRequestTitle',
  'DeleteFile',
  'GetBlob',
  'GetFile',
  'GetFolder',
  'PutFile',
  'DeleteCommentContent',
  'GetComment',
  'GetCommentsForComparedCommit',
  'PostCommentForComparedCommit',
  'PostCommentReply',
  'UpdateComment',
  'BatchGetCommits',
  'CreateCommit',
  'GetCommit',
  'GetCommitHistory',
  'GetDifferences',
  'GetObjectIdentifier',
  'GetReferences',
  'GetTree',
  'GetRepository',
  'UpdateRepositoryDescription',
  'ListTagsForResource',
  'TagResource',
  'UntagResource',
  'GetRepositoryTriggers',
  'PutRepositoryTriggers',
  'TestRepositoryTriggers',
  'GetBranch',
  'GetCommit',
  'UploadArchive',
  'GetUploadArchiveStatus',
  'CancelUploadArchive',
);

const CODECOMMIT_READ = svc(
  'codecommit',
  'GitPull',
  'GetBranch',
  'ListBranches',
  'BatchDescribeMergeConflicts',
  'DescribeMergeConflicts',
  'GetMergeCommit',
  'GetMergeOptions',
  'BatchGetPullRequests',
  'DescribePullRequestEvents',
  'GetCommentsForPullRequest',
  'GetCommitsFromMergeBase',
  'GetMergeConflicts',
  'GetPullRequest',
  'ListPullRequests',
  'GetBlob',
  'GetFile',
  'GetFolder',
  'GetComment',
  'GetCommentsForComparedCommit',
  'BatchGetCommits',
  'GetCommit',
  'GetCommitHistory',
  'GetDifferences',
  'GetObjectIdentifier',
  'GetReferences',
  'GetTree',
  'GetRepository',
  'ListTagsForResource',
  'GetRepositoryTriggers',
  'TestRepositoryTriggers',
  'GetBranch',
  'GetCommit',
  'GetUploadArchiveStatus',
);

const TEMPLATES: Record<string, SamTemplate> = {
  AMIDescribePolicy: one([], svc('ec2', 'DescribeImages'), ['*']),
  AWSSecretsManagerGetSecretValuePolicy: one(['SecretArn'], svc('secretsmanager', 'GetSecretValue'), ['${SecretArn}']),
  AWSSecretsManagerRotationPolicy: {
    parameters: ['FunctionName'],
    statements: [
      {
        actions: svc('secretsmanager', 'DescribeSecret', 'GetSecretValue', 'PutSecretValue', 'UpdateSecretVersionStage'),
        resources: [arn('secretsmanager', 'secret:*')],
        condition: {
          operator: 'StringEquals',
          key: 'secretsmanager:resource/AllowRotationLambdaArn',
          value: arn('lambda', 'function:${FunctionName}'),
        },
      },
      { actions: svc('secretsmanager', 'GetRandomPassword'), resources: ['*'] },
    ],
  },
  AcmGetCertificatePolicy: one(['CertificateArn'], svc('acm', 'GetCertificate'), ['${CertificateArn}']),
  AthenaQueryPolicy: {
    parameters: ['WorkGroupName'],
    statements: [
      {
        actions: svc(
          'athena',
          'ListWorkGroups',
          'GetExecutionEngine',
          'GetExecutionEngines',
          'GetNamespace',
          'GetCatalogs',
          'GetNamespaces',
          'GetTables',
          'GetTable',
        ),
        resources: ['*'],
      },
      {
        actions: svc(
          'athena',
          'StartQueryExecution',
          'GetQueryResults',
          'DeleteNamedQuery',
          'GetNamedQuery',
          'ListQueryExecutions',
          'StopQueryExecution',
          'GetQueryResultsStream',
          'ListNamedQueries',
          'CreateNamedQuery',
          'GetQueryExecution',
          'BatchGetNamedQuery',
          'BatchGetQueryExecution',
          'GetWorkGroup',
        ),
        resources: [arn('athena', 'workgroup/${WorkGroupName}')],
      },
    ],
  },
  CloudFormationDescribeStacksPolicy: one([], svc('cloudformation', 'DescribeStacks'), [arn('cloudformation', 'stack/*')]),
  CloudWatchDashboardPolicy: one([], svc('cloudwatch', 'GetDashboard', 'ListDashboards', 'PutDashboard', 'ListMetrics'), ['*']),
  CloudWatchDescribeAlarmHistoryPolicy: one([], svc('cloudwatch', 'DescribeAlarmHistory'), ['*']),
  CloudWatchPutMetricPolicy: one([], svc('cloudwatch', 'PutMetricData'), ['*']),
  CodeCommitCrudPolicy: one(['RepositoryName'], CODECOMMIT_CRUD, [arn('codecommit', '${RepositoryName}')]),
  CodeCommitReadPolicy: one(['RepositoryName'], CODECOMMIT_READ, [arn('codecommit', '${RepositoryName}')]),
  CodePipelineLambdaExecutionPolicy: one([], svc('codepipeline', 'PutJobSuccessResult', 'PutJobFailureResult'), ['*']),
  CodePipelineReadOnlyPolicy: one(['PipelineName'], svc('codepipeline', 'ListPipelineExecutions'), [
    arn('codepipeline', '${PipelineName}'),
  ]),
  ComprehendBasicAccessPolicy: one(
    [],
    svc(
      'comprehend',
      'BatchDetectKeyPhrases',
      'DetectDominantLanguage',
      'DetectEntities',
      'BatchDetectEntities',
      'DetectKeyPhrases',
      'DetectSentiment',
      'BatchDetectDominantLanguage',
      'BatchDetectSentiment',
    ),
    ['*'],
  ),
  CostExplorerReadOnlyPolicy: one(
    [],
    svc(
      'ce',
      'GetCostAndUsage',
      'GetDimensionValues',
      'GetReservationCoverage',
      'GetReservationPurchaseRecommendation',
      'GetReservationUtilization',
      'GetTags',
    ),
    ['*'],
  ),
  DynamoDBBackupFullAccessPolicy: {
    parameters: ['TableName'],
    statements: [
      { actions: svc('dynamodb', 'CreateBackup', 'DescribeContinuousBackups'), resources: [TABLE] },
      { actions: svc('dynamodb', 'DeleteBackup', 'DescribeBackup', 'ListBackups'), resources: [TABLE_BACKUPS] },
    ],
  },
  DynamoDBCrudPolicy: one(
    ['TableName'],
    svc(
      'dynamodb',
      'GetItem',
      'DeleteItem',
      'PutItem',
      'Scan',
      'Query',
      'UpdateItem',
      'BatchWriteItem',
      'BatchGetItem',
      'DescribeTable',
      'ConditionCheckItem',
    ),
    [TABLE, TABLE_INDEXES],
  ),
  DynamoDBReadPolicy: one(['TableName'], svc('dynamodb', 'GetItem', 'Scan', 'Query', 'BatchGetItem', 'DescribeTable'), [
    TABLE,
    TABLE_INDEXES,
  ]),
  DynamoDBReconfigurePolicy: one(['TableName'], svc('dynamodb', 'UpdateTable'), [TABLE]),
  DynamoDBRestoreFromBackupPolicy: {
    parameters: ['TableName'],
    statements: [
      { actions: svc('dynamodb', 'RestoreTableFromBackup'), resources: [TABLE_BACKUPS] },
      {
        actions: svc('dynamodb', 'PutItem', 'UpdateItem', 'DeleteItem', 'GetItem', 'Query', 'Scan', 'BatchWriteItem'),
        resources: [TABLE],
      },
    ],
  },
  DynamoDBStreamReadPolicy: {
    parameters: ['TableName', 'StreamName'],
    statements: [
      {
        actions: svc('dynamodb', 'DescribeStream', 'GetRecords', 'GetShardIterator'),
        resources: [arn('dynamodb', 'table/${TableName}/stream/${StreamName}')],
      },
      { actions: svc('dynamodb', 'ListStreams'), resources: [arn('dynamodb', 'table/${TableName}/stream/*')] },
    ],
  },
  DynamoDBWritePolicy: one(['TableName'], svc('dynamodb', 'PutItem', 'UpdateItem', 'BatchWriteItem'), [TABLE, TABLE_INDEXES]),
  EC2CopyImagePolicy: one(['ImageId'], svc('ec2', 'CopyImage'), [arn('ec2', 'image/${ImageId}')]),
  EC2DescribePolicy: one([], svc('ec2', 'DescribeRegions', 'DescribeInstances'), ['*']),
  EFSWriteAccessPolicy: one(
    ['FileSystem', 'AccessPoint'],
    svc('elasticfilesystem', 'ClientMount', 'ClientWrite'),
    [arn('elasticfilesystem', 'file-system/${FileSystem}')],
    {
      operator: 'StringEquals',
      key: 'elasticfilesystem:AccessPointArn',
      value: arn('elasticfilesystem', 'access-point/${AccessPoint}'),
    },
  ),
  EKSDescribePolicy: one([], svc('eks', 'DescribeCluster', 'ListClusters'), ['*']),
  EcsRunTaskPolicy: one(['TaskDefinition'], svc('ecs', 'RunTask'), [arn('ecs', 'task-definition/${TaskDefinition}')]),
  ElasticMapReduceAddJobFlowStepsPolicy: one(['ClusterId'], svc('elasticmapreduce', 'AddJobFlowSteps'), [EMR_CLUSTER]),
  ElasticMapReduceCancelStepsPolicy: one(['ClusterId'], svc('elasticmapreduce', 'CancelSteps'), [EMR_CLUSTER]),
  ElasticMapReduceModifyInstanceFleetPolicy: one(['ClusterId'], svc('elasticmapreduce', 'ModifyInstanceFleet', 'ListInstanceFleets'), [
    EMR_CLUSTER,
  ]),
  ElasticMapReduceModifyInstanceGroupsPolicy: one(['ClusterId'], svc('elasticmapreduce', 'ModifyInstanceGroups', 'ListInstanceGroups'), [
    EMR_CLUSTER,
  ]),
  ElasticMapReduceSetTerminationProtectionPolicy: one(['ClusterId'], svc('elasticmapreduce', 'SetTerminationProtection'), [EMR_CLUSTER]),
  ElasticMapReduceTerminateJobFlowsPolicy: one(['ClusterId'], svc('elasticmapreduce', 'TerminateJobFlows'), [EMR_CLUSTER]),
  ElasticsearchHttpPostPolicy: one(['DomainName'], svc('es', 'ESHttpPost', 'ESHttpPut'), [arn('es', 'domain/${DomainName}/*')]),
  EventBridgePutEventsPolicy: one(['EventBusName'], svc('events', 'PutEvents'), [arn('events', 'event-bus/${EventBusName}')]),
  FilterLogEventsPolicy: one(['LogGroupName'], svc('logs', 'FilterLogEvents'), [arn('logs', 'log-group:${LogGroupName}:log-stream:*')]),
  FirehoseCrudPolicy: one(
    ['DeliveryStreamName'],
    svc(
      'firehose',
      'CreateDeliveryStream',
      'DeleteDeliveryStream',
      'DescribeDeliveryStream',
      'PutRecord',
      'PutRecordBatch',
      'UpdateDestination',
    ),
    [DELIVERY_STREAM],
  ),
  FirehoseWritePolicy: one(['DeliveryStreamName'], svc('firehose', 'PutRecord', 'PutRecordBatch'), [DELIVERY_STREAM]),
  KMSDecryptPolicy: one(['KeyId'], svc('kms', 'Decrypt'), [KMS_KEY]),
  KMSEncryptPolicy: one(['KeyId'], svc('kms', 'Encrypt'), [KMS_KEY]),
  KMSEncryptPolicy_v2: one(
    ['KeyId'],
    svc(
      'kms',
      'Encrypt',
      'GenerateDataKey',
      'GenerateDataKeyWithoutPlaintext',
      'GenerateDataKeyPair',
      'GenerateDataKeyPairWithoutPlaintext',
    ),
    [KMS_KEY],
  ),
  KinesisCrudPolicy: one(
    ['StreamName'],
    svc(
      'kinesis',
      'AddTagsToStream',
      'CreateStream',
      'DecreaseStreamRetentionPeriod',
      'DeleteStream',
      'DescribeStream',
      'DescribeStreamSummary',
      'GetShardIterator',
      'IncreaseStreamRetentionPeriod',
      'ListTagsForStream',
      'MergeShards',
      'PutRecord',
      'PutRecords',
      'SplitShard',
      'RemoveTagsFromStream',
    ),
    [KINESIS_STREAM],
  ),
  KinesisStreamReadPolicy: {
    parameters: ['StreamName'],
    statements: [
      { actions: svc('kinesis', 'ListStreams', 'DescribeLimits'), resources: [arn('kinesis', 'stream/*')] },
      {
        actions: svc('kinesis', 'DescribeStream', 'DescribeStreamSummary', 'GetRecords', 'GetShardIterator'),
        resources: [KINESIS_STREAM],
      },
    ],
  },
  LambdaInvokePolicy: one(['FunctionName'], svc('lambda', 'InvokeFunction'), [arn('lambda', 'function:${FunctionName}*')]),
  MobileAnalyticsWriteOnlyAccessPolicy: one([], svc('mobileanalytics', 'PutEvents'), ['*']),
  OrganizationsListAccountsPolicy: one([], svc('organizations', 'ListAccounts'), ['*']),
  PinpointEndpointAccessPolicy: one(
    ['PinpointApplicationId'],
    svc('mobiletargeting', 'GetEndpoint', 'UpdateEndpoint', 'UpdateEndpointsBatch'),
    [arn('mobiletargeting', 'apps/${PinpointApplicationId}/endpoints/*')],
  ),
  PollyFullAccessPolicy: {
    parameters: ['LexiconName'],
    statements: [
      { actions: svc('polly', 'GetLexicon', 'DeleteLexicon'), resources: [arn('polly', 'lexicon/${LexiconName}')] },
      {
        actions: svc('polly', 'DescribeVoices', 'ListLexicons', 'PutLexicon', 'SynthesizeSpeech'),
        resources: [arn('polly', 'lexicon/*')],
      },
    ],
  },
  RekognitionDetectOnlyPolicy: one([], svc('rekognition', 'DetectFaces', 'DetectLabels', 'DetectModerationLabels', 'DetectText'), ['*']),
  RekognitionFacesManagementPolicy: one(
    ['CollectionId'],
    svc('rekognition', 'IndexFaces', 'DeleteFaces', 'SearchFaces', 'SearchFacesByImage', 'ListFaces'),
    [COLLECTION],
  ),
  RekognitionFacesPolicy: one([], svc('rekognition', 'CompareFaces', 'DetectFaces'), ['*']),
  RekognitionLabelsPolicy: one([], svc('rekognition', 'DetectLabels', 'DetectModerationLabels'), ['*']),
  RekognitionNoDataAccessPolicy: one(
    ['CollectionId'],
    svc('rekognition', 'CompareFaces', 'DetectFaces', 'DetectLabels', 'DetectModerationLabels'),
    [COLLECTION],
  ),
  RekognitionReadPolicy: one(['CollectionId'], svc('rekognition', 'ListCollections', 'ListFaces', 'SearchFaces', 'SearchFacesByImage'), [
    COLLECTION,
  ]),
  RekognitionWriteOnlyAccessPolicy: one(['CollectionId'], svc('rekognition', 'CreateCollection', 'IndexFaces'), [COLLECTION]),
  Route53ChangeResourceRecordSetsPolicy: one(['HostedZoneId'], svc('route53', 'ChangeResourceRecordSets'), [
    'arn:${AWS::Partition}:route53:::hostedzone/${HostedZoneId}',
  ]),
  S3CrudPolicy: one(
    ['BucketName'],
    svc(
      's3',
      'GetObject',
      'ListBucket',
      'GetBucketLocation',
      'GetObjectVersion',
      'PutObject',
      'PutObjectAcl',
      'GetLifecycleConfiguration',
      'PutLifecycleConfiguration',
      'DeleteObject',
    ),
    [BUCKET, BUCKET_OBJECTS],
  ),
  S3FullAccessPolicy: {
    parameters: ['BucketName'],
    statements: [
      {
        actions: svc(
          's3',
          'GetObject',
          'GetObjectAcl',
          'GetObjectVersion',
          'PutObject',
          'PutObjectAcl',
          'DeleteObject',
          'DeleteObjectTagging',
          'DeleteObjectVersionTagging',
          'GetObjectTagging',
          'GetObjectVersionTagging',
          'PutObjectTagging',
          'PutObjectVersionTagging',
        ),
        resources: [BUCKET_OBJECTS],
      },
      {
        actions: svc('s3', 'ListBucket', 'GetBucketLocation', 'GetLifecycleConfiguration', 'PutLifecycleConfiguration'),
        resources: [BUCKET],
      },
    ],
  },
  S3ReadPolicy: one(
    ['BucketName'],
    svc('s3', 'GetObject', 'ListBucket', 'GetBucketLocation', 'GetObjectVersion', 'GetLifecycleConfiguration'),
    [BUCKET, BUCKET_OBJECTS],
  ),
  S3WritePolicy: one(['BucketName'], svc('s3', 'PutObject', 'PutObjectAcl', 'PutLifecycleConfiguration'), [BUCKET, BUCKET_OBJECTS]),
  SESBulkTemplatedCrudPolicy: one(
    ['IdentityName'],
    svc(
      'ses',
      'GetIdentityVerificationAttributes',
      'SendEmail',
      'SendRawEmail',
      'SendTemplatedEmail',
      'SendBulkTemplatedEmail',
      'VerifyEmailIdentity',
    ),
    [SES_IDENTITY],
  ),
  SESBulkTemplatedCrudPolicy_v2: {
    parameters: ['IdentityName', 'TemplateName'],
    statements: [
      {
        actions: svc('ses', 'SendEmail', 'SendRawEmail', 'SendTemplatedEmail', 'SendBulkTemplatedEmail'),
        resources: [SES_IDENTITY, arn('ses', 'template/${TemplateName}')],
      },
      { actions: svc('ses', 'GetIdentityVerificationAttributes', 'VerifyEmailIdentity'), resources: ['*'] },
    ],
  },
  SESCrudPolicy: one(
    ['IdentityName'],
    svc('ses', 'GetIdentityVerificationAttributes', 'SendEmail', 'SendRawEmail', 'VerifyEmailIdentity'),
    [SES_IDENTITY],
  ),
  SESEmailTemplateCrudPolicy: one(
    [],
    svc('ses', 'CreateTemplate', 'GetTemplate', 'ListTemplates', 'UpdateTemplate', 'DeleteTemplate', 'TestRenderTemplate'),
    ['*'],
  ),
  SESSendBouncePolicy: one(['IdentityName'], svc('ses', 'SendBounce'), [SES_IDENTITY]),
  SNSCrudPolicy: one(['TopicName'], svc('sns', 'ListSubscriptionsByTopic', 'CreateTopic', 'SetTopicAttributes', 'Subscribe', 'Publish'), [
    arn('sns', '${TopicName}*'),
  ]),
  SNSPublishMessagePolicy: one(['TopicName'], svc('sns', 'Publish'), [arn('sns', '${TopicName}')]),
  SQSPollerPolicy: one(
    ['QueueName'],
    svc(
      'sqs',
      'ChangeMessageVisibility',
      'ChangeMessageVisibilityBatch',
      'DeleteMessage',
      'DeleteMessageBatch',
      'GetQueueAttributes',
      'ReceiveMessage',
    ),
    [arn('sqs', '${QueueName}')],
  ),
  SQSSendMessagePolicy: one(['QueueName'], svc('sqs', 'SendMessage*'), [arn('sqs', '${QueueName}')]),
  SSMParameterReadPolicy: {
    parameters: ['ParameterName'],
    statements: [
      { actions: svc('ssm', 'DescribeParameters'), resources: ['*'] },
      { actions: SSM_READ, resources: [arn('ssm', 'parameter/${ParameterName}')] },
    ],
  },
  SSMParameterWithSlashPrefixReadPolicy: {
    parameters: ['ParameterName'],
    statements: [
      { actions: svc('ssm', 'DescribeParameters'), resources: ['*'] },
      { actions: SSM_READ, resources: [arn('ssm', 'parameter${ParameterName}')] },
    ],
  },
  SageMakerCreateEndpointConfigPolicy: one(['EndpointConfigName'], svc('sagemaker', 'CreateEndpointConfig'), [
    arn('sagemaker', 'endpoint-config/${EndpointConfigName}'),
  ]),
  SageMakerCreateEndpointPolicy: one(['EndpointName'], svc('sagemaker', 'CreateEndpoint'), [arn('sagemaker', 'endpoint/${EndpointName}')]),
  ServerlessRepoReadWriteAccessPolicy: one(
    [],
    svc(
      'serverlessrepo',
      'CreateApplication',
      'CreateApplicationVersion',
      'UpdateApplication',
      'GetApplication',
      'ListApplications',
      'ListApplicationVersions',
      'ListApplicationDependencies',
    ),
    [arn('serverlessrepo', 'applications/*')],
  ),
  StepFunctionsCallbackPolicy: one(['StateMachineName'], svc('states', 'SendTaskFailure', 'SendTaskHeartbeat', 'SendTaskSuccess'), [
    STATE_MACHINE,
  ]),
  StepFunctionsExecutionPolicy: one(['StateMachineName'], svc('states', 'StartExecution'), [STATE_MACHINE]),
  StepFunctionsExecutionPolicy_v2: one(['StateMachineName'], svc('states', 'StartExecution', 'StartSyncExecution'), [STATE_MACHINE]),
  TextractDetectAnalyzePolicy: one(
    [],
    svc('textract', 'DetectDocumentText', 'StartDocumentTextDetection', 'StartDocumentAnalysis', 'AnalyzeDocument'),
    ['*'],
  ),
  TextractGetResultPolicy: one([], svc('textract', 'GetDocumentTextDetection', 'GetDocumentAnalysis'), ['*']),
  TextractPolicy: one([], svc('textract', '*'), ['*']),
  VPCAccessPolicy: one(
    [],
    svc('ec2', 'CreateNetworkInterface', 'DeleteNetworkInterface', 'DescribeNetworkInterfaces', 'DetachNetworkInterface'),
    ['*'],
  ),
};

/** Every SAM policy template with its parameters and statements (resources in `Fn::Sub` syntax), sorted by name. */
export function samPolicyTemplates(): {
  name: string;
  parameters: readonly string[];
  statements: readonly Readonly<TemplateStatement>[];
}[] {
  return samPolicyTemplateNames().map((name) => ({ name, ...TEMPLATES[name]! }));
}

/** Every SAM policy template name, sorted. */
export function samPolicyTemplateNames(): string[] {
  return Object.keys(TEMPLATES).sort();
}

/** The parameter names a template takes (`['TableName']`), or null for an unknown template. */
export function samPolicyTemplateParameters(name: string): string[] | null {
  return Object.hasOwn(TEMPLATES, name) ? [...TEMPLATES[name]!.parameters] : null;
}

/** The literal text of a template parameter's value, or undefined when it is not a literal scalar. */
/**
 * A resolved `!Sub` whose only placeholders are pseudo parameters (`arn:aws:…:${AWS::AccountId}:secret:*`):
 * as good as a literal here, since the template leaves those placeholders in place too.
 */
const PSEUDO_ONLY = /^(?:[^$]|\$(?!\{)|\$\{AWS::(?:Partition|Region|AccountId|URLSuffix)\})*$/;

function literalParam(params: Node | null, name: string): string | undefined {
  const v = isMap(params) ? entry(params, name)?.value : undefined;
  if (v?.kind === 'ref' && PSEUDO_ONLY.test(v.text) && !/^!/.test(v.text)) return v.text;
  return v && v.kind === 'scalar' && v.value !== null ? String(v.value) : undefined;
}

/**
 * Fills a template string. `${Param}` placeholders whose value is a literal are replaced; pseudo
 * parameters (`${AWS::…}`) stay. Returns the text and whether every template parameter it uses was
 * literal.
 */
function fill(template: string, params: Node | null, names: readonly string[]): { text: string; literal: boolean } {
  let literal = true;
  const text = template.replace(/\$\{([A-Za-z0-9_]+)\}/g, (m, p: string) => {
    if (!names.includes(p)) return m;
    const v = literalParam(params, p);
    if (v === undefined) {
      literal = false;
      return m;
    }
    return v;
  });
  return { text, literal };
}

/**
 * Expands a SAM policy template (`DynamoDBCrudPolicy: {TableName: !Ref T}`) into the IAM statement
 * nodes it produces, located at `at` (where the template is named). Returns null for unknown names
 * (names are case-sensitive, as in SAM).
 *
 * Each statement is a map `{Effect: Allow, Action: [...], Resource: [...], Condition?: {...}}`. A
 * resource (or condition value) whose parameters are all literal scalars becomes a literal string
 * with the `${AWS::…}` pseudo parameters left in it; one that uses a parameter whose value is not a
 * literal (`!Ref Table`, `!Sub …`, an unresolved variable, a missing parameter) becomes a `ref` node
 * whose text is the template with the literal parameters filled in and the others left as
 * `${Param}`. Every node, map key included, is located at `at`.
 */
export function expandSamPolicyTemplate(name: string, params: Node | null, at: Loc): Node[] | null {
  if (typeof name !== 'string' || !Object.hasOwn(TEMPLATES, name)) return null;
  const t = TEMPLATES[name]!;
  const scalar = (value: string): Node => ({ kind: 'scalar', value, loc: at });
  const templated = (template: string): Node => {
    const { text, literal } = fill(template, params, t.parameters);
    return literal ? scalar(text) : { kind: 'ref', text, loc: at };
  };
  const e = (key: string, value: Node): MapEntry => ({ key, keyLoc: at, value });
  return t.statements.map((s): Node => {
    const entries: MapEntry[] = [
      e('Effect', scalar('Allow')),
      e('Action', { kind: 'seq', items: s.actions.map(scalar), loc: at }),
      e('Resource', { kind: 'seq', items: s.resources.map(templated), loc: at }),
    ];
    if (s.condition) {
      const c = s.condition;
      const inner: Node = { kind: 'map', entries: [e(c.key, templated(c.value))], loc: at };
      entries.push(e('Condition', { kind: 'map', entries: [e(c.operator, inner)], loc: at }));
    }
    return { kind: 'map', entries, loc: at };
  });
}

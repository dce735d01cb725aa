import { actionMatches, isKnownService } from './actions.js';

/**
 * AWS managed policies, known by name or ARN:
 *   `AdministratorAccess`, `arn:aws:iam::aws:policy/AdministratorAccess`,
 *   `arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`,
 *   `!Sub arn:${AWS::Partition}:iam::aws:policy/AmazonS3FullAccess` (as `describe()` prints an `Fn::Sub`).
 *
 * The grants below are transcribed from the policies' default versions (as published by AWS and
 * mirrored by the MAMIP project). Only Allow statements are kept, each as one `ManagedGrant`.
 */

export type ManagedPolicyKind =
  | 'admin' // AdministratorAccess: every action
  | 'power-user' // PowerUserAccess: every action except IAM/Organizations/Account management
  | 'iam-full' // IAMFullAccess
  | 'full-access' // `*FullAccess`: every action of a service
  | 'broad' // other wide policies (SecretsManagerReadWrite, *PowerUser, AdministratorAccess-Amplify…)
  | 'basic' // the minimal execution roles (logs, X-Ray, ENIs, event source polling)
  | 'read-only'
  | 'other';

export interface ManagedPolicyInfo {
  /** the policy name in AWS's casing when known (`AWSLambdaBasicExecutionRole`), else as written */
  name: string;
  kind: ManagedPolicyKind;
  /** the service prefix the policy is about (`s3` for AmazonS3FullAccess), when there is one */
  service?: string;
  /** the ARN path (`service-role/`, `job-function/`) when the policy lives under one */
  path?: string;
}

/**
 * One Allow statement of a managed policy.
 *  - `actions`: action patterns it allows (`s3:*`, `logs:CreateLogGroup`).
 *  - `notActions`: an `Allow` + `NotAction` statement: every action EXCEPT these patterns
 *    (PowerUserAccess: `['iam:*', 'organizations:*', 'account:*']`).
 *  - `limited`: the statement is narrowed by a Resource other than `*` or by a Condition (e.g.
 *    AWSLambda_FullAccess's `iam:PassRole` only toward `lambda.amazonaws.com`). Analyses that want
 *    what is granted on everything (privilege escalation) should skip limited statements.
 * Exactly one of `actions` / `notActions` is set.
 */
export interface ManagedGrant {
  actions?: string[];
  notActions?: string[];
  limited?: boolean;
}

interface Known {
  name: string;
  kind: ManagedPolicyKind;
  service?: string;
  path?: string;
  /** absent when we classify the policy but do not carry its statements */
  grants?: ManagedGrant[];
}

const all = (...actions: string[]): ManagedGrant => ({ actions });
const limited = (...actions: string[]): ManagedGrant => ({ actions, limited: true });
const LOGS_BASIC = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];
const XRAY_WRITE = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:GetSamplingStatisticSummaries',
];

const KNOWN: Known[] = [
  { name: 'AdministratorAccess', kind: 'admin', grants: [all('*')] },
  {
    name: 'PowerUserAccess',
    kind: 'power-user',
    grants: [
      { notActions: ['iam:*', 'organizations:*', 'account:*'] },
      all(
        'account:GetAccountInformation',
        'account:GetPrimaryEmail',
        'account:ListRegions',
        'iam:CreateServiceLinkedRole',
        'iam:DeleteServiceLinkedRole',
        'iam:ListRoles',
        'organizations:DescribeOrganization',
      ),
    ],
  },
  {
    name: 'IAMFullAccess',
    kind: 'iam-full',
    service: 'iam',
    grants: [
      all(
        'iam:*',
        'organizations:DescribeAccount',
        'organizations:DescribeOrganization',
        'organizations:DescribeOrganizationalUnit',
        'organizations:DescribePolicy',
        'organizations:ListChildren',
        'organizations:ListParents',
        'organizations:ListPoliciesForTarget',
        'organizations:ListRoots',
        'organizations:ListPolicies',
        'organizations:ListTargetsForPolicy',
      ),
    ],
  },
  // ReadOnlyAccess has thousands of entries; its grants are not carried (classification only).
  { name: 'ReadOnlyAccess', kind: 'read-only' },
  { name: 'ViewOnlyAccess', kind: 'read-only', path: 'job-function/' },
  { name: 'SecurityAudit', kind: 'read-only' },

  // Lambda execution roles
  { name: 'AWSLambdaBasicExecutionRole', kind: 'basic', service: 'logs', path: 'service-role/', grants: [all(...LOGS_BASIC)] },
  {
    name: 'AWSLambdaVPCAccessExecutionRole',
    kind: 'basic',
    service: 'ec2',
    path: 'service-role/',
    grants: [
      all(
        ...LOGS_BASIC,
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ),
    ],
  },
  {
    name: 'AWSLambdaSQSQueueExecutionRole',
    kind: 'basic',
    service: 'sqs',
    path: 'service-role/',
    grants: [all('sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', ...LOGS_BASIC)],
  },
  {
    name: 'AWSLambdaDynamoDBExecutionRole',
    kind: 'basic',
    service: 'dynamodb',
    path: 'service-role/',
    grants: [all('dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', ...LOGS_BASIC)],
  },
  {
    name: 'AWSLambdaKinesisExecutionRole',
    kind: 'basic',
    service: 'kinesis',
    path: 'service-role/',
    grants: [
      all(
        'kinesis:DescribeStream',
        'kinesis:DescribeStreamSummary',
        'kinesis:GetRecords',
        'kinesis:GetShardIterator',
        'kinesis:ListShards',
        'kinesis:ListStreams',
        'kinesis:SubscribeToShard',
        ...LOGS_BASIC,
      ),
    ],
  },
  {
    name: 'AWSLambdaENIManagementAccess',
    kind: 'basic',
    service: 'ec2',
    path: 'service-role/',
    grants: [
      all(
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ),
    ],
  },
  { name: 'AWSXRayDaemonWriteAccess', kind: 'basic', service: 'xray', grants: [all(...XRAY_WRITE)] },
  { name: 'AWSXrayWriteOnlyAccess', kind: 'basic', service: 'xray', grants: [all(...XRAY_WRITE)] },
  {
    name: 'CloudWatchLambdaInsightsExecutionRolePolicy',
    kind: 'basic',
    service: 'logs',
    grants: [all('logs:CreateLogGroup'), limited('logs:CreateLogStream', 'logs:PutLogEvents')],
  },
  // Wide grants that look like execution roles
  {
    name: 'AWSLambdaExecute',
    kind: 'broad',
    // Resources `arn:aws:logs:*:*:*` and `arn:aws:s3:::*`: every log group, bucket and object.
    grants: [all('logs:*'), all('s3:GetObject', 's3:PutObject')],
  },
  { name: 'AWSLambdaRole', kind: 'broad', service: 'lambda', path: 'service-role/', grants: [all('lambda:InvokeFunction')] },

  // Full access to one service
  { name: 'AmazonS3FullAccess', kind: 'full-access', service: 's3', grants: [all('s3:*', 's3-object-lambda:*')] },
  {
    name: 'AmazonDynamoDBFullAccess',
    kind: 'full-access',
    service: 'dynamodb',
    grants: [
      all(
        'dynamodb:*',
        'dax:*',
        'application-autoscaling:DeleteScalingPolicy',
        'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:DescribeScalableTargets',
        'application-autoscaling:DescribeScalingActivities',
        'application-autoscaling:DescribeScalingPolicies',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:RegisterScalableTarget',
        'cloudwatch:DeleteAlarms',
        'cloudwatch:DescribeAlarmHistory',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:DescribeAlarmsForMetric',
        'cloudwatch:GetMetricStatistics',
        'cloudwatch:ListMetrics',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:GetMetricData',
        'datapipeline:ActivatePipeline',
        'datapipeline:CreatePipeline',
        'datapipeline:DeletePipeline',
        'datapipeline:DescribeObjects',
        'datapipeline:DescribePipelines',
        'datapipeline:GetPipelineDefinition',
        'datapipeline:ListPipelines',
        'datapipeline:PutPipelineDefinition',
        'datapipeline:QueryObjects',
        'ec2:DescribeVpcs',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'iam:GetRole',
        'iam:ListRoles',
        'kms:DescribeKey',
        'kms:ListAliases',
        'sns:CreateTopic',
        'sns:DeleteTopic',
        'sns:ListSubscriptions',
        'sns:ListSubscriptionsByTopic',
        'sns:ListTopics',
        'sns:Subscribe',
        'sns:Unsubscribe',
        'sns:SetTopicAttributes',
        'lambda:CreateFunction',
        'lambda:ListFunctions',
        'lambda:ListEventSourceMappings',
        'lambda:CreateEventSourceMapping',
        'lambda:DeleteEventSourceMapping',
        'lambda:GetFunctionConfiguration',
        'lambda:DeleteFunction',
        'resource-groups:ListGroups',
        'resource-groups:ListGroupResources',
        'resource-groups:GetGroup',
        'resource-groups:GetGroupQuery',
        'resource-groups:DeleteGroup',
        'resource-groups:CreateGroup',
        'tag:GetResources',
        'kinesis:ListStreams',
        'kinesis:DescribeStream',
        'kinesis:DescribeStreamSummary',
      ),
      limited('cloudwatch:GetInsightRuleReport'),
      limited('iam:PassRole'),
      limited('iam:CreateServiceLinkedRole'),
    ],
  },
  {
    name: 'AWSLambda_FullAccess',
    kind: 'full-access',
    service: 'lambda',
    grants: [
      all(
        'cloudformation:DescribeStacks',
        'cloudformation:ListStackResources',
        'cloudwatch:ListMetrics',
        'cloudwatch:GetMetricData',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcs',
        'kms:DescribeKey',
        'kms:ListAliases',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListRolePolicies',
        'iam:ListRoles',
        'lambda:*',
        'logs:DescribeLogGroups',
        'states:DescribeStateMachine',
        'states:ListStateMachines',
        'tag:GetResources',
        'xray:GetTraceSummaries',
        'xray:BatchGetTraces',
      ),
      limited('iam:PassRole'),
      limited('logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartLiveTail', 'logs:StopLiveTail'),
      limited('iam:CreateServiceLinkedRole'),
    ],
  },
  {
    // Deprecated, still attached in older projects: note the unconditioned iam:PassRole.
    name: 'AWSLambdaFullAccess',
    kind: 'full-access',
    service: 'lambda',
    grants: [
      all(
        'cloudformation:DescribeChangeSet',
        'cloudformation:DescribeStackResources',
        'cloudformation:DescribeStacks',
        'cloudformation:GetTemplate',
        'cloudformation:ListStackResources',
        'cloudwatch:*',
        'cognito-identity:ListIdentityPools',
        'cognito-sync:GetCognitoEvents',
        'cognito-sync:SetCognitoEvents',
        'dynamodb:*',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcs',
        'events:*',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListRolePolicies',
        'iam:ListRoles',
        'iam:PassRole',
        'iot:AttachPrincipalPolicy',
        'iot:AttachThingPrincipal',
        'iot:CreateKeysAndCertificate',
        'iot:CreatePolicy',
        'iot:CreateThing',
        'iot:CreateTopicRule',
        'iot:DescribeEndpoint',
        'iot:GetTopicRule',
        'iot:ListPolicies',
        'iot:ListThings',
        'iot:ListTopicRules',
        'iot:ReplaceTopicRule',
        'kinesis:DescribeStream',
        'kinesis:ListStreams',
        'kinesis:PutRecord',
        'kms:ListAliases',
        'lambda:*',
        'logs:*',
        's3:*',
        'sns:ListSubscriptions',
        'sns:ListSubscriptionsByTopic',
        'sns:ListTopics',
        'sns:Publish',
        'sns:Subscribe',
        'sns:Unsubscribe',
        'sqs:ListQueues',
        'sqs:SendMessage',
        'tag:GetResources',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ),
    ],
  },
  { name: 'AmazonSQSFullAccess', kind: 'full-access', service: 'sqs', grants: [all('sqs:*')] },
  { name: 'AmazonSNSFullAccess', kind: 'full-access', service: 'sns', grants: [all('sns:*')] },
  { name: 'AmazonKinesisFullAccess', kind: 'full-access', service: 'kinesis', grants: [all('kinesis:*')] },
  { name: 'AmazonKinesisFirehoseFullAccess', kind: 'full-access', service: 'firehose', grants: [all('firehose:*')] },
  { name: 'AmazonSESFullAccess', kind: 'full-access', service: 'ses', grants: [all('ses:*')] },
  { name: 'AWSStepFunctionsFullAccess', kind: 'full-access', service: 'states', grants: [all('states:*')] },
  { name: 'AWSCloudFormationFullAccess', kind: 'full-access', service: 'cloudformation', grants: [all('cloudformation:*')] },
  { name: 'AmazonRekognitionFullAccess', kind: 'full-access', service: 'rekognition', grants: [all('rekognition:*')] },
  { name: 'AmazonAPIGatewayAdministrator', kind: 'full-access', service: 'apigateway', grants: [all('apigateway:*')] }, // on arn:aws:apigateway:*::/*
  {
    name: 'AmazonAPIGatewayInvokeFullAccess',
    kind: 'full-access',
    service: 'execute-api',
    grants: [all('execute-api:Invoke', 'execute-api:ManageConnections')], // on arn:aws:execute-api:*:*:*
  },
  {
    name: 'AmazonEC2FullAccess',
    kind: 'full-access',
    service: 'ec2',
    grants: [all('ec2:*', 'elasticloadbalancing:*', 'cloudwatch:*', 'autoscaling:*'), limited('iam:CreateServiceLinkedRole')],
  },
  {
    name: 'AmazonEC2ContainerRegistryFullAccess',
    kind: 'full-access',
    service: 'ecr',
    grants: [all('ecr:*', 'cloudtrail:LookupEvents'), limited('iam:CreateServiceLinkedRole')],
  },
  {
    name: 'AmazonEventBridgeFullAccess',
    kind: 'full-access',
    service: 'events',
    grants: [
      all('events:*', 'schemas:*', 'scheduler:*', 'pipes:*'),
      limited('iam:CreateServiceLinkedRole'),
      limited(
        'secretsmanager:CreateSecret',
        'secretsmanager:UpdateSecret',
        'secretsmanager:DeleteSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
      ),
      limited('iam:PassRole'),
    ],
  },
  {
    name: 'CloudWatchFullAccess',
    kind: 'full-access',
    service: 'cloudwatch',
    grants: [
      all(
        'autoscaling:Describe*',
        'cloudwatch:*',
        'logs:*',
        'sns:*',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:GetRole',
        'oam:ListSinks',
      ),
      limited('iam:CreateServiceLinkedRole'),
      limited('oam:ListAttachedLinks'),
    ],
  },
  {
    name: 'CloudWatchLogsFullAccess',
    kind: 'full-access',
    service: 'logs',
    grants: [all('logs:*', 'cloudwatch:GenerateQuery', 'cloudwatch:GenerateQueryResultsSummary')],
  },
  {
    name: 'AmazonSSMFullAccess',
    kind: 'full-access',
    service: 'ssm',
    grants: [
      all(
        'cloudwatch:PutMetricData',
        'ds:CreateComputer',
        'ds:DescribeDirectories',
        'ec2:DescribeInstanceStatus',
        'logs:*',
        'ssm:*',
        'ec2messages:*',
      ),
      limited('iam:CreateServiceLinkedRole'),
      limited('iam:DeleteServiceLinkedRole', 'iam:GetServiceLinkedRoleDeletionStatus'),
      all(
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ),
    ],
  },
  {
    name: 'AmazonRDSFullAccess',
    kind: 'full-access',
    service: 'rds',
    grants: [
      all(
        'rds:*',
        'application-autoscaling:DeleteScalingPolicy',
        'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:DescribeScalableTargets',
        'application-autoscaling:DescribeScalingActivities',
        'application-autoscaling:DescribeScalingPolicies',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:RegisterScalableTarget',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:GetMetricStatistics',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DeleteAlarms',
        'cloudwatch:ListMetrics',
        'cloudwatch:GetMetricData',
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeCoipPools',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeLocalGatewayRouteTablePermissions',
        'ec2:DescribeLocalGatewayRouteTables',
        'ec2:DescribeLocalGatewayRouteTableVpcAssociations',
        'ec2:DescribeLocalGateways',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcAttribute',
        'ec2:DescribeVpcs',
        'ec2:GetCoipPoolUsage',
        'sns:ListSubscriptions',
        'sns:ListTopics',
        'sns:Publish',
        'logs:DescribeLogStreams',
        'logs:GetLogEvents',
        'outposts:GetOutpostInstanceTypes',
        'devops-guru:GetResourceCollection',
      ),
      limited('pi:*'),
      limited('iam:CreateServiceLinkedRole'),
      limited('devops-guru:SearchInsights', 'devops-guru:ListAnomaliesForInsight'),
    ],
  },
  {
    name: 'SecretsManagerReadWrite',
    kind: 'broad',
    service: 'secretsmanager',
    grants: [
      all(
        'secretsmanager:*',
        'cloudformation:CreateChangeSet',
        'cloudformation:DescribeChangeSet',
        'cloudformation:DescribeStackResource',
        'cloudformation:DescribeStacks',
        'cloudformation:ExecuteChangeSet',
        'docdb-elastic:GetCluster',
        'docdb-elastic:ListClusters',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcs',
        'kms:DescribeKey',
        'kms:ListAliases',
        'kms:ListKeys',
        'lambda:ListFunctions',
        'rds:DescribeDBClusters',
        'rds:DescribeDBInstances',
        'redshift:DescribeClusters',
        'redshift-serverless:ListWorkgroups',
        'redshift-serverless:GetNamespace',
        'tag:GetResources',
      ),
      limited(
        'lambda:AddPermission',
        'lambda:CreateFunction',
        'lambda:GetFunction',
        'lambda:InvokeFunction',
        'lambda:UpdateFunctionConfiguration',
      ),
      limited('serverlessrepo:CreateCloudFormationChangeSet', 'serverlessrepo:GetApplication'),
      limited('s3:GetObject'),
      limited('cloudformation:TagResource', 'cloudformation:UntagResource'),
    ],
  },
  {
    name: 'AmazonCognitoPowerUser',
    kind: 'broad',
    service: 'cognito-idp',
    grants: [
      all(
        'cognito-identity:*',
        'cognito-idp:*',
        'cognito-sync:*',
        'iam:ListRoles',
        'iam:ListOpenIdConnectProviders',
        'iam:GetRole',
        'iam:ListSAMLProviders',
        'iam:GetSAMLProvider',
        'kinesis:ListStreams',
        'lambda:GetPolicy',
        'lambda:ListFunctions',
        'sns:GetSMSSandboxAccountStatus',
        'sns:ListPlatformApplications',
        'ses:ListIdentities',
        'ses:GetIdentityVerificationAttributes',
        'mobiletargeting:GetApps',
        'acm:ListCertificates',
        'sms-voice:DescribeAccountAttributes',
      ),
      limited('iam:CreateServiceLinkedRole'),
      limited('iam:DeleteServiceLinkedRole', 'iam:GetServiceLinkedRoleDeletionStatus'),
    ],
  },
  {
    name: 'AWSKeyManagementServicePowerUser',
    kind: 'broad',
    service: 'kms',
    grants: [
      all(
        'kms:CreateAlias',
        'kms:CreateKey',
        'kms:DeleteAlias',
        'kms:Describe*',
        'kms:GenerateRandom',
        'kms:Get*',
        'kms:List*',
        'kms:TagResource',
        'kms:UntagResource',
        'iam:ListGroups',
        'iam:ListRoles',
        'iam:ListUsers',
      ),
    ],
  },

  // Read-only
  {
    name: 'AmazonS3ReadOnlyAccess',
    kind: 'read-only',
    service: 's3',
    grants: [all('s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*')],
  },
  {
    name: 'AmazonDynamoDBReadOnlyAccess',
    kind: 'read-only',
    service: 'dynamodb',
    grants: [
      all(
        'application-autoscaling:DescribeScalableTargets',
        'application-autoscaling:DescribeScalingActivities',
        'application-autoscaling:DescribeScalingPolicies',
        'cloudwatch:DescribeAlarmHistory',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:DescribeAlarmsForMetric',
        'cloudwatch:GetMetricStatistics',
        'cloudwatch:ListMetrics',
        'cloudwatch:GetMetricData',
        'datapipeline:DescribeObjects',
        'datapipeline:DescribePipelines',
        'datapipeline:GetPipelineDefinition',
        'datapipeline:ListPipelines',
        'datapipeline:QueryObjects',
        'dynamodb:BatchGetItem',
        'dynamodb:Describe*',
        'dynamodb:List*',
        'dynamodb:GetItem',
        'dynamodb:GetResourcePolicy',
        'dynamodb:Query',
        'dynamodb:Scan',
        'dynamodb:PartiQLSelect',
        'dax:Describe*',
        'dax:List*',
        'dax:GetItem',
        'dax:BatchGetItem',
        'dax:Query',
        'dax:Scan',
        'ec2:DescribeVpcs',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'iam:GetRole',
        'iam:ListRoles',
        'kms:DescribeKey',
        'kms:ListAliases',
        'sns:ListSubscriptionsByTopic',
        'sns:ListTopics',
        'lambda:ListFunctions',
        'lambda:ListEventSourceMappings',
        'lambda:GetFunctionConfiguration',
        'resource-groups:ListGroups',
        'resource-groups:ListGroupResources',
        'resource-groups:GetGroup',
        'resource-groups:GetGroupQuery',
        'tag:GetResources',
        'kinesis:ListStreams',
        'kinesis:DescribeStream',
        'kinesis:DescribeStreamSummary',
      ),
      limited('cloudwatch:GetInsightRuleReport'),
    ],
  },
  {
    name: 'AmazonSQSReadOnlyAccess',
    kind: 'read-only',
    service: 'sqs',
    grants: [
      all('sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListDeadLetterSourceQueues', 'sqs:ListQueues', 'sqs:ListMessageMoveTasks'),
    ],
  },
  { name: 'AmazonSSMReadOnlyAccess', kind: 'read-only', service: 'ssm', grants: [all('ssm:Describe*', 'ssm:Get*', 'ssm:List*')] },
  {
    name: 'AWSLambda_ReadOnlyAccess',
    kind: 'read-only',
    service: 'lambda',
    grants: [
      all(
        'cloudformation:DescribeStacks',
        'cloudformation:ListStacks',
        'cloudformation:ListStackResources',
        'cloudwatch:GetMetricData',
        'cloudwatch:ListMetrics',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcs',
        'kms:ListAliases',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListRolePolicies',
        'iam:ListRoles',
        'logs:DescribeLogGroups',
        'lambda:Get*',
        'lambda:List*',
        'states:DescribeStateMachine',
        'states:ListStateMachines',
        'tag:GetResources',
        'xray:GetTraceSummaries',
        'xray:BatchGetTraces',
      ),
      limited(
        'logs:DescribeLogStreams',
        'logs:GetLogEvents',
        'logs:FilterLogEvents',
        'logs:StartQuery',
        'logs:StopQuery',
        'logs:DescribeQueries',
        'logs:GetLogGroupFields',
        'logs:GetLogRecord',
        'logs:GetQueryResults',
      ),
    ],
  },
  { name: 'CloudWatchReadOnlyAccess', kind: 'read-only', service: 'cloudwatch' },
  { name: 'AmazonSNSReadOnlyAccess', kind: 'read-only', service: 'sns' },
  { name: 'AmazonKinesisReadOnlyAccess', kind: 'read-only', service: 'kinesis' },
  { name: 'AWSStepFunctionsReadOnlyAccess', kind: 'read-only', service: 'states' },
  { name: 'AWSXrayReadOnlyAccess', kind: 'read-only', service: 'xray' },
  { name: 'AWSCloudFormationReadOnlyAccess', kind: 'read-only', service: 'cloudformation' },
  { name: 'AmazonEC2ReadOnlyAccess', kind: 'read-only', service: 'ec2' },
  { name: 'AmazonRDSReadOnlyAccess', kind: 'read-only', service: 'rds' },
  { name: 'IAMReadOnlyAccess', kind: 'read-only', service: 'iam' },
];

const BY_NAME = new Map(KNOWN.map((k) => [k.name.toLowerCase(), k]));

/** Service prefixes whose policy names differ from the prefix (`AmazonKinesisFirehose…` → firehose). */
const NAME_TO_SERVICE: Record<string, string> = {
  kinesisfirehose: 'firehose',
  stepfunctions: 'states',
  cloudwatchlogs: 'logs',
  cloudwatchevents: 'events',
  eventbridge: 'events',
  cognito: 'cognito-idp',
  opensearchservice: 'es',
  elasticsearchservice: 'es',
  keymanagementservice: 'kms',
  ec2containerregistry: 'ecr',
  elasticfilesystem: 'elasticfilesystem',
};

/** `AmazonSQSFullAccess` → `sqs`, when the remaining word is a known service prefix. */
function guessService(name: string): string | undefined {
  const core = name
    .replace(/^(Amazon|AWS|Aws)/, '')
    .replace(/(_?FullAccess|_?ReadOnlyAccess|_?ReadOnly|PowerUser|Administrator)$/i, '')
    .replace(/[_-]+$/, '')
    .toLowerCase();
  if (!core) return undefined;
  const mapped = Object.hasOwn(NAME_TO_SERVICE, core) ? NAME_TO_SERVICE[core] : undefined;
  if (mapped) return mapped;
  return isKnownService(core) ? core : undefined;
}

const NAME_RE = /^[\w+=,.@-]+$/;

/**
 * The policy name and path of an AWS managed policy reference, or null when the text is a
 * customer-managed ARN (account other than `aws`), not a policy ARN, or not a valid name.
 */
function parseReference(text: string): { name: string; path: string } | null {
  if (typeof text !== 'string') return null;
  let t = text.trim();
  // `!Sub arn:…` / `Fn::Sub arn:…`, as node.describe() prints an Fn::Sub with a string argument.
  t = t.replace(/^(!Sub|Fn::Sub)\s+/, '');
  if (/^arn:/i.test(t)) {
    // arn:<partition>:iam::<account>:policy/<path/><name>; the partition may be ${AWS::Partition}.
    const m = /^arn:(\$\{[^}]*\}|[\w-]+):iam::([^:]*):policy\/(.*)$/i.exec(t);
    if (!m) return null;
    if (m[2]!.toLowerCase() !== 'aws') return null;
    const full = m[3]!;
    const slash = full.lastIndexOf('/');
    const name = full.slice(slash + 1);
    return NAME_RE.test(name) ? { name, path: full.slice(0, slash + 1) } : null;
  }
  return NAME_RE.test(t) ? { name: t, path: '' } : null;
}

function kindFromName(name: string): ManagedPolicyKind {
  if (/^AdministratorAccess$/i.test(name)) return 'admin';
  if (/^PowerUserAccess$/i.test(name)) return 'power-user';
  if (/FullAccess$/i.test(name)) return 'full-access';
  if (/(^AdministratorAccess-|Administrator$|PowerUser$|ReadWrite$)/i.test(name)) return 'broad';
  if (/(ReadOnlyAccess|ReadOnly|ViewOnlyAccess)$/i.test(name)) return 'read-only';
  return 'other';
}

/**
 * Classifies an AWS managed policy named by bare name or ARN. Returns null for customer-managed
 * policies (an ARN whose account is not `aws`) and for text that is not a policy reference. Policies
 * not in our table are classified from their name (`…FullAccess` → full-access, `…ReadOnlyAccess` →
 * read-only, else other).
 */
export function classifyManagedPolicy(nameOrArn: string): ManagedPolicyInfo | null {
  const ref = parseReference(nameOrArn);
  if (!ref) return null;
  const known = BY_NAME.get(ref.name.toLowerCase());
  if (known) {
    const info: ManagedPolicyInfo = { name: known.name, kind: known.kind };
    if (known.service) info.service = known.service;
    const path = ref.path || known.path;
    if (path) info.path = path;
    return info;
  }
  const info: ManagedPolicyInfo = { name: ref.name, kind: kindFromName(ref.name) };
  const service = guessService(ref.name);
  if (service) info.service = service;
  if (ref.path) info.path = ref.path;
  return info;
}

/**
 * What a well-known AWS managed policy allows, as a list of Allow statements (see `ManagedGrant`),
 * or null when the policy is customer-managed or its statements are not carried here. Returned
 * objects are copies.
 */
export function managedPolicyGrants(nameOrArn: string): ManagedGrant[] | null {
  const ref = parseReference(nameOrArn);
  const known = ref ? BY_NAME.get(ref.name.toLowerCase()) : undefined;
  if (!known?.grants) return null;
  return known.grants.map((g) => ({
    ...(g.actions ? { actions: [...g.actions] } : {}),
    ...(g.notActions ? { notActions: [...g.notActions] } : {}),
    ...(g.limited ? { limited: true } : {}),
  }));
}

/**
 * Does the managed policy allow the action? `true`/`false` from its carried statements, undefined
 * when we do not know the policy's statements. Limited statements count only when `includeLimited`.
 */
export function managedPolicyAllows(nameOrArn: string, action: string, options: { includeLimited?: boolean } = {}): boolean | undefined {
  const grants = managedPolicyGrants(nameOrArn);
  if (!grants) return undefined;
  return grants.some((g) => {
    if (g.limited && !options.includeLimited) return false;
    if (g.actions) return g.actions.some((p) => actionMatches(p, action));
    if (g.notActions) return !g.notActions.some((p) => actionMatches(p, action));
    return false;
  });
}

/** The names of the managed policies we know, sorted. */
export function knownManagedPolicyNames(): string[] {
  return KNOWN.map((k) => k.name).sort();
}

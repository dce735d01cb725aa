/**
 * Permissions deploy tools add to a function's role without the manifest writing them.
 *
 * - The Serverless Framework adds `execute-api:ManageConnections` on every WebSocket API's
 *   `@connections` to its execution role when a function has `websocket` events (so the handlers can
 *   post to their connections).
 * - serverless-lift constructs add their permissions to the role of every function of the service
 *   file, unless `lift.automaticPermissions: false` (getlift/lift docs/configuration.md and the
 *   construct pages: storage, queue, database/dynamodb-single-table).
 */

export const WEBSOCKET_GRANT = {
  actions: ['execute-api:ManageConnections'],
  resources: ['arn:${AWS::Partition}:execute-api:*:*:*/@connections/*'],
} as const;

/** serverless-lift construct type → the actions it grants on its resource. */
export const LIFT_GRANTS: Readonly<Record<string, { service: string; actions: readonly string[] }>> = {
  storage: {
    service: 's3',
    actions: [
      's3:PutObject',
      's3:GetObject',
      's3:DeleteObject',
      's3:ListBucket',
      's3:GetObjectAcl',
      's3:PutObjectAcl',
      's3:GetObjectTagging',
      's3:PutObjectTagging',
      's3:DeleteObjectTagging',
      's3:GetObjectAttributes',
      's3:AbortMultipartUpload',
      's3:ListMultipartUploadParts',
      's3:ListBucketMultipartUploads',
      's3:RestoreObject',
    ],
  },
  queue: { service: 'sqs', actions: ['sqs:SendMessage'] },
  'database/dynamodb-single-table': {
    service: 'dynamodb',
    actions: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ],
  },
};

/** The ARN variables a Lift construct exposes, by its service: `${construct:<name>.<variable>}`. */
export const LIFT_ARN_VARIABLE: Readonly<Record<string, string>> = { s3: 'bucketArn', sqs: 'queueArn', dynamodb: 'tableArn' };

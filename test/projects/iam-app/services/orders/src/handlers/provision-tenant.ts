import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { EventBridgeEvent } from 'aws-lambda';

const lambda = new LambdaClient({});

export const handler = async (event: EventBridgeEvent<'TenantCreated', { tenantId: string; roleArn: string }>): Promise<void> => {
  const FunctionName = `tenant-${event.detail.tenantId}-pricing`;
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName,
      Role: event.detail.roleArn,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { S3Bucket: process.env.TEMPLATE_BUCKET, S3Key: 'pricing.zip' },
    }),
  );
  await lambda.send(
    new AddPermissionCommand({ FunctionName, StatementId: 'orders', Action: 'lambda:InvokeFunction', Principal: process.env.AWS_ACCOUNT_ID }),
  );
};

import { createHmac, timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';

const sm = new SecretsManagerClient({});
const sqs = new SQSClient({});
let signingKey: string | undefined;

async function key(): Promise<string> {
  if (!signingKey) {
    const out = await sm.send(new GetSecretValueCommand({ SecretId: process.env.SIGNING_SECRET_ARN }));
    signingKey = out.SecretString ?? '';
  }
  return signingKey;
}

export const handler = async (event: LambdaFunctionURLEvent): Promise<LambdaFunctionURLResult> => {
  const body = event.body ?? '';
  const expected = createHmac('sha256', await key()).update(body).digest('hex');
  const given = event.headers['x-signature'] ?? '';
  if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return { statusCode: 401 };
  const { orderId } = JSON.parse(body) as { orderId: string };
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ id: orderId }) })); // expect: input/missing-validation
  return { statusCode: 202 };
};

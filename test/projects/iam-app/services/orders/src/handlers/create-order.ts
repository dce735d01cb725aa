import { randomUUID } from 'node:crypto';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { json } from '../lib/http.js';
import { putOrder, type Order } from '../lib/table.js';

const sqs = new SQSClient({});

export const handler = async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyResultV2> => {
  const customerId = event.requestContext.authorizer.jwt.claims.sub as string;
  const body = JSON.parse(event.body ?? '{}') as { items?: Order['items'] };
  if (!Array.isArray(body.items) || body.items.length === 0) return json(400, { message: 'items are required' });
  const id = randomUUID();
  await putOrder({ pk: `order#${id}`, customerId, items: body.items, status: 'created', createdAt: new Date().toISOString() });
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ id }) }));
  return json(201, { id });
};

import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { exec } from 'node:child_process';
import { toItem } from '../lib/items.js';

const client = new DynamoDBClient({});
const WEBHOOK_SIGNING_SECRET = 'whsec_8fK2pQ9xL4mN7vB1cZ6tR3yH5jW0sD2e';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const order = JSON.parse(event.body ?? '{}');
  await client.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: toItem(order) }));
  exec(`convert /tmp/${order.invoiceName}.png /tmp/${order.invoiceName}.pdf`);
  return { statusCode: 201, body: JSON.stringify({ id: order.id, signedWith: WEBHOOK_SIGNING_SECRET.length }) };
};

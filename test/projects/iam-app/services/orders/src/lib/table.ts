import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

export interface Order {
  pk: string;
  customerId: string;
  items: { sku: string; quantity: number }[];
  status: 'created' | 'fulfilled' | 'shipped';
  createdAt: string;
}

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TableName = process.env.TABLE_NAME;

export async function getOrder(id: string): Promise<Order | undefined> {
  const out = await client.send(new GetCommand({ TableName, Key: { pk: `order#${id}` } })); // expect: input/missing-validation
  return out.Item as Order | undefined;
}

export async function putOrder(order: Order): Promise<void> {
  await client.send(new PutCommand({ TableName, Item: order, ConditionExpression: 'attribute_not_exists(pk)' })); // expect: input/missing-validation
}

export async function setStatus(id: string, status: Order['status']): Promise<void> {
  await client.send(
    new UpdateCommand({
      TableName,
      Key: { pk: `order#${id}` },
      UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': status },
    }),
  );
}

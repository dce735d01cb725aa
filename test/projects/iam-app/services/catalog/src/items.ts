import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TableName = process.env.TABLE_NAME;

const ok = (body: unknown): APIGatewayProxyResult => ({ statusCode: 200, body: JSON.stringify(body) });

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  if (event.httpMethod === 'PUT') {
    const id = event.pathParameters?.id;
    if (!id) return { statusCode: 400, body: '{"message":"id is required"}' };
    const item = JSON.parse(event.body ?? '{}') as Record<string, unknown>;
    await db.send(new PutCommand({ TableName, Item: { ...item, id } })); // expect: input/missing-validation
    return ok({ id });
  }
  const page = await db.send(new ScanCommand({ TableName, Limit: 50 }));
  return ok(event.resource === '/feed' ? (page.Items ?? []).map((i) => ({ id: i.id, name: i.name })) : page.Items ?? []);
};

import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const db = new DynamoDBClient({});
const TABLE = process.env.ORDERS_TABLE ?? '';

// look-alikes that are not secrets
const ORDER_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXAMPLE_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const schemaVersion = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const cacheToken = process.env.CACHE_TOKEN ?? 'changeme';
const secretName = process.env.STRIPE_SECRET_NAME ?? 'prod/shop/stripe';

export const handler = async (event: { pathParameters?: { id?: string } }) => {
  const id = event.pathParameters?.id ?? '';
  if (!ORDER_ID_PATTERN.test(id)) return { statusCode: 400 };
  const out = await db.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: id } } }));
  void [EXAMPLE_ACCESS_KEY_ID, schemaVersion, cacheToken, secretName];
  return out.Item ? { statusCode: 200, body: JSON.stringify(out.Item) } : { statusCode: 404 };
};

import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { findOrder } from '../lib/db.js';

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const order = await findOrder(event.pathParameters?.id ?? '');
  return order ? { statusCode: 200, body: JSON.stringify(order) } : { statusCode: 404 };
}

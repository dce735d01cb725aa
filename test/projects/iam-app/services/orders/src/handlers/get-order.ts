import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { json } from '../lib/http.js';
import { getOrder } from '../lib/table.js';

/** Serves both the HTTP API route and the legacy REST route (v1). */
export async function handler(event: APIGatewayProxyEventV2 | APIGatewayProxyEvent): Promise<APIGatewayProxyResultV2> {
  const id = event.pathParameters?.id;
  if (!id) return json(400, { message: 'id is required' });
  const order = await getOrder(id);
  return order ? json(200, order) : json(404, { message: 'not found' });
}

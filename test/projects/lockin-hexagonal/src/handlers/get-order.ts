import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { DynamoOrderRepository } from '../adapters/dynamo-order-repository.js';
import { getOrder } from '../domain/orders.js';
import { failure, json } from './http.js';

const repo = new DynamoOrderRepository(process.env.TABLE_NAME!);

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const id = event.pathParameters?.id;
  if (!id || !/^[0-9a-f-]{36}$/.test(id)) return json(400, { message: 'bad id' });
  try {
    return json(200, await getOrder(repo, id));
  } catch (e) {
    return failure(e);
  }
}

import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { DynamoOrderRepository } from '../adapters/dynamo-order-repository.js';
import { createOrder } from '../domain/orders.js';
import { failure, json } from './http.js';

const repo = new DynamoOrderRepository(process.env.TABLE_NAME!);

const Body = z.object({
  customerId: z.string().min(1),
  items: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() })).min(1),
});

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  try {
    const body = Body.parse(JSON.parse(event.body ?? '{}'));
    const order = await createOrder(repo, { id: randomUUID(), customerId: body.customerId, items: body.items });
    return json(201, order);
  } catch (e) {
    return failure(e);
  }
}

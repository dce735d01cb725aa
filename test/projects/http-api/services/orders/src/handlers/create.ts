import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { insertOrder } from '../lib/db.js';

const NewOrder = z.object({ customer: z.string().min(1).max(64), total: z.number().positive() });

const create = async (event: APIGatewayProxyEventV2 & { body: unknown }) => {
  const input = NewOrder.parse(event.body);
  const id = randomUUID();
  await insertOrder({ id, ...input });
  return { statusCode: 201, body: JSON.stringify({ id }) };
};

export const main = middy(create).use(httpJsonBodyParser());

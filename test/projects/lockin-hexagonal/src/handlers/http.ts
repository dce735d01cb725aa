// The HTTP side of the handlers: API Gateway's request and response shapes stay in this file.
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { OrderError } from '../domain/orders.js';

export function json(status: number, body: unknown): APIGatewayProxyResultV2 {
  return { statusCode: status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function failure(e: unknown): APIGatewayProxyResultV2 {
  if (e instanceof OrderError) return json(400, { message: e.message });
  return json(500, { message: 'internal error' });
}

export type HttpEvent = APIGatewayProxyEventV2;

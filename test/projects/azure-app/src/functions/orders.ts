import { app, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { BlobServiceClient } from '@azure/storage-blob';
import { findOrders } from '../lib/db';

export async function listOrders(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const customer = request.query.get('customer') ?? '';
  context.log(`listing orders of ${customer}`);
  const rows = await findOrders(customer);
  return { jsonBody: rows };
}

export async function archiveOrder(request: HttpRequest): Promise<HttpResponseInit> {
  const body = (await request.json()) as { id: string };
  const blobs = BlobServiceClient.fromConnectionString(process.env.ORDERS_STORAGE ?? '');
  await blobs.getContainerClient('archive').getBlockBlobClient(`${body.id}.json`).upload('{}', 2);
  return { status: 202 };
}

export async function health(): Promise<HttpResponseInit> {
  return { body: 'ok' };
}

app.http('listOrders', {
  methods: ['GET'],
  authLevel: 'anonymous', // expect: azure/no-anonymous-http
  route: 'orders',
  handler: listOrders,
});

app.http('archiveOrder', {
  methods: ['POST'],
  authLevel: 'function',
  route: 'orders/archive',
  handler: archiveOrder,
});

app.http('health', { methods: ['GET'], authLevel: 'anonymous', handler: health }); // expect: azure/no-anonymous-http

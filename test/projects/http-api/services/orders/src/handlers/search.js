import { listOrders } from '../lib/db.js';

const STATUSES = ['open', 'paid', 'shipped'];

export const handler = async (event) => {
  const q = event.queryStringParameters ?? {};
  const status = q.status ?? 'open';
  if (!STATUSES.includes(status)) return { statusCode: 400, body: 'unknown status' };
  const limit = Math.min(Number(q.limit ?? 20), 100);
  const orders = await listOrders(status, limit);
  const note = q.note;
  console.log('search', note);
  return { statusCode: 200, headers: { 'x-note': note }, body: JSON.stringify(orders) }; // expect: input/missing-validation
};

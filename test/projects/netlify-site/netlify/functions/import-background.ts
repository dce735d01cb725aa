import { query } from './_shared/db';

export default async (req: Request) => {
  const { rows } = (await req.json()) as { rows: { sku: string; price: number }[] };
  for (const r of rows ?? []) await query('INSERT INTO products (sku, price) VALUES ($1, $2)', [r.sku, r.price]); // expect: iam/no-unauthenticated-http
};

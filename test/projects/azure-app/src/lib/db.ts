import { Client } from 'pg';

const client = new Client({ connectionString: process.env.PG_URL });

export async function findOrders(customer: string) {
  await client.connect();
  const res = await client.query(`SELECT * FROM orders WHERE customer = '${customer}'`); // expect: input/sql-injection
  return res.rows;
}

import pg from 'pg';

const pool = new pg.Pool({ host: process.env.DB_HOST });

export interface Order {
  id: string;
  customer: string;
  total: number;
}

/** Looks an order up by its id. */
export async function findOrder(id: string): Promise<Order | undefined> {
  const { rows } = await pool.query(`SELECT id, customer, total FROM orders WHERE id = '${id}'`); // expect: input/sql-injection
  return rows[0] as Order | undefined;
}

/** Inserts an order; every value is a bound parameter. */
export async function insertOrder(order: Order): Promise<void> {
  await pool.query('INSERT INTO orders (id, customer, total) VALUES ($1, $2, $3)', [order.id, order.customer, order.total]);
}

/** Orders by status, newest first, paged; the status and limit are checked by the caller. */
export async function listOrders(status: string, limit: number): Promise<Order[]> {
  const { rows } = await pool.query(`SELECT id, customer, total FROM orders WHERE status = '${status}' ORDER BY created DESC LIMIT ${limit}`);
  return rows as Order[];
}

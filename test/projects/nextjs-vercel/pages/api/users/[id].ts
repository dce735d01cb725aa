import type { NextApiRequest, NextApiResponse } from 'next';
import { pool } from '../../../lib/db';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = ' + req.query.id); // expect: input/sql-injection
  res.status(200).json(rows[0]);
}

import type { NextApiRequest, NextApiResponse } from 'next';
import { pool } from '../../../lib/db';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { rows } = await pool.query('SELECT id, name FROM users WHERE org = $1', [req.query.org]); // expect: input/missing-validation
  res.status(200).json(rows);
}

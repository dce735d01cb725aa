import type { Config, Context } from '@netlify/functions';
import { query } from './_shared/db';

export default async (req: Request, context: Context) => {
  const term = new URL(req.url).searchParams.get('q') ?? '';
  // the search term is pasted into the SQL text
  const rows = await query(`SELECT * FROM products WHERE name LIKE '%${term}%'`);
  return Response.json(rows);
};

export const config: Config = { path: '/api/search', method: 'GET' };

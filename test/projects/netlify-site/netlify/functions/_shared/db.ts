import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

export async function query(text: string, params: unknown[] = []) {
  // the search function's term arrives here inside the SQL text
  const { rows } = await pool.query(text, params); // expect: input/sql-injection
  return rows;
}

import { NextRequest, NextResponse } from 'next/server';
import { pool } from '../../../lib/db';

export async function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams.get('q');
  const { rows } = await pool.query(`SELECT * FROM items WHERE name LIKE '%${q}%'`); // expect: input/sql-injection
  return NextResponse.json(rows);
}

export async function POST(request: Request) {
  const body = await request.json();
  const { rows } = await pool.query('SELECT * FROM items WHERE id = $1', [body.id]);
  return Response.json(rows);
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Client } from 'pg';

const db = new Client({ connectionString: 'postgres://reports:Tr0ub4dor-and-3@db.internal.example.com:5432/reports' });

export async function handler(event: APIGatewayProxyEventV2) {
  const id = event.pathParameters?.id;
  await db.connect();
  const rows = await db.query(`SELECT * FROM reports WHERE id = '${id}'`);
  return { statusCode: 200, body: JSON.stringify(rows.rows) };
}

import { pool } from '../../../../lib/db';

export async function GET(request: Request) {
  if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) {
    return new Response('Unauthorized', { status: 401 });
  }
  await pool.query("DELETE FROM sessions WHERE expires_at < now()");
  return Response.json({ ok: true });
}

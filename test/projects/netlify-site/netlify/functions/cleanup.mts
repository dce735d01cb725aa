import type { Config } from '@netlify/functions';
import { query } from './_shared/db';

export default async () => {
  await query("DELETE FROM carts WHERE updated_at < now() - interval '30 days'");
};

export const config: Config = { schedule: '0 3 * * *' };

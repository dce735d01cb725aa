import type { Config } from '@netlify/functions';
import { query } from './_shared/db';

// rebuilds the search index nightly, and on demand from a public path
export default async () => {
  await query('REFRESH MATERIALIZED VIEW product_search');
  return new Response('reindexed');
};

export const config: Config = { path: '/api/reindex', schedule: '@daily' }; // expect: input/cron-unverified

/**
 * Database clients and connection pools whose construction opens connections (or prepares to): the
 * ones a function should make once, at module scope, and reuse across warm invocations. By package,
 * the export path as written after the import binding (`default` for the module itself: `new Redis()`
 * of `ioredis`, `knex({…})`), and whether it is constructed with `new` or called.
 */
export interface DbClient {
  pkg: string;
  /** the export path: `Pool`, `createPool`, `default`, `MongoClient.connect` */
  path: string;
  how: 'new' | 'call';
}

const t = (pkg: string, how: DbClient['how'], ...paths: string[]): DbClient[] => paths.map((path) => ({ pkg, path, how }));

export const DB_CLIENTS: readonly DbClient[] = [
  ...t('pg', 'new', 'Pool', 'Client', 'native.Pool', 'native.Client'),
  ...t('pg-pool', 'new', 'default'),
  ...t('mysql', 'call', 'createPool', 'createConnection', 'createPoolCluster'),
  ...t('mysql2', 'call', 'createPool', 'createConnection', 'createPoolCluster'),
  ...t('mysql2/promise', 'call', 'createPool', 'createConnection', 'createPoolCluster'),
  ...t('mongodb', 'new', 'MongoClient'),
  ...t('mongodb', 'call', 'MongoClient.connect'),
  ...t('mongoose', 'call', 'connect', 'createConnection'),
  ...t('redis', 'call', 'createClient', 'createCluster'),
  ...t('ioredis', 'new', 'default', 'Redis', 'Cluster'),
  ...t('@prisma/client', 'new', 'PrismaClient'),
  ...t('knex', 'call', 'default', 'knex'),
  ...t('sequelize', 'new', 'Sequelize', 'default'),
  ...t('postgres', 'call', 'default'),
  ...t('typeorm', 'new', 'DataSource'),
];

/** The database client a `new`/call of `path` from package `pkg` makes, if it is one. */
export function dbClient(pkg: string, path: string, how: DbClient['how']): DbClient | undefined {
  return DB_CLIENTS.find((c) => c.pkg === pkg && c.path === path && c.how === how);
}

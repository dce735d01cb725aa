import { INPUT_SINKS } from './sinks-input.js';
import { S3_SINKS } from './sinks-s3.js';

/**
 * Injection sinks by class: pure data. A sink names how its callee is recognised (a function of a
 * package, reached through any import shape; a global; a method name on any receiver, counted only when
 * one of the named packages is imported by the calling file or a project file it imports), which
 * arguments are dangerous, and for which class (so a class-specific encoder can neutralise it).
 */

export type SinkClass =
  | 'sql'
  | 'command'
  | 'code'
  | 'url'
  | 'path'
  | 'html'
  /** markup a headless browser renders on the server (`page.setContent(html)`): it fetches what the markup names */
  | 'page-html'
  /** a Location a browser is sent to */
  | 'redirect'
  /** query text of a document store: `$where` JavaScript, DynamoDB expressions, PartiQL */
  | 'nosql'
  /** a filter object of a document store: a value that may be an object (`{ $ne: null }`) */
  | 'nosql-filter'
  | 'regex'
  /** a module specifier loaded at run time */
  | 'module'
  | 'deserialize'
  /** object keys and deep merges that can reach `Object.prototype` */
  | 'prototype'
  /** the bucket or key of an S3 object request */
  | 'object-key';

export type CalleeSpec =
  /** a function (or a member path) of a package: `child_process.exec`, `vm.runInContext` */
  | { kind: 'module'; module: string; path: string[] }
  /** a global function: `eval`, `setTimeout` */
  | { kind: 'global'; name: string }
  /** a method of any receiver (`pool.query`), when the file's import closure holds one of `packages` */
  | { kind: 'method'; names: string[]; packages: string[] };

export interface SinkSpec {
  class: SinkClass;
  callee: CalleeSpec;
  /** the call is a sink with `new` (`new Function`, `new vm.Script`), without it, or both */
  construct?: 'only' | 'also';
  /** indices of the dangerous arguments; 'all' for every argument */
  args: number[] | 'all';
  /** when the argument is an object literal, only these properties carry the query (`{ text, values }`); a dotted name is a nested property (`Image.S3Object.Bucket`) */
  argProps?: string[];
  /** with `argProps`: an argument that is not an object of known shape is not a sink (`scan(params)`) */
  argPropsOnly?: boolean;
  /**
   * `shell-option`: a sink only when an options argument (an object literal) sets `shell` to something
   * other than false; `no-root-option`: not a sink when an options object literal sets `root` (express
   * `sendFile(path, { root })` refuses `..`); `unsafe-yaml-schema`: only when an options object literal
   * sets `schema` to js-yaml's `DEFAULT_FULL_SCHEMA`/`FULL_SCHEMA` (which revive functions);
   * `deep-flag`: only when the first argument is the literal `true` (`$.extend(true, …)`)
   */
  when?: 'shell-option' | 'no-root-option' | 'unsafe-yaml-schema' | 'deep-flag';
  /** the name shown in messages for package and global sinks */
  label?: string;
}

const CP = 'child_process';

const SQL_PACKAGES = {
  pg: ['pg', 'pg-pool', '@vercel/postgres', '@neondatabase/serverless'],
  mysql: ['mysql', 'mysql2', 'mysql2/promise', 'serverless-mysql'],
  knex: ['knex'],
  sequelize: ['sequelize', 'sequelize-typescript'],
  typeorm: ['typeorm'],
  sqlite: ['better-sqlite3', 'sqlite3', 'sqlite'],
  prisma: ['@prisma/client'],
  // Azure SQL's Node.js client: `request.query(text)` / `request.batch(text)` run the text as written
  // (the tagged template `sql.query\`…\`` binds its values)
  mssql: ['mssql'],
  // Azure Cosmos DB's SQL API: `container.items.query(text)` or `{ query, parameters }`
  cosmos: ['@azure/cosmos'],
};

export const SINKS: readonly SinkSpec[] = [
  // SQL (CWE-89): the query text; bound values (`query(text, [values])`) are safe
  {
    class: 'sql',
    callee: {
      kind: 'method',
      names: ['query'],
      packages: [...SQL_PACKAGES.pg, ...SQL_PACKAGES.mysql, ...SQL_PACKAGES.sequelize, ...SQL_PACKAGES.typeorm],
    },
    args: [0],
    argProps: ['text', 'sql'],
  },
  { class: 'sql', callee: { kind: 'method', names: ['query', 'batch'], packages: SQL_PACKAGES.mssql }, args: [0] },
  { class: 'sql', callee: { kind: 'method', names: ['query'], packages: SQL_PACKAGES.cosmos }, args: [0], argProps: ['query'] },
  { class: 'sql', callee: { kind: 'method', names: ['execute'], packages: SQL_PACKAGES.mysql }, args: [0], argProps: ['sql'] },
  {
    class: 'sql',
    callee: {
      kind: 'method',
      names: ['raw', 'whereRaw', 'orWhereRaw', 'havingRaw', 'orderByRaw', 'groupByRaw', 'joinRaw', 'fromRaw'],
      packages: SQL_PACKAGES.knex,
    },
    args: [0],
  },
  // sqlite: `prepare(sql)` in both libraries (`get`/`all`/`run` bind parameters in better-sqlite3 and
  // are too common a name to count on their own)
  { class: 'sql', callee: { kind: 'method', names: ['prepare'], packages: SQL_PACKAGES.sqlite }, args: [0] },
  { class: 'sql', callee: { kind: 'method', names: ['$queryRawUnsafe', '$executeRawUnsafe'], packages: SQL_PACKAGES.prisma }, args: [0] },

  // OS commands (CWE-78): a shell parses the string
  { class: 'command', callee: { kind: 'module', module: CP, path: ['exec'] }, args: [0], label: 'child_process.exec' },
  { class: 'command', callee: { kind: 'module', module: CP, path: ['execSync'] }, args: [0], label: 'child_process.execSync' },
  {
    class: 'command',
    callee: { kind: 'module', module: CP, path: ['spawn'] },
    args: [0, 1],
    when: 'shell-option',
    label: 'child_process.spawn',
  },
  {
    class: 'command',
    callee: { kind: 'module', module: CP, path: ['spawnSync'] },
    args: [0, 1],
    when: 'shell-option',
    label: 'child_process.spawnSync',
  },
  {
    class: 'command',
    callee: { kind: 'module', module: CP, path: ['execFile'] },
    args: [0, 1],
    when: 'shell-option',
    label: 'child_process.execFile',
  },
  {
    class: 'command',
    callee: { kind: 'module', module: CP, path: ['execFileSync'] },
    args: [0, 1],
    when: 'shell-option',
    label: 'child_process.execFileSync',
  },

  // code (CWE-94/95): the string is compiled and run
  { class: 'code', callee: { kind: 'global', name: 'eval' }, args: [0], label: 'eval' },
  { class: 'code', callee: { kind: 'global', name: 'Function' }, construct: 'also', args: 'all', label: 'Function' },
  { class: 'code', callee: { kind: 'global', name: 'setTimeout' }, args: [0], label: 'setTimeout' },
  { class: 'code', callee: { kind: 'global', name: 'setInterval' }, args: [0], label: 'setInterval' },
  { class: 'code', callee: { kind: 'module', module: 'vm', path: ['runInContext'] }, args: [0], label: 'vm.runInContext' },
  { class: 'code', callee: { kind: 'module', module: 'vm', path: ['runInNewContext'] }, args: [0], label: 'vm.runInNewContext' },
  { class: 'code', callee: { kind: 'module', module: 'vm', path: ['runInThisContext'] }, args: [0], label: 'vm.runInThisContext' },
  { class: 'code', callee: { kind: 'module', module: 'vm', path: ['compileFunction'] }, args: [0], label: 'vm.compileFunction' },
  { class: 'code', callee: { kind: 'module', module: 'vm', path: ['Script'] }, construct: 'only', args: [0], label: 'vm.Script' },

  ...INPUT_SINKS,
  ...S3_SINKS,
];

/** Built-in modules are also imported as `node:x`; `x/promises`-style subpaths are their own modules. */
export function normaliseModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

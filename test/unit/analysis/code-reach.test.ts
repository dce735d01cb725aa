import { describe, expect, it } from 'vitest';
import { CodeReach } from '../../../src/analysis/code-reach.js';
import { lint } from '../../../src/lint.js';
import { tmpTree } from '../../helpers/tmp.js';

/**
 * Call-level reachability: each marker `/*name*\/` in a file is reached (or not) by each function;
 * the table below is the exact answer for every marker.
 */

const files: Record<string, string> = {
  'serverless.yml': `service: s
provider: { name: aws, runtime: nodejs20.x }
functions:
  a: { handler: src/a.handler }
  b: { handler: src/b.handler }
  c: { handler: src/c.main }
  d: { handler: src/d.handler }
  e: { handler: src/multi.first }
`,
  'src/lib/db.ts': [
    'export const client = makeClient(/*load*/);',
    'function makeClient() { return { /*makeClient*/ }; }',
    'export async function getOrder(id: string) { return helper(id /*getOrder*/); }',
    'function helper(id: string) { return id /*helper*/; }',
    'export const putOrder = async () => { /*putOrder*/ };',
    'export class Repo { save() { /*Repo*/ } }',
    'export const wrapped = wrap(async () => { /*wrappedInner*/ });',
    'function wrap(f: unknown) { return f /*wrap*/; }',
    '(async () => { /*iife*/ })();',
    '',
  ].join('\n'),
  'src/lib/index.ts': "export * from './db';\nexport { default as q } from './queue.cjs';\n",
  'src/lib/queue.cjs': [
    'exports.send = () => { /*send*/ };',
    'exports.purge = function () { /*purge*/ };',
    'module.exports.stats = stats;',
    'function stats() { /*stats*/ }',
    '',
  ].join('\n'),
  'src/a.ts': "import { getOrder } from './lib';\nexport const handler = async () => getOrder('1' /*a*/);\n",
  'src/b.ts': "import * as db from './lib/db';\nexport const handler = async () => { new db.Repo(); await db.putOrder(/*b*/); };\n",
  'src/c.js': [
    "const { send } = require('./lib/queue.cjs');",
    "const q = require('./lib/queue.cjs');",
    'exports.main = async () => { send(); q.stats(/*c*/); };',
    '',
  ].join('\n'),
  'src/d.mjs': [
    "import middy from '@middy/core';",
    "import { wrapped } from './lib/db.ts';",
    'const base = async () => { await wrapped(); /*base*/ };',
    'export const handler = middy(base).use({});',
    '',
  ].join('\n'),
  'src/multi.js': [
    "const queue = require('./lib/queue.cjs');",
    'module.exports = { first: async () => queue.purge(/*first*/), second: async () => { /*second*/ } };',
    '',
  ].join('\n'),
};

const expected: Record<string, string[]> = {
  a: ['load', 'makeClient', 'getOrder', 'helper', 'wrap', 'iife', 'a'],
  b: ['load', 'makeClient', 'putOrder', 'Repo', 'wrap', 'iife', 'b'],
  c: ['send', 'stats', 'c'],
  d: ['load', 'makeClient', 'wrappedInner', 'wrap', 'iife', 'base'],
  e: ['purge', 'first'],
};

describe('CodeReach', () => {
  it('reaches the functions a handler names, through imports of every shape, and module-scope code', () => {
    const dir = tmpTree(files);
    const { project } = lint({ cwd: dir, noConfig: true });
    const reach = new CodeReach(project);
    const markers = project.sourceFiles.flatMap((f) =>
      [...f.text.matchAll(/\/\*(\w+)\*\//g)].map((m) => ({ file: f.path, name: m[1]!, at: m.index })),
    );
    const got: Record<string, string[]> = {};
    for (const fn of project.apps[0]!.functions) {
      const r = reach.of(fn);
      got[fn.name] = markers.filter((m) => r.reaches(m.file, m.at)).map((m) => m.name);
    }
    const order = (xs: string[]) => [...xs].sort();
    expect(Object.fromEntries(Object.entries(got).map(([k, v]) => [k, order(v)]))).toEqual(
      Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, order(v)])),
    );
  });
});

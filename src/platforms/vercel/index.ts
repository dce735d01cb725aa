import { posix } from 'node:path';
import picomatch from 'picomatch';
import { get, isMap, seqItems, str, toValue, valueOf } from '../../core/node.js';
import type { Document, Loc, Node, Value } from '../../core/types.js';
import type { App, Fn, FnEvent } from '../../model/types.js';
import type { BuildContext } from '../context.js';
import { conventionFn, emptyApp, envFromMap } from '../hosts/env-app.js';
import type { Entry, PlatformAdapter } from '../types.js';
import type { ModuleResolver } from '../../code/resolve.js';
import type { ToolNotice } from '../../core/types.js';
import { conventionFunctions, exportedMethods, type ConventionFile } from './routes.js';

const VERCEL = /^vercel\.json$/i;

/**
 * Vercel: `vercel.json` (`env`/`build.env` literals, `functions` settings by glob, `crons`) and the
 * functions its project holds by convention (`api/**`, Next.js `pages/api/**`, App Router
 * `app/**\/route.ts`, `middleware.ts`), each an `Fn` with its route.
 */
export const vercelAdapter: PlatformAdapter = {
  id: 'vercel',
  platform: 'vercel',
  names: VERCEL,
  detect: (f) => (VERCEL.test(f.name) ? { manifest: true } : null),
  build: buildVercelApp,
  entries: conventionEntries,
};

function buildVercelApp(doc: Document, ctx: BuildContext): App | null {
  const app = emptyApp(doc, 'vercel', 'vercel project');
  if (!app) return null;
  const files = ctx.listTree?.(app.dir) ?? [];
  const fns = conventionFunctions(app.dir, files).map((c) => makeFn(app, c, doc));
  app.functions.push(...fns);
  const names = fns.map((f) => f.name);
  const all = [
    ...envFromMap(app, get(app.root, 'env'), 'env', ctx, names),
    ...envFromMap(app, get(app.root, 'build', 'env'), 'build.env', ctx, []),
  ];
  for (const fn of fns) fn.env.push(...all.filter((v) => v.functions.includes(fn.name)));
  settings(app, fns);
  crons(app, fns, ctx);
  return app;
}

function fileLoc(file: string): Loc {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

function makeFn(app: App, c: ConventionFile, doc: Document): Fn {
  const fn = conventionFn(app, c.route, c.file, { kind: 'map', entries: [], loc: doc.root?.loc ?? fileLoc(doc.file) });
  fn.entry!.exportName = c.exportName;
  const loc = fn.loc;
  const route: Value = { kind: 'literal', value: c.route === 'middleware' ? '/*' : `/${c.route}`, loc };
  const event: FnEvent = { category: 'http', service: 'other', raw: 'vercel', loc, node: fn.node, path: route, auth: 'none', fn };
  if (c.method) event.method = { kind: 'literal', value: c.method, loc };
  fn.events.push(event);
  return fn;
}

/** `functions: { "api/**\/*.ts": { memory, maxDuration, runtime } }`: the settings of each matching function. */
function settings(app: App, fns: Fn[]): void {
  const node = get(app.root, 'functions');
  if (!isMap(node)) return;
  for (const e of node.entries) {
    const match = picomatch(e.key, { dot: true });
    for (const fn of fns) {
      const rel = app.dir ? posix.relative(app.dir, fn.entry!.file!) : fn.entry!.file!;
      if (!match(rel)) continue;
      fn.node = isMap(e.value) ? e.value : fn.node;
      fn.memory = valueOf(get(e.value, 'memory')) ?? fn.memory;
      fn.timeout = valueOf(get(e.value, 'maxDuration')) ?? fn.timeout;
      fn.runtime = valueOf(get(e.value, 'runtime')) ?? fn.runtime;
    }
  }
}

/** `crons: [{ path: "/api/cron", schedule: "0 5 * * *" }]`: a schedule event on the function at that path. */
function crons(app: App, fns: Fn[], ctx: BuildContext): void {
  for (const c of seqItems(get(app.root, 'crons'))) {
    const path = get(c, 'path');
    const p = str(path)?.split('?')[0]?.replace(/\/+$/, '');
    if (!path || p === undefined) continue;
    const fn = fns.find((f) => routeMatches(f.name, p));
    if (!fn) {
      ctx.notice({ id: 'unresolved-handler', level: 'note', message: `cron path "${p}" names no function of this project`, loc: path.loc });
      continue;
    }
    const node: Node = c;
    fn.events.push({ category: 'schedule', service: 'schedule', raw: 'crons', loc: path.loc, node, path: toValue(path), auth: 'none', fn });
  }
}

/** Does a route (`api/users/[id]`) serve a path (`/api/users/7`)? */
function routeMatches(route: string, path: string): boolean {
  const r = route.split('/');
  const p = path.replace(/^\//, '').split('/');
  if (r.some((s) => /^\[\[?\.\.\./.test(s))) return p.length >= r.length - 1 && r.every((s, i) => /^\[/.test(s) || s === p[i]);
  return r.length === p.length && r.every((s, i) => /^\[.+\]$/.test(s) || s === p[i]);
}

/**
 * Each function's file; a route handler file becomes one function per HTTP method it exports
 * (`api/users (GET)`, `api/users (POST)`), the cron schedule on its GET.
 */
function conventionEntries(app: App, resolver: ModuleResolver, notice: (n: ToolNotice) => void): Entry[] {
  const next: Fn[] = [];
  for (const fn of app.functions) {
    // App Router route files: their functions are their method exports, known once the file is read
    const c = fn.entry?.file ? conventionFunctions(app.dir, [fn.entry.file])[0] : undefined;
    if (!c?.routeHandler) {
      next.push(fn);
      continue;
    }
    const text = resolver.io.read(c.file);
    const methods = text === null ? [] : exportedMethods(text);
    if (!methods.length) {
      notice({
        id: 'unresolved-handler',
        level: 'note',
        message: `route handler ${c.file} exports no HTTP method (GET, POST, …); it is not analysed`,
        loc: fn.loc,
      });
      continue;
    }
    for (const m of methods) next.push(methodFn(fn, m));
    for (const v of app.envVars)
      if (v.functions.includes(fn.name)) v.functions.splice(v.functions.indexOf(fn.name), 1, ...methods.map((m) => `${fn.name} (${m})`));
  }
  app.functions.splice(0, app.functions.length, ...next);
  return next.flatMap((fn) => (fn.entry?.file ? [{ file: fn.entry.file, fn }] : []));
}

function methodFn(fn: Fn, method: string): Fn {
  const name = `${fn.name} (${method})`;
  const out: Fn = { ...fn, name, id: name, entry: { ...fn.entry!, exportName: method }, events: [] };
  for (const e of fn.events) {
    if (e.category === 'schedule' && method !== 'GET') continue; // Vercel's cron calls GET
    out.events.push({ ...e, fn: out, ...(e.category === 'http' ? { method: { kind: 'literal', value: method, loc: e.loc } } : {}) });
  }
  return out;
}

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
import { conventionFunctions, exportedMethods, readMiddleware, type ConventionFile } from './routes.js';

const VERCEL = /^vercel\.json$/i;
const NEXT_CONFIG = /^next\.config\.(?:js|mjs|cjs|ts|mts)$/i;
/** A dependency on Next.js in a package.json's first bytes (confirmed on the parsed file). */
const NEXT_PACKAGE = /"next"\s*:/;
/** A Netlify site's package.json is the Netlify adapter's; its Next.js app is found by its next.config. */
const NETLIFY_PACKAGE = /"@netlify\/(?:functions|edge-functions)"\s*:/;

/**
 * Vercel: `vercel.json` (`env`/`build.env` literals, `functions` settings by glob, `crons`) and the
 * functions its project holds by convention (`api/**`, Next.js `pages/api/**`, App Router
 * `app/**\/route.ts`, `middleware.ts`), each an `Fn` with its route.
 */
export const vercelAdapter: PlatformAdapter = {
  id: 'vercel',
  platform: 'vercel',
  names: VERCEL,
  detect(f) {
    if (VERCEL.test(f.name) || NEXT_CONFIG.test(f.name)) return { manifest: true };
    if (!/^package\.json$/i.test(f.name)) return null;
    const head = f.head() ?? '';
    return NEXT_PACKAGE.test(head) && !NETLIFY_PACKAGE.test(head) ? { manifest: true } : null;
  },
  // next.config.* is code: never parsed nor run, only its place is read
  readsText: (path) => NEXT_CONFIG.test(posix.basename(path)),
  buildText: (file, ctx) => buildNextApp(emptyDoc(file.path, file.lines), ctx),
  build: (doc, ctx) => (/(?:^|\/)package\.json$/i.test(doc.file) ? buildFromPackage(doc, ctx) : buildVercelApp(doc, ctx)),
  entries: conventionEntries,
};

function emptyDoc(file: string, lines: string[]): Document {
  return { file, format: 'json', root: { kind: 'map', entries: [], loc: fileLoc(file) }, comments: new Map(), lines };
}

function dirOf(file: string): string {
  const d = posix.dirname(file);
  return d === '.' ? '' : d;
}

/** A package.json depending on `next` (in dependencies or devDependencies), unless a next.config beside it describes the app. */
function buildFromPackage(doc: Document, ctx: BuildContext): App | null {
  const deps = ['dependencies', 'devDependencies'].some((k) => get(doc.root, k, 'next') !== undefined);
  if (!deps || (ctx.listFiles?.(dirOf(doc.file)) ?? []).some((f) => NEXT_CONFIG.test(f))) return null;
  return buildNextApp(emptyDoc(doc.file, doc.lines), ctx);
}

/**
 * A Next.js app without vercel.json (`next.config.*`, or a package.json depending on `next`): its
 * `pages/api/**`, `app/**\/route.*` and middleware, in the root or under `src/`, as Vercel deploys
 * them. A vercel.json beside it describes the same project, and this one is not built.
 */
function buildNextApp(doc: Document, ctx: BuildContext): App | null {
  const dir = dirOf(doc.file);
  if ((ctx.listFiles?.(dir) ?? []).some((f) => VERCEL.test(f))) return null;
  const app = emptyApp(doc, 'vercel', 'next.js app');
  if (!app) return null;
  const files = ctx.listTree?.(app.dir) ?? [];
  app.functions.push(...conventionFunctions(app.dir, files, { next: true }).map((c) => makeFn(app, c, doc)));
  return app.functions.length ? app : null;
}

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
    if (c?.route === 'middleware') {
      if (middleware(fn, c, resolver, notice)) next.push(fn);
      continue;
    }
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

/**
 * A middleware file: its handler (`middleware`, `proxy`, or the default export) and the paths it runs
 * on, one `http` event per `config.matcher` entry (every path when there is none). A file without the
 * handler is noted and left out.
 */
function middleware(fn: Fn, c: ConventionFile, resolver: ModuleResolver, notice: (n: ToolNotice) => void): boolean {
  const text = resolver.io.read(c.file);
  if (text === null) return false;
  const code = readMiddleware(c.file, text, c.exportName);
  if (!code.exportName) {
    notice({
      id: 'unresolved-handler',
      level: 'note',
      message: `${c.file} exports neither \`${c.exportName}\` nor a default function; it is not analysed as middleware`,
      loc: fn.loc,
    });
    return false;
  }
  fn.entry!.exportName = code.exportName;
  if (!code.matchers.length) return true;
  const base = fn.events.find((e) => e.category === 'http')!;
  fn.events = code.matchers.map((m) => ({ ...base, loc: m.loc, path: m, raw: 'matcher' }));
  return true;
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

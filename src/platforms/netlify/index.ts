import { posix } from 'node:path';
import picomatch from 'picomatch';
import { entry, get, isMap, mapEntries, seqItems, str, toValue } from '../../core/node.js';
import type { Document, Loc, Node, ToolNotice, Value } from '../../core/types.js';
import type { App, EventCategory, Fn, FnEvent } from '../../model/types.js';
import type { ModuleResolver } from '../../code/resolve.js';
import type { BuildContext } from '../context.js';
import { conventionFn, emptyApp, envFromMap, warn } from '../hosts/env-app.js';
import type { Entry, PlatformAdapter } from '../types.js';
import { readFunctionCode } from './code.js';
import { eventTrigger, functionFiles, type FunctionFile } from './functions.js';

const NETLIFY = /^netlify\.toml$/i;
/** A dependency on Netlify's function runtimes: the `package.json` of a site that may have no netlify.toml. */
const NETLIFY_PACKAGE = /"@netlify\/(?:functions|edge-functions)"\s*:/;
const DEFAULT_FUNCTIONS = 'netlify/functions';
const DEFAULT_EDGE_FUNCTIONS = 'netlify/edge-functions';
/** `to = "/.netlify/functions/name"` (and `…/name/:splat`): the function a redirect or rewrite serves. */
const FUNCTION_TARGET = /^\/\.netlify\/functions\/([A-Za-z0-9_.-]+)(?:[/?#]|$)/;

/**
 * Netlify: `netlify.toml` (`[build]` functions, base and environment, `[functions]` settings and
 * schedules, `[[redirects]]` to functions, `[[edge_functions]]`, `[context.*.environment]`) and the
 * functions of the site's functions and edge functions directories (`netlify/functions`,
 * `netlify/edge-functions` by default), each an `Fn` with its events.
 */
export const netlifyAdapter: PlatformAdapter = {
  id: 'netlify',
  platform: 'netlify',
  names: NETLIFY,
  detect: (f) =>
    NETLIFY.test(f.name) || (/^package\.json$/i.test(f.name) && NETLIFY_PACKAGE.test(f.head() ?? '')) ? { manifest: true } : null,
  build: (doc, ctx) => (/(?:^|\/)package\.json$/i.test(doc.file) ? buildFromPackage(doc, ctx) : buildNetlifyApp(doc, ctx)),
  entries: netlifyEntries,
};

/** The site's directories, relative to the scan root: the base, its functions and edge functions directories. */
function siteDirs(app: App, ctx?: BuildContext): { functions?: string; edge?: string } {
  const inRoot = (rel: string, at: Node | undefined): string | undefined => {
    const p = posix.normalize(posix.join(app.dir, rel)).replace(/\/+$/, '');
    if (p === '..' || p.startsWith('../') || posix.isAbsolute(p)) {
      if (ctx && at) warn(ctx, `"${rel}" leaves the scanned root: its functions are not read`, at.loc);
      return undefined;
    }
    return p === '.' ? '' : p;
  };
  const baseNode = get(app.root, 'build', 'base');
  const base = str(baseNode) ?? '';
  const fnNode = get(app.root, 'functions', 'directory') ?? get(app.root, 'build', 'functions');
  const edgeNode = get(app.root, 'build', 'edge_functions');
  const join = (n: Node | undefined, fallback: string) => inRoot(posix.join(base, str(n) ?? fallback), n ?? baseNode);
  return { functions: join(fnNode, DEFAULT_FUNCTIONS), edge: join(edgeNode, DEFAULT_EDGE_FUNCTIONS) };
}

/**
 * A site without netlify.toml: a `package.json` depending on `@netlify/functions` beside a default
 * `netlify/functions` or `netlify/edge-functions` directory with functions in it. Where a netlify.toml
 * is here or above, that file describes the site and this one is not read.
 */
function buildFromPackage(doc: Document, ctx: BuildContext): App | null {
  const dir = posix.dirname(doc.file) === '.' ? '' : posix.dirname(doc.file);
  for (let d = dir; ; d = posix.dirname(d) === '.' ? '' : posix.dirname(d)) {
    if ((ctx.listFiles?.(d) ?? []).some((f) => NETLIFY.test(f))) return null;
    if (!d) break;
  }
  // nothing of package.json is Netlify's settings: the site has the defaults
  const settings: Document = { ...doc, root: { kind: 'map', entries: [], loc: doc.root?.loc ?? fileLoc(doc.file) } };
  const app = buildNetlifyApp(settings, ctx);
  return app?.functions.length ? app : null;
}

function buildNetlifyApp(doc: Document, ctx: BuildContext): App | null {
  const app = emptyApp(doc, 'netlify', 'netlify site');
  if (!app) return null;
  const dirs = siteDirs(app, ctx);
  const found: FunctionFile[] = [];
  if (dirs.functions !== undefined) found.push(...functionFiles(dirs.functions, ctx.listTree?.(dirs.functions) ?? [], 'function'));
  if (dirs.edge !== undefined) found.push(...functionFiles(dirs.edge, ctx.listTree?.(dirs.edge) ?? [], 'edge'));
  app.functions.push(...found.map((f) => makeFn(app, f, doc)));
  // variables written in netlify.toml are the build's (functions get only those set in the UI or CLI)
  envFromMap(app, get(app.root, 'build', 'environment'), 'build.environment', ctx, []);
  for (const c of mapEntries(get(app.root, 'context')))
    envFromMap(app, get(c.value, 'environment'), `context.${c.key}.environment`, ctx, []);
  for (const fn of app.functions) settings(app, fn, ctx);
  redirects(app, ctx);
  edgeDeclarations(app, ctx);
  return app;
}

function fileLoc(file: string): Loc {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

function literal(value: string, loc: Loc): Value {
  return { kind: 'literal', value, loc };
}

function makeFn(app: App, f: FunctionFile, doc: Document): Fn {
  const fn = conventionFn(app, f.kind === 'edge' ? `edge:${f.name}` : f.name, f.file, {
    kind: 'map',
    entries: [],
    loc: doc.root?.loc ?? fileLoc(f.file),
  });
  fn.id = f.name;
  const loc = fn.loc;
  if (f.kind === 'edge') return fn; // an edge function runs only on the paths declared for it
  const trigger = eventTrigger(f.name);
  if (trigger) {
    // called by Netlify with the event's payload (a form submission is what a visitor typed)
    fn.events.push(event(fn, trigger, 'event', loc, fn.node, literal(f.name, loc)));
    return fn;
  }
  // every function is served at /.netlify/functions/<name> until its config gives it a path
  const http = event(fn, 'http', 'default', loc, fn.node, literal(`/.netlify/functions/${f.name}`, loc));
  if (f.name.endsWith('-background')) http.async = true;
  fn.events.push(http);
  return fn;
}

function event(fn: Fn, category: EventCategory, raw: string, loc: Loc, node: Node, path?: Value): FnEvent {
  return {
    category,
    service: category === 'schedule' ? 'schedule' : 'other',
    raw,
    loc,
    node,
    ...(path ? { path } : {}),
    auth: 'none',
    fn,
  };
}

/**
 * `[functions]` settings (`node_bundler`, `included_files`, `external_node_modules`) and the
 * `[functions."name"]` (or glob) table of each function, the last that matches winning as Netlify
 * merges them; a `schedule` there makes it a scheduled function.
 */
function settings(app: App, fn: Fn, ctx: BuildContext): void {
  const table = get(app.root, 'functions');
  if (!isMap(table) || fn.name.startsWith('edge:')) return;
  fn.node = table;
  for (const e of table.entries) {
    if (!isMap(e.value)) continue;
    let match: boolean;
    try {
      match = e.key === fn.name || picomatch(e.key, { dot: true })(fn.name);
    } catch {
      match = false;
    }
    if (!match) continue;
    fn.node = e.value;
    const schedule = entry(e.value, 'schedule');
    if (schedule) {
      if (str(schedule.value) === undefined) {
        warn(ctx, `schedule of function "${fn.name}" must be a cron expression string`, schedule.value.loc);
        continue;
      }
      scheduled(fn, event(fn, 'schedule', 'netlify.toml', schedule.value.loc, e.value, toValue(schedule.value)));
    }
  }
}

/** A scheduled function is invoked by Netlify's scheduler, never by its default URL. */
function scheduled(fn: Fn, e: FnEvent): void {
  fn.events = fn.events.filter((x) => x.raw !== 'default' && x.category !== 'schedule');
  fn.events.push(e);
}

/** `[[redirects]] from = "/api/x" to = "/.netlify/functions/x"`: the function also answers at `from`. */
function redirects(app: App, ctx: BuildContext): void {
  for (const r of seqItems(get(app.root, 'redirects'))) {
    const to = get(r, 'to');
    const from = get(r, 'from');
    const name = FUNCTION_TARGET.exec(str(to) ?? '')?.[1];
    if (!to || !from || name === undefined || str(from) === undefined) continue;
    if (name.startsWith(':')) continue; // `/.netlify/functions/:splat`: every function, already public
    const fn = app.functions.find((f) => f.name === name);
    if (!fn) {
      ctx.notice({
        id: 'unresolved-handler',
        level: 'note',
        message: `redirect to "${str(to)}" names no function of this site`,
        loc: to.loc,
      });
      continue;
    }
    const e = event(fn, 'http', 'redirects', to.loc, r, toValue(from));
    if (name.endsWith('-background')) e.async = true;
    fn.events.push(e);
  }
}

/** `[[edge_functions]] path = "/admin/*" function = "auth"`: the paths an edge function runs on. */
function edgeDeclarations(app: App, ctx: BuildContext): void {
  for (const d of seqItems(get(app.root, 'edge_functions'))) {
    const name = get(d, 'function');
    const path = get(d, 'path') ?? get(d, 'pattern');
    if (!name || !path || str(name) === undefined) continue;
    const fn = app.functions.find((f) => f.name === `edge:${str(name)}`);
    if (!fn) {
      ctx.notice({
        id: 'unresolved-handler',
        level: 'note',
        message: `edge function "${str(name)}" is not in the edge functions directory`,
        loc: name.loc,
      });
      continue;
    }
    fn.events.push(event(fn, 'http', 'edge_functions', path.loc, d, toValue(path)));
  }
}

/**
 * Each function's file and export, once its code is read: v2 (`export default`) or v1
 * (`handler`); `config.path` replaces the default URL, `config.schedule` (or the `schedule()`
 * wrapper) makes it scheduled, `config.background` (or the `-background` suffix) asynchronous. A
 * file with neither export is not a function Netlify can run: it is noted and left out.
 */
function netlifyEntries(app: App, resolver: ModuleResolver, notice: (n: ToolNotice) => void): Entry[] {
  const kept: Fn[] = [];
  for (const fn of app.functions) {
    const file = fn.entry!.file!;
    const text = resolver.io.read(file);
    if (text === null) continue;
    const code = readFunctionCode(file, text);
    const edge = fn.name.startsWith('edge:');
    const exportName = edge ? 'default' : code.exportName;
    if (!exportName || (edge && code.exportName !== 'default')) {
      notice({
        id: 'unresolved-handler',
        level: 'note',
        message: `${file} has no ${edge ? 'default export' : 'default export (v2) or handler export (v1)'}; it is not analysed as a Netlify function`,
        loc: fn.loc,
      });
      continue;
    }
    fn.entry!.exportName = exportName;
    applyCode(fn, code);
    kept.push(fn);
  }
  app.functions.splice(0, app.functions.length, ...kept);
  return kept.map((fn) => ({ file: fn.entry!.file!, fn }));
}

function applyCode(fn: Fn, code: ReturnType<typeof readFunctionCode>): void {
  const node: Node = fn.node;
  if (code.paths.length) {
    // a path of its own: the function is served there, and no longer at /.netlify/functions/<name>
    fn.events = fn.events.filter((e) => e.raw !== 'default');
    for (const p of code.paths) {
      const e = event(fn, 'http', 'config', p.loc, node, p);
      if (code.methods.length === 1) e.method = code.methods[0]!;
      fn.events.push(e);
    }
  } else if (code.methods.length === 1) for (const e of fn.events) if (e.raw === 'default') e.method = code.methods[0]!;
  if (code.schedule) scheduled(fn, event(fn, 'schedule', 'config', code.schedule.loc, node, code.schedule));
  if (code.background) for (const e of fn.events) if (e.category === 'http' && e.raw !== 'edge_functions') e.async = true;
}

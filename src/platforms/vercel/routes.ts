import { posix } from 'node:path';
import { propertyKeyName, staticString, unwrapExpression, type AstNode } from '../../code/ast.js';
import { findExport } from '../../code/exports.js';
import { nodeLoc, parseSource } from '../../code/parse.js';
import type { Value } from '../../core/types.js';

/** A function file by Vercel's or Next.js's convention, with the route it serves. */
export interface ConventionFile {
  file: string;
  /** `api/users/[id]`, or `middleware` */
  route: string;
  exportName: string;
  /** App Router route handlers: the HTTP method export (`GET`), filled in when the file is read */
  method?: string;
  /** `app/**\/route.ts`: one function per exported method */
  routeHandler?: true;
}

const CODE = /\.(?:ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
/** Tests, type declarations and helpers beside functions (`_lib/db.ts`) are not functions. */
const NOT_FUNCTION = /(?:\.d\.ts$|\.(?:test|spec)\.[a-z]+$)|(?:^|\/)_[^/]*(?:\/|$)|(?:^|\/)__tests__\//;

/** The HTTP methods an App Router route handler exports. */
export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/**
 * The functions among a project's files (posix, relative to the scan root), given the directory of
 * `vercel.json`: `api/**` (Vercel Functions), `pages/api/**` and `src/pages/api/**` (Next.js API
 * routes), `app/**\/route.*` and `src/app/**\/route.*` (route handlers), and `middleware.*` (`proxy.*`
 * since Next.js 16). `next`: the directory is a Next.js app's, found without vercel.json, where a
 * top-level `api/` folder is not a function folder.
 */
export function conventionFunctions(dir: string, files: readonly string[], opts: { next?: boolean } = {}): ConventionFile[] {
  const out: ConventionFile[] = [];
  for (const file of files) {
    const rel = dir ? posix.relative(dir, file) : file;
    if (rel.startsWith('../') || !CODE.test(rel) || NOT_FUNCTION.test(rel)) continue;
    const bare = rel.replace(CODE, '');
    // Next.js 16 renames `middleware.ts` to `proxy.ts` (the export too)
    const mw = /^(?:src\/)?(middleware|proxy)$/.exec(bare);
    if (mw) {
      out.push({ file, route: 'middleware', exportName: mw[1]! });
      continue;
    }
    // a Next.js app without vercel.json: a top-level `api/` folder is none of Next's conventions
    const api = (opts.next ? /^(?:src\/)?pages\/(api\/.+)$/ : /^(?:(?:src\/)?pages\/)?(api\/.+)$/).exec(bare);
    if (api && !/^(?:src\/)?app\//.test(bare)) {
      out.push({ file, route: api[1]!.replace(/\/index$/, ''), exportName: 'default' });
      continue;
    }
    const handler = /^(?:src\/)?app\/(.*?)\/?route$/.exec(bare);
    if (handler)
      out.push({
        file,
        // route groups `(shop)` and parallel slots `@modal` are not part of the path
        route: handler[1]!
          .split('/')
          .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'))
          .join('/'),
        exportName: 'GET',
        routeHandler: true,
      });
  }
  return out;
}

/** The HTTP methods a route handler file exports: `export async function GET`, `export const POST =`, `export { h as GET }`. */
export function exportedMethods(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/export\s+(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+|var\s+)([A-Z]+)\b/g)) found.add(m[1]!);
  for (const m of text.matchAll(/export\s*\{([^}]*)\}/g))
    for (const part of m[1]!.split(',')) {
      const name = /(?:\bas\s+)?([A-Za-z_$][\w$]*)\s*$/.exec(part.trim())?.[1];
      if (name) found.add(name);
    }
  return ROUTE_METHODS.filter((m) => found.has(m));
}

/** What a middleware (proxy) file says about itself: its handler export and the paths `config.matcher` names. */
export interface MiddlewareCode {
  /** `middleware` (`proxy` in Next.js 16), or `default`; undefined: neither is exported */
  exportName?: string;
  /** `config.matcher`: a path, a list of paths, or `{ source }` objects; a non-literal is a `ref` */
  matchers: Value[];
}

/**
 * Reads a middleware file for its handler and its `export const config = { matcher }` (Next.js and
 * Vercel Routing Middleware). Only literals are taken; anything else is left unknown, and without
 * `config.matcher` the middleware runs on every path.
 */
export function readMiddleware(path: string, text: string, name: string): MiddlewareCode {
  const out: MiddlewareCode = { matchers: [] };
  const parsed = parseSource(path, text);
  if (!('file' in parsed)) return out;
  const file = parsed.file;
  out.exportName = findExport(file, name) ? name : findExport(file, 'default') ? 'default' : undefined;
  const config = findExport(file, 'config');
  const obj = config ? unwrapExpression(config.node) : undefined;
  if (obj?.type !== 'ObjectExpression') return out;
  const one = (n: AstNode): Value => {
    const v = unwrapExpression(n);
    const s = staticString(v);
    if (s !== undefined) return { kind: 'literal', value: s, loc: nodeLoc(path, v) };
    // `{ source: '/api/:path*', has: [...], missing: [...] }`: the path is `source`
    if (v.type === 'ObjectExpression')
      for (const p of v.properties) if (p.type === 'Property' && propertyKeyName(p.key, p.computed) === 'source') return one(p.value);
    return { kind: 'ref', text: 'an expression', loc: nodeLoc(path, v) };
  };
  for (const p of obj.properties) {
    if (p.type !== 'Property' || propertyKeyName(p.key, p.computed) !== 'matcher') continue;
    const v = unwrapExpression(p.value);
    if (v.type === 'ArrayExpression') {
      for (const e of v.elements) if (e && e.type !== 'SpreadElement') out.matchers.push(one(e));
    } else out.matchers.push(one(v));
  }
  return out;
}

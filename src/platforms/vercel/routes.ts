import { posix } from 'node:path';

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
 * routes), `app/**\/route.*` and `src/app/**\/route.*` (route handlers), and `middleware.*`.
 */
export function conventionFunctions(dir: string, files: readonly string[]): ConventionFile[] {
  const out: ConventionFile[] = [];
  for (const file of files) {
    const rel = dir ? posix.relative(dir, file) : file;
    if (rel.startsWith('../') || !CODE.test(rel) || NOT_FUNCTION.test(rel)) continue;
    const bare = rel.replace(CODE, '');
    if (/^(?:src\/)?middleware$/.test(bare)) {
      out.push({ file, route: 'middleware', exportName: 'middleware' });
      continue;
    }
    const api = /^(?:(?:src\/)?pages\/)?(api\/.+)$/.exec(bare);
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

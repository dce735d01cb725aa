import { posix } from 'node:path';

/** A Netlify function or edge function found in its directory, before its code is read. */
export interface FunctionFile {
  /** the function's name: the file's base name, or its directory's (`hello/index.ts` → `hello`) */
  name: string;
  /** posix, relative to the scan root */
  file: string;
  kind: 'function' | 'edge';
}

/** The JS/TS files Netlify bundles as functions; when two share a name, the first in this order wins. */
const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'] as const;
const CODE = /\.(?:[mc]?[jt]s|[jt]sx)$/;
/** Tests and type declarations beside functions are not functions. */
const NOT_FUNCTION = /\.d\.[mc]?ts$|\.(?:test|spec)\.[a-z]+$/;

/**
 * The functions in a functions (or edge functions) directory, given the files under it, as Netlify's
 * bundler finds them: each code file directly in the directory (`hello.ts`), and each sub-directory
 * with an `index.*` or a file named after it (`hello/index.ts`, `hello/hello.ts`). Other files in
 * sub-directories are helpers they import; a sub-directory without such a file (`_shared/`) is none.
 */
export function functionFiles(dir: string, files: readonly string[], kind: FunctionFile['kind']): FunctionFile[] {
  const byName = new Map<string, { file: string; rank: number }>();
  const offer = (name: string, file: string, rank: number) => {
    const had = byName.get(name);
    if (!had || rank < had.rank) byName.set(name, { file, rank });
  };
  for (const file of files) {
    const rel = dir ? posix.relative(dir, file) : file;
    if (rel.startsWith('../') || !CODE.test(rel) || NOT_FUNCTION.test(rel)) continue;
    const ext = posix.extname(rel);
    const rank = EXTENSIONS.indexOf(ext as (typeof EXTENSIONS)[number]);
    const parts = rel.split('/');
    if (parts.length === 1) offer(rel.slice(0, -ext.length), file, rank);
    else if (parts.length === 2) {
      const [sub, base] = [parts[0]!, parts[1]!.slice(0, -ext.length)];
      // `hello/hello.ts` is preferred to `hello/index.ts`, as the bundler does
      if (base === sub) offer(sub, file, rank);
      else if (base === 'index') offer(sub, file, EXTENSIONS.length + rank);
    }
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, { file }]) => ({ name, file, kind }));
}

/** Event-triggered functions, named after the Netlify event that calls them, and the trigger category of each. */
export function eventTrigger(name: string): 'auth' | 'deploy' | 'http' | undefined {
  const base = name.replace(/-background$/, '');
  if (/^identity-(?:validate|signup|login)$/.test(base)) return 'auth';
  if (/^(?:deploy-(?:building|succeeded|failed|deleted|locked|unlocked)|split-test-activated)$/.test(base)) return 'deploy';
  // a form submission is what a visitor typed
  if (base === 'submission-created') return 'http';
  return undefined;
}

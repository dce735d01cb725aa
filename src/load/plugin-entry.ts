import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from '../core/paths.js';
import { PACKAGE_ROOT } from './package.js';

/**
 * Where a plugin's code is: the file `import()` loads for a `plugins` entry of the config. Nothing
 * is read but package manifests; nothing is run here.
 *  - a path (`./tools/policy-plugin`, relative to the config file's folder) must resolve inside the
 *    repository, links included: a plugin is the team's own code, never something from elsewhere;
 *  - a package name (`sls-lint-plugin-acme`, `@acme/sls-lint-plugin`) is looked up in `node_modules`
 *    from the config file's folder upward, as Node does, then next to sls-lint itself.
 */
export type PluginEntry = { file: string } | { error: string };

const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

export function resolvePluginEntry(specifier: string, fromDir: string, repoRoot: string): PluginEntry {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const abs = path.resolve(fromDir, specifier);
    const real = realpath(abs);
    if (!real) return { error: `no such file or folder "${specifier}"` };
    const root = realpath(repoRoot) ?? repoRoot;
    if (!isInside(root, real)) return { error: `"${specifier}" resolves outside the repository; only the repository's own code is loaded` };
    const entry = isDirectory(real) ? packageEntry(real) : real;
    if (!entry) return { error: `no entry file in "${specifier}" (package.json "exports" or "main", or index.js)` };
    const realEntry = realpath(entry);
    if (!realEntry || !isInside(root, realEntry)) return { error: `the entry of "${specifier}" is missing or outside the repository` };
    return { file: realEntry };
  }
  if (!PACKAGE_NAME.test(specifier)) return { error: `"${specifier}" is neither a package name nor a path starting with "./"` };
  for (const start of [fromDir, path.dirname(PACKAGE_ROOT)]) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      const pkgDir = path.join(dir, 'node_modules', ...specifier.split('/'));
      if (isDirectory(pkgDir)) {
        const entry = packageEntry(pkgDir);
        const real = entry ? realpath(entry) : undefined;
        return real
          ? { file: real }
          : { error: `package "${specifier}" has no entry file (package.json "exports" or "main", or index.js)` };
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return { error: `package "${specifier}" is not installed (not found in node_modules from the config file's folder up)` };
}

/** The file a package folder's `import` loads: `exports` (".", import/node/default), else `main`, else index.js. */
function packageEntry(dir: string): string | undefined {
  let pkg: { exports?: unknown; main?: unknown } = {};
  try {
    const text = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
    if (text.length > 1024 * 1024) return undefined;
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    /* no manifest: index.js */
  }
  const pick = (e: unknown, depth = 0): string | undefined => {
    if (typeof e === 'string') return e;
    if (!e || typeof e !== 'object' || Array.isArray(e) || depth > 3) return undefined;
    const o = e as Record<string, unknown>;
    if ('.' in o) return pick(o['.'], depth + 1);
    for (const k of ['import', 'node', 'default']) if (k in o) return pick(o[k], depth + 1);
    return undefined;
  };
  const rel = pick(pkg.exports) ?? (typeof pkg.main === 'string' ? pkg.main : undefined);
  const candidates = rel ? [rel, `${rel}.js`, path.join(rel, 'index.js')] : ['index.js', 'index.mjs'];
  for (const c of candidates) {
    const abs = path.resolve(dir, c);
    if (!isInside(dir, abs)) continue;
    if (isFile(abs)) return abs;
  }
  return undefined;
}

function realpath(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

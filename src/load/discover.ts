import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { ToolNotice } from '../core/types.js';

/** Directories never walked into, whatever the ignore files say. */
export const DEFAULT_SKIP_DIRS = new Set(['node_modules', '.git', '.serverless', '.aws-sam', 'cdk.out', '.hg', '.svn']);

/** Largest manifest or env file we read; larger ones are skipped with a note. */
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

export type Candidate =
  | { kind: 'serverless'; path: string }
  | { kind: 'template'; path: string }
  | { kind: 'dotenv'; path: string };

export interface DiscoverOptions {
  /** absolute; all returned paths are posix and relative to it */
  srcRoot: string;
  /** absolute paths (files or directories) to scan */
  paths: string[];
  /** globs (relative to srcRoot) from config `ignore` */
  ignore: string[];
  notice(n: ToolNotice): void;
}

const SERVERLESS_NAMES = /^serverless\.(ya?ml|json)$/i;
const SERVERLESS_CODE = /^serverless\.(ts|js|cjs|mjs)$/i;
const TEMPLATE_EXT = /\.(ya?ml|json|template)$/i;
/** `.env`, `.env.production`, `.env.local` — but not the documented samples. */
const DOTENV = /^\.env(\.[\w.-]+)?$/i;
const DOTENV_SAMPLE = /\.(example|sample|template|dist|defaults?|schema)$/i;
/** JSON/YAML files that are never templates; skipping them saves reading large lock files. */
const NEVER_TEMPLATES = /^(package(-lock)?\.json|tsconfig(\.[\w-]+)?\.json|yarn\.lock|pnpm-lock\.yaml|composer\.lock|\.eslintrc\.json|\.prettierrc(\.json)?|renovate\.json|jsconfig\.json|\.sls-lint\.(ya?ml|json)|docker-compose\.ya?ml|openapi\.(ya?ml|json)|swagger\.(ya?ml|json))$/i;

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function relPosix(root: string, abs: string): string {
  return toPosix(path.relative(root, abs)) || '.';
}

/** True when `abs` is `root` or inside it (after resolving symlinks when they exist). */
export function isInside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Cheap content test: does this YAML/JSON text look like a CloudFormation or SAM template? */
export function looksLikeTemplate(text: string): boolean {
  if (/AWSTemplateFormatVersion/.test(text)) return true;
  if (/AWS::Serverless-2016-10-31/.test(text)) return true;
  return /(^|[\s{"'])Resources["']?\s*:/m.test(text) && /["'\s]AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/.test(text);
}

/**
 * A Serverless Framework manifest under another name (`serverless.prod.yml`, used with `--config`):
 * top-level `service` and `provider` keys, and `functions` or `provider.name`.
 */
export function looksLikeServerless(text: string): boolean {
  const json = /^\s*\{/.test(text);
  if (json) return /"service"\s*:/.test(text) && /"provider"\s*:/.test(text) && /"(functions|runtime)"\s*:/.test(text);
  return /^service\s*:/m.test(text) && /^provider\s*:/m.test(text) && /^(functions\s*:|\s+runtime\s*:)/m.test(text);
}

/**
 * Walks the given paths, honouring .gitignore files (each applying below its own directory),
 * .slslintignore and config `ignore`, and returns the manifests and env files found, sorted.
 * Symlinks are followed only when their target stays inside the root; a directory is entered once
 * (by real path), so symlink loops end.
 */
export function discover(opts: DiscoverOptions): Candidate[] {
  const found = new Map<string, Candidate>();
  const seenDirs = new Set<string>();
  const configIgnore = opts.ignore.length ? picomatch(opts.ignore, { dot: true }) : null;
  /** real path of the scanned directory being walked: symlinks may not lead out of it */
  let rootReal = '';

  const ignoredBy = (stack: { dir: string; ig: Ignore }[], abs: string, isDir: boolean): boolean => {
    for (const { dir, ig } of stack) {
      const rel = toPosix(path.relative(dir, abs));
      if (!rel || rel.startsWith('..')) continue;
      if (ig.ignores(isDir ? `${rel}/` : rel)) return true;
    }
    const relRoot = relPosix(opts.srcRoot, abs);
    return !!configIgnore && (configIgnore(relRoot) || (isDir && configIgnore(`${relRoot}/`)));
  };

  const loadIgnores = (dir: string): Ignore | null => {
    let ig: Ignore | null = null;
    for (const name of ['.gitignore', '.slslintignore']) {
      const f = path.join(dir, name);
      try {
        const st = fs.statSync(f);
        if (!st.isFile() || st.size > 1024 * 1024) continue;
        ig ??= ignore();
        ig.add(fs.readFileSync(f, 'utf8'));
      } catch {
        /* absent */
      }
    }
    return ig;
  };

  const consider = (abs: string): void => {
    const name = path.basename(abs);
    const rel = relPosix(opts.srcRoot, abs);
    if (SERVERLESS_NAMES.test(name)) found.set(rel, { kind: 'serverless', path: rel });
    else if (SERVERLESS_CODE.test(name))
      opts.notice({
        id: 'file-skipped',
        level: 'note',
        message: `${name} is code, which sls-lint never runs; convert it to serverless.yml or serverless.json to lint it`,
        loc: { file: rel, line: 1, column: 1, endLine: 1, endColumn: 1 },
      });
    else if (DOTENV.test(name) && !DOTENV_SAMPLE.test(name)) found.set(rel, { kind: 'dotenv', path: rel });
    else if (TEMPLATE_EXT.test(name) && !NEVER_TEMPLATES.test(name)) {
      const head = readHead(abs, 64 * 1024);
      if (head === null) return;
      if (looksLikeServerless(head)) found.set(rel, { kind: 'serverless', path: rel });
      else if (looksLikeTemplate(head)) found.set(rel, { kind: 'template', path: rel });
    }
  };

  const walk = (dir: string, stack: { dir: string; ig: Ignore }[]): void => {
    const real = safeRealpath(dir);
    if (!real || seenDirs.has(real) || !isInside(rootReal, real)) return;
    seenDirs.add(real);
    const ig = loadIgnores(dir);
    const next = ig ? [...stack, { dir, ig }] : stack;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      opts.notice({ id: 'file-skipped', level: 'warning', message: `cannot read directory ${relPosix(opts.srcRoot, dir)}: ${(e as NodeJS.ErrnoException).code ?? e}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const abs = path.join(dir, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        const target = safeRealpath(abs);
        if (!target || !isInside(rootReal, target)) continue;
        try {
          const st = fs.statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (DEFAULT_SKIP_DIRS.has(ent.name)) continue;
        if (ignoredBy(next, abs, true)) continue;
        walk(abs, next);
      } else if (isFile) {
        if (ignoredBy(next, abs, false)) continue;
        consider(abs);
      }
    }
  };

  for (const p of opts.paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      opts.notice({ id: 'file-skipped', level: 'error', message: `no such file or directory: ${relPosix(opts.srcRoot, p)}` });
      continue;
    }
    if (st.isDirectory()) {
      // ignore files of the directories between the root and the scanned path still apply below it;
      // one that ignores the named directory itself does not: naming it is asking for it
      const stack: { dir: string; ig: Ignore }[] = [];
      if (isInside(opts.srcRoot, p)) {
        let d = opts.srcRoot;
        const parts = path.relative(opts.srcRoot, p).split(path.sep).filter(Boolean);
        for (let i = 0; i <= parts.length - 1; i++) {
          const ig = loadIgnores(d);
          if (ig) {
            const rel = toPosix(path.relative(d, p));
            if (rel && ig.ignores(`${rel}/`)) {
              opts.notice({
                id: 'ignored-path',
                level: 'note',
                message: `${relPosix(opts.srcRoot, p)} is ignored by ${relPosix(opts.srcRoot, path.join(d, '.gitignore'))} or .slslintignore; linting it because it was named explicitly`,
              });
            } else stack.push({ dir: d, ig });
          }
          d = path.join(d, parts[i]!);
        }
      }
      rootReal = safeRealpath(p) ?? p;
      walk(p, stack);
    } else if (st.isFile()) {
      consider(p);
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function safeRealpath(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

function readHead(abs: string, bytes: number): string | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(abs, 'r');
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    const slice = buf.subarray(0, n);
    if (slice.includes(0)) return null;
    return slice.toString('utf8');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

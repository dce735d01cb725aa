import { fileLoc } from '../core/loc.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { applicableIgnoreText } from './ignore-patterns.js';
import picomatch from 'picomatch';
import type { FileProbe, Severity, ToolNotice } from '../core/types.js';
import { decodeText } from './decode.js';
import { isInside, leavesRoot } from '../core/paths.js';
import { fileKind, readRegularFile } from './safe-read.js';

/** Directories never walked into, whatever the ignore files say. */
export const DEFAULT_SKIP_DIRS = new Set(['node_modules', '.git', '.serverless', '.aws-sam', 'cdk.out', '.hg', '.svn', '.sls-lint-cache']);

/** Largest manifest or env file we read; larger ones are skipped with a note. */
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

/** A file worth reading: a manifest claimed by a platform adapter (by id), or an env file. */
export type Candidate =
  | { kind: 'manifest'; adapter: string; path: string }
  | { kind: 'dotenv'; path: string }
  /** source of a non-JavaScript runtime (read only if a function's handler is in its directory) */
  | { kind: 'code'; path: string };

/** The adapter id claiming a file as its manifest, a reason it is known but never read, or null. */
export type Detect = (file: FileProbe) => { adapter: string } | { skip: string } | null;

export interface DiscoverOptions {
  /** absolute; all returned paths are posix and relative to it */
  srcRoot: string;
  /** absolute paths (files or directories) to scan */
  paths: string[];
  /** globs (relative to srcRoot) from config `ignore` */
  ignore: string[];
  /** which platform, if any, claims a file (the platforms' registry) */
  detect: Detect;
  /**
   * Is this a name that says "I am a manifest" whatever the content (`serverless.yml`,
   * `template.yaml`)? Such a file that cannot be read fails the gate instead of being passed over.
   */
  isManifestName(name: string): boolean;
  notice(n: ToolNotice): void;
  /** level of the notice for a file named like a manifest that cannot be read (default 'error') */
  unanalysed?: Severity;
}

/** `.env`, `.env.production`, `.env.local` — but not the documented samples. */
const DOTENV = /^\.env(\.[\w.-]+)?$/i;
const DOTENV_SAMPLE = /\.(example|sample|template|dist|defaults?|schema)$/i;
/** Handler source of the Python, Ruby, Go, Java, Kotlin, C# and PHP runtimes (listed, not read). */
export const RUNTIME_SOURCE = /\.(?:py|rb|go|java|kt|cs|php)$/i;
/** JSON/YAML files that are never manifests; skipping them saves reading large lock files. */
const NEVER_TEMPLATES =
  /^(package(-lock)?\.json|tsconfig(\.[\w-]+)?\.json|yarn\.lock|pnpm-lock\.yaml|composer\.lock|\.eslintrc\.json|\.prettierrc(\.json)?|renovate\.json|jsconfig\.json|\.sls-lint\.(ya?ml|json)|docker-compose\.ya?ml|openapi\.(ya?ml|json)|swagger\.(ya?ml|json))$/i;

/**
 * A file known but never read, with why; files of one `group` (Terraform, CDK) are reported together,
 * once per run, not once per file.
 */
export interface Unsupported {
  skip: string;
  group?: string;
}

/** Deployment descriptions sls-lint recognises but does not read, and what to do instead. */
const UNSUPPORTED: { name: RegExp; group: string; why: string }[] = [
  {
    name: /\.tf(\.json)?$/i,
    group: 'Terraform',
    why: 'not analysed: sls-lint reads serverless.yml, SAM and CloudFormation templates, not Terraform',
  },
  {
    name: /^cdk\.json$/i,
    group: 'AWS CDK',
    why: 'not analysed: an AWS CDK app is code; run `cdk synth` and lint the templates it writes (`sls-lint cdk.out`)',
  },
];

/**
 * What a file is to a run, by its name and (lazily) its first bytes: an env file, a manifest a
 * platform claims, a file known but never read (with why), or nothing sls-lint reads.
 */
export function classifyFile(rel: string, head: () => string | null, detect: Detect): Candidate | Unsupported | null {
  const name = path.posix.basename(rel);
  if (DOTENV.test(name) && !DOTENV_SAMPLE.test(name)) return { kind: 'dotenv', path: rel };
  // a package.json is never a template, but it marks a Netlify site that has no netlify.toml
  if (NEVER_TEMPLATES.test(name) && !/^package\.json$/i.test(name)) return null;
  const other = UNSUPPORTED.find((u) => u.name.test(name));
  if (other) return { skip: other.why, group: other.group };
  const verdict = detect({ name, path: rel, head });
  if (!verdict) return null;
  return 'adapter' in verdict ? { kind: 'manifest', adapter: verdict.adapter, path: rel } : verdict;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function relPosix(root: string, abs: string): string {
  return toPosix(path.relative(root, abs)) || '.';
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
      if (!rel || leavesRoot(rel) || path.isAbsolute(rel)) continue;
      if (ig.ignores(isDir ? `${rel}/` : rel)) return true;
    }
    const relRoot = relPosix(opts.srcRoot, abs);
    return !!configIgnore && (configIgnore(relRoot) || (isDir && configIgnore(`${relRoot}/`)));
  };

  const loadIgnores = (dir: string): Ignore | null => {
    let ig: Ignore | null = null;
    const resolved = safeRealpath(dir);
    const dirReal = resolved ?? dir;
    // the folder is resolved once for both names
    const realDirs = resolved === null ? undefined : new Map([[dir, resolved]]);
    for (const name of ['.gitignore', '.slslintignore']) {
      // absent, not a regular file, larger than 1 MB or a link out of its directory: not applied
      const out = readRegularFile(path.join(dir, name), { maxBytes: 1024 * 1024, roots: [dirReal], ...(realDirs ? { realDirs } : {}) });
      if (!out.ok) continue;
      const text = decodeText(out.bytes);
      if ('binary' in text) continue;
      ig ??= ignore();
      const rel = relPosix(opts.srcRoot, path.join(dir, name));
      ig.add(applicableIgnoreText(text.text, rel, (loc, message) => opts.notice({ id: 'parse-error', level: 'warning', message, loc })));
    }
    return ig;
  };

  const unreadableManifest = (rel: string, why: string): void =>
    opts.notice({
      id: 'file-skipped',
      level: opts.unanalysed ?? 'error',
      message: `${rel} skipped: ${why}`,
      loc: { file: rel, line: 1, column: 1, endLine: 1, endColumn: 1 },
    });

  const consider = (abs: string): void => {
    const name = path.basename(abs);
    const rel = relPosix(opts.srcRoot, abs);
    // sources of the runtimes that are not parsed: listed, read when a handler is beside them
    if (RUNTIME_SOURCE.test(name) && !NEVER_TEMPLATES.test(name)) return void found.set(rel, { kind: 'code', path: rel });
    // a file named like a manifest is read whole, so padding cannot push its markers out of sight
    const whole = opts.isManifestName(name);
    let head: string | null | undefined;
    const probe = () => (head === undefined ? (head = whole ? readWhole(abs) : readHead(abs, 64 * 1024)) : head);
    const verdict = classifyFile(rel, probe, opts.detect);
    if (!verdict) return;
    if (!('skip' in verdict)) found.set(rel, verdict);
    else if (!verdict.group) opts.notice({ id: 'not-analysed', level: 'note', message: verdict.skip, loc: fileLoc(rel) });
    else {
      let list = grouped.get(verdict.group);
      if (!list) grouped.set(verdict.group, (list = { why: verdict.skip, files: [] }));
      list.files.push(rel);
    }
  };
  /** unsupported files by kind, reported once each after the walk */
  const grouped = new Map<string, { why: string; files: string[] }>();

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
      opts.notice({
        id: 'file-skipped',
        level: 'warning',
        message: `cannot read directory ${relPosix(opts.srcRoot, dir)}: ${(e as NodeJS.ErrnoException).code ?? e}`,
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const abs = path.join(dir, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        const target = safeRealpath(abs);
        if (!target || !isInside(rootReal, target)) {
          // a manifest that is a link out of the root (or to nothing) is deployed from wherever it points
          if (opts.isManifestName(ent.name) && !ignoredBy(next, abs, false))
            unreadableManifest(
              relPosix(opts.srcRoot, abs),
              target ? 'a symbolic link to a file outside the scanned root; not read' : 'a broken symbolic link',
            );
          continue;
        }
        try {
          const st = fs.statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
          if (!isDir && !isFile && opts.isManifestName(ent.name) && !ignoredBy(next, abs, false))
            unreadableManifest(relPosix(opts.srcRoot, abs), `not a regular file (${fileKind(st)})`);
        } catch {
          continue;
        }
      } else if (!isDir && !isFile && opts.isManifestName(ent.name) && !ignoredBy(next, abs, false)) {
        unreadableManifest(relPosix(opts.srcRoot, abs), 'not a regular file');
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
    } else {
      // a FIFO, device or socket named on the command line is never opened
      const rel = relPosix(opts.srcRoot, p);
      opts.notice({
        id: 'file-skipped',
        level: 'error',
        message: `${rel} is not a regular file (${fileKind(st)}); not read`,
        loc: { file: rel, line: 1, column: 1, endLine: 1, endColumn: 1 },
      });
    }
  }
  for (const [group, { why, files }] of grouped) {
    files.sort();
    const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? ', …' : '');
    const what = files.length === 1 ? `1 ${group} file (${shown})` : `${files.length} ${group} files (${shown})`;
    opts.notice({ id: 'not-analysed', level: 'note', message: `${what} ${why}`, loc: fileLoc(files[0]!), files });
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function safeRealpath(p: string): string | null {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return null;
  }
}

/** The first `bytes` bytes of a regular file, decoded as a manifest is; null when unreadable or binary. */
/** The whole text of a file named like a manifest, up to the manifest size cap; null when unreadable. */
function readWhole(abs: string): string | null {
  const out = readRegularFile(abs, { maxBytes: MAX_MANIFEST_BYTES });
  if (!out.ok) return null;
  const text = decodeText(out.bytes);
  return 'binary' in text ? null : text.text;
}

function readHead(abs: string, bytes: number): string | null {
  const out = readRegularFile(abs, { maxBytes: bytes, head: true });
  if (!out.ok) return null;
  const text = decodeText(out.bytes);
  return 'binary' in text ? null : text.text;
}

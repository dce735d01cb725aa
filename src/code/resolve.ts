import { posix } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { CODE_EXTENSIONS, isCodeFile } from './parse.js';
import { leavesRoot } from '../core/paths.js';
import { memoize } from '../core/memo.js';
import { limitText } from '../core/limits.js';
import type { ToolNotice } from '../core/types.js';
import { jsonTooDeep } from '../parse/budget.js';

/**
 * Module resolution over the project's own files: relative specifiers with TypeScript's conventions
 * (`./a.js` naming `a.ts`, added extensions, folder index), tsconfig `paths` aliases, and build output
 * mapped back to its sources. Pure path logic over an `exists` probe: nothing is read but through
 * `SourceIo`, nothing outside the scanned roots is ever named.
 */

/** File access, relative to the srcroot (posix). */
export interface SourceIo {
  exists(rel: string): boolean;
  /** null: missing, too big, binary, outside the root (the io reports why, if it wants to) */
  read(rel: string): string | null;
  /**
   * Is a srcRoot-relative path inside a scanned root? Without it, any path leaving the srcRoot
   * (`../…`) is outside. With it, a scanned directory outside the srcRoot (`sls-lint ../app`) works.
   */
  inside?(rel: string): boolean;
}

const TS_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts']);

/** `import './a.js'` in TypeScript's ESM convention names the source `a.ts`. */
const JS_TO_TS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/** Build output folders whose sources conventionally live in `src/` (or at the same place without the folder). */
const BUILD_DIRS: string[][] = [['.esbuild', '.build'], ['.build'], ['dist'], ['build'], ['lib']];

/**
 * Resolution for one run: the root check, a memoised `exists`, and the tsconfig aliases read so far.
 * Created per resolution; holds no global state.
 */
export class ModuleResolver {
  readonly exists: (rel: string) => boolean;
  readonly outside: (rel: string) => boolean;
  private readonly aliases: TsconfigAliases;
  private readonly resolved = new Map<string, string | undefined>();

  constructor(
    readonly io: SourceIo,
    notice?: (n: ToolNotice) => void,
  ) {
    const inside = io.inside?.bind(io);
    this.outside = inside ? (p) => !inside(p) : leavesRoot;
    this.exists = memoize(io.exists.bind(io));
    this.aliases = new TsconfigAliases(this, notice);
  }

  /** See `joinInside`. */
  join(dir: string, rel: string): string | undefined {
    return joinInside(dir, rel, this.outside);
  }

  /**
   * A specifier imported by `from`: relative, else a tsconfig alias; undefined for packages. Both
   * depend only on the folder of `from`, so each specifier is resolved once per folder (the files
   * of a folder import the same helpers, and each resolution probes several paths).
   */
  resolve(from: string, spec: string): string | undefined {
    const key = `${posix.dirname(from)}\0${spec}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const out = resolveImport(from, spec, this.exists, this.outside) ?? this.aliases.resolve(from, spec);
    this.resolved.set(key, out);
    return out;
  }

  /** See `probeModule`. */
  probe(variants: string[]): string | undefined {
    return probeModule(variants, this.exists);
  }
}

/**
 * `a/b` joined with `c` and normalised (posix, relative to srcRoot); undefined when the result is
 * outside the scanned roots. It may start with `../` when the scanned directory is outside the srcRoot.
 */
export function joinInside(dir: string, rel: string, outside: (p: string) => boolean = leavesRoot): string | undefined {
  if (posix.isAbsolute(rel)) return undefined;
  const p = posix.normalize(posix.join(dir || '.', rel)).replace(/\/+$/, '');
  if (posix.isAbsolute(p) || outside(p)) return undefined;
  return p === '.' ? '' : p;
}

/**
 * The handler path first, then where its source lives when it points into build output:
 * `dist/handlers/a` → `src/handlers/a`, `handlers/a`; `.esbuild/.build/src/a` → `src/a`.
 */
export function sourceVariants(path: string | undefined): string[] {
  if (path === undefined || path === '') return [];
  const segs = path.split('/');
  const out = [path];
  for (let i = 0; i < segs.length; i++) {
    const dir = BUILD_DIRS.find((d) => d.every((s, k) => segs[i + k] === s));
    if (!dir) continue;
    const before = segs.slice(0, i);
    const after = segs.slice(i + dir.length);
    if (!after.length) break;
    out.push([...before, 'src', ...after].join('/'), [...before, ...after].join('/'));
    break;
  }
  return [...new Set(out)];
}

/**
 * The file a module path names: `m.<ext>` or `m/index.<ext>`, over all variants, a TypeScript source
 * anywhere before JavaScript anywhere (a `.ts` source wins over a built `.js`).
 */
function probeModule(variants: string[], exists: (rel: string) => boolean): string | undefined {
  const candidates = variants.flatMap((v) => [...CODE_EXTENSIONS.map((e) => v + e), ...CODE_EXTENSIONS.map((e) => `${v}/index${e}`)]);
  const ts = candidates.filter((c) => TS_EXTENSIONS.has(posix.extname(c)));
  const js = candidates.filter((c) => !TS_EXTENSIONS.has(posix.extname(c)));
  return ts.find(exists) ?? js.find(exists);
}

// ---------------------------------------------------------------------------------------------------
// Entries and what they import

/**
 * tsconfig `compilerOptions.paths` aliases (`"@libs/*": ["src/libs/*"]`, as the Serverless
 * aws-nodejs-typescript template sets up): a bare specifier matching an alias of the nearest
 * tsconfig.json (found upward from the importing file, inside the scanned roots) resolves like a
 * relative import. `extends` is not followed; each tsconfig is read once.
 */
class TsconfigAliases {
  private readonly configs = new Map<string, { base: string; paths: [string, string[]][] } | null>();

  constructor(
    private readonly r: ModuleResolver,
    private readonly notice?: (n: ToolNotice) => void,
  ) {}

  resolve(from: string, spec: string): string | undefined {
    if (spec.startsWith('.') || spec.startsWith('/')) return undefined;
    const cfg = this.nearest(posix.dirname(from));
    if (!cfg) return undefined;
    for (const [pattern, targets] of cfg.paths) {
      const star = pattern.indexOf('*');
      let captured: string | undefined;
      if (star < 0) captured = spec === pattern ? '' : undefined;
      else {
        const pre = pattern.slice(0, star);
        const post = pattern.slice(star + 1);
        if (spec.length >= pre.length + post.length && spec.startsWith(pre) && spec.endsWith(post))
          captured = spec.slice(pre.length, spec.length - post.length);
      }
      if (captured === undefined) continue;
      for (const t of targets) {
        const target = this.r.join(cfg.base, t.replace('*', captured));
        if (target === undefined) continue;
        const found = resolveImport('x', `./${target}`, this.r.exists, this.r.outside);
        if (found) return found;
      }
    }
    return undefined;
  }

  private nearest(dir: string): { base: string; paths: [string, string[]][] } | null {
    const key = dir === '.' ? '' : dir;
    if (this.configs.has(key)) return this.configs.get(key)!;
    let out: { base: string; paths: [string, string[]][] } | null = null;
    const file = key ? `${key}/tsconfig.json` : 'tsconfig.json';
    if (this.r.exists(file)) out = readTsconfigPaths(file, this.r.io.read(file), this.r.outside, this.notice);
    else if (key) {
      // upward, but never out of the scanned roots
      const up = posix.dirname(key);
      const upKey = up === '.' ? '' : up;
      if (upKey === '' || !this.r.outside(upKey)) out = this.nearest(upKey);
    }
    this.configs.set(key, out);
    return out;
  }
}

function readTsconfigPaths(
  file: string,
  text: string | null,
  outside: (p: string) => boolean,
  notice?: (n: ToolNotice) => void,
): { base: string; paths: [string, string[]][] } | null {
  if (!text) return null;
  // the jsonc parser recurses per level: nesting is measured on tokens first
  const deep = jsonTooDeep(text);
  if (deep >= 0) {
    const line = text.slice(0, deep).split('\n').length;
    const column = deep - text.lastIndexOf('\n', deep - 1);
    notice?.({
      id: 'parse-error',
      level: 'error',
      message: `${file}: nesting exceeds ${limitText('maxDepth')}: its path aliases are not used`,
      loc: { file, line, column, endLine: line, endColumn: column + 1 },
    });
    return null;
  }
  const errors: ParseError[] = [];
  const json = parseJsonc(text, errors, { allowTrailingComma: true }) as
    { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
  const co = json?.compilerOptions;
  if (!co || typeof co.paths !== 'object' || co.paths === null) return null;
  const dir = posix.dirname(file);
  const base = joinInside(dir === '.' ? '' : dir, typeof co.baseUrl === 'string' ? co.baseUrl : '.', outside) ?? '';
  const paths: [string, string[]][] = [];
  for (const [k, v] of Object.entries(co.paths as Record<string, unknown>)) {
    if (Array.isArray(v)) paths.push([k, v.filter((x): x is string => typeof x === 'string')]);
  }
  return paths.length ? { base, paths } : null;
}

/**
 * A relative specifier to a project source file: exact file, `.js` → `.ts` source, added extension,
 * folder index. Bare specifiers (packages), anything under node_modules and anything outside the root
 * give undefined.
 */
export function resolveImport(
  from: string,
  spec: string,
  exists: (rel: string) => boolean,
  outside: (p: string) => boolean = leavesRoot,
): string | undefined {
  if (!(spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../'))) return undefined;
  const target = joinInside(posix.dirname(from), spec, outside);
  if (!target || target.split('/').includes('node_modules')) return undefined;
  const ext = posix.extname(target).toLowerCase();
  const stem = target.slice(0, target.length - ext.length);
  const candidates: string[] = [];
  for (const alt of (Object.hasOwn(JS_TO_TS, ext) ? JS_TO_TS[ext] : undefined) ?? []) candidates.push(stem + alt);
  if (isCodeFile(target)) candidates.push(target);
  for (const e of CODE_EXTENSIONS) candidates.push(target + e);
  for (const e of CODE_EXTENSIONS) candidates.push(`${target}/index${e}`);
  return candidates.find((c) => isCodeFile(c) && exists(c));
}

// ---------------------------------------------------------------------------------------------------
// The exported handler inside a parsed file

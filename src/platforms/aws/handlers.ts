import { posix } from 'node:path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { CODE_EXTENSIONS, isCodeFile, parseSource } from '../../code/parse.js';
import { fileLoc } from '../../core/loc.js';
import {
  isFunction,
  isModuleExports,
  memberName,
  propertyKeyName,
  staticString,
  unwrapExpression,
  type AstNode,
  type FunctionNode,
} from '../../code/ast.js';
import { get, literalString, seqItems, str, valueOf } from '../../core/node.js';
import type { App, Fn, Project, SourceFile } from '../../model/types.js';
import type { ToolNotice, Value } from '../../core/types.js';

/**
 * Handler resolution: from each function's handler as written in its manifest to the source file and
 * export that implement it, then the project files those entries import (relative specifiers only),
 * each parsed once.
 *
 * Nothing is executed and nothing outside the scan root is read: every path is normalised and checked
 * here, and all reads go through `io`.
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

const leavesSrcRoot = (p: string): boolean => p === '..' || p.startsWith('../');
/** The root check of the resolveHandlers call in progress (resolution is synchronous). */
let outsideRoot: (p: string) => boolean = leavesSrcRoot;

/** Upper bound on parsed source files per run (entries plus everything they import). */
export const MAX_SOURCE_FILES = 2000;
/** Larger files are not parsed (generated code, bundles). */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

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
/** Handler files of other runtimes that use the same `file.function` handler syntax. */
const OTHER_RUNTIME_EXTENSIONS = ['.py', '.rb'];

export function resolveHandlers(project: Project, io: SourceIo, notice: (n: ToolNotice) => void): void {
  const inside = io.inside?.bind(io);
  outsideRoot = inside ? (p) => !inside(p) : leavesSrcRoot;
  try {
    resolveAll(project, io, notice);
  } finally {
    outsideRoot = leavesSrcRoot;
  }
}

function resolveAll(project: Project, io: SourceIo, notice: (n: ToolNotice) => void): void {
  const exists = memoize(io.exists.bind(io));
  const entries: { file: string; fn: Fn }[] = [];
  for (const app of project.apps) {
    for (const fn of app.functions) {
      const found = locateHandler(fn, app, exists, notice);
      if (!found || !fn.handler) continue;
      fn.handler.file = found.file;
      fn.handler.exportName = found.exportName;
      entries.push({ file: found.file, fn });
    }
  }
  parseReachable(project, entries, io, exists, notice);
}

// ---------------------------------------------------------------------------------------------------
// From the manifest's handler to a file

interface Located {
  file: string;
  exportName: string;
}

function locateHandler(fn: Fn, app: App, exists: (rel: string) => boolean, notice: (n: ToolNotice) => void): Located | null {
  const handler = fn.handler;
  if (!handler) return null;
  const runtime = literalString(fn.runtime);
  if (runtime !== undefined && !/^nodejs/i.test(runtime)) return null; // python, java, go, provided, …
  const runtimeKnown = runtime !== undefined;
  const at = handler.text.loc;
  const say = (message: string, loc = at) => notice({ id: 'unresolved-handler', level: 'note', message, loc });

  const written = literalString(handler.text);
  if (written === undefined) {
    const shown = handler.text.kind === 'ref' ? handler.text.text : String(handler.text.value);
    say(`handler "${shown}" of function "${fn.name}" is not a static value; its code is not analysed`);
    return null;
  }
  const text = written.trim().replace(/\\/g, '/');
  // Java and .NET handlers (`pkg.Class::method`), or a Go/custom-runtime executable name
  if (!runtimeKnown && (text.includes('::') || !hasExportPart(text))) return null;
  if (!hasExportPart(text)) {
    say(`handler "${written}" of function "${fn.name}" names no export; expected "file.export"`);
    return null;
  }

  const base = codeBase(fn, app, say);
  if (base === null) return null;

  const splits = moduleSplits(text);
  const fromMetadata = esbuildEntry(fn, app, base, splits, exists);
  if (fromMetadata) return fromMetadata;

  const tried = splits.map((s) => ({ ...s, variants: sourceVariants(joinInside(base, s.module)) }));
  for (const { variants, exportName } of tried) {
    const file = probeModule(variants, exists);
    if (file) return { file, exportName };
  }
  const variants = tried.flatMap((t) => t.variants);
  // runtime not stated and the handler is a Python/Ruby file (same `file.function` syntax)
  if (!runtimeKnown && variants.some((v) => OTHER_RUNTIME_EXTENSIONS.some((e) => exists(v + e)))) return null;
  if (!variants.length) {
    say(`handler "${written}" of function "${fn.name}" points outside the scanned root`);
    return null;
  }
  const looked = [...new Set(variants.flatMap((v) => [`${v}.ts`, `${v}.js`]))];
  say(`handler "${written}" of function "${fn.name}" not found (looked for ${looked.join(', ')}, …)`);
  return null;
}

/** `file.export`: the file name has a dot that is neither its first nor its last character. */
function hasExportPart(text: string): boolean {
  const name = text.slice(text.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1;
}

/**
 * Ways to split `path/file.export`: the module is the part before the LAST dot (serverless and its
 * plugins); the Node.js runtime itself takes the part before the FIRST dot of the file name and reads
 * the rest as a property path (`file.a.b` → export `a`), tried second.
 */
function moduleSplits(text: string): { module: string; exportName: string }[] {
  const slash = text.lastIndexOf('/');
  const last = text.lastIndexOf('.');
  const out = [{ module: text.slice(0, last), exportName: text.slice(last + 1) }];
  const first = text.indexOf('.', slash + 2); // a leading dot is part of the file name
  if (first !== last) out.push({ module: text.slice(0, first), exportName: text.slice(first + 1).split('.')[0]! });
  return out;
}

/**
 * The folder a handler path is relative to: the serverless.yml folder, or the SAM/CloudFormation
 * template folder joined with `CodeUri` / `Code` (a local path, as `aws cloudformation package`
 * takes it). null when the code is not in the
 * repository (S3, an archive, inline code, an image) or not static.
 */
function codeBase(fn: Fn, app: App, say: (message: string, loc?: ToolNotice['loc']) => void): string | null {
  if (fn.origin === 'serverless') return app.dir;
  const props = fn.node;
  if (fn.handler?.inlineCode || get(props, 'InlineCode') || get(props, 'Code', 'ZipFile')) return null; // inline code
  if (get(props, 'ImageUri') || get(props, 'Code', 'ImageUri')) return null; // container image
  // the builder's CodeUri (Globals merged) when it set one; else the raw properties (an S3 map, CFN `Code: ./dir`)
  const code: Value | null =
    fn.handler?.codeUri ?? valueOf(get(props, 'CodeUri') ?? get(props, 'Code') ?? get(app.root, 'Globals', 'Function', 'CodeUri'));
  if (!code) return app.dir;
  const uri = literalString(code);
  if (uri === undefined) {
    say(`code of function "${fn.name}" is not in the repository or not a static path; its handler is not analysed`, code.loc);
    return null;
  }
  if (/^(s3|https?):\/\//i.test(uri) || /\.(zip|jar)$/i.test(uri)) {
    say(`code of function "${fn.name}" is "${uri}", not a source folder; its handler is not analysed`, code.loc);
    return null;
  }
  const dir = joinInside(app.dir, uri.replace(/\\/g, '/'));
  if (dir === undefined) say(`code of function "${fn.name}" ("${uri}") is outside the scanned root; its handler is not analysed`, code.loc);
  return dir ?? null;
}

/** SAM `Metadata: {BuildMethod: esbuild, BuildProperties: {EntryPoints: [...]}}` on the function's resource. */
function esbuildEntry(
  fn: Fn,
  app: App,
  base: string,
  splits: { module: string; exportName: string }[],
  exists: (rel: string) => boolean,
): Located | null {
  if (fn.origin === 'serverless') return null;
  const metadata = get(app.resources.find((r) => r.id === fn.id)?.node, 'Metadata');
  if (str(get(metadata, 'BuildMethod'))?.toLowerCase() !== 'esbuild') return null;
  const entries = seqItems(get(metadata, 'BuildProperties', 'EntryPoints'))
    .map(str)
    .filter((e): e is string => !!e)
    .map((e) => e.replace(/\\/g, '/'));
  if (!entries.length) return null;
  const stem = (p: string) => (isCodeFile(p) ? p.slice(0, p.lastIndexOf('.')) : p);
  // esbuild names its output after the entry's file name: `src/handlers/app.ts` → `app.js`
  for (const { module, exportName } of splits) {
    const entry =
      entries.find((e) => posix.normalize(stem(e)) === posix.normalize(module)) ??
      entries.find((e) => posix.basename(stem(e)) === posix.basename(module)) ??
      (entries.length === 1 ? entries[0] : undefined);
    if (!entry) continue;
    const target = joinInside(base, entry);
    if (!target) continue;
    const file = isCodeFile(target) ? (exists(target) ? target : undefined) : probeModule([target], exists);
    if (file) return { file, exportName };
  }
  return null;
}

/**
 * `a/b` joined with `c` and normalised (posix, relative to srcRoot); undefined when the result is
 * outside the scanned roots. It may start with `../` when the scanned directory is outside the srcRoot.
 */
function joinInside(dir: string, rel: string): string | undefined {
  if (posix.isAbsolute(rel)) return undefined;
  const p = posix.normalize(posix.join(dir || '.', rel)).replace(/\/+$/, '');
  if (posix.isAbsolute(p) || outsideRoot(p)) return undefined;
  return p === '.' ? '' : p;
}

/**
 * The handler path first, then where its source lives when it points into build output:
 * `dist/handlers/a` → `src/handlers/a`, `handlers/a`; `.esbuild/.build/src/a` → `src/a`.
 */
function sourceVariants(path: string | undefined): string[] {
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
  const candidates = variants.flatMap((v) => [
    ...CODE_EXTENSIONS.map((e) => v + e),
    ...CODE_EXTENSIONS.map((e) => `${v}/index${e}`),
  ]);
  const ts = candidates.filter((c) => TS_EXTENSIONS.has(posix.extname(c)));
  const js = candidates.filter((c) => !TS_EXTENSIONS.has(posix.extname(c)));
  return ts.find(exists) ?? js.find(exists);
}

// ---------------------------------------------------------------------------------------------------
// Entries and what they import

function parseReachable(
  project: Project,
  entries: { file: string; fn: Fn }[],
  io: SourceIo,
  exists: (rel: string) => boolean,
  notice: (n: ToolNotice) => void,
): void {
  /** every file looked at, once: its SourceFile, or null when it was skipped or did not parse */
  const done = new Map<string, SourceFile | null>();
  for (const sf of project.sourceFiles) done.set(sf.path, sf);
  let limitReported = false;
  /** parsed files whose imports are still to be followed */
  const queue: SourceFile[] = [];

  const load = (rel: string, from?: ToolNotice['loc']): SourceFile | null => {
    const seen = done.get(rel);
    if (seen !== undefined) return seen;
    if (done.size >= MAX_SOURCE_FILES) {
      if (!limitReported)
        notice({ id: 'file-skipped', level: 'note', message: `stopped following imports after ${MAX_SOURCE_FILES} source files; ${rel} and later files are not analysed`, loc: from ?? fileLoc(rel) });
      limitReported = true;
      return null;
    }
    done.set(rel, null);
    const text = io.read(rel);
    if (text === null) return null;
    if (text.includes('\0')) {
      notice({ id: 'file-skipped', level: 'note', message: `${rel} skipped: binary (contains NUL bytes)`, loc: fileLoc(rel) });
      return null;
    }
    if (Buffer.byteLength(text, 'utf8') > MAX_SOURCE_BYTES) {
      notice({ id: 'file-skipped', level: 'note', message: `${rel} skipped: larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB`, loc: fileLoc(rel) });
      return null;
    }
    const parsed = parseSource(rel, text);
    if ('error' in parsed) {
      notice({ id: 'parse-error', level: 'error', message: parsed.error.message, loc: parsed.error.loc });
      return null;
    }
    done.set(rel, parsed.file);
    queue.push(parsed.file);
    return parsed.file;
  };

  for (const { file, fn } of entries) {
    const sf = load(file);
    if (sf && !sf.handlerOf.includes(fn)) sf.handlerOf.push(fn);
  }
  // breadth first, in a deterministic order; `done` makes cycles and shared files cost nothing
  const aliases = new TsconfigAliases(io, exists);
  for (let i = 0; i < queue.length; i++) {
    const sf = queue[i]!;
    for (const imp of sf.imports) {
      const target = resolveImport(sf.path, imp.source, exists) ?? aliases.resolve(sf.path, imp.source);
      if (target === undefined) continue;
      imp.resolved = target;
      if (!imp.typeOnly) load(target, imp.loc);
    }
  }
  const files = [...done.values()].filter((f): f is SourceFile => f !== null);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  project.sourceFiles.splice(0, project.sourceFiles.length, ...files);
}

/**
 * tsconfig `compilerOptions.paths` aliases (`"@libs/*": ["src/libs/*"]`, as the Serverless
 * aws-nodejs-typescript template sets up): a bare specifier matching an alias of the nearest
 * tsconfig.json (found upward from the importing file, inside the scanned roots) resolves like a
 * relative import. `extends` is not followed; each tsconfig is read once.
 */
class TsconfigAliases {
  private readonly configs = new Map<string, { base: string; paths: [string, string[]][] } | null>();

  constructor(
    private readonly io: SourceIo,
    private readonly exists: (rel: string) => boolean,
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
        if (spec.length >= pre.length + post.length && spec.startsWith(pre) && spec.endsWith(post)) captured = spec.slice(pre.length, spec.length - post.length);
      }
      if (captured === undefined) continue;
      for (const t of targets) {
        const target = joinInside(cfg.base, t.replace('*', captured));
        if (target === undefined) continue;
        const found = resolveImport('x', `./${target}`, this.exists);
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
    if (this.exists(file)) out = readTsconfigPaths(file, this.io.read(file));
    else if (key) {
      // upward, but never out of the scanned roots
      const up = posix.dirname(key);
      const upKey = up === '.' ? '' : up;
      if (upKey === '' || !outsideRoot(upKey)) out = this.nearest(upKey);
    }
    this.configs.set(key, out);
    return out;
  }
}

function readTsconfigPaths(file: string, text: string | null): { base: string; paths: [string, string[]][] } | null {
  if (!text) return null;
  const errors: ParseError[] = [];
  const json = parseJsonc(text, errors, { allowTrailingComma: true }) as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
  const co = json?.compilerOptions;
  if (!co || typeof co.paths !== 'object' || co.paths === null) return null;
  const dir = posix.dirname(file);
  const base = joinInside(dir === '.' ? '' : dir, typeof co.baseUrl === 'string' ? co.baseUrl : '.') ?? '';
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
export function resolveImport(from: string, spec: string, exists: (rel: string) => boolean): string | undefined {
  if (!(spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../'))) return undefined;
  const target = joinInside(posix.dirname(from), spec);
  if (!target || target.split('/').includes('node_modules')) return undefined;
  const ext = posix.extname(target).toLowerCase();
  const stem = target.slice(0, target.length - ext.length);
  const candidates: string[] = [];
  for (const alt of JS_TO_TS[ext] ?? []) candidates.push(stem + alt);
  if (isCodeFile(target)) candidates.push(target);
  for (const e of CODE_EXTENSIONS) candidates.push(target + e);
  for (const e of CODE_EXTENSIONS) candidates.push(`${target}/index${e}`);
  return candidates.find((c) => isCodeFile(c) && exists(c));
}

function memoize(f: (rel: string) => boolean): (rel: string) => boolean {
  const cache = new Map<string, boolean>();
  return (rel) => {
    let v = cache.get(rel);
    if (v === undefined) {
      v = f(rel);
      cache.set(rel, v);
    }
    return v;
  };
}

// ---------------------------------------------------------------------------------------------------
// The exported handler inside a parsed file

export interface ExportedHandler {
  /**
   * The exported value: a function, a wrapper call (`middy(base).use(…)`), a class, or the
   * export specifier / identifier when the value comes from another module.
   */
  node: AstNode;
  /**
   * The handler function itself when it is known statically: the exported function, or the function a
   * wrapper call receives (inline, or a function declared at the top level of the file).
   */
  fn: FunctionNode | null;
}

/** Depth bound when following `const a = b`, `export { a as main }` and nested wrappers. */
const MAX_FOLLOW = 8;

/**
 * The AST of export `name` of a file (`'default'` for the default export). Handles
 * `export const main = …`, `export async function main`, `export { x as main }`, `export default`,
 * `exports.main = …`, `module.exports.main = …`, `module.exports = { main }`, `export = { main }`.
 * The last assignment wins for CommonJS. null when the file has no such export.
 */
export function findExport(file: SourceFile, name: string): ExportedHandler | null {
  const body = file.ast.body;
  let found: AstNode | null = null;
  for (const st of body) {
    switch (st.type) {
      case 'ExportNamedDeclaration': {
        if (st.exportKind === 'type') break;
        if (st.declaration) found = declarationValue(st.declaration, name) ?? found;
        for (const s of st.specifiers) {
          if (s.exportKind === 'type' || specifierName(s.exported) !== name) continue;
          const local = specifierName(s.local);
          found = st.source || local === undefined ? s : (localValue(body, local) ?? s);
        }
        break;
      }
      case 'ExportDefaultDeclaration':
        if (name === 'default') found = st.declaration;
        break;
      case 'TSExportAssignment':
        found = objectProperty(st.expression, name) ?? found;
        break;
      case 'ExpressionStatement':
        found = commonJsExport(st.expression, name) ?? found;
        break;
    }
  }
  if (!found) return null;
  const node = follow(body, found, 0);
  return { node, fn: handlerFunction(body, node, 0) };
}

function specifierName(n: TSESTree.Identifier | TSESTree.StringLiteral): string | undefined {
  return n.type === 'Identifier' ? n.name : staticString(n);
}

function declarationValue(decl: TSESTree.NamedExportDeclarations, name: string): AstNode | null {
  if (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') return decl.id?.name === name ? decl : null;
  if (decl.type !== 'VariableDeclaration') return null;
  for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.id.name === name && d.init) return d.init;
  return null;
}

/** `exports.x = v`, `module.exports.x = v`, `module.exports = { x: v }`, also chained `a = b = v`. */
function commonJsExport(expr: AstNode, name: string): AstNode | null {
  let found: AstNode | null = null;
  let cur = expr;
  while (cur.type === 'AssignmentExpression' && cur.operator === '=') {
    const left = cur.left;
    let right: AstNode = cur.right;
    while (right.type === 'AssignmentExpression' && right.operator === '=') right = right.right;
    if (left.type === 'MemberExpression') {
      if (isModuleExports(left)) found = objectProperty(right, name) ?? found;
      else if (
        memberName(left) === name &&
        ((left.object.type === 'Identifier' && left.object.name === 'exports') || isModuleExports(left.object))
      )
        found = right;
    }
    cur = cur.right;
  }
  return found;
}

/** The value of property `name` of an object literal (`{ main }` gives the identifier `main`). */
function objectProperty(obj: AstNode, name: string): AstNode | null {
  const o = unwrapExpression(obj);
  if (o.type !== 'ObjectExpression') return null;
  let found: AstNode | null = null;
  for (const p of o.properties) if (p.type === 'Property' && propertyKeyName(p.key, p.computed) === name) found = p.value;
  return found;
}

/** The value bound to a top-level name: the function/class declaration, or a variable's initialiser. */
function localValue(body: TSESTree.ProgramStatement[], name: string): AstNode | null {
  let found: AstNode | null = null;
  for (const st of body) {
    const decl =
      (st.type === 'ExportNamedDeclaration' || st.type === 'ExportDefaultDeclaration') && st.declaration ? st.declaration : st;
    if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id?.name === name) found = decl;
    if (decl.type === 'VariableDeclaration')
      for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.id.name === name && d.init) found = d.init;
  }
  return found;
}

/** Through TS wrappers and local aliases (`const main = handler`) to the value. */
function follow(body: TSESTree.ProgramStatement[], n: AstNode, depth: number): AstNode {
  const v = unwrapExpression(n);
  if (v.type !== 'Identifier' || depth >= MAX_FOLLOW) return v;
  const target = localValue(body, v.name);
  return target ? follow(body, target, depth + 1) : v;
}

/**
 * The handler function behind an exported value: the value itself when it is a function; for a
 * wrapper call, the function passed to it (`middy(base)`, `withSentry(middy(base))`,
 * `middy().use(m).handler(base)`), looking at a `.handler(…)` call first, then from the innermost call
 * of a chain outwards so `middy(base).use(errorHandler)` yields `base`.
 */
function handlerFunction(body: TSESTree.ProgramStatement[], n: AstNode, depth: number): FunctionNode | null {
  const v = follow(body, n, 0);
  if (isFunction(v)) return v;
  if (v.type !== 'CallExpression' || depth >= MAX_FOLLOW) return null;
  const chain: TSESTree.CallExpression[] = [];
  for (let c: AstNode = v; c.type === 'CallExpression'; ) {
    chain.unshift(c);
    const callee = unwrapExpression(c.callee);
    if (callee.type !== 'MemberExpression') break;
    c = unwrapExpression(callee.object);
  }
  const isHandlerCall = (c: TSESTree.CallExpression) => c.callee.type === 'MemberExpression' && memberName(c.callee) === 'handler';
  const ordered = [...chain.filter(isHandlerCall), ...chain.filter((c) => !isHandlerCall(c))];
  for (const call of ordered) {
    for (const arg of call.arguments) {
      if (arg.type === 'SpreadElement') continue;
      const fn = handlerFunction(body, arg, depth + 1);
      if (fn) return fn;
    }
  }
  return null;
}

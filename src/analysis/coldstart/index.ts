import { get, literalString, str } from '../../core/node.js';
import type { BundleMeasure, BundleResult } from '../../core/bundle.js';
import type { Loc, ToolNotice } from '../../core/types.js';
import { fileLoc } from '../../core/loc.js';
import { esbuildTarget, isNodeRuntime, packageOf, packageOfPath, runtimeProvides } from '../../knowledge/runtimes.js';
import type { Fn, ImportInfo, Project, SourceFile } from '../../model/types.js';
import { reachableFiles } from '../../code/reach.js';

/**
 * The `coldstart` analysis: what each Node.js function loads when its runtime starts, computed once
 * per run. The structural part comes from the code model (the project files a handler reaches and
 * the packages they import, at module scope or lazily inside a function); the bytes come from one
 * esbuild build of every handler (`load/bundle.ts`), read from its metafile: the minified bytes of
 * each module in each function's bundle, grouped by package, with what the Lambda runtime provides
 * from disk marked apart. Modules only a lazy `require()`/`import()` inside a function reaches are
 * counted apart from the init bytes. A package that is not installed is named with its bytes
 * unknown: nothing is guessed.
 */

/** A package a function's project code imports (the specifier as written, where, and how). */
export interface PackageImport {
  /** the package (`lodash`, `@aws-sdk/client-s3`) */
  pkg: string;
  specifier: string;
  file: string;
  loc: Loc;
  kind: ImportInfo['kind'];
  /** inside a function: not loaded at init */
  lazy: boolean;
  /** what the import binds: a default or namespace binding, named ones, or nothing seen (`require` kept whole) */
  binding: 'default' | 'namespace' | 'named' | 'side-effect' | 'whole';
}

/** One package's share of a function's bundle. */
export interface PackageCost {
  name: string;
  /** minified bytes at init; null when the package is not installed (not measured) */
  bytes: number | null;
  modules: number;
  /** provided from disk by the Lambda runtime (AWS SDK v3 on nodejs18.x+): loaded at init, not shipped */
  runtimeProvided: boolean;
  /** the project import that first pulls it in, at init (absent when only a lazy import reaches it) */
  via?: { file: string; line: number; specifier: string; loc: Loc };
}

export interface FnInitCost {
  fn: Fn;
  entry: string;
  target: string;
  /** true when esbuild measured the function (all of it, or all but `unknownPackages`) */
  measured: boolean;
  /** minified bytes loaded at init; null when not measured or a package is missing */
  initBytes: number | null;
  /** what was measured of it: a lower bound when packages are missing */
  knownBytes: number;
  /** of the init bytes, the project's own code */
  ownBytes: number;
  /** of the init bytes, what the runtime provides (not shipped) */
  runtimeBytes: number;
  /** bundled, but reached only through lazy imports: loaded on first use, not at init */
  lazyBytes: number;
  /** modules loaded at init (project files and package files) */
  modules: number;
  /** packages loaded at init, largest first (unknown sizes last) */
  packages: PackageCost[];
  /** packages imported at init that are not installed: bytes unknown */
  unknownPackages: string[];
  /** why nothing was measured, when it was not */
  why?: string;
}

/** Settings (config `settings.coldstart`): the measurement's budget. */
export interface ColdstartSettings {
  /** wall-clock budget of the bundling (ms), default 60 s */
  budgetMs?: number;
  /** most modules resolved in one run, default 50,000 */
  maxModules?: number;
}

const EAGER_DYNAMIC = 'dynamic-import';

export class ColdstartRun {
  private readonly byFn = new Map<Fn, FnInitCost>();
  private readonly importsOf = new Map<Fn, PackageImport[]>();
  private readonly notes: ToolNotice[] = [];
  private readonly files: Map<string, SourceFile>;
  private readonly fns: Fn[];
  /** the measurement, until it has run */
  private pending: (() => void) | undefined;

  constructor(
    private readonly project: Project,
    settings: Record<string, unknown> = {},
    measure?: BundleMeasure,
  ) {
    this.files = new Map(project.sourceFiles.map((f) => [f.path, f]));
    const handlerFile = new Map<Fn, string>();
    for (const sf of project.sourceFiles) for (const fn of sf.handlerOf) if (!handlerFile.has(fn)) handlerFile.set(fn, sf.path);
    this.fns = project.apps.flatMap((a) => a.functions).filter((fn) => handlerFile.has(fn) && isNodeRuntime(runtimeOf(fn)));
    this.pending = measure ? () => this.measure(measure, handlerFile, (settings.coldstart ?? {}) as ColdstartSettings) : undefined;
  }

  /** The bundling runs on the first question about bytes (the structural facts do not need it). */
  private measure(measure: BundleMeasure, handlerFile: Map<Fn, string>, s: ColdstartSettings): void {
    if (!this.fns.length) return;
    const entries = [...new Map(this.fns.map((fn) => [handlerFile.get(fn)!, esbuildTarget(runtimeOf(fn))])).entries()].map(
      ([file, target]) => ({ file, target }),
    );
    const aliases: Record<string, string> = {};
    for (const sf of this.project.sourceFiles)
      for (const imp of sf.imports) if (imp.resolved && !imp.typeOnly) aliases[`${sf.path}\0${imp.source}`] = imp.resolved;
    const result = measure({
      entries,
      aliases,
      budgetMs: typeof s.budgetMs === 'number' && s.budgetMs > 0 ? s.budgetMs : 60_000,
      maxModules: typeof s.maxModules === 'number' && s.maxModules > 0 ? s.maxModules : 50_000,
    });
    this.read(result, handlerFile);
  }

  notices(): ToolNotice[] {
    return this.notes;
  }

  /** The Node.js functions whose handler code was read, in manifest order. */
  functions(): Fn[] {
    return this.fns;
  }

  /** What the function loads at init, when it was measured (undefined: no measurement ran). */
  cost(fn: Fn): FnInitCost | undefined {
    if (this.pending) {
      const run = this.pending;
      this.pending = undefined;
      run();
    }
    return this.byFn.get(fn);
  }

  /** The packages the function's project code imports (at init and lazily), in file and line order. */
  packageImports(fn: Fn): PackageImport[] {
    let out = this.importsOf.get(fn);
    if (out) return out;
    out = [];
    for (const sf of this.reached(fn, true)) {
      for (const imp of sf.imports) {
        if (imp.typeOnly || imp.resolved) continue;
        const pkg = packageOf(imp.source);
        if (!pkg) continue;
        out.push({
          pkg,
          specifier: imp.source,
          file: sf.path,
          loc: imp.loc,
          kind: imp.kind,
          lazy: !!imp.lazy,
          binding: bindingOf(sf, imp),
        });
      }
    }
    out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.loc.line - b.loc.line || a.loc.column - b.loc.column));
    this.importsOf.set(fn, out);
    return out;
  }

  /** The project files the function reaches: at init only (`lazy` false) or through lazy imports too. */
  reached(fn: Fn, lazy: boolean): SourceFile[] {
    return reachableFiles(this.project, fn, (i) => !i.typeOnly && (lazy || !i.lazy));
  }

  private read(result: BundleResult, handlerFile: Map<Fn, string>): void {
    const outputs = new Map(result.outputs.map((o) => [o.entry, o]));
    const errors = new Map(result.errors.map((e) => [e.entry, e]));
    for (const e of result.errors)
      this.notes.push({
        id: 'analysis-incomplete',
        level: 'note',
        message: `cold start: ${e.entry} could not be bundled (${e.message}); its init bytes are not measured`,
        loc:
          e.file && e.line
            ? { file: e.file, line: e.line, column: e.column ?? 1, endLine: e.line, endColumn: (e.column ?? 1) + 1 }
            : fileLoc(e.entry),
      });
    if (result.failed)
      this.notes.push({ id: 'analysis-incomplete', level: 'note', message: `cold start: ${result.failed}; init bytes are not measured` });
    for (const fn of this.fns) {
      const entry = handlerFile.get(fn)!;
      const target = esbuildTarget(runtimeOf(fn));
      const out = outputs.get(entry);
      const cost = out
        ? this.costOf(fn, entry, target, out, result)
        : unmeasured(fn, entry, target, result.failed ?? errors.get(entry)?.message ?? 'not bundled');
      if (!out) for (const p of this.packageImports(fn)) if (!p.lazy) addUnique(cost.unknownPackages, p.pkg);
      cost.unknownPackages.sort();
      this.byFn.set(fn, cost);
    }
    // one text whatever part of the tree is linted, so split runs (--shard, --jobs) give it once, as
    // one run does; `--report coldstart` names the packages of each function
    if (result.gaps.some((g) => g.why === 'not-installed'))
      this.notes.push({
        id: 'analysis-incomplete',
        level: 'note',
        message:
          "cold start: packages the handlers import are not installed, so those functions' init bytes are not known (`--report coldstart` names them); install the dependencies (`npm ci`) before linting to measure them",
      });
    // one note per import left out, the same in every split run that bundles its importer
    const outside = result.gaps.filter((g) => g.why === 'outside-root' || g.why === 'budget');
    for (const g of [
      ...new Set(
        outside.map(
          (g) => `${g.specifier} from ${g.importer}${g.why === 'budget' ? ', past the module budget' : ', outside the scanned root'}`,
        ),
      ),
    ].sort())
      this.notes.push({
        id: 'analysis-incomplete',
        level: 'note',
        message: `cold start: an import left out of the measured bundles (${g})`,
      });
  }

  private costOf(fn: Fn, entry: string, target: string, out: BundleResult['outputs'][number], result: BundleResult): FnInitCost {
    // the inputs loaded at init: from the entry, over every import but dynamic ones and lazy
    // requires of project code; the rest of the output is bundled but loaded on first use
    const parent = new Map<string, { from: string; original: string } | null>([[entry, null]]);
    const queue = [entry];
    const unknown = new Set<string>();
    for (let i = 0; i < queue.length; i++) {
      const p = queue[i]!;
      const own = this.files.get(p);
      for (const imp of result.inputs[p]?.imports ?? []) {
        // the metafile leaves `original` out when it is the path itself
        const spec = imp.original ?? imp.path;
        if (imp.kind === EAGER_DYNAMIC && !(own && eagerDynamic(own, spec))) continue;
        if (own && lazyOnly(own, spec)) continue;
        if (imp.external) {
          const pkg = packageOf(spec);
          if (pkg && result.gaps.some((g) => g.importer === p && g.specifier === spec && g.why === 'not-installed')) unknown.add(pkg);
          continue;
        }
        if (parent.has(imp.path) || !(imp.path in out.inputs)) continue;
        parent.set(imp.path, { from: p, original: spec });
        queue.push(imp.path);
      }
    }
    let lazyBytes = 0;
    for (const [p, b] of Object.entries(out.inputs)) if (!parent.has(p)) lazyBytes += b;
    const initBytes = out.bytes - lazyBytes;
    const pkgs = new Map<string, PackageCost>();
    let ownBytes = 0;
    let modules = 0;
    for (const p of queue) {
      const b = out.inputs[p] ?? 0;
      modules++;
      const name = packageOfPath(p);
      if (!name) {
        ownBytes += b;
        continue;
      }
      let c = pkgs.get(name);
      if (!c) {
        c = { name, bytes: 0, modules: 0, runtimeProvided: runtimeProvides(fn.platform, runtimeOf(fn), name) };
        const via = this.via(p, parent);
        if (via) c.via = via;
        pkgs.set(name, c);
      }
      c.bytes! += b;
      c.modules++;
    }
    for (const name of unknown) {
      if (pkgs.has(name)) continue;
      const imp = this.packageImports(fn).find((i) => i.pkg === name && !i.lazy);
      pkgs.set(name, {
        name,
        bytes: null,
        modules: 0,
        runtimeProvided: runtimeProvides(fn.platform, runtimeOf(fn), name),
        ...(imp ? { via: { file: imp.file, line: imp.loc.line, specifier: imp.specifier, loc: imp.loc } } : {}),
      });
    }
    const packages = [...pkgs.values()].sort(
      (a, b) => (b.bytes ?? -1) - (a.bytes ?? -1) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    const runtimeBytes = packages.reduce((n, p) => n + (p.runtimeProvided ? (p.bytes ?? 0) : 0), 0);
    return {
      fn,
      entry,
      target,
      measured: true,
      initBytes: unknown.size ? null : initBytes,
      knownBytes: initBytes,
      ownBytes,
      runtimeBytes,
      lazyBytes,
      modules,
      packages,
      unknownPackages: [...unknown],
    };
  }

  /** The project import (file:line) whose chain first reaches the package file `p`. */
  private via(p: string, parent: Map<string, { from: string; original: string } | null>): PackageCost['via'] | undefined {
    for (let cur = parent.get(p); cur; cur = parent.get(cur.from)) {
      const sf = this.files.get(cur.from);
      if (!sf || packageOfPath(cur.from)) continue;
      const imp = sf.imports.find((i) => i.source === cur!.original && !i.typeOnly);
      if (imp) return { file: sf.path, line: imp.loc.line, specifier: imp.source, loc: imp.loc };
    }
    return undefined;
  }
}

/** `1.9 MB`, `38.2 KB`, `812 bytes`: how the cold-start messages and report print a size. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** SAM `Metadata: { BuildMethod: esbuild }` of the function's resource, serverless bundler plugins: how the code ships. */
export function bundlerOf(fn: Fn): string | null {
  const plugins = fn.app.serverless?.plugins ?? [];
  const plugin = plugins.find((p) => BUNDLER_PLUGINS.includes(p));
  if (plugin) return plugin;
  const res = fn.app.resources.find((r) => r.id === fn.id);
  const method = res ? str(get(res.node, 'Metadata', 'BuildMethod')) : undefined;
  return method && /^(esbuild|makefile|rollup|webpack)$/i.test(method) ? `sam ${method.toLowerCase()}` : null;
}

const BUNDLER_PLUGINS: readonly string[] = ['serverless-esbuild', 'serverless-webpack', 'serverless-bundle'];

/** The runtime as written (a literal), else undefined. */
export function runtimeOf(fn: Fn): string | undefined {
  return literalString(fn.runtime);
}

function unmeasured(fn: Fn, entry: string, target: string, why: string): FnInitCost {
  return {
    fn,
    entry,
    target,
    measured: false,
    initBytes: null,
    knownBytes: 0,
    ownBytes: 0,
    runtimeBytes: 0,
    lazyBytes: 0,
    modules: 0,
    packages: [],
    unknownPackages: [],
    why,
  };
}

/** Is every non-type import of `spec` in the file a lazy one (inside a function)? */
function lazyOnly(sf: SourceFile, spec: string): boolean {
  const imps = sf.imports.filter((i) => i.source === spec && !i.typeOnly);
  return imps.length > 0 && imps.every((i) => i.lazy);
}

/** A dynamic `import()` of `spec` at module scope (top-level `await import(…)`): loaded at init. */
function eagerDynamic(sf: SourceFile, spec: string): boolean {
  return sf.imports.some((i) => i.source === spec && i.kind === 'dynamic' && !i.lazy);
}

/** What an import binds, from the statement around the specifier. */
function bindingOf(sf: SourceFile, imp: ImportInfo): PackageImport['binding'] {
  for (const stmt of sf.ast.body) {
    if (
      stmt.type !== 'ImportDeclaration' ||
      stmt.source.loc.start.line !== imp.loc.line ||
      stmt.source.loc.start.column + 1 !== imp.loc.column
    )
      continue;
    if (!stmt.specifiers.length) return 'side-effect';
    if (stmt.specifiers.some((s) => s.type === 'ImportNamespaceSpecifier')) return 'namespace';
    if (stmt.specifiers.some((s) => s.type === 'ImportDefaultSpecifier')) return 'default';
    return 'named';
  }
  if (imp.kind === 'require') return requireBinding(sf, imp);
  return imp.kind === 'export-from' ? 'named' : 'whole';
}

/** `const { a } = require('x')` binds names; `const x = require('x')` the whole module. */
function requireBinding(sf: SourceFile, imp: ImportInfo): PackageImport['binding'] {
  const line = sf.lines[imp.loc.line - 1] ?? '';
  const before = line.slice(0, Math.max(0, imp.loc.column - 1));
  if (/(?:const|let|var)\s*\{[^}]*\}\s*=\s*require\(\s*$/.test(before)) return 'named';
  if (/require\(\s*$/.test(before) && /\)\s*\.\s*[A-Za-z_$]/.test(line.slice(imp.loc.endColumn - 1))) return 'named';
  return 'whole';
}

function addUnique(list: string[], v: string): void {
  if (!list.includes(v)) list.push(v);
}

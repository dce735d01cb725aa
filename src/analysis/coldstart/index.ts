import { get, literalString, str } from '../../core/node.js';
import type { BundleMeasure, BundleResult, PackageManifest } from '../../core/bundle.js';
import type { Loc, ToolNotice } from '../../core/types.js';
import { fileLoc } from '../../core/loc.js';
import { esbuildTarget, isNodeRuntime, packageOf, packageOfPath, runtimeProvides } from '../../knowledge/runtimes.js';
import type { Fn, ImportInfo, Project, SourceFile } from '../../model/types.js';
import { isBuiltin } from 'node:module';
import { nodeLoc } from '../../code/parse.js';
import { reachFrom } from '../../code/reach.js';
import { CodeReach } from '../code-reach.js';
import type { SdkCallsRun } from '../sdk-calls/index.js';
import { callerSites, clientSites, type ClientSite } from './clients.js';
import { moduleWork, type ModuleWork } from './work.js';
import { NOT_INSTALLED, shippingOf, shipSize, type ShipAnswer, type Shipping } from './ship.js';

export type { ShipAnswer, Shipping, ShipSize } from './ship.js';
export { NOT_INSTALLED, packagingLoc } from './ship.js';

export type { ModuleWork } from './work.js';

export type { ClientSite } from './clients.js';

/** A client a function makes anew on each invocation (see `ColdstartRun.clientsPerInvocation`). */
export interface InvocationClient {
  site: ClientSite;
  /** made in the handler itself (else in a function it calls) */
  inHandler: boolean;
}

/**
 * The `coldstart` analysis: what each Node.js function loads when its runtime starts, computed once
 * per run. The structural part comes from the code model (the project files a handler reaches and
 * the packages they import, at module scope or lazily inside a function); the bytes come from one
 * esbuild build of every handler (`load/bundle.ts`), read from its metafile: the minified bytes of
 * each module in each function's bundle, grouped by package, with what the Lambda runtime provides
 * from disk marked apart. Modules only a lazy `require()`/`import()` inside a function reaches are
 * counted apart from the init bytes. A package that is not installed is named with its bytes
 * unknown: nothing is guessed.
 *
 * Bundling is most of the analysis's cost, so it runs only for the functions whose bytes are asked
 * for: a rule comparing them with a budget first asks `initBytesAtMost`, a bound from the code
 * model alone (own code only, no package installed), and bundles only the functions it leaves open.
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
  /** of the own bytes, each project file's (JSON included), by srcRoot-relative path */
  fileBytes: Record<string, number>;
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

/**
 * The bound on what a function's own code can come to once bundled, when no installed package is in
 * it: each source byte of every file it reaches (at init and lazily) counted `BOUND_PER_BYTE` times,
 * plus `BOUND_FIXED` bytes for esbuild's runtime helpers. Minified output is smaller than its source
 * in practice; the factor covers the expansions there are (escaped non-ASCII and control characters
 * at most 4x a byte, lowered syntax, decorators), so the bound is never below the measure.
 */
const BOUND_PER_BYTE = 8;
const BOUND_FIXED = 64 * 1024;

/** A file's part of a bound: its bytes times the factor, or null when the bundle of it cannot be bounded. */
interface FileBound {
  bytes: number | null;
  /** packages it imports that are not installed (left out of the bundle, named as gaps) */
  missing: boolean;
}

const NOT_INSTALLED_NOTE =
  "cold start: packages the handlers import are not installed, so those functions' init bytes are not known (`--report coldstart` names them); install the dependencies (`npm ci`) before linting to measure them";

/** `require(x)`, `import(`./${x}`)`: an argument other than one string literal, which esbuild may expand to a glob of files. */
const COMPUTED_LOAD = /\b(?:require|import)\s*\(\s*(?!(?:'[^'\n]*'|"[^"\n]*")\s*[,)])/;

export class ColdstartRun {
  private readonly byFn = new Map<Fn, FnInitCost>();
  private readonly importsOf = new Map<Fn, PackageImport[]>();
  /** each file's own package imports, in source order: a shared helper's are the same for every function reaching it */
  private readonly fileImports = new Map<SourceFile, PackageImport[]>();
  private readonly notes: ToolNotice[] = [];
  private readonly noted = new Set<string>();
  private readonly files: Map<string, SourceFile>;
  private readonly fns: Fn[];
  /** the handler file of each function (the first one that names it) */
  private readonly handlerFile = new Map<Fn, string>();
  /** every file naming the function as its handler, the start of its reach */
  private readonly handlerFiles = new Map<Fn, SourceFile[]>();
  private readonly reach = new Map<Fn, { init?: SourceFile[]; lazy?: SourceFile[] }>();
  private readonly nodeFns: Set<Fn>;
  private readonly bounds = new Map<Fn, number | null>();
  private readonly fileBounds = new Map<string, FileBound>();
  private readonly settings: ColdstartSettings;
  private codeReach?: CodeReach;
  private readonly sites = new Map<string, ClientSite[]>();
  private readonly work = new Map<string, ModuleWork[]>();
  private readonly ships = new Map<string, ShipAnswer>();

  constructor(
    private readonly project: Project,
    settings: Record<string, unknown> = {},
    private readonly measurer?: BundleMeasure,
    private readonly sdkCalls?: () => SdkCallsRun,
  ) {
    this.files = new Map(project.sourceFiles.map((f) => [f.path, f]));
    for (const sf of project.sourceFiles)
      for (const fn of sf.handlerOf) {
        if (!this.handlerFile.has(fn)) this.handlerFile.set(fn, sf.path);
        const list = this.handlerFiles.get(fn);
        if (list) list.push(sf);
        else this.handlerFiles.set(fn, [sf]);
      }
    this.fns = project.apps.flatMap((a) => a.functions).filter((fn) => this.handlerFile.has(fn) && isNodeRuntime(runtimeOf(fn)));
    this.nodeFns = new Set(this.fns);
    this.settings = (settings.coldstart ?? {}) as ColdstartSettings;
  }

  /**
   * Bundles the functions given (and every other one sharing a handler file with them) in one run of
   * the bundler, and reads their costs. The bundling is the costly part of the analysis: it runs on
   * the first question about a function's bytes, for the functions a bound cannot answer for.
   */
  private measure(measure: BundleMeasure, fns: Fn[]): void {
    const files = new Set(fns.map((fn) => this.handlerFile.get(fn)!));
    const batch = this.fns.filter((fn) => !this.byFn.has(fn) && files.has(this.handlerFile.get(fn)!));
    const entries = [...new Map(batch.map((fn) => [this.handlerFile.get(fn)!, esbuildTarget(runtimeOf(fn))])).entries()].map(
      ([file, target]) => ({ file, target }),
    );
    const aliases: Record<string, string> = {};
    for (const sf of this.project.sourceFiles)
      for (const imp of sf.imports) if (imp.resolved && !imp.typeOnly) aliases[`${sf.path}\0${imp.source}`] = imp.resolved;
    const s = this.settings;
    const result = measure({
      entries,
      aliases,
      budgetMs: typeof s.budgetMs === 'number' && s.budgetMs > 0 ? s.budgetMs : 60_000,
      maxModules: typeof s.maxModules === 'number' && s.maxModules > 0 ? s.maxModules : 50_000,
    });
    this.read(result, batch);
  }

  notices(): ToolNotice[] {
    return this.notes;
  }

  /** The Node.js functions whose handler code was read, in manifest order. */
  functions(): Fn[] {
    return this.fns;
  }

  /**
   * What the function loads at init, when it was measured (undefined: no measurement ran). The first
   * call bundles every function no bound answers for (`initBytesAtMost`), in one run; a call for a
   * function a bound answers for bundles all the rest.
   */
  cost(fn: Fn): FnInitCost | undefined {
    if (!this.byFn.has(fn) && this.measurer && this.nodeFns.has(fn)) {
      const rest = this.fns.filter((f) => !this.byFn.has(f));
      const unbounded = rest.filter((f) => this.initBytesAtMost(f) === undefined);
      this.measure(this.measurer, unbounded.includes(fn) ? unbounded : rest);
    }
    return this.byFn.get(fn);
  }

  /**
   * A bound on the function's init bytes (`knownBytes`) without bundling it, when one can be given:
   * no package it imports is installed (so its bundle is its own code, the packages left out), every
   * project import resolved, and no computed `require`/`import()`. A rule that only compares the
   * bytes with a budget asks this first, and bundles (`cost`) only the functions the bound does not
   * settle. Undefined when the function must be measured.
   */
  initBytesAtMost(fn: Fn): number | undefined {
    let b = this.bounds.get(fn);
    if (b === undefined) {
      b = null;
      const installed = this.measurer?.installed;
      if (installed && this.nodeFns.has(fn)) {
        let bytes = BOUND_FIXED;
        let missing = false;
        for (const sf of this.reached(fn, true)) {
          const f = this.fileBound(sf, installed);
          missing ||= f.missing;
          if (f.bytes === null) {
            bytes = -1;
            break;
          }
          bytes += f.bytes;
        }
        if (bytes >= 0) {
          b = bytes;
          // what the bundler would say of the packages it leaves out, said without bundling
          if (missing) this.note({ id: 'analysis-incomplete', level: 'note', message: NOT_INSTALLED_NOTE });
        }
      }
      this.bounds.set(fn, b);
    }
    return b ?? undefined;
  }

  private fileBound(sf: SourceFile, installed: (importer: string, pkg: string) => boolean): FileBound {
    let f = this.fileBounds.get(sf.path);
    if (f) return f;
    f = { bytes: BOUND_PER_BYTE * Buffer.byteLength(sf.text), missing: false };
    if (COMPUTED_LOAD.test(sf.text)) f.bytes = null;
    for (const imp of sf.imports) {
      if (imp.typeOnly || f.bytes === null) continue;
      if (imp.resolved) {
        if (!this.files.has(imp.resolved)) f.bytes = null;
        continue;
      }
      const pkg = packageOf(imp.source);
      if (pkg === undefined) {
        // a built-in stays external; an unresolved relative or absolute path is the bundler's to find
        if (!(imp.source.startsWith('node:') || isBuiltin(imp.source))) f.bytes = null;
      } else if (installed(sf.path, pkg)) f.bytes = null;
      else f.missing = true;
    }
    this.fileBounds.set(sf.path, f);
    return f;
  }

  private note(n: ToolNotice): void {
    const key = `${n.id}\0${n.message}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.notes.push(n);
  }

  /** How the function's code ships: bundled, zipped from its code folder (unbundled), or in a way not estimated. */
  shipping(fn: Fn): Shipping {
    return shippingOf(fn, bundlerOf(fn));
  }

  /**
   * The size of what the function's unbundled deploy zips (files the package patterns include, the
   * packages it ships), from one probe of its code folder; undefined when it is bundled, ships in a
   * way not estimated, or no probe is at hand. Unknown when the dependencies are not installed (the
   * tool note of the packages not installed says how to get the figure): nothing is guessed.
   */
  shipped(fn: Fn): ShipAnswer | undefined {
    const ship = this.shipping(fn);
    const probe = this.measurer?.packageDir;
    if (ship.kind !== 'unbundled' || !probe || !this.nodeFns.has(fn)) return undefined;
    const key = JSON.stringify([ship.dir, ship.tool, ship.devDependencies, ship.patterns]);
    let out = this.ships.get(key);
    if (!out) {
      this.ships.set(key, (out = shipSize(probe(ship.dir), ship)));
      if ('unknown' in out && out.unknown === NOT_INSTALLED)
        this.note({ id: 'analysis-incomplete', level: 'note', message: NOT_INSTALLED_NOTE });
    }
    return out;
  }

  /** The package.json of the function's code folder (dependency names), when it has one and a probe is at hand. */
  manifest(fn: Fn): PackageManifest | null | undefined {
    const base = fn.entry?.base;
    const probe = this.measurer?.packageDir;
    return base === undefined || !probe ? undefined : probe(base).manifest;
  }

  /** The SDK and database clients a project file constructs, with what it does with each (cached per file). */
  clientSitesIn(sf: SourceFile): ClientSite[] {
    let out = this.sites.get(sf.path);
    if (!out) this.sites.set(sf.path, (out = clientSites(sf, this.sdkCalls?.().constructionsIn(sf) ?? [])));
    return out;
  }

  /** The work a project file does at module scope when it loads (see `ModuleWork`), cached per file. */
  moduleWorkIn(sf: SourceFile): ModuleWork[] {
    let out = this.work.get(sf.path);
    if (!out) this.work.set(sf.path, (out = moduleWork(sf, this.sdkCalls?.().callOffsetsIn(sf) ?? [])));
    return out;
  }

  /** The IAM services of the SDK calls the function's code can make (call-level reach). */
  servicesCalled(fn: Fn): Set<string> {
    return new Set((this.sdkCalls?.().callsOf(fn) ?? []).map((c) => c.service));
  }

  /**
   * The clients the function makes anew on every invocation: constructed in the handler or in a
   * function it calls on each invocation (not only at load), and not kept outside that function; a
   * factory returning a fresh client counts where a caller run on each invocation does not keep it.
   */
  clientsPerInvocation(fn: Fn): InvocationClient[] {
    // most functions make their clients at module scope: when no file the function loads makes one
    // anywhere else, there is nothing to place and the per-invocation reach is not computed
    const candidate = (s: ClientSite) => s.scope === 'call' || s.scope === 'returned';
    if (!this.reached(fn, true).some((sf) => this.clientSitesIn(sf).some(candidate))) return [];
    this.codeReach ??= new CodeReach(this.project);
    const run = this.codeReach.invoked(fn);
    const out: InvocationClient[] = [];
    const returned: { sf: SourceFile; site: ClientSite }[] = [];
    for (const sf of run.files)
      for (const site of this.clientSitesIn(sf)) {
        if (!run.reaches(sf.path, site.pos)) continue;
        if (site.scope === 'call') out.push({ site, inHandler: this.isHandler(fn, sf, site) });
        else if (site.scope === 'returned' && site.inFunction) returned.push({ sf, site });
      }
    if (returned.length) {
      const names = new Set(returned.map((r) => r.site.inFunction!.split('.').at(-1)!));
      const fresh = new Set<string>();
      for (const sf of run.files)
        for (const c of callerSites(sf, names)) if (c.scope === 'call' && run.reaches(sf.path, c.pos)) fresh.add(c.name);
      for (const { sf, site } of returned)
        if (fresh.has(site.inFunction!.split('.').at(-1)!)) out.push({ site, inHandler: this.isHandler(fn, sf, site) });
    }
    return out.sort((a, b) => (a.site.file < b.site.file ? -1 : a.site.file > b.site.file ? 1 : a.site.pos - b.site.pos));
  }

  private isHandler(fn: Fn, sf: SourceFile, site: ClientSite): boolean {
    return fn.entry?.file === sf.path && site.inFunction === fn.entry.exportName;
  }

  /** The packages the function's project code imports (at init and lazily), in file and line order. */
  packageImports(fn: Fn): PackageImport[] {
    let out = this.importsOf.get(fn);
    if (out) return out;
    // by file path, then by position in the file
    const files = [...this.reached(fn, true)].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    out = files.flatMap((sf) => this.packageImportsOfFile(sf));
    this.importsOf.set(fn, out);
    return out;
  }

  private packageImportsOfFile(sf: SourceFile): PackageImport[] {
    let out = this.fileImports.get(sf);
    if (out) return out;
    out = [];
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
    out.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
    this.fileImports.set(sf, out);
    return out;
  }

  /**
   * The project files the function reaches: at init only (`lazy` false) or through lazy imports too
   * (over the imports that are not type-only, with this run's index of the files; kept per function).
   */
  reached(fn: Fn, lazy: boolean): SourceFile[] {
    let memo = this.reach.get(fn);
    if (!memo) this.reach.set(fn, (memo = {}));
    const had = lazy ? memo.lazy : memo.init;
    if (had) return had;
    const out = reachFrom(
      this.handlerFiles.get(fn) ?? [],
      (p) => this.files.get(p),
      (i) => !i.typeOnly && (lazy || !i.lazy),
    );
    if (lazy) memo.lazy = out;
    else memo.init = out;
    return out;
  }

  private read(result: BundleResult, fns: Fn[]): void {
    const outputs = new Map(result.outputs.map((o) => [o.entry, o]));
    const errors = new Map(result.errors.map((e) => [e.entry, e]));
    for (const e of result.errors)
      this.note({
        id: 'analysis-incomplete',
        level: 'note',
        message: `cold start: ${e.entry} could not be bundled (${e.message}); its init bytes are not measured`,
        loc: e.file && e.line ? this.errorLoc(e.file, e.line, e.column ?? 1) : fileLoc(e.entry),
      });
    if (result.failed)
      this.note({ id: 'analysis-incomplete', level: 'note', message: `cold start: ${result.failed}; init bytes are not measured` });
    for (const fn of fns) {
      const entry = this.handlerFile.get(fn)!;
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
      this.note({ id: 'analysis-incomplete', level: 'note', message: NOT_INSTALLED_NOTE });
    // one note per import left out, the same in every split run that bundles its importer
    const outside = result.gaps.filter((g) => g.why === 'outside-root' || g.why === 'budget');
    for (const g of [
      ...new Set(
        outside.map(
          (g) => `${g.specifier} from ${g.importer}${g.why === 'budget' ? ', past the module budget' : ', outside the scanned root'}`,
        ),
      ),
    ].sort())
      this.note({
        id: 'analysis-incomplete',
        level: 'note',
        message: `cold start: an import left out of the measured bundles (${g})`,
      });
  }

  /**
   * The place of a bundler error, inside the file as the run read it: the bundler counts columns its
   * own way (bytes, a byte-order mark), so the column is kept within the line; a file the run did
   * not read (a JSON file only the bundler loaded) is named without a line.
   */
  private errorLoc(file: string, line: number, column: number): Loc {
    const lines = this.project.files.get(file)?.lines;
    if (!lines || line > lines.length) return fileLoc(file);
    const length = lines[line - 1]!.length;
    const col = Math.max(1, Math.min(column, length));
    return { file, line, column: col, endLine: line, endColumn: Math.min(col + 1, length + 1) };
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
    const fileBytes: Record<string, number> = {};
    let modules = 0;
    for (const p of queue) {
      const b = out.inputs[p] ?? 0;
      modules++;
      const name = packageOfPath(p);
      if (!name) {
        ownBytes += b;
        fileBytes[p] = b;
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
      fileBytes,
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
    fileBytes: {},
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
    if (stmt.type !== 'ImportDeclaration') continue;
    const at = nodeLoc(sf.path, stmt.source);
    if (at.line !== imp.loc.line || at.column !== imp.loc.column) continue;
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

import type { Loc, Node, ToolNotice } from '../../core/types.js';
import type { App, Fn, Project, SourceFile } from '../../model/types.js';
import { EVENT_SERVICES, isProviderShaped, ownValue, resourceService, SERVICES, type ServiceInfo } from '../../knowledge/lockin/index.js';
import type { EventCrossing } from '../taint/crossings.js';
import type { TaintRun } from '../taint/index.js';
import { Modules } from '../taint/modules.js';
import { collectFileFacts, type FileFacts } from './facts.js';
import { cmp, DEFAULT_LAYOUT, Layout, type LayoutGlobs } from './layout.js';
import { manifestArns, scalarStrings } from './manifest.js';
import type { ArnFinding } from './arns.js';

/**
 * The lock-in inventory of a project, computed once per run: per source file what ties it to its
 * provider (SDK imports, event types and shapes, `context` APIs, clients), per function the files it
 * reaches, where its event crosses into other modules (from the taint analysis), and the services it
 * uses from the manifest (its triggers, the app's resources) and from code, each with its
 * portability class. Rules and the `lockin` report read it; nothing is computed twice.
 */

export interface ServiceUse {
  id: string;
  info: ServiceInfo;
  /** where the use is written: an event source, a resource, or an SDK client in code */
  via: 'event' | 'resource' | 'code';
  loc: Loc;
}

export class LockinInventory {
  private readonly facts = new Map<SourceFile, FileFacts>();
  private readonly byPath = new Map<string, SourceFile>();
  private readonly reachMemo = new Map<string, SourceFile[]>();
  private reachingMemo: Map<SourceFile, string[]> | undefined;
  private readonly layouts = new Map<string, Layout>();
  private readonly defaultGlobs: LayoutGlobs;
  private readonly arnMemo = new Map<App, ArnFinding[]>();
  private handlerFileSet: Set<string> | undefined;
  private fnsReachingMemo: Map<SourceFile, Fn[]> | undefined;

  constructor(
    readonly project: Project,
    settings: Record<string, unknown>,
    private readonly taint: () => TaintRun,
  ) {
    for (const sf of project.sourceFiles) this.byPath.set(sf.path, sf);
    const s = (settings.lockin ?? {}) as { adapters?: unknown; domain?: unknown };
    const list = (v: unknown, d: readonly string[]) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : d);
    this.defaultGlobs = { adapters: list(s.adapters, DEFAULT_LAYOUT.adapters), domain: list(s.domain, DEFAULT_LAYOUT.domain) };
  }

  /** The file's facts (one walk of the file, on first request). */
  fileFacts(sf: SourceFile): FileFacts {
    let f = this.facts.get(sf);
    if (!f) this.facts.set(sf, (f = collectFileFacts(sf)));
    return f;
  }

  file(path: string): SourceFile | undefined {
    return this.byPath.get(path);
  }

  /** The layout for these globs (the configured `settings.lockin` ones, or the defaults, when omitted). */
  layout(globs?: Partial<LayoutGlobs>): Layout {
    const g: LayoutGlobs = { adapters: globs?.adapters ?? this.defaultGlobs.adapters, domain: globs?.domain ?? this.defaultGlobs.domain };
    const key = JSON.stringify(g);
    let l = this.layouts.get(key);
    if (!l)
      this.layouts.set(
        key,
        (l = new Layout(
          this.project,
          g,
          (sf) => this.handlerFilesReaching(sf),
          (sf) => this.isHandlerFile(sf),
        )),
      );
    return l;
  }

  /**
   * Whether `sf` is a function's entry file or the file its handler function is declared in, when
   * the entry re-exports it (`export { default as receiver } from './sqs/receiver'`).
   */
  isHandlerFile(sf: SourceFile): boolean {
    if (!this.handlerFileSet) {
      const modules = new Modules(this.project);
      const out = new Set<string>();
      for (const fn of this.functions()) {
        const entry = this.byPath.get(fn.entry!.file!)!;
        out.add(entry.path);
        const name = fn.entry!.exportName;
        const declared = name === undefined ? undefined : modules.exportValue(entry, name).fn?.file.path;
        if (declared !== undefined) out.add(declared);
      }
      this.handlerFileSet = out;
    }
    return this.handlerFileSet.has(sf.path);
  }

  /** The function's entry file and every project file it imports (transitively, type-only imports aside), by path. */
  reach(fn: Fn): SourceFile[] {
    const entry = fn.entry?.file;
    if (entry === undefined) return [];
    let out = this.reachMemo.get(entry);
    if (out) return out;
    const seen = new Set<SourceFile>();
    const start = this.byPath.get(entry);
    const stack = start ? [start] : [];
    while (stack.length) {
      const sf = stack.pop()!;
      if (seen.has(sf)) continue;
      seen.add(sf);
      for (const imp of sf.imports) {
        if (imp.typeOnly || imp.resolved === undefined) continue;
        const t = this.byPath.get(imp.resolved);
        if (t) stack.push(t);
      }
    }
    out = [...seen].sort(byPath);
    this.reachMemo.set(entry, out);
    return out;
  }

  /** Entry files (of any function) whose imports reach `sf`, itself excluded, sorted. */
  handlerFilesReaching(sf: SourceFile): string[] {
    if (!this.reachingMemo) {
      const m = new Map<SourceFile, Set<string>>();
      for (const fn of this.functions()) {
        const entry = fn.entry!.file!;
        for (const f of this.reach(fn)) {
          if (f.path === entry) continue;
          let s = m.get(f);
          if (!s) m.set(f, (s = new Set()));
          s.add(entry);
        }
      }
      this.reachingMemo = new Map([...m].map(([k, v]) => [k, [...v].sort()]));
    }
    return this.reachingMemo.get(sf) ?? [];
  }

  /** The functions whose code reaches `sf` (its handler is in it, or imports it), by app file and name. */
  functionsReaching(sf: SourceFile): Fn[] {
    if (!this.fnsReachingMemo) {
      const m = new Map<SourceFile, Fn[]>();
      for (const fn of this.functions())
        for (const f of this.reach(fn)) {
          const list = m.get(f);
          if (list) list.push(fn);
          else m.set(f, [fn]);
        }
      this.fnsReachingMemo = m;
    }
    return this.fnsReachingMemo.get(sf) ?? [];
  }

  /** Every function with a parsed entry file, in a stable order. */
  functions(): Fn[] {
    const out: Fn[] = [];
    for (const app of [...this.project.apps].sort((a, b) => cmp(a.file, b.file)))
      for (const fn of app.functions) if (fn.entry?.file !== undefined && this.byPath.has(fn.entry.file)) out.push(fn);
    return out;
  }

  /**
   * Where the function's event, or a provider-shaped part of it (the event, its records, a record's
   * `dynamodb`/`s3` envelope, the request context), is passed to a function declared in another file.
   */
  eventCrossings(fn: Fn): EventCrossing[] {
    if (!fn.entry?.file) return [];
    return this.taint()
      .crossings(fn)
      .filter((c) => isProviderShaped(c.segs) && c.target !== fn.entry!.file);
  }

  /** Services the function uses: its triggers, and the clients made in the code it reaches. */
  functionServices(fn: Fn): ServiceUse[] {
    const out: ServiceUse[] = [];
    for (const e of fn.events) {
      const id = eventService(e.service, e.raw, e.node);
      if (id) out.push({ id, info: SERVICES[id]!, via: 'event', loc: e.loc });
    }
    for (const sf of this.reach(fn))
      for (const s of this.fileFacts(sf).services) out.push({ id: s.id, info: SERVICES[s.id]!, via: 'code', loc: s.loc });
    return firstPerService(out);
  }

  /** Services the app uses: its functions' and its resources'. */
  appServices(app: App): ServiceUse[] {
    const out: ServiceUse[] = [];
    for (const fn of app.functions) out.push(...this.functionServices(fn));
    for (const r of app.resources) {
      const id = resourceService(r.type);
      if (id) out.push({ id, info: SERVICES[id]!, via: 'resource', loc: r.typeLoc });
    }
    return firstPerService(out);
  }

  /** ARNs and endpoints with a literal region, account or partition in the app's manifest. */
  manifestArns(app: App): ArnFinding[] {
    let out = this.arnMemo.get(app);
    if (!out) this.arnMemo.set(app, (out = manifestArns(app)));
    return out;
  }

  notices(): ToolNotice[] {
    return [];
  }
}

/** The service of an event: its model service, or for a stream the service its ARN names. */
function eventService(service: string, raw: string, node: Node): string | undefined {
  if (service === 'stream') {
    const text = scalarStrings(node).join(' ');
    if (/kinesis/i.test(text) || /^Kinesis$/i.test(raw)) return 'kinesis';
    return 'dynamodb';
  }
  if (service === 'other') {
    if (/^(MSK|SelfManagedKafka|kafka|msk)$/i.test(raw)) return 'kafka';
    if (/^(MQ|activemq|rabbitmq)$/i.test(raw)) return 'mq';
    return undefined;
  }
  return ownValue(EVENT_SERVICES, service);
}

/** One use per service (the first in a stable order: by kind of use, file, line, column). */
function firstPerService(uses: ServiceUse[]): ServiceUse[] {
  const order = { resource: 0, event: 1, code: 2 } as const;
  const sorted = [...uses].sort(
    (a, b) =>
      cmp(a.id, b.id) ||
      order[a.via] - order[b.via] ||
      cmp(a.loc.file, b.loc.file) ||
      a.loc.line - b.loc.line ||
      a.loc.column - b.loc.column,
  );
  return sorted.filter((u, i) => i === 0 || sorted[i - 1]!.id !== u.id);
}

function byPath(a: SourceFile, b: SourceFile): number {
  return cmp(a.path, b.path);
}

export { DEFAULT_LAYOUT, Layout, type FileRole, type LayoutGlobs } from './layout.js';
export type { FileFacts } from './facts.js';
export type { ArnFinding } from './arns.js';
export { LOCKIN_WEIGHTS, SERVICE_SATURATION, scoreApp, scoreFunction } from './score.js';
export type { LockinChange, LockinPart, PartScore, ScopeScore, ServiceRow } from './score.js';
export type { EventCrossing } from '../taint/crossings.js';

import type { App, Fn, SourceFile } from '../../model/types.js';
import { CLASS_PENALTY, type PortabilityClass } from '../../knowledge/lockin/index.js';
import type { LockinInventory, ServiceUse } from './index.js';
import { cmp, type Layout } from './layout.js';

/**
 * The portability score: 100 minus the points each part of the breakdown loses. The weights are
 * defined here and nowhere else (rules/lockin/README.md documents them):
 *
 * - `sdk` — the share of the code's modules (adapters and handlers aside) that import a provider SDK;
 *   a function whose code is all in its handler file counts that file;
 * - `events` — the share of those modules the provider's event reaches: passed to them (the event,
 *   its records, a record's `dynamodb`/`s3` envelope, the request context) or read there (event types
 *   and shapes);
 * - `services` — the services used, by class (open standard 0, portable API ½, proprietary 1 point),
 *   the part fully lost at `SERVICE_SATURATION` points;
 * - `context` — the share of those modules that use the Lambda `context` API.
 */
export const LOCKIN_WEIGHTS = { sdk: 40, events: 25, services: 25, context: 10 } as const;

/** Service points (see `CLASS_PENALTY`) at which the services part of the score is fully lost. */
export const SERVICE_SATURATION = 4;

export type LockinPart = keyof typeof LOCKIN_WEIGHTS;
const PARTS: readonly LockinPart[] = ['sdk', 'events', 'services', 'context'];

export interface PartScore {
  weight: number;
  /** what the part measured: modules that have it, of how many; for services the points of the services used */
  count: number;
  of: number;
  /** points lost, one decimal */
  lost: number;
}

export interface LockinChange {
  part: LockinPart;
  /** the file to change */
  file: string;
  /** line of the import, call or declaration, when there is one place */
  line?: number;
  change: string;
  /** points the score would gain, one decimal */
  gain: number;
}

export interface ServiceRow {
  id: string;
  name: string;
  class: PortabilityClass;
  alternatives: string;
  via: ServiceUse['via'];
  file: string;
  line: number;
}

export interface ScopeScore {
  score: number;
  breakdown: Record<LockinPart, PartScore>;
  /** the modules the shares are of (paths) */
  modules: string[];
  services: ServiceRow[];
  changes: LockinChange[];
}

interface ModuleFlags {
  path: string;
  sdk?: { specifier: string; line: number };
  events?: { what: string; line: number };
  context?: { api: string; line: number };
}

export function scoreFunction(inv: LockinInventory, layout: Layout, fn: Fn): ScopeScore {
  return scoreScope(inv, layout, [fn], inv.functionServices(fn));
}

export function scoreApp(inv: LockinInventory, layout: Layout, app: App): ScopeScore {
  const fns = inv.functions().filter((f) => f.app === app);
  return scoreScope(inv, layout, fns, inv.appServices(app));
}

function scoreScope(inv: LockinInventory, layout: Layout, fns: Fn[], services: ServiceUse[]): ScopeScore {
  const reached = new Map<string, SourceFile>();
  for (const fn of fns) for (const sf of inv.reach(fn)) reached.set(sf.path, sf);
  const files = [...reached.values()].sort((a, b) => cmp(a.path, b.path));
  let core = files.filter((sf) => !layout.isAdapter(sf));
  const handlerOnly = core.length === 0;
  if (handlerOnly) core = files.filter((sf) => layout.role(sf) === 'handler');
  // where each function's event crosses into another module, by the receiving module
  const crossedInto = new Map<string, { what: string; line: number }>();
  for (const fn of fns)
    for (const c of inv.eventCrossings(fn)) if (!crossedInto.has(c.target)) crossedInto.set(c.target, { what: c.source, line: c.loc.line });
  const flags: ModuleFlags[] = core.map((sf) => {
    const f = inv.fileFacts(sf);
    const m: ModuleFlags = { path: sf.path };
    const imp = f.sdkImports[0];
    if (imp) m.sdk = { specifier: imp.specifier, line: imp.loc.line };
    if (!handlerOnly) {
      const crossed = crossedInto.get(sf.path);
      const type = f.eventTypes[0];
      const shape = f.eventShapes[0];
      if (crossed) m.events = { what: `\`${crossed.what}\` is passed to it`, line: crossed.line };
      else if (type) m.events = { what: `it names \`${type.name}\``, line: type.loc.line };
      else if (shape) m.events = { what: `it reads \`${shape.shape}\``, line: shape.loc.line };
      const ctx = f.contextUses[0];
      if (ctx) m.context = { api: ctx.api, line: ctx.loc.line };
    }
    return m;
  });
  const n = flags.length;
  const count = (k: 'sdk' | 'events' | 'context') => flags.filter((m) => m[k]).length;
  const points = services.reduce((s, u) => s + CLASS_PENALTY[u.info.class], 0);
  const share: Record<LockinPart, number> = {
    sdk: n ? count('sdk') / n : 0,
    events: n ? count('events') / n : 0,
    context: n ? count('context') / n : 0,
    services: Math.min(1, points / SERVICE_SATURATION),
  };
  const breakdown = {} as Record<LockinPart, PartScore>;
  let lostTotal = 0;
  for (const p of PARTS) {
    const lost = LOCKIN_WEIGHTS[p] * share[p];
    lostTotal += lost;
    const measured = p === 'services' ? { count: points, of: SERVICE_SATURATION } : { count: count(p), of: n };
    breakdown[p] = { weight: LOCKIN_WEIGHTS[p], ...measured, lost: round1(lost) };
  }
  const changes: LockinChange[] = [];
  for (const m of flags) {
    if (m.sdk)
      changes.push({
        part: 'sdk',
        file: m.path,
        line: m.sdk.line,
        change: `move its use of \`${m.sdk.specifier}\` behind an adapter module`,
        gain: round1(LOCKIN_WEIGHTS.sdk / n),
      });
    if (m.events)
      changes.push({
        part: 'events',
        file: m.path,
        line: m.events.line,
        change: `translate the event in the handler and pass plain data (${m.events.what})`,
        gain: round1(LOCKIN_WEIGHTS.events / n),
      });
    if (m.context)
      changes.push({
        part: 'context',
        file: m.path,
        line: m.context.line,
        change: `pass what it needs from \`context.${m.context.api}\` as a plain argument`,
        gain: round1(LOCKIN_WEIGHTS.context / n),
      });
  }
  for (const u of services) {
    const p = CLASS_PENALTY[u.info.class];
    if (!p) continue;
    const gain = LOCKIN_WEIGHTS.services * (share.services - Math.min(1, (points - p) / SERVICE_SATURATION));
    changes.push({
      part: 'services',
      file: u.loc.file,
      line: u.loc.line,
      change: `keep ${u.info.name} (${u.info.class}) behind one adapter, or move to ${u.info.alternatives}`,
      gain: round1(gain),
    });
  }
  const order = (p: LockinPart) => PARTS.indexOf(p);
  changes.sort(
    (a, b) =>
      b.gain - a.gain || order(a.part) - order(b.part) || cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.change, b.change),
  );
  return {
    score: Math.max(0, Math.min(100, Math.round(100 - lostTotal))),
    breakdown,
    modules: core.map((sf) => sf.path),
    services: services.map((u) => ({
      id: u.id,
      name: u.info.name,
      class: u.info.class,
      alternatives: u.info.alternatives,
      via: u.via,
      file: u.loc.file,
      line: u.loc.line,
    })),
    changes: changes.filter((c) => c.gain > 0).slice(0, 3),
  };
}

function round1(x: number): number {
  return Math.round(x * 10 + 1e-9) / 10;
}

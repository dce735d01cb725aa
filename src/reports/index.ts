import type { RunReport } from '../engine/result.js';
import type { ReportContext, ReportDef } from './types.js';
import { lockinReport } from './lockin.js';
import { costReport } from './cost.js';
import { coldstartReport } from './coldstart.js';
import { permissionsReport } from './permissions.js';

export type { ReportContext, ReportDef } from './types.js';
export type { ReportStyle } from '../engine/result.js';

/** Every `--report`, one line each, sorted by name. */
export const REPORTS: ReportDef<any>[] = [coldstartReport, costReport, lockinReport, permissionsReport];

export function reportNames(): string[] {
  return REPORTS.map((r) => r.name);
}

/**
 * Builds the reports asked for, in the order of `REPORTS` (so the output does not depend on the
 * order of the flags). `redact` masks every known secret in the data's strings and the drawn lines.
 */
export function buildReports(names: readonly string[], ctx: ReportContext, redact: (s: string) => string): RunReport[] {
  const wanted = new Set(names);
  return REPORTS.filter((r) => wanted.has(r.name)).map((def) => {
    const data = mapStrings(def.build(ctx), redact);
    return { name: def.name, data, text: (style) => def.text(mapStrings(data, style.escape), style).map(redact) };
  });
}

/** The same data with every string (values and keys) passed through `f`. */
function mapStrings<T>(v: T, f: (s: string) => string): T {
  if (typeof v === 'string') return f(v) as T;
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f)) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [f(k), mapStrings(x, f)])) as T;
  return v;
}

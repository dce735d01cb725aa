import {
  LOCKIN_WEIGHTS,
  SERVICE_SATURATION,
  scoreApp,
  scoreFunction,
  type LockinChange,
  type LockinPart,
  type PartScore,
  type ScopeScore,
  type ServiceRow,
} from '../analysis/lockin/index.js';
import type { ReportDef } from './types.js';

/** The `lockin` report: a portability score per app and function, its breakdown, and what would raise it most. */

export interface LockinFunctionRow {
  name: string;
  handler: string;
  score: number;
  breakdown: Record<LockinPart, PartScore>;
  changes: LockinChange[];
}

export interface LockinAppRow {
  app: string;
  name: string;
  score: number;
  breakdown: Record<LockinPart, PartScore>;
  modules: string[];
  services: ServiceRow[];
  changes: LockinChange[];
  functions: LockinFunctionRow[];
  /** functions whose code was not read (no parsed entry file): not scored */
  unscored: string[];
}

export interface LockinReportData {
  weights: typeof LOCKIN_WEIGHTS & { serviceSaturation: number };
  apps: LockinAppRow[];
}

const PARTS: readonly LockinPart[] = ['sdk', 'events', 'services', 'context'];

export const lockinReport: ReportDef<LockinReportData> = {
  name: 'lockin',
  description: 'vendor lock-in: a portability score per function and app, its breakdown and the changes that raise it most',
  build(ctx) {
    const inv = ctx.analyses.get('lockin');
    const layout = inv.layout();
    const scored = new Set(inv.functions());
    const apps = [...ctx.project.apps]
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
      .map((app): LockinAppRow => {
        const s: ScopeScore = scoreApp(inv, layout, app);
        const fns = app.functions.filter((f) => scored.has(f));
        return {
          app: app.file,
          name: app.name,
          score: s.score,
          breakdown: s.breakdown,
          modules: s.modules,
          services: s.services,
          changes: s.changes,
          functions: fns.map((fn) => {
            const f = scoreFunction(inv, layout, fn);
            return { name: fn.name, handler: fn.entry!.file!, score: f.score, breakdown: f.breakdown, changes: f.changes };
          }),
          unscored: app.functions.filter((f) => !scored.has(f)).map((f) => f.name),
        };
      });
    return { weights: { ...LOCKIN_WEIGHTS, serviceSaturation: SERVICE_SATURATION }, apps };
  },
  text(data, style) {
    const lines: string[] = [];
    const w = data.weights;
    lines.push(
      style.dim(
        `score = 100 − sdk ${w.sdk} × share − events ${w.events} × share − services ${w.services} × points/${w.serviceSaturation} − context ${w.context} × share`,
      ),
    );
    if (!data.apps.length) lines.push('no app');
    for (const app of data.apps) {
      lines.push('', style.bold(`${app.app}  ${app.name}  score ${app.score}`));
      lines.push(`  ${PARTS.map((p) => partText(p, app.breakdown[p])).join(' · ')}`);
      if (app.services.length) lines.push(`  services: ${app.services.map((s) => `${s.name} (${s.class})`).join(', ')}`);
      if (app.functions.length) {
        const nameWidth = Math.min(32, Math.max(8, ...app.functions.map((f) => f.name.length)));
        lines.push(style.dim(`  ${'function'.padEnd(nameWidth)}  score  ${PARTS.map((p) => p.padStart(9)).join('')}`));
        for (const f of app.functions)
          lines.push(
            `  ${clip(f.name, nameWidth).padEnd(nameWidth)}  ${String(f.score).padStart(5)}  ${PARTS.map((p) => lostText(f.breakdown[p]).padStart(9)).join('')}`,
          );
      }
      if (app.unscored.length) lines.push(style.dim(`  not scored (code not read): ${app.unscored.join(', ')}`));
      if (app.changes.length) {
        lines.push('  changes that raise it most:');
        for (const c of app.changes)
          lines.push(
            clip(
              `    +${c.gain.toFixed(1)}  ${c.file}${c.line ? `:${c.line}` : ''}  ${c.change}`,
              style.width ? Math.max(40, style.width) : Infinity,
            ),
          );
      }
    }
    return lines;
  },
};

function partText(p: LockinPart, s: PartScore): string {
  return `${p} ${s.count}/${s.of} −${s.lost.toFixed(1)}`;
}

function lostText(s: PartScore): string {
  return s.lost ? `−${s.lost.toFixed(1)}` : '0';
}

function clip(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, Math.max(1, width - 1))}…`;
}

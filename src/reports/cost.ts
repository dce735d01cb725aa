import { usd, type FnEstimate } from '../analysis/cost/index.js';
import { HOURS_PER_MONTH, PRICE_TABLE_DATE } from '../knowledge/aws/prices.js';
import type { ReportDef } from './types.js';

export interface CostLineData {
  item: string;
  usd: number;
  arithmetic: string;
  price: { usd: number; unit: string; source: string; checked: string };
}

export interface CostFunctionData {
  name: string;
  id: string;
  region: string;
  architecture: string;
  memoryMb: number;
  requestsPerMonth: number | null;
  durationMs: number | null;
  traffic: 'config' | 'schedule' | 'unknown';
  lines: CostLineData[];
  fixedUsd: number;
  totalUsd: number;
  assumptions: string[];
}

export interface CostReportData {
  currency: 'USD';
  hoursPerMonth: number;
  priceTable: { date: string; sources: string[] };
  apps: { file: string; name: string; totalUsd: number; fixedUsd: number; functions: CostFunctionData[] }[];
  totalUsd: number;
}

function fnData(e: FnEstimate): CostFunctionData {
  return {
    name: e.fn.name,
    id: e.fn.id,
    region: e.region,
    architecture: e.architecture,
    memoryMb: e.memoryMb,
    requestsPerMonth: e.requestsPerMonth,
    durationMs: e.durationMs,
    traffic: e.traffic,
    lines: e.lines.map((l) => ({ item: l.item, usd: usd(l.usd), arithmetic: l.arithmetic, price: { ...l.price } })),
    fixedUsd: usd(e.fixedUsd),
    totalUsd: usd(e.totalUsd),
    assumptions: [...e.assumptions],
  };
}

const money = (x: number): string => `$${x > 0 && x < 0.01 ? x.toFixed(4) : x.toFixed(2)}`;

function pad(s: string, n: number, right = false): string {
  if (s.length > n) return s.slice(0, Math.max(1, n - 1)) + '…';
  return right ? s.padStart(n) : s.padEnd(n);
}

/** `--report cost`: each function's monthly estimate, its arithmetic and assumptions, per app and in all. */
export const costReport: ReportDef<CostReportData> = {
  name: 'cost',
  description: 'monthly cost estimate per function and app (requests, duration, provisioned concurrency, logs)',
  build(ctx) {
    const cost = ctx.analyses.get('cost');
    const apps = ctx.project.apps
      .filter((a) => a.functions.some((f) => f.platform === 'aws'))
      .map((a) => {
        const functions = a.functions.filter((f) => f.platform === 'aws').map((f) => fnData(cost.estimate(f)));
        return {
          file: a.file,
          name: a.name,
          totalUsd: usd(functions.reduce((s, f) => s + f.totalUsd, 0)),
          fixedUsd: usd(functions.reduce((s, f) => s + f.fixedUsd, 0)),
          functions,
        };
      });
    const sources = [...new Set(apps.flatMap((a) => a.functions.flatMap((f) => f.lines.map((l) => l.price.source))))].sort();
    return {
      currency: 'USD',
      hoursPerMonth: HOURS_PER_MONTH,
      priceTable: { date: PRICE_TABLE_DATE, sources },
      apps,
      totalUsd: usd(apps.reduce((s, a) => s + a.totalUsd, 0)),
    };
  },
  text(data, style) {
    const out: string[] = [];
    const w = style.width > 0 ? style.width : 100;
    const nameW = Math.max(12, Math.min(32, w - 58));
    const head = `${pad('function', nameW)}  ${pad('arch', 6)}  ${pad('MB', 5, true)}  ${pad('requests/mo', 12, true)}  ${pad('ms', 7, true)}  ${pad('$/month', 10, true)}`;
    for (const app of data.apps) {
      out.push(style.bold(`${app.file} (${app.name})`));
      out.push(style.dim(head));
      for (const f of app.functions) {
        out.push(
          `${pad(f.name, nameW)}  ${pad(f.architecture, 6)}  ${pad(String(f.memoryMb), 5, true)}  ${pad(f.requestsPerMonth === null ? '?' : String(Math.round(f.requestsPerMonth)), 12, true)}  ${pad(f.durationMs === null ? '?' : String(f.durationMs), 7, true)}  ${pad(money(f.totalUsd), 10, true)}`,
        );
        for (const l of f.lines)
          out.push(style.dim(`    ${l.item}: ${money(l.usd)} = ${l.arithmetic} per ${l.price.unit} (${f.region}, ${l.price.checked})`));
        for (const a of f.assumptions) out.push(style.dim(`    assumes: ${a}`));
      }
      out.push(`app total: ${money(app.totalUsd)} a month${app.fixedUsd ? ` (fixed: ${money(app.fixedUsd)})` : ''}`);
      out.push('');
    }
    out.push(style.bold(`total: ${money(data.totalUsd)} a month`));
    out.push(
      style.dim(
        `prices checked ${data.priceTable.date}, from ${data.priceTable.sources.join(', ') || 'the price table'}; a month is ${data.hoursPerMonth} hours`,
      ),
    );
    return out;
  },
};

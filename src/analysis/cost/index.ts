import type { ToolNotice } from '../../core/types.js';
import { get, literalString, valueOf } from '../../core/node.js';
import type { Fn, Project } from '../../model/types.js';
import {
  DEFAULT_PRICE_REGION,
  HOURS_PER_MONTH,
  LAMBDA_LIMITS,
  PRICE_TABLE_DATE,
  pricesFor,
  type Price,
  type RegionPrices,
} from '../../knowledge/aws/prices.js';
import { scheduleRate } from './schedule.js';

/** The `traffic:` entry of one function in the config file. */
export interface TrafficEntry {
  requestsPerMonth?: number;
  averageDurationMs?: number;
  /** log bytes written per invocation (default 1 KB) */
  logBytesPerRequest?: number;
}

export interface CostOptions {
  /** `--region`; without it, each manifest's own region, else us-east-1 */
  region?: string;
  /** by function name (or `<app file>:<function name>`) */
  traffic?: Record<string, TrafficEntry>;
}

export type CostItem = 'requests' | 'duration' | 'provisioned' | 'logIngestion' | 'logStorage';

export interface CostLine {
  item: CostItem;
  usd: number;
  /** the multiplication, written out: `43800 requests × $0.0000002` */
  arithmetic: string;
  price: Price;
}

export interface FnEstimate {
  fn: Fn;
  region: string;
  architecture: 'x86_64' | 'arm64';
  memoryMb: number;
  requestsPerMonth: number | null;
  durationMs: number | null;
  /** where the request count comes from */
  traffic: 'config' | 'schedule' | 'unknown';
  lines: CostLine[];
  /** costs that do not depend on traffic (provisioned concurrency) */
  fixedUsd: number;
  totalUsd: number;
  assumptions: string[];
}

const DEFAULT_LOG_BYTES = 1024;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
const GB = 1024 ** 3;

/** Dollars, rounded to a millionth (the figures are estimates; the rounding keeps output stable). */
export function usd(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A number as printed in arithmetic: at most 10 significant digits, no exponent for prices. */
export function num(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const s = String(Number(x.toPrecision(10)));
  return s.includes('e') ? x.toFixed(12).replace(/0+$/, '') : s;
}

/**
 * The monthly cost estimate of every AWS function: requests + duration (GB-seconds at the
 * architecture's price) + provisioned concurrency + log ingestion and storage, from the dated price
 * table in `knowledge/aws/prices.ts`. Traffic is exact for schedules and comes from the config's
 * `traffic:` map otherwise; a function with no traffic known gets its fixed costs only, and says so.
 */
export class CostAnalysis {
  readonly tableDate = PRICE_TABLE_DATE;
  private readonly traffic: Record<string, TrafficEntry>;
  private readonly cache = new Map<Fn, FnEstimate>();
  private readonly notes: ToolNotice[] = [];
  private readonly missing = new Set<string>();

  constructor(
    private readonly project: Project,
    private readonly opts: CostOptions = {},
  ) {
    this.traffic = opts.traffic ?? {};
  }

  /**
   * The region a function is priced in: `--region`, else its manifest's literal `provider.region`,
   * else us-east-1; a region the table does not have is priced as us-east-1, with a notice.
   */
  regionOf(fn: Fn): { region: string; prices: RegionPrices } {
    const wanted = this.opts.region ?? literalString(valueOf(get(fn.app.serverless?.provider, 'region'))) ?? DEFAULT_PRICE_REGION;
    const table = pricesFor(wanted);
    if (table) return { region: wanted, prices: table };
    if (!this.missing.has(wanted)) {
      this.missing.add(wanted);
      this.notes.push({
        id: 'analysis-incomplete',
        level: 'note',
        message: `the price table has no prices for region ${wanted}; the cost estimate uses ${DEFAULT_PRICE_REGION} prices`,
      });
    }
    return { region: DEFAULT_PRICE_REGION, prices: pricesFor(DEFAULT_PRICE_REGION)! };
  }

  estimates(): FnEstimate[] {
    return this.project.apps.flatMap((a) => a.functions.filter((f) => f.platform === 'aws').map((f) => this.estimate(f)));
  }

  estimate(fn: Fn): FnEstimate {
    let e = this.cache.get(fn);
    if (!e) this.cache.set(fn, (e = this.compute(fn)));
    return e;
  }

  notices(): ToolNotice[] {
    return this.notes;
  }

  private trafficOf(fn: Fn): TrafficEntry | undefined {
    const t = this.traffic;
    const keys = [`${fn.app.file}:${fn.name}`, fn.name, fn.id];
    for (const k of keys) if (Object.hasOwn(t, k)) return t[k];
    return undefined;
  }

  private compute(fn: Fn): FnEstimate {
    const assumptions: string[] = [];
    const { region, prices: pr } = this.regionOf(fn);
    if (region !== (this.opts.region ?? region))
      assumptions.push(`prices of ${DEFAULT_PRICE_REGION}: the table has none for ${this.opts.region}`);

    const archText = literalString(fn.architecture);
    const architecture = archText === 'arm64' ? 'arm64' : 'x86_64';
    if (!fn.architecture) assumptions.push('architecture not set: x86_64');
    else if (archText === undefined)
      assumptions.push(`architecture ${fn.architecture.kind === 'ref' ? fn.architecture.text : '?'} not known: x86_64`);

    const defaultMemory = fn.origin === 'serverless' ? LAMBDA_LIMITS.serverlessDefaultMemoryMb : LAMBDA_LIMITS.defaultMemoryMb;
    const memLit = numberOf(fn.memory);
    const memoryMb = memLit ?? defaultMemory;
    if (memLit === undefined)
      assumptions.push(
        fn.memory ? `memory not known: ${defaultMemory} MB (the default)` : `memory not set: ${defaultMemory} MB (the default)`,
      );
    const gb = memoryMb / 1024;

    const traffic = this.trafficOf(fn);
    let requests: number | null = null;
    let source: FnEstimate['traffic'] = 'unknown';
    if (traffic?.requestsPerMonth !== undefined) {
      requests = traffic.requestsPerMonth;
      source = 'config';
      assumptions.push(`${num(requests)} requests a month (traffic config)`);
    } else {
      let sum = 0;
      let any = false;
      for (const ev of fn.events) {
        if (!ev.cost?.schedules || ev.cost.disabled) continue;
        for (const s of ev.cost.schedules) {
          const text = literalString(s);
          const r = text === undefined ? undefined : scheduleRate(text);
          if (!r) {
            assumptions.push(`schedule ${text ?? (s.kind === 'ref' ? s.text : '?')} not read: not counted`);
            continue;
          }
          any = true;
          sum += r.perMonth;
          assumptions.push(`${num(r.perMonth)} runs a month (${r.basis})`);
        }
      }
      if (any) {
        requests = sum;
        source = 'schedule';
        const other = fn.events.some((ev) => ev.category !== 'schedule');
        if (other) assumptions.push('traffic of its other triggers not known: schedule runs only');
      } else assumptions.push('traffic not known (add it under traffic: in the config): fixed costs only');
    }

    let durationMs: number | null = null;
    if (requests !== null) {
      if (traffic?.averageDurationMs !== undefined) {
        durationMs = traffic.averageDurationMs;
        assumptions.push(`${num(durationMs)} ms average duration (traffic config)`);
      } else {
        const defaultTimeout =
          fn.origin === 'serverless' ? LAMBDA_LIMITS.serverlessDefaultTimeoutSeconds : LAMBDA_LIMITS.defaultTimeoutSeconds;
        const t = numberOf(fn.timeout) ?? defaultTimeout;
        durationMs = t * 1000;
        assumptions.push(`duration not known: the timeout (${num(t)} s), an upper bound`);
      }
    }

    const lines: CostLine[] = [];
    const pc = numberOf(fn.cost?.provisionedConcurrency ?? null);
    if (fn.cost?.provisionedConcurrency && pc === undefined) assumptions.push('provisioned concurrency not known: not counted');
    if (requests !== null && durationMs !== null) {
      lines.push({
        item: 'requests',
        usd: requests * pr.requests.usd,
        arithmetic: `${num(requests)} requests × $${num(pr.requests.usd)}`,
        price: pr.requests,
      });
      const gbs = requests * (durationMs / 1000) * gb;
      const price = pc ? pr.provisionedDuration[architecture] : pr.duration[architecture];
      if (pc) assumptions.push('every invocation runs on provisioned concurrency (its duration price)');
      lines.push({
        item: 'duration',
        usd: gbs * price.usd,
        arithmetic: `${num(requests)} × ${num(durationMs / 1000)} s × ${num(gb)} GB = ${num(gbs)} GB-s × $${num(price.usd)}`,
        price,
      });
    }
    if (pc) {
      const gbs = pc * gb * SECONDS_PER_MONTH;
      const price = pr.provisioned[architecture];
      lines.push({
        item: 'provisioned',
        usd: gbs * price.usd,
        arithmetic: `${num(pc)} × ${num(gb)} GB × ${SECONDS_PER_MONTH} s = ${num(gbs)} GB-s × $${num(price.usd)}`,
        price,
      });
    }
    if (requests !== null) {
      const bytes = traffic?.logBytesPerRequest ?? DEFAULT_LOG_BYTES;
      if (traffic?.logBytesPerRequest === undefined) assumptions.push(`${DEFAULT_LOG_BYTES} bytes of logs per invocation`);
      const ingest = (requests * bytes) / GB;
      lines.push({
        item: 'logIngestion',
        usd: ingest * pr.logIngestion.usd,
        arithmetic: `${num(requests)} × ${bytes} B = ${num(ingest)} GB × $${num(pr.logIngestion.usd)}`,
        price: pr.logIngestion,
      });
      const retention = numberOf(fn.logRetention);
      let months: number;
      if (retention !== undefined) {
        months = retention / DAYS_PER_MONTH;
        assumptions.push(`logs kept ${num(retention)} days (stored volume once steady)`);
      } else {
        months = 12;
        assumptions.push('logs never expire: storage grows every month; figure for the 12th month');
      }
      const stored = ingest * months;
      lines.push({
        item: 'logStorage',
        usd: stored * pr.logStorage.usd,
        arithmetic: `${num(ingest)} GB × ${num(months)} months = ${num(stored)} GB × $${num(pr.logStorage.usd)}`,
        price: pr.logStorage,
      });
    }
    const fixedUsd = lines.filter((l) => l.item === 'provisioned').reduce((s, l) => s + l.usd, 0);
    const totalUsd = lines.reduce((s, l) => s + l.usd, 0);
    assumptions.push('no free tier, first pricing tier');
    return {
      fn,
      region,
      architecture,
      memoryMb,
      requestsPerMonth: requests,
      durationMs,
      traffic: source,
      lines,
      fixedUsd,
      totalUsd,
      assumptions,
    };
  }
}

/** A literal number (or numeric string) of a Value. */
export function numberOf(v: { kind: string; value?: unknown } | null | undefined): number | undefined {
  if (!v || v.kind !== 'literal') return undefined;
  const n =
    typeof v.value === 'number' ? v.value : typeof v.value === 'string' && /^\d+(\.\d+)?$/.test(v.value.trim()) ? Number(v.value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

import { HOURS_PER_MONTH } from '../../knowledge/aws/prices.js';

/** How often a schedule expression fires: per month (of `HOURS_PER_MONTH` hours), and its shortest interval. */
export interface ScheduleRate {
  perMonth: number;
  /** the shortest time between two runs, in minutes (for the frequency rule) */
  minIntervalMinutes: number;
  /** how the count was made, printed next to the figure */
  basis: string;
}

const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;
const UNIT_MINUTES: Record<string, number> = { minute: 1, minutes: 1, hour: 60, hours: 60, day: 1440, days: 1440 };

/**
 * `rate(5 minutes)` and EventBridge `cron(min hour day-of-month month day-of-week year)`; undefined
 * for anything else (`at(…)` one-off schedules, a reference). A cron's runs per month: its runs per
 * day (minutes × hours) times the days it runs in an average month (every day: 730/24; days of the
 * week: 730/24 × n/7; days of the month: n), times the share of months it runs in.
 */
export function scheduleRate(expr: string): ScheduleRate | undefined {
  const t = expr.trim();
  const rate = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/i.exec(t);
  if (rate) {
    const n = Number(rate[1]);
    const unit = UNIT_MINUTES[rate[2]!.toLowerCase()];
    if (!unit || n <= 0) return undefined;
    const every = n * unit;
    return {
      perMonth: MINUTES_PER_MONTH / every,
      minIntervalMinutes: every,
      basis: `${t}: ${MINUTES_PER_MONTH} minutes a month / ${every}`,
    };
  }
  const cron = /^cron\((.*)\)$/i.exec(t);
  if (!cron) return undefined;
  const f = cron[1]!.trim().split(/\s+/);
  if (f.length !== 6) return undefined;
  const minutes = field(f[0]!, 0, 59);
  const hours = field(f[1]!, 0, 23);
  const months = field(f[3]!, 1, 12, MONTHS);
  if (!minutes || !hours || !months) return undefined;
  const dom = f[2]!;
  const dow = f[4]!;
  let days: number;
  let dayBasis: string;
  const anyDom = dom === '*' || dom === '?';
  const anyDow = dow === '*' || dow === '?';
  if (anyDom && anyDow) {
    days = HOURS_PER_MONTH / 24;
    dayBasis = 'every day';
  } else if (anyDom) {
    const d = field(dow.replace(/#\d+$/, ''), 1, 7, DAYS);
    if (!d) return undefined;
    days = dow.includes('#') ? 1 : (HOURS_PER_MONTH / 24) * (d.length / 7);
    dayBasis = dow.includes('#') ? 'one day a month' : `${d.length} day(s) a week`;
  } else {
    const d = dom === 'L' || /W$/.test(dom) ? [1] : field(dom, 1, 31);
    if (!d) return undefined;
    days = d.length;
    dayBasis = `${d.length} day(s) a month`;
  }
  const perDay = minutes.length * hours.length;
  const perMonth = perDay * days * (months.length / 12);
  return {
    perMonth,
    minIntervalMinutes: minGap(minutes, hours),
    basis: `${t}: ${perDay} run(s) a day, ${dayBasis}${months.length < 12 ? `, ${months.length} of 12 months` : ''}`,
  };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The values a cron field selects (`*`, `a-b`, `a/n`, `*\/n`, lists, names); undefined when unreadable. */
function field(text: string, lo: number, hi: number, names?: string[]): number[] | undefined {
  const out = new Set<number>();
  const num = (s: string): number | undefined => {
    const i = names ? names.indexOf(s.toUpperCase()) : -1;
    const n = i >= 0 ? i + lo : /^\d+$/.test(s) ? Number(s) : NaN;
    return Number.isInteger(n) && n >= lo && n <= hi ? n : undefined;
  };
  for (const part of text.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const step = m[2] ? Number(m[2]) : 1;
    if (step <= 0) return undefined;
    let from: number | undefined;
    let to: number | undefined;
    if (m[1] === '*' || m[1] === '?') [from, to] = [lo, hi];
    else if (m[1]!.includes('-')) {
      const [a, b] = m[1]!.split('-');
      from = num(a!);
      to = num(b!);
    } else {
      from = num(m[1]!);
      to = m[2] ? hi : from;
    }
    if (from === undefined || to === undefined || to < from) return undefined;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out.size ? [...out].sort((a, b) => a - b) : undefined;
}

/** The shortest gap between two runs in one day (minutes), wrapping to the next day. */
function minGap(minutes: number[], hours: number[]): number {
  const times = hours.flatMap((h) => minutes.map((m) => h * 60 + m)).sort((a, b) => a - b);
  let gap = 1440;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
  if (times.length) gap = Math.min(gap, times[0]! + 1440 - times[times.length - 1]!);
  return gap;
}

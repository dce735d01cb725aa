import type { FileProbe, ToolNotice } from '../core/types.js';

/**
 * `--timing` and `--debug`: where a run spends its time, by phase and by rule, and (with `--debug`)
 * what discovery decided about each file it looked at. Created by the CLI only when asked for and
 * handed down through the options; every place that measures checks for it first, so a run without
 * it reads no clock at all.
 *
 * Time is exclusive: entering a phase pauses the one around it (reading a document a template
 * includes is `read/parse`, not `platform build`; an analysis a rule asks for is its own phase, not
 * the rule's). Nothing of it is ever written to stdout or into a report.
 */

/** The phases, in the order of a run (others are listed after them, in the order they were first met). */
export const PHASES = [
  'config',
  'discover',
  'read/parse',
  'platform build',
  'code model parse',
  'rule walk',
  'suppress/baseline/mask',
  'format',
] as const;

/** Rules listed in the table, slowest first. */
export const TOP_RULES = 10;

const RULE = 'rule\u0000';
const ANALYSIS = 'analysis: ';

type Verdict = { adapter: string } | { skip: string } | null;

export class Timing {
  /** keys entered, innermost last */
  private readonly stack: string[] = [];
  /** exclusive milliseconds by phase key (`rule\0<id>` for a rule) */
  private readonly spent = new Map<string, number>();
  private readonly lines: string[] = [];
  private readonly started: number;
  private last: number;

  constructor(
    /** also record discovery decisions (`--debug`) */
    readonly debug = false,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = this.last = this.now();
  }

  /** Starts a phase; the one it runs inside is paused until `leave`. */
  enter(phase: string): void {
    this.charge();
    this.stack.push(phase);
  }

  /** Ends a phase (and any left open inside it, should one have thrown past its `leave`). */
  leave(phase: string): void {
    this.charge();
    const at = this.stack.lastIndexOf(phase);
    if (at >= 0) this.stack.length = at;
  }

  enterRule(id: string): void {
    this.enter(RULE + id);
  }

  leaveRule(id: string): void {
    this.leave(RULE + id);
  }

  /**
   * An analysis result whose every method call is timed as `analysis: <name>` (taint computes a
   * function's flows on the first call that asks for them, inside some rule's visitor).
   */
  analysis<T extends object>(name: string, result: T): T {
    const phase = ANALYSIS + name;
    return new Proxy(result, {
      get: (target, prop, receiver) => {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          this.enter(phase);
          try {
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          } finally {
            this.leave(phase);
          }
        };
      },
    });
  }

  /** A debug line (kept only with --debug). */
  note(line: string): void {
    if (this.debug) this.lines.push(line);
  }

  /** Discovery's `detect`, recording its verdict on each file it is shown. */
  traceDetect<D extends (file: FileProbe) => Verdict>(detect: D): D {
    return ((file: FileProbe) => {
      const verdict = detect(file);
      if (!verdict) this.note(`discover: ${file.path}: not claimed by any platform`);
      else if ('adapter' in verdict) this.note(`discover: ${file.path}: claimed by ${verdict.adapter}`);
      else this.note(`discover: ${file.path}: known, not read: ${verdict.skip}`);
      return verdict;
    }) as D;
  }

  /** Discovery's notice sink, recording the files it skips and why. */
  traceNotices(notice: (n: ToolNotice) => void): (n: ToolNotice) => void {
    return (n) => {
      if (n.id === 'file-skipped' || n.id === 'ignored-path') this.note(`discover: ${n.message}`);
      notice(n);
    };
  }

  /** What discovery returned: the env files (the manifests were noted as detect claimed them), and the count. */
  discovered(candidates: readonly { kind: string; path: string }[]): void {
    for (const c of candidates) if (c.kind === 'dotenv') this.note(`discover: ${c.path}: an env file`);
    this.note(`discover: ${candidates.length} file${candidates.length === 1 ? '' : 's'} to read`);
  }

  private charge(): void {
    const t = this.now();
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined) this.spent.set(top, (this.spent.get(top) ?? 0) + (t - this.last));
    this.last = t;
  }

  /** Exclusive milliseconds spent in each analysis so far, by name (the bench's analysis row). */
  analysisTimes(): Map<string, number> {
    this.charge();
    const out = new Map<string, number>();
    for (const [k, ms] of this.spent) if (k.startsWith(ANALYSIS)) out.set(k.slice(ANALYSIS.length), ms);
    return out;
  }

  /** The debug lines (with --debug), the phase table and the rule table, for stderr. */
  report(): string {
    this.charge();
    const total = this.last - this.started;
    const rules = [...this.spent].filter(([k]) => k.startsWith(RULE)).map(([k, ms]) => [k.slice(RULE.length), ms] as const);
    const ruleTotal = rules.reduce((s, [, ms]) => s + ms, 0);
    // the run's order: the analyses between the code model and the walk that asked for them
    const phases = new Map<string, number>();
    const analyses = [...this.spent.keys()].filter((k) => k.startsWith(ANALYSIS)).sort();
    for (const p of PHASES) {
      if (p === 'rule walk') for (const a of analyses) phases.set(a, 0);
      phases.set(p, 0);
    }
    for (const [k, ms] of this.spent) if (!k.startsWith(RULE)) phases.set(k, (phases.get(k) ?? 0) + ms);
    // the walk's own time and its rules' visitors (analyses they asked for are their own rows)
    phases.set('rule walk', (phases.get('rule walk') ?? 0) + ruleTotal);
    const measured = [...phases.values()].reduce((s, ms) => s + ms, 0);
    const phaseRows: [string, number][] = [...phases, ['other', Math.max(0, total - measured)]];
    const out: string[] = this.lines.map((l) => `sls-lint: debug: ${l}`);
    if (out.length) out.push('');
    out.push(...table('Phase', phaseRows, total), `${'total'.padEnd(width('Phase', phaseRows))} | ${ms(total).padStart(9)} |   100.0%`, '');
    rules.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const top = rules.slice(0, TOP_RULES) as [string, number][];
    if (rules.length > TOP_RULES) top.push([`(${rules.length - TOP_RULES} more)`, rules.slice(TOP_RULES).reduce((s, [, t]) => s + t, 0)]);
    out.push(...table('Rule', top, ruleTotal), `${'total'.padEnd(width('Rule', top))} | ${ms(ruleTotal).padStart(9)} |   100.0%`, '');
    return out.join('\n');
  }
}

function ms(n: number): string {
  return n.toFixed(3);
}

function width(head: string, rows: readonly (readonly [string, number])[]): number {
  return Math.max(head.length, 'total'.length, ...rows.map(([k]) => k.length));
}

/** ESLint's TIMING=1 table: `Rule | Time (ms) | Relative`, a Markdown alignment row, one row each. */
function table(head: string, rows: readonly (readonly [string, number])[], total: number): string[] {
  const w = width(head, rows);
  const out = [`${head.padEnd(w)} | Time (ms) | Relative`, `:${'-'.repeat(w - 1)}-|----------:|--------:`];
  for (const [k, t] of rows) {
    const rel = total > 0 ? `${((t * 100) / total).toFixed(1)}%` : '0.0%';
    out.push(`${k.padEnd(w)} | ${ms(t).padStart(9)} | ${rel.padStart(8)}`);
  }
  return out;
}

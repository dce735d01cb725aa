// Growth with size: each size is generated, then linted once in a fresh process (all rules, the
// CLI's own entry point, module loading included), which reports its wall time and peak RSS.
//   node dist/test/bench/scale.js [--functions 1000,5000,10000]
// or as the last part of `npm run bench` (BENCH_SCALE=1000,5000,10000; empty to skip).
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from '../../src/load/package.js';
import { generateMonorepo } from './generate.js';
import { lint } from '../../src/lint.js';

export const DEFAULT_SIZES = [1000, 5000, 10000];

export interface ScalePoint {
  functions: number;
  files: number;
  findings: number;
  ms: number;
  /** peak resident set size of the linting process, MB */
  rssMb: number;
}

export function treeDir(functions: number): string {
  return path.join(PACKAGE_ROOT, '.bench', `mono-${functions}`);
}

/** In this process: generate (or reuse) the tree, lint it once, report time and peak RSS. */
function measureOne(functions: number): ScalePoint {
  const dir = treeDir(functions);
  generateMonorepo(dir, functions);
  const t = performance.now();
  const { result } = lint({ cwd: dir, paths: ['.'], noConfig: true, stage: 'dev' });
  const ms = performance.now() - t;
  return {
    functions,
    files: result.filesScanned,
    findings: result.diagnostics.length,
    ms,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Each size in its own process (so one size's heap does not weigh on the next). */
export function measureScale(sizes: readonly number[]): ScalePoint[] {
  const self = fileURLToPath(import.meta.url);
  return sizes.map((n) => {
    // generate first, so the measured process only lints
    generateMonorepo(treeDir(n), n);
    const out = execFileSync(process.execPath, [self, '--one', String(n)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(out) as ScalePoint;
  });
}

export function scaleTable(points: readonly ScalePoint[]): string {
  const first = points[0]!;
  const rows = [
    ['functions', 'files', 'findings', 'lint ms', 'peak RSS MB', 'time ÷ smallest', 'size ÷ smallest'],
    ...points.map((p) => [
      String(p.functions),
      String(p.files),
      String(p.findings),
      p.ms.toFixed(0),
      p.rssMb.toFixed(0),
      (p.ms / first.ms).toFixed(2),
      (p.functions / first.functions).toFixed(1),
    ]),
  ];
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  const last = points[points.length - 1]!;
  const growth = last.ms / first.ms / (last.functions / first.functions);
  return (
    [line(rows[0]!), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n') +
    `\n\ngrowth: ${last.functions} functions take ${(last.ms / first.ms).toFixed(2)}x the time of ${first.functions} ` +
    `(${(last.functions / first.functions).toFixed(1)}x the size; ${growth.toFixed(2)} per unit of size, 1.00 is linear)\n`
  );
}

export function parseSizes(arg: string | undefined): number[] {
  if (arg === undefined) return DEFAULT_SIZES;
  return arg
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 1) throw new Error(`not a number of functions: ${s}`);
      return n;
    });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const one = args.indexOf('--one');
  if (one >= 0) {
    process.stdout.write(JSON.stringify(measureOne(Number(args[one + 1]))));
  } else {
    const f = args.indexOf('--functions');
    const sizes = parseSizes(f >= 0 ? args[f + 1] : undefined);
    process.stdout.write(`sls-lint scale: one cold run per size, in its own process\n\n${scaleTable(measureScale(sizes))}`);
  }
}

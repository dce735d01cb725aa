// `npm run stress`: builds every full-size hostile-input case in a temporary directory, runs the built
// CLI on it as a child process and prints wall time, peak RSS, exit code and whether the expected
// notice appeared, next to an empty run. Nothing is asserted: the figures are for reading.
//   STRESS_FILTER=text   only cases whose name contains it
//   STRESS_TIMEOUT=60    seconds before a run is killed
//   FUZZ_COUNT=3000      mutants of the in-process fuzz run (with the fuzz cases; FUZZ_SEED changes them)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from '../../src/load/package.js';
import type { StressCase } from './case.js';
import { cases as budgets } from './cases-budgets.js';
import { cases as gate } from './cases-gate.js';
import { cases as matching } from './cases-matching.js';
import { cases as fuzz, fuzzRun } from './cases-fuzz.js';

const MODULES: StressCase[][] = [budgets, matching, gate, fuzz];

const TIMEOUT = Number(process.env.STRESS_TIMEOUT ?? 60) * 1000;
const FILTER = process.env.STRESS_FILTER ?? '';
const BIN = path.join(PACKAGE_ROOT, 'bin', 'sls-lint.js');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Outcome {
  ms: number;
  rssMb: number | undefined;
  code: number | string;
  stdout: string;
  stderr: string;
}

function build(files: Record<string, string | Buffer>): { dir: string; bytes: number } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-stress-')));
  fs.mkdirSync(path.join(dir, '.git')); // the config search stops here
  let bytes = 0;
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    bytes += Buffer.byteLength(content);
  }
  return { dir, bytes };
}

function run(dir: string, args: string[]): Outcome {
  // JSON unless the case names its own format (the SARIF cases do)
  const argv = [BIN, '.', ...(args.includes('-f') || args.includes('--format') ? [] : ['-f', 'json']), ...args];
  const t = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', '__RSS_KB__%M', process.execPath, ...argv], {
        cwd: dir,
        encoding: 'utf8',
        timeout: TIMEOUT,
        maxBuffer: 1 << 30,
        killSignal: 'SIGKILL',
      })
    : spawnSync(process.execPath, argv, { cwd: dir, encoding: 'utf8', timeout: TIMEOUT, maxBuffer: 1 << 30, killSignal: 'SIGKILL' });
  const ms = performance.now() - t;
  let stderr = r.stderr ?? '';
  let rssMb: number | undefined;
  const m = /__RSS_KB__(\d+)\s*$/.exec(stderr);
  if (m) {
    rssMb = Number(m[1]) / 1024;
    stderr = stderr.slice(0, m.index);
  }
  stderr = stderr.replace(/Command (exited with non-zero status \d+|terminated by signal \d+)\s*$/, '');
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { ms, rssMb, code: timedOut ? 'timeout' : (r.status ?? r.signal ?? 'error'), stdout: r.stdout ?? '', stderr };
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`;
}

const rows: string[][] = [['case', 'scale', 'size', 'wall ms', 'vs empty', 'peak RSS MB', 'exit', 'notice', 'other file found']];
const empty = build({ 'README.md': 'nothing to lint\n' });
const base = run(empty.dir, []);
fs.rmSync(empty.dir, { recursive: true, force: true });
rows.push(['empty run', '-', '-', base.ms.toFixed(0), '-', base.rssMb?.toFixed(0) ?? '?', String(base.code), '-', '-']);
process.stderr.write(`empty run: ${base.ms.toFixed(0)} ms\n`);

for (const c of MODULES.flat()) {
  if (FILTER && !c.name.includes(FILTER)) continue;
  for (const s of c.scale) {
    const spec = c.build(s);
    const { dir, bytes } = build(spec.files);
    const o = run(dir, spec.args ?? []);
    fs.rmSync(dir, { recursive: true, force: true });
    const notice = spec.expect === undefined ? '-' : o.stdout.includes(spec.expect) || o.stderr.includes(spec.expect) ? 'yes' : 'NO';
    const other = o.stdout.includes('"other/serverless.yml"') ? 'yes' : 'no';
    rows.push([
      c.name,
      `${s}x`,
      size(bytes),
      o.ms.toFixed(0),
      `+${(o.ms - base.ms).toFixed(0)}`,
      o.rssMb?.toFixed(0) ?? '?',
      String(o.code),
      notice,
      other,
    ]);
    process.stderr.write(
      `${c.name} ${s}x: ${o.ms.toFixed(0)} ms, exit ${o.code}${o.code === 2 || o.code === 'timeout' ? ` ${o.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}` : ''}\n`,
    );
  }
}

// the in-process fuzz run: faults counted, the slowest mutant named (a lint over 2 s is listed)
const FUZZ_ROW = 'fuzz: in-process, one mutant at a time';
if (!FILTER || FUZZ_ROW.includes(FILTER)) {
  const count = Number(process.env.FUZZ_COUNT ?? 3000);
  const f = fuzzRun(count);
  const faults = f.crashes + f.ruleErrors + f.otherFaults;
  rows.push([
    FUZZ_ROW,
    `${f.mutants}`,
    '-',
    f.wallMs.toFixed(0),
    '-',
    (process.memoryUsage().rss / 1024 / 1024).toFixed(0),
    '-',
    `${faults} faults`,
    '-',
  ]);
  process.stderr.write(
    `${FUZZ_ROW}: ${f.mutants} mutants in ${f.wallMs.toFixed(0)} ms; crashes ${f.crashes}, rule errors ${f.ruleErrors}, other faults ${f.otherFaults}; ` +
      `slowest ${f.slowest.ms.toFixed(0)} ms (${f.slowest.name}, seed ${f.slowest.seed}); over 2 s: ${f.slow.length}\n` +
      [...f.examples, ...f.slow.map((s) => `slow: ${s.ms.toFixed(0)} ms ${s.name} seed ${s.seed}`)].map((l) => `  ${l}\n`).join(''),
  );
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((c, i) => (i >= 3 && i <= 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
process.stdout.write(`${line(rows[0]!)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.slice(1).map(line).join('\n')}\n`);

// `npm run bench`: generates a synthetic serverless monorepo and prints how long sls-lint takes
// compared with a parse-only pass over the same files with the same parsers (the floor).
//   BENCH_FUNCTIONS=1000 (default)  functions in the generated tree
//   BENCH_RUNS=3                    runs per measurement (the median is printed)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lint } from '../../src/lint.js';
import { parseSource } from '../../src/parse/code.js';
import { parseJson } from '../../src/parse/json.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { PACKAGE_ROOT } from '../../src/config/config.js';
import { generateMonorepo } from './generate.js';

const FUNCTIONS = Number(process.env.BENCH_FUNCTIONS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dir = path.join(PACKAGE_ROOT, '.bench', `mono-${FUNCTIONS}`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

const gen = generateMonorepo(dir, FUNCTIONS);
const files = listFiles(dir);
const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);

const parseOnly = () => {
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const rel = path.relative(dir, f);
    if (/\.(ya?ml)$/.test(f)) parseYaml(rel, text);
    else if (/\.json$/.test(f)) parseJson(rel, text);
    else if (/\.(ts|js)$/.test(f)) parseSource(rel, text);
  }
};
let findings = 0;
const full = () => {
  const { result } = lint({ cwd: dir, paths: ['.'], noConfig: true, stage: 'dev' });
  findings = result.diagnostics.length;
};

// warm-up (JIT, module loading, IAM data caches)
parseOnly();
full();

const tParse = time(parseOnly);
const tFull = time(full);

const rows: [string, string, string, string, string][] = [
  ['pass', 'wall ms (median)', 'files/s', 'MB/s', 'ratio to parse-only'],
  ['parse-only floor', tParse.toFixed(0), (files.length / (tParse / 1000)).toFixed(0), (bytes / 1048576 / (tParse / 1000)).toFixed(1), '1.00'],
  ['sls-lint (all rules)', tFull.toFixed(0), (files.length / (tFull / 1000)).toFixed(0), (bytes / 1048576 / (tFull / 1000)).toFixed(1), (tFull / tParse).toFixed(2)],
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
process.stdout.write(
  `sls-lint bench: ${gen.apps} apps, ${gen.functions} functions, ${files.length} files, ${(bytes / 1048576).toFixed(1)} MB, ${findings} findings, ${RUNS} runs each\n\n` +
    [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n') +
    '\n',
);

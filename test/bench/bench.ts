// `npm run bench`: generates a synthetic serverless monorepo and prints how long sls-lint takes
// compared with a parse-only pass over the same files with the same parsers (the floor).
//   BENCH_FUNCTIONS=1000 (default)  functions in the generated tree
//   BENCH_RUNS=5                    rounds per measurement (interleaved; the fastest CPU time is used)
//   --functions <n>                 the same as BENCH_FUNCTIONS=<n> (1000, 5000, 10000…)
//   BENCH_SCALE=1000,5000,10000     sizes of the growth table printed last (empty: skipped)
//   BENCH_KEEP_CODE=1               collect the heap before each pass without dropping compiled code
//                                   (the steady state of a warm process; see settle())
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { scanText } from '../../src/knowledge/secrets/index.js';
import { lint } from '../../src/lint.js';
import { Timing } from '../../src/engine/timing.js';
import { parseSource } from '../../src/code/parse.js';
import { parseJson } from '../../src/parse/json.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { PACKAGE_ROOT } from '../../src/load/package.js';
import { rules as registry } from '../../rules/index.js';
import { generateMonorepo } from './generate.js';
import { measureScale, parseSizes, scaleTable } from './scale.js';
import { realInstallCheck, table, timeColdstart } from './coldstart.js';

const functionsArg = process.argv.indexOf('--functions');
const FUNCTIONS = Number((functionsArg >= 0 ? process.argv[functionsArg + 1] : undefined) ?? process.env.BENCH_FUNCTIONS ?? 1000);
if (!Number.isInteger(FUNCTIONS) || FUNCTIONS < 1) throw new Error(`--functions: not a number of functions`);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const KEEP_CODE = process.env.BENCH_KEEP_CODE === '1';
const dir = path.join(PACKAGE_ROOT, '.bench', `mono-${FUNCTIONS}`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Wall and CPU milliseconds of one call. CPU time is what the ratios use: the machine is shared (CI
 * runners, other sessions), and another process's load stretches wall time far more than it
 * stretches the CPU time this process spends.
 */
function once(fn: () => void): { wall: number; cpu: number } {
  // each pass starts from a collected heap: otherwise it pays for collecting what the pass before it
  // left (a whole run's model and ASTs), and which pass pays depends on the order of the rounds
  settle();
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const u = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (u.user + u.system) / 1000 };
}

/**
 * A full collection, outside any measured span (`npm run bench` runs node with --expose-gc).
 *
 * `gc()` without options also drops most of the optimised code the passes before built, so each
 * measured pass optimises its hot functions again, as a fresh process does: on the 1,000-function
 * tree a pass after it made 474 optimising compilations, one after `gc({ type: 'major' })` 184 and
 * one after no collection 148. Its ratios come out near those of fresh processes, one per pass
 * (README, Performance). `BENCH_KEEP_CODE=1` collects with
 * `{ type: 'major', execution: 'sync' }` instead, which keeps the code: the steady state of a warm
 * process, where both passes take about half the time and the analyses' share is larger.
 */
function settle(): void {
  const gc = (globalThis as { gc?: (options?: { type: 'major'; execution: 'sync' }) => void }).gc;
  if (KEEP_CODE) gc?.({ type: 'major', execution: 'sync' });
  else gc?.();
}

function time(fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(once(fn).wall);
  return median(times);
}

/**
 * The passes that are compared run interleaved, round by round (A B C, A B C, …), so a burst of load
 * from elsewhere falls on all of them alike; each pass's figure is its fastest round (noise only ever
 * adds time), its median wall time printed beside it.
 */
function interleaved<K extends string>(passes: Record<K, () => void>, rounds: number): Record<K, { wall: number; cpu: number }> {
  const seen = {} as Record<K, { wall: number[]; cpu: number[] }>;
  for (const k of Object.keys(passes) as K[]) seen[k] = { wall: [], cpu: [] };
  for (let r = 0; r < rounds; r++) {
    for (const k of Object.keys(passes) as K[]) {
      const m = once(passes[k]);
      seen[k].wall.push(m.wall);
      seen[k].cpu.push(m.cpu);
    }
  }
  const out = {} as Record<K, { wall: number; cpu: number }>;
  for (const k of Object.keys(passes) as K[]) out[k] = { wall: median(seen[k].wall), cpu: Math.min(...seen[k].cpu) };
  return out;
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

// the same run without the rules that need a code analysis (data flow, lock-in inventory, webhooks):
// the difference is what the analyses cost on their own (the code model is parsed in both runs)
// (the recommended rules only, as the full run: `only` would also switch on rules that are off by default)
const CODE_ANALYSES = new Set(['taint', 'lockin', 'webhooks', 'sdkCalls', 'coldstart']);
const recommended = registry.filter((r) => r.meta.recommended);
const withoutAnalyses = recommended.filter((r) => !(r.meta.requires ?? []).some((a) => CODE_ANALYSES.has(a))).map((r) => r.meta.id);
const analysisRules = recommended.length - withoutAnalyses.length;
const noAnalyses = () => {
  lint({ cwd: dir, paths: ['.'], noConfig: true, stage: 'dev', only: withoutAnalyses });
};

// the full run again with --timing's clock: the analyses' own exclusive time, read off directly
let analysisMs = 0;
const timed = () => {
  const timing = new Timing();
  lint({ cwd: dir, paths: ['.'], noConfig: true, stage: 'dev', timing });
  analysisMs = [...timing.analysisTimes().values()].reduce((n, ms) => n + ms, 0);
};

// warm-up (JIT, module loading, IAM data caches)
parseOnly();
full();
noAnalyses();

const analysisRuns: number[] = [];
const m = interleaved(
  {
    parse: parseOnly,
    full,
    noAnalyses,
    timed: () => {
      timed();
      analysisRuns.push(analysisMs);
    },
  },
  RUNS,
);
const tAnalyses = Math.min(...analysisRuns);

// --- secrets: sls-lint's secrets rules alone vs secretlint (recommended preset), both as CLI processes
let secretFindings = 0;
const secretsInProcess = time(() => {
  secretFindings = lint({ cwd: dir, paths: ['.'], noConfig: true, only: ['secrets/*'] }).result.diagnostics.length;
});
const node = process.execPath;
const slsBin = path.join(PACKAGE_ROOT, 'bin', 'sls-lint.js');
const secretlintBin = path.join(PACKAGE_ROOT, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
const rc = path.join(dir, '..', '.secretlintrc.json');
fs.writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
const runQuiet = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { cwd: dir, stdio: 'pipe', maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    // both tools exit 1 when they find secrets; anything else is a failure of the bench
    if ((e as { status?: number }).status !== 1) throw e;
  }
};
const tSlsSecrets = time(() => runQuiet(node, [slsBin, '--no-config', '--only', 'secrets/*', '-f', 'json', '.']));
const tSecretlint = time(() => runQuiet(node, [secretlintBin, '--secretlintrc', rc, '--format', 'json', '**/*']));

// --- a 10 MB single-line file through the free-text scanner (linear-time patterns)
const bigFile = path.join(dir, '..', 'single-line-10mb.txt');
if (!fs.existsSync(bigFile) || fs.statSync(bigFile).size !== 10 * 1024 * 1024) {
  const unit = 'aGVsbG8gd29ybGQ=,AKIA,ghp_,xoxb-,sk_live_,-----BEGIN,eyJhbGciOi,postgres://u:p@,';
  fs.writeFileSync(bigFile, unit.repeat(Math.ceil((10 * 1024 * 1024) / unit.length)).slice(0, 10 * 1024 * 1024));
}
const bigText = fs.readFileSync(bigFile, 'utf8');
let bigMatches = 0;
const tBig = time(() => {
  bigMatches = scanText(bigText).length;
});

const row = (name: string, t: { wall: number; cpu: number }): string[] => [
  name,
  t.wall.toFixed(0),
  t.cpu.toFixed(0),
  (files.length / (t.cpu / 1000)).toFixed(0),
  (t.cpu / m.parse.cpu).toFixed(2),
];
const rows: string[][] = [
  ['pass', 'wall ms (median)', 'cpu ms (fastest)', 'files/cpu-s', 'ratio to parse-only (cpu)'],
  row('parse-only floor', m.parse),
  row('sls-lint (all rules)', m.full),
  row(`sls-lint without the ${analysisRules} code-analysis rules`, m.noAnalyses),
  ['code analyses on their own (--timing)', '', tAnalyses.toFixed(0), '', (tAnalyses / m.parse.cpu).toFixed(2)],
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
process.stdout.write(
  `sls-lint bench: ${gen.apps} apps, ${gen.functions} functions, ${files.length} files, ${(bytes / 1048576).toFixed(1)} MB, ${findings} findings, ${RUNS} interleaved rounds${KEEP_CODE ? ', compiled code kept between passes' : ''}\n\n` +
    [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n') +
    '\n',
);

const srows: string[][] = [
  ['secrets pass (same tree)', 'wall ms (median)', 'ratio to sls-lint CLI'],
  ['sls-lint secrets/* in-process', secretsInProcess.toFixed(0), (secretsInProcess / tSlsSecrets).toFixed(2)],
  ['sls-lint --only secrets/* (CLI)', tSlsSecrets.toFixed(0), '1.00'],
  ['secretlint, recommended preset (CLI)', tSecretlint.toFixed(0), (tSecretlint / tSlsSecrets).toFixed(2)],
];
const sw = srows[0]!.map((_, i) => Math.max(...srows.map((r) => r[i]!.length)));
const sline = (r: string[]) => `| ${r.map((c, i) => c.padEnd(sw[i]!)).join(' | ')} |`;
process.stdout.write(
  `\nsecrets: ${secretFindings} findings from sls-lint; secretlint is ${(tSecretlint / tSlsSecrets).toFixed(2)}x the sls-lint secrets run\n\n` +
    [sline(srows[0]!), `|${sw.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...srows.slice(1).map(sline)].join('\n') +
    `\n\nscanText over a 10 MB single-line file: ${tBig.toFixed(0)} ms (${(10 / (tBig / 1000)).toFixed(1)} MB/s), ${bigMatches} matches\n`,
);

// --- code rules: sls-lint's input/* rules vs ESLint with eslint-plugin-security (its recommended
// config), both as CLI processes over the same handler files (.ts/.js) of the tree
const eslintBin = path.join(PACKAGE_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const eslintPackages = ['eslint-plugin-security', '@typescript-eslint/parser'].map((p) => path.join(PACKAGE_ROOT, 'node_modules', p));
const eslintMissing = [eslintBin, ...eslintPackages].filter((p) => !fs.existsSync(p));
const codeFiles = files.filter((f) => /\.(ts|js)$/.test(f)).length;
/** Standard output of a CLI run that exits 0 or 1 (1: both tools found problems). */
const stdoutOf = (args: string[]): string => {
  try {
    return execFileSync(node, args, { cwd: dir, encoding: 'utf8', stdio: 'pipe', maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const err = e as { status?: number; stdout?: string };
    if (err.status !== 1) throw e;
    return err.stdout ?? '';
  }
};
let codeReport: string;
if (eslintMissing.length) {
  codeReport = `\ncode rules: ESLint row skipped, not installed: ${eslintMissing.map((p) => path.relative(PACKAGE_ROOT, p)).join(', ')}\n`;
} else {
  const eslintConfig = path.join(dir, '..', 'eslint.config.mjs');
  const url = (p: string) => JSON.stringify(pathToFileURL(p).href);
  fs.writeFileSync(
    eslintConfig,
    `import security from ${url(path.join(eslintPackages[0]!, 'index.js'))};\n` +
      `import * as tsParser from ${url(createRequire(import.meta.url).resolve('@typescript-eslint/parser', { paths: [PACKAGE_ROOT] }))};\n` +
      `export default [\n  { files: ['**/*.ts', '**/*.js'], languageOptions: { parser: tsParser, sourceType: 'module' } },\n` +
      `  { ...security.configs.recommended, files: ['**/*.ts', '**/*.js'] },\n];\n`,
  );
  const slsArgs = [slsBin, '--no-config', '--only', 'input/*', '-f', 'json', '.'];
  const eslintArgs = [eslintBin, '--no-config-lookup', '-c', eslintConfig, '-f', 'json', '.'];
  const slsOut = JSON.parse(stdoutOf(slsArgs)) as { diagnostics: { suppression?: unknown }[] };
  const slsCodeFindings = slsOut.diagnostics.filter((d) => !d.suppression).length;
  const eslintOut = JSON.parse(stdoutOf(eslintArgs)) as { messages: { fatal?: boolean }[] }[];
  const eslintMessages = eslintOut.flatMap((r) => r.messages);
  const eslintFatal = eslintMessages.filter((msg) => msg.fatal).length;
  const tSlsCode = time(() => stdoutOf(slsArgs));
  const tEslint = time(() => stdoutOf(eslintArgs));
  const erows: string[][] = [
    [`code rules (same ${codeFiles} handler files)`, 'wall ms (median)', 'ratio to sls-lint CLI', 'findings'],
    ["sls-lint --only 'input/*' (CLI)", tSlsCode.toFixed(0), '1.00', String(slsCodeFindings)],
    [
      'eslint + eslint-plugin-security, recommended (CLI)',
      tEslint.toFixed(0),
      (tEslint / tSlsCode).toFixed(2),
      `${eslintMessages.length - eslintFatal}${eslintFatal ? ` (+${eslintFatal} parse errors)` : ''}`,
    ],
  ];
  const ew = erows[0]!.map((_, i) => Math.max(...erows.map((r) => r[i]!.length)));
  const eline = (r: string[]) => `| ${r.map((c, i) => c.padEnd(ew[i]!)).join(' | ')} |`;
  codeReport =
    `\ncode rules: ESLint is ${(tEslint / tSlsCode).toFixed(2)}x the sls-lint input/* run (eslint reads ${eslintOut.length} files)\n\n` +
    [eline(erows[0]!), `|${ew.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...erows.slice(1).map(eline)].join('\n') +
    '\n';
}
process.stdout.write(codeReport);

// --- cold start: the init-cost analysis (one esbuild build of every handler) vs parsing, and a real install
const cold = timeColdstart(dir, RUNS);
process.stdout.write(
  `\ncoldstart analysis: ${cold.ms.toFixed(0)} ms for ${cold.functions} functions (${cold.measured} measured), ${(cold.ms / m.parse.wall).toFixed(2)}x the parse-only floor (wall)\n`,
);
if (process.env.BENCH_COLDSTART_INSTALL !== '0') {
  const check = realInstallCheck();
  process.stdout.write(
    'skipped' in check
      ? `coldstart real-install check skipped: ${check.skipped}\n`
      : `\ncoldstart on a real install (aws-sdk, @aws-sdk/client-dynamodb, lodash, moment) vs a direct esbuild bundle of each entry: ${check.ok ? 'all within 5%' : 'NOT all within 5%'}\n\n${table(check.rows)}`,
  );
}
// --- threads and shards: the CLI serial, with 2 worker threads, and 2 shards (the slower one) + merge
const shardDir = path.join(dir, '..', `shards-${FUNCTIONS}`);
fs.mkdirSync(shardDir, { recursive: true });
const cli = (args: string[]) => runQuiet(node, [slsBin, '--no-config', '-f', 'json', ...args]);
const tSerialCli = time(() => cli(['-o', path.join(shardDir, 'serial.json'), '.']));
const tJobs2 = time(() => cli(['--jobs', '2', '-o', path.join(shardDir, 'jobs2.json'), '.']));
const tShards = [1, 2].map((i) =>
  time(() => cli(['--shard', `${i}/2`, '--fail-on', 'none', '-o', path.join(shardDir, `shard-${i}.json`), '.'])),
);
const tMerge = time(() =>
  runQuiet(node, [
    slsBin,
    'merge',
    '-f',
    'json',
    '-o',
    path.join(shardDir, 'merged.json'),
    ...[1, 2].map((i) => path.join(shardDir, `shard-${i}.json`)),
  ]),
);
const same = (f: string) => fs.readFileSync(path.join(shardDir, f), 'utf8') === fs.readFileSync(path.join(shardDir, 'serial.json'), 'utf8');
const prows: string[][] = [
  ['threads and shards (CLI, same tree)', 'wall ms (median)', 'ratio to serial', 'output = serial'],
  ['sls-lint --jobs 1', tSerialCli.toFixed(0), '1.00', 'yes'],
  ['sls-lint --jobs 2', tJobs2.toFixed(0), (tJobs2 / tSerialCli).toFixed(2), same('jobs2.json') ? 'yes' : 'NO'],
  [
    '--shard 1/2 and 2/2 (the slower, one machine each)',
    Math.max(...tShards).toFixed(0),
    (Math.max(...tShards) / tSerialCli).toFixed(2),
    '',
  ],
  [
    'sls-lint merge of the 2 shards',
    tMerge.toFixed(0),
    (tMerge / tSerialCli).toFixed(2),
    same('merged.json') ? 'yes' : 'messages of shared code',
  ],
];
const pw = prows[0]!.map((_, i) => Math.max(...prows.map((r) => r[i]!.length)));
const pline = (r: string[]) => `| ${r.map((c, i) => c.padEnd(pw[i]!)).join(' | ')} |`;
process.stdout.write(
  `\n${[pline(prows[0]!), `|${pw.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...prows.slice(1).map(pline)].join('\n')}\n`,
);

// --- the result cache: a first run (empty cache), a rerun with nothing changed, one handler edited
const cacheFile = path.join(shardDir, 'cache');
const cached = (out: string) => cli(['--cache', '--cache-location', cacheFile, '-o', path.join(shardDir, out), '.']);
const tCacheCold = time(() => {
  fs.rmSync(cacheFile, { force: true });
  cached('cache-cold.json');
});
cached('cache-warm.json');
const tCacheWarm = time(() => cached('cache-warm.json'));
const edited = path.join(dir, 'services', 'svc-0', 'src', 'fn0.ts');
const original = fs.readFileSync(edited, 'utf8');
let edits = 0;
// each round edits the handler again (a comment: the findings stay those of the serial run)
const tCacheEdit = time(() => {
  fs.writeFileSync(edited, `${original}// edit ${++edits}\n`);
  cached('cache-edit.json');
});
fs.writeFileSync(edited, original);
const crows: string[][] = [
  ['result cache (CLI, same tree)', 'wall ms (median)', 'ratio to serial', 'output = serial'],
  ['sls-lint (no cache)', tSerialCli.toFixed(0), '1.00', 'yes'],
  ['--cache, empty cache (first run)', tCacheCold.toFixed(0), (tCacheCold / tSerialCli).toFixed(2), same('cache-cold.json') ? 'yes' : 'NO'],
  ['--cache, nothing changed', tCacheWarm.toFixed(0), (tCacheWarm / tSerialCli).toFixed(2), same('cache-warm.json') ? 'yes' : 'NO'],
  ['--cache, one handler edited', tCacheEdit.toFixed(0), (tCacheEdit / tSerialCli).toFixed(2), same('cache-edit.json') ? 'yes' : 'NO'],
];
const cw = crows[0]!.map((_, i) => Math.max(...crows.map((r) => r[i]!.length)));
const cline = (r: string[]) => `| ${r.map((c, i) => c.padEnd(cw[i]!)).join(' | ')} |`;
process.stdout.write(
  `\n${[cline(crows[0]!), `|${cw.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...crows.slice(1).map(cline)].join('\n')}\n`,
);

// --- growth with size: time and peak RSS at each size, one cold run in its own process
const sizes = process.env.BENCH_SCALE === '' ? [] : parseSizes(process.env.BENCH_SCALE);
if (sizes.length) process.stdout.write(`\nscale: one cold run per size, in its own process\n\n${scaleTable(measureScale(sizes))}`);

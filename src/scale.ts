/**
 * `--shard i/n`, `--jobs n` and `--cache`: the run split into parts (see partial.ts) and merged back,
 * so the result is byte-identical to one serial run's in every format.
 */
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { RunResult } from './engine/result.js';
import { lint, prepareLint, type LintOptions, type PreparedLint } from './lint.js';
import { discoverOnly, lintPart, mergePartials, runKeyOf, shardUnits, unitsOf, type PartialRun, type ShardOutput } from './partial.js';
import type { Discovered } from './pipeline.js';
import { isRegularFile } from './load/read.js';
import { lintCached, type CacheOptions } from './cache.js';
import * as path from 'node:path';

export interface ScaleOptions {
  /** `--shard i/n` (1-based) */
  shard?: { index: number; total: number };
  /** `--jobs`: threads; 'auto' sizes the pool to the cores, 1 for small trees */
  jobs?: number | 'auto';
  /** the worker's script (default: worker.js beside this module, when built); tests give a bundle */
  workerScript?: URL;
  /** `--cache`: serve the parts whose inputs did not change from this file (see cache.ts) */
  cache?: CacheOptions;
}

export interface ScaledOutput {
  result: RunResult;
  /** with `--shard`: this shard's parts, written under `shard` in its JSON output for `sls-lint merge` */
  shard?: ShardOutput;
  /** with `--cache`: how many parts were served from it, of how many */
  cacheHits?: { hit: number; of: number };
  /** threads the run used */
  threads: number;
  /** with `--jobs`: findings of shared code the threads worded differently (the run was redone serially) */
  conflicts?: number;
}

/** Fewer candidates than this per thread and a worker costs more (its start-up) than it saves. */
const MIN_UNITS_PER_THREAD = 6;

/** The threads `auto` gives: the cores, at most 4, and one unless every thread has enough to do. */
export function autoJobs(units: number): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores, 4, Math.floor(units / MIN_UNITS_PER_THREAD)));
}

/** Lints as `lint` does, split as the options say. */
export function lintScaled(opts: LintOptions, scale: ScaleOptions): ScaledOutput {
  if (scale.cache && cacheable(opts, scale)) {
    const out = lintCached(opts, scale.cache);
    return { result: out.result, cacheHits: { hit: out.hit, of: out.of }, threads: 1 };
  }
  const plain = !scale.shard && (scale.jobs === 1 || scale.jobs === undefined);
  // standard input and files named one by one are one small part: nothing to split
  if (plain || opts.stdin) return { result: lint(opts).result, threads: 1 };
  const prepared = prepareLint(opts);
  const runKey = runKeyOf(prepared, opts);
  opts.timing?.enter('discover');
  const discovered = discoverOnly(prepared);
  opts.timing?.leave('discover');
  let units = unitsOf(discovered);
  if (scale.shard) units = shardUnits(prepared.srcRoot, units, scale.shard.index, scale.shard.total);
  const jobs = scale.jobs === 'auto' || scale.jobs === undefined ? autoJobs(units.length) : Math.max(1, scale.jobs);
  const merge = (parts: PartialRun[]) =>
    mergePartials(parts, { srcRoot: prepared.srcRoot, ...(opts.baseline ? { baseline: opts.baseline } : {}) });

  const groups = jobs > 1 ? Array.from({ length: jobs }, (_, i) => shardUnits(prepared.srcRoot, units, i + 1, jobs)) : [units];
  const { parts, threads } = runGroups(prepared, opts, discovered, groups, runKey, jobs, scale.workerScript);
  if (scale.shard) return { result: merge(parts), shard: { ...scale.shard, runKey, units: [...units].sort(), parts }, threads };
  let conflicts = 0;
  const result = mergePartials(parts, {
    srcRoot: prepared.srcRoot,
    ...(opts.baseline ? { baseline: opts.baseline } : {}),
    onConflicts: (n) => (conflicts = n),
  });
  // code shared by the threads' apps named differently by each: one serial run says it as it is
  if (conflicts) return { result: lint(opts).result, threads: 1, conflicts };
  return { result, threads };
}

/**
 * Can this run use the cache? Not a shard (its output is for a merge), standard input, files named
 * one by one (a pre-commit run, small by nature) or `--report` (a table of the whole run).
 */
export function cacheable(opts: LintOptions, scale: ScaleOptions): boolean {
  if (scale.shard || opts.stdin || opts.reports?.length) return false;
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  return !(opts.paths ?? ['.']).some((p) => isRegularFile(path.resolve(cwd, p)));
}

/**
 * Runs each group of candidates as one part: the first in this thread, the others in worker threads
 * (at most `jobs` threads at once), waited for synchronously. A worker that cannot start, fails or
 * gives no answer has its group run here instead: the result never depends on the pool.
 */
export function runGroups(
  prepared: PreparedLint,
  opts: LintOptions,
  discovered: Discovered,
  groups: string[][],
  runKey: string,
  jobs: number,
  script: URL | undefined = workerScript(),
): { parts: PartialRun[]; threads: number } {
  const here = (units: string[]) => lintPart(prepared, opts, discovered, units, { runKey }).partial;
  const cloneable = !opts.rules && canClone(opts); // rules given as code (tests) cannot cross a thread
  if (jobs <= 1 || groups.length <= 1 || !script || !cloneable) return { parts: groups.map(here), threads: 1 };
  // the groups dealt to the threads in turn: thread 0 is this one
  const lanes: string[][][] = Array.from({ length: Math.min(jobs, groups.length) }, () => []);
  groups.forEach((g, i) => lanes[i % lanes.length]!.push(g));
  const workers = lanes.slice(1).map((lane) => startWorker(script, opts, discovered, lane, runKey));
  const parts: (PartialRun | undefined)[] = new Array(groups.length);
  lanes[0]!.forEach((g) => (parts[groups.indexOf(g)] = here(g)));
  workers.forEach((w, i) => {
    const got = w ? w.wait() : undefined;
    lanes[i + 1]!.forEach((g, j) => (parts[groups.indexOf(g)] = got?.[j] ?? here(g)));
  });
  return { parts: parts as PartialRun[], threads: 1 + workers.filter(Boolean).length };
}

function canClone(opts: LintOptions): boolean {
  try {
    structuredClone(plainOptions(opts));
    return true;
  } catch {
    return false;
  }
}

/** The options a worker gets: no timing (its figures stay in its thread), the environment as a plain object. */
function plainOptions(opts: LintOptions): LintOptions {
  const { timing: _t, ...plain } = opts;
  return { ...plain, ...(opts.env ? { env: { ...opts.env } } : {}) };
}

/** The worker's script beside this one, when built (tests run the sources: no workers). */
function workerScript(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  try {
    return isRegularFile(fileURLToPath(url)) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** What is sent to a worker: the run's options as plain data, and its groups. */
export interface WorkerTask {
  opts: LintOptions;
  discovered: Discovered;
  groups: string[][];
  runKey: string;
  port: MessagePort;
  done: Int32Array;
}

/** A worker's answer: a part per group, or why it could not give them. */
export type WorkerAnswer = { parts: PartialRun[] } | { error: string };

/** Longest wait for a worker before its groups are run here. */
const WORKER_TIMEOUT_MS = 10 * 60 * 1000;

function startWorker(script: URL, opts: LintOptions, discovered: Discovered, groups: string[][], runKey: string) {
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const plain = plainOptions(opts);
  let worker: Worker;
  try {
    worker = new Worker(script, {
      workerData: { opts: plain, discovered, groups, runKey, port: port2, done } satisfies WorkerTask,
      transferList: [port2],
      stdout: false,
      stderr: false,
    });
  } catch {
    return undefined;
  }
  worker.unref();
  return {
    wait(): PartialRun[] | undefined {
      const deadline = Date.now() + WORKER_TIMEOUT_MS;
      while (Atomics.load(done, 0) === 0 && Date.now() < deadline) Atomics.wait(done, 0, 0, 1000);
      const msg = receiveMessageOnPort(port1)?.message as WorkerAnswer | undefined;
      port1.close();
      void worker.terminate();
      return msg && 'parts' in msg && msg.parts.length === groups.length ? msg.parts : undefined;
    },
  };
}

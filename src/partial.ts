/**
 * Runs over parts of the paths, and their merge into the result of one run over them all.
 *
 * `--shard i/n` (one part per CI job), `--jobs` (one part per thread) and `--cache` (one part per
 * manifest, template or env file) all build a project of some of the discovered candidates only and
 * turn what its run found into a `PartialRun`: plain data (JSON, structured-clonable), nothing of the
 * model's trees. `mergePartials` adds parts up to what one build of all their candidates gives, byte
 * for byte in every format: findings are re-sorted, exact repeats (a shared helper's finding, found
 * by every part that imports it) dropped and fingerprints renumbered from the parts they were computed
 * from; notices of shared files counted once; coverage added up from its facts.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Diagnostic, RunResult } from './engine/result.js';
import { compareNotices, refingerprint, type KeyedDiagnostic } from './engine/run.js';
import { coverageFacts, coverageFromFacts, mergeCoverageFacts, type CoverageFacts } from './engine/coverage.js';
import { compareRunFunctions, runFunctions, type RunFunction } from './engine/functions.js';
import { buildProject, type Discovered } from './pipeline.js';
import {
  lintBuilt,
  prepareLint,
  repositoryPathOf,
  ruleInfos,
  VERSION,
  type BuiltLint,
  type LintOptions,
  type PreparedLint,
} from './lint.js';
import { relPosix } from './load/discover.js';
import { fileSize } from './load/read.js';
import type { Loc, Severity, ToolNotice } from './core/types.js';

export const PARTIAL_VERSION = 1;

export interface PartialRun {
  kind: 'sls-lint-partial';
  version: typeof PARTIAL_VERSION;
  toolVersion: string;
  /** digest of what the findings depend on besides the files: tool version, config, rules, options, paths */
  runKey: string;
  repositoryPath: string;
  configFile?: string;
  /** the discovered manifests, templates and env files this part built (posix, relative to the source root) */
  units: string[];
  /** how many the paths held in all */
  allUnits: number;
  /** the findings, suppressions applied, with their fingerprint parts */
  diagnostics: KeyedDiagnostic[];
  /** masked, sorted */
  notices: ToolNotice[];
  /** the files whose disable directives this part judged (an unused one is unused only if unused in every part) */
  judged: string[];
  rules: { id: string; level: Severity }[];
  /** the files read */
  read: string[];
  /** coverage facts, strings masked */
  facts: CoverageFacts;
  functions: RunFunction[];
  /** `[file, line, masked text or null, length as written]` of the lines the formatters may show */
  lines: [string, number, string | null, number | null][];
}

/** The digest of a run's settings: parts merge, and the cache serves, only under the same one. */
export function runKeyOf(prepared: PreparedLint, opts: LintOptions): string {
  const b = prepared.build;
  const settings = {
    tool: VERSION,
    srcRoot: prepared.srcRoot,
    paths: b.paths.map((p) => relPosix(prepared.srcRoot, p)),
    config: prepared.config,
    rules: prepared.active.map((a) => [a.rule.meta.id, a.level, a.options]),
    stage: b.stage,
    region: b.region ?? null,
    options: b.options ?? null,
    params: b.params ?? null,
    env: b.allowEnv ? b.env : null,
    unanalysed: b.unanalysed,
    unused: opts.reportUnusedDisableDirectives ?? null,
    today: opts.today ?? null,
  };
  return createHash('sha256').update(stableJson(settings)).digest('hex');
}

/** JSON with object keys sorted, so equal settings give equal text. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x instanceof RegExp
        ? String(x)
        : x,
  );
}

/** What a part's build left behind besides its partial: for the next part and for the cache. */
export interface PartOutcome {
  partial: PartialRun;
  discovered: Discovered;
  /** what the build read, probed and listed (with `trackDeps`) */
  deps: Record<string, string>;
}

/**
 * Discovers the paths (nothing is built): the candidates every part is chosen from.
 */
export function discoverOnly(prepared: PreparedLint): Discovered {
  return buildProject({ ...prepared.build, select: () => false }).discovered;
}

/** The candidates a part may hold: the discovered manifests, templates and env files. */
export function unitsOf(discovered: Discovered): string[] {
  return discovered.candidates.filter((c) => c.kind !== 'code').map((c) => c.path);
}

/** Builds and runs the part of the paths made of `units`. */
export function lintPart(
  prepared: PreparedLint,
  opts: LintOptions,
  discovered: Discovered,
  units: readonly string[],
  extra: { trackDeps?: boolean; runKey?: string } = {},
): PartOutcome {
  const chosen = new Set(units);
  const built = buildProject({
    ...prepared.build,
    discovered,
    select: (c) => chosen.has(c),
    ...(extra.trackDeps ? { trackDeps: true } : {}),
  });
  const run = lintBuilt(prepared, opts, built);
  return {
    partial: toPartial(run, extra.runKey ?? runKeyOf(prepared, opts), unitsOf(discovered).length),
    discovered: built.discovered,
    deps: built.deps,
  };
}

function toPartial(run: BuiltLint, runKey: string, allUnits: number): PartialRun {
  const { built, project, redactor, masker, config, srcRoot, cwd } = run;
  const mask = redactor.redact;
  const facts = coverageFacts(project, built.named, built.found, built.reportable);
  const maskAll = (xs: string[]) => xs.map(mask);
  const masked: CoverageFacts = {
    ...facts,
    named: maskAll(facts.named),
    namedParsed: maskAll(facts.namedParsed),
    codeFiles: maskAll(facts.codeFiles),
    otherRuntime: maskAll(facts.otherRuntime),
    unresolved: maskAll(facts.unresolved),
  };
  // the lines a formatter may show: each finding's, related place's and flow step's, one either side
  const lines = new Map<string, [string, number, string | null, number | null]>();
  const want = (loc: Loc | undefined): void => {
    if (!loc || loc.endLine - loc.line > 200) return;
    for (let n = Math.max(1, loc.line - 1); n <= loc.endLine + 1; n++) {
      const key = `${loc.file}\u0000${n}`;
      if (lines.has(key)) continue;
      const text = project.files.get(loc.file)?.lines[n - 1];
      lines.set(key, [
        loc.file,
        n,
        text === undefined ? null : mask(masker.apply(loc.file, n, text)),
        text === undefined ? null : text.length,
      ]);
    }
  };
  for (const { d } of run.keyed) {
    want(d.loc);
    for (const x of d.related ?? []) want(x.loc);
    for (const x of d.flow ?? []) want(x.loc);
  }
  for (const n of run.notices) want(n.loc);
  return {
    kind: 'sls-lint-partial',
    version: PARTIAL_VERSION,
    toolVersion: VERSION,
    runKey,
    repositoryPath: repositoryPathOf(srcRoot),
    ...(config.file ? { configFile: relPosix(srcRoot, path.resolve(cwd, config.file)) } : {}),
    units: built.selected,
    allUnits,
    diagnostics: run.keyed,
    notices: run.notices,
    judged: [...project.files.keys()].filter((f) => built.reportable(f) && !run.unparsed.has(f)).sort(),
    rules: run.active.map((a) => ({ id: a.rule.meta.id, level: a.level })),
    read: built.read,
    facts: masked,
    functions: runFunctions(project).filter((f) => built.reportable(f.manifest)),
    lines: [...lines.values()],
  };
}

/** What `--shard i/n` writes under `shard` in its JSON output: its parts (one per thread), for `sls-lint merge`. */
export interface ShardOutput {
  index: number;
  total: number;
  runKey: string;
  /** the candidates of this shard */
  units: string[];
  parts: PartialRun[];
}

/**
 * Checks that shard outputs are the `total` shards of one split of one run, each once, and returns
 * their parts.
 */
export function shardParts(shards: ShardOutput[]): PartialRun[] {
  if (!shards.length) throw new MergeError('nothing to merge');
  const total = shards[0]!.total;
  const have = new Set<number>();
  for (const s of shards) {
    if (s.total !== total) throw new MergeError('the outputs are not all shards of one --shard i/n split');
    if (s.runKey !== shards[0]!.runKey) throw new MergeError('the shards were run with different config, rules, options or paths');
    if (have.has(s.index)) throw new MergeError(`shard ${s.index}/${total} is given twice`);
    have.add(s.index);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !have.has(i));
  if (missing.length)
    throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} missing`);
  const parts = [...shards].sort((a, b) => a.index - b.index).flatMap((s) => s.parts);
  const units = parts.flatMap((p) => p.units);
  if (new Set(units).size !== units.length || units.length !== parts[0]?.allUnits)
    throw new MergeError('the shards do not hold every manifest, template and env file once: were they run on the same tree?');
  return parts;
}

/** A merge of parts that do not fit together (another version, other settings, a part missing). */
export class MergeError extends Error {}

/**
 * The result of one run over all the parts' candidates. `baseline`: fingerprints to leave out, as
 * `--baseline` does. `onConflicts`: told how many findings were said differently by several parts
 * (see `collapseConflicts`).
 */
export function mergePartials(
  parts: PartialRun[],
  options: { baseline?: Set<string>; srcRoot: string; onConflicts?: (n: number) => void },
): RunResult {
  if (!parts.length) throw new MergeError('nothing to merge');
  const first = parts[0]!;
  for (const p of parts) {
    if (p.kind !== 'sls-lint-partial' || p.version !== PARTIAL_VERSION) throw new MergeError('not a shard output of this sls-lint');
    if (p.toolVersion !== VERSION) throw new MergeError(`a shard was written by sls-lint ${p.toolVersion}, this is ${VERSION}`);
    if (p.runKey !== first.runKey) throw new MergeError('the shards were run with different config, rules, options or paths');
  }

  const { kept: keyed, conflicts } = collapseConflicts(parts);
  options.onConflicts?.(conflicts);
  const diagnostics = refingerprint(keyed).map((k) => k.d);
  const notices = mergeNotices(parts);
  let kept: Diagnostic[] = diagnostics;
  let known: Diagnostic[] | undefined;
  if (options.baseline) {
    const base = options.baseline;
    known = diagnostics.filter((d) => !d.suppression && base.has(d.fingerprint));
    kept = diagnostics.filter((d) => d.suppression || !base.has(d.fingerprint));
  }
  const lines = new Map<string, [string | null, number | null]>();
  for (const p of parts)
    for (const [file, n, text, len] of p.lines) if (!lines.has(`${file}\u0000${n}`)) lines.set(`${file}\u0000${n}`, [text, len]);
  return {
    toolName: 'sls-lint',
    toolVersion: VERSION,
    srcRoot: options.srcRoot,
    ...(first.repositoryPath ? { repositoryPath: first.repositoryPath } : {}),
    ...(first.configFile !== undefined ? { configFile: first.configFile } : {}),
    diagnostics: kept,
    notices,
    rules: ruleInfos(first.rules),
    filesScanned: new Set(parts.flatMap((p) => p.read)).size,
    coverage: coverageFromFacts(mergeCoverageFacts(parts.map((p) => p.facts)), notices),
    functions: parts.flatMap((p) => p.functions).sort(compareRunFunctions),
    baselined: known?.length ?? 0,
    ...(known ? { baselineKnown: known } : {}),
    // every text of a part was masked by its run
    redact: (s) => s,
    sourceLine: (file, line) => lines.get(`${file}\u0000${line}`)?.[0] ?? undefined,
    lineLength: (file, line) => lines.get(`${file}\u0000${line}`)?.[1] ?? undefined,
  };
}

/**
 * A finding in code that several parts reach (a helper shared by apps of different parts) may name
 * what reaches it (`in the code of functions …`): each part names its own, and one run would name
 * them all in one message. Such a finding (same rule, region and fingerprint parts, worded
 * differently by several parts) is kept as the first part words it: it is still reported, at its
 * place and with the fingerprint one run gives it; only the list in its message is that part's.
 * `conflicts` counts them, so `--jobs` can run serially instead and stay byte-identical.
 */
function collapseConflicts(parts: PartialRun[]): { kept: KeyedDiagnostic[]; conflicts: number; linked: number[][] } {
  const groups = new Map<string, KeyedDiagnostic[][]>();
  parts.forEach((p, i) => {
    for (const k of p.diagnostics) {
      const l = k.d.loc;
      const key = [k.d.ruleId, l.file, l.line, l.column, l.endLine, l.endColumn, ...k.base].join('\u0000');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      (g[i] ??= []).push(k);
    }
  });
  const kept: KeyedDiagnostic[] = [];
  const linked: number[][] = [];
  for (const g of groups.values()) {
    const present = g.filter(Boolean);
    const wordings = new Set(present.map((items) => JSON.stringify(items.map((k) => k.d.message).sort())));
    if (present.length > 1 && wordings.size > 1) {
      linked.push(g.flatMap((items, i) => (items ? [i] : [])));
      kept.push(...present[0]!);
    } else kept.push(...present.flat());
  }
  return { kept, conflicts: linked.length, linked };
}

/**
 * The parts that word a finding of shared code differently (see `collapseConflicts`), by index, one
 * list per such finding: built as one part, they say it as one run does.
 */
export function conflictLinks(parts: PartialRun[]): number[][] {
  return collapseConflicts(parts).linked;
}

/**
 * The notices of the parts as one run gives them: a notice about a file several parts read (a parse
 * error in a shared helper, discovery's notices) once; an unused disable directive only when every
 * part that judged its file found it unused.
 */
function mergeNotices(parts: PartialRun[]): ToolNotice[] {
  const counts = parts.map((p) => {
    const m = new Map<string, { n: ToolNotice; count: number }>();
    for (const n of p.notices) {
      const k = JSON.stringify([n.id, n.level, n.message, n.loc ?? null, n.ruleId ?? null, (n as { files?: unknown }).files ?? null]);
      const e = m.get(k);
      if (e) e.count++;
      else m.set(k, { n, count: 1 });
    }
    return m;
  });
  const judged = parts.map((p) => new Set(p.judged));
  const all = new Map<string, ToolNotice>();
  for (const m of counts) for (const [k, e] of m) if (!all.has(k)) all.set(k, e.n);
  const out: ToolNotice[] = [];
  for (const [k, n] of all) {
    let count: number;
    if (n.id === 'unused-directive' && n.loc) {
      const file = n.loc.file;
      const judging = counts.filter((_m, i) => judged[i]!.has(file));
      count = judging.length ? Math.min(...judging.map((m) => m.get(k)?.count ?? 0)) : 0;
    } else count = Math.max(...counts.map((m) => m.get(k)?.count ?? 0));
    for (let i = 0; i < count; i++) out.push(n);
  }
  return out.sort(compareNotices);
}

/**
 * `--shard i/n`: the candidates of shard `index` (1-based) of `total`, chosen deterministically from
 * what discovery found: largest first (by file size), each to the lightest shard so far, ties by a
 * stable hash of the path.
 */
export function shardUnits(srcRoot: string, units: string[], index: number, total: number): string[] {
  const sized = units.map((u) => ({ u, size: fileSize(path.resolve(srcRoot, u)), h: createHash('sha256').update(u).digest('hex') }));
  sized.sort((a, b) => b.size - a.size || (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  const load = new Array<number>(total).fill(0);
  const mine: string[] = [];
  for (const s of sized) {
    let best = 0;
    for (let i = 1; i < total; i++) if (load[i]! < load[best]!) best = i;
    // an empty candidate still counts, so ties spread instead of piling up on the first shard
    load[best]! += Math.max(1, s.size);
    if (best === index - 1) mine.push(s.u);
  }
  return mine.sort();
}

/**
 * `--cache`: the results of a run kept per part (one part per discovered manifest, template or env
 * file, with everything its build read, probed and listed), so the next run rebuilds only the parts
 * whose inputs changed and merges the others from the file (partial.ts), byte for byte the output of
 * a cold run in every format.
 *
 * A part is served only when the whole run's key is the same (tool version, resolved config, active
 * rules and their options, policies, plugins, model options, paths) and every dependency its build
 * recorded (`BuiltProject.deps`: the text of each file read, each existence probe — a file that did
 * not exist and now does —, each directory listed, the bundler's inputs and package look-ups) still
 * sees the same thing. Findings in code several parts reach that each words differently (a shared
 * helper naming the functions that reach it) are rebuilt as one part, and that grouping is kept.
 *
 * What is stored is what the parts hold: findings, notices and source lines already masked (a
 * secret is stored as it is printed, never whole), paths, and SHA-256 digests of what was read.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { RunResult } from './engine/result.js';
import { prepareLint, VERSION, type LintOptions } from './lint.js';
import {
  conflictLinks,
  discoverOnly,
  lintPart,
  mergePartials,
  PARTIAL_VERSION,
  runKeyOf,
  stableJson,
  unitsOf,
  type PartialRun,
} from './partial.js';
import { checkDeps, readKey, type Discovered } from './pipeline.js';
import { fileStamp } from './load/read.js';
import { readCacheFile, writeCacheFile } from './load/cache-file.js';

/** The layout of the cache file; another one is a cold run (and replaced). */
export const CACHE_VERSION = 1;

export interface CacheOptions {
  /** the cache file (absolute; `cacheFilePath` resolves `--cache-location`) */
  file: string;
  /** the tool version the key is made of (tests give another); default: this package's */
  toolVersion?: string;
  /** told, in one line, why the cache could not be used or written (the run goes on without it) */
  notice?: (message: string) => void;
}

interface CacheEntry {
  /** the candidates built together as this part */
  units: string[];
  /** what the build read, probed and listed, with a digest of what it saw */
  deps: Record<string, string>;
  partial: PartialRun;
}

interface CacheDoc {
  kind: 'sls-lint-cache';
  version: typeof CACHE_VERSION;
  /** the run's key: entries are served only under the same one */
  key: string;
  entries: CacheEntry[];
  /**
   * `file → [stamp, since]`: the stamp (`fileStamp`) of each file read, taken when its digest was; a
   * read is served on its stamp alone when the file had not changed for a while before `since` (the
   * start of the run that read it), else it is read and hashed again.
   */
  stamps: Record<string, [string, number]>;
}

export interface CachedOutput {
  result: RunResult;
  /** parts served from the cache, of how many */
  hit: number;
  of: number;
}

/** The key of a run: its settings (`runKeyOf`), the tool version, the policies' and plugins' rules. */
export function cacheKeyOf(opts: LintOptions, runKey: string, toolVersion: string): string {
  const extra = (opts.plugins ?? []).map((p) => ({
    name: p.name,
    specifier: p.specifier,
    rules: p.rules.map((r) => [stableJson(r.meta), String(r.create)]),
  }));
  return createHash('sha256')
    .update(stableJson({ cache: CACHE_VERSION, partial: PARTIAL_VERSION, tool: toolVersion, runKey, plugins: extra }))
    .digest('hex');
}

/** Lints as `lint` does, serving from and refreshing the cache file. */
export function lintCached(opts: LintOptions, cache: CacheOptions): CachedOutput {
  const say = cache.notice ?? (() => {});
  const started = Date.now();
  const base = prepareLint(opts);
  // the cache file is no input: never discovered, never in a listing (it changes after every run)
  const own = (abs: string) => abs === cache.file || (path.dirname(abs) === path.dirname(cache.file) && isTemp(path.basename(abs)));
  const isTemp = (name: string) => name.startsWith(`${path.basename(cache.file)}.`) && name.endsWith('.tmp');
  const inRoot = path.relative(base.srcRoot, cache.file);
  const hidden = inRoot && !inRoot.startsWith('..') && !path.isAbsolute(inRoot) ? [inRoot.split(path.sep).join('/')] : [];
  const prepared = { ...base, build: { ...base.build, ignore: [...base.build.ignore, ...hidden], unlisted: own } };
  const runKey = runKeyOf(prepared, opts);
  const policies = prepared.active.map((a) => a.rule.meta.cacheKey ?? '').join('\u0000');
  const key = cacheKeyOf(opts, `${runKey}\u0000${policies}`, cache.toolVersion ?? VERSION);
  opts.timing?.enter('discover');
  const discovered = discoverOnly(prepared);
  opts.timing?.leave('discover');
  const units = unitsOf(discovered);
  const current = new Set(units);
  // discovery's notices are the run's, not a part's: said once, by a part of no candidate
  const bare: Discovered = { candidates: discovered.candidates, notices: [] };

  const timing = opts.timing;
  timing?.enter('cache: read');
  const doc = loadDoc(cache.file, say);
  timing?.leave('cache: read');
  const stored = doc?.key === key ? doc.entries : [];
  timing?.enter('cache: check');
  const stamps = doc?.key === key ? doc.stamps : {};
  const held = new Map<string, boolean>();
  const unchanged = (rel: string): boolean => {
    let yes = held.get(rel);
    if (yes === undefined) {
      const was = stamps[rel];
      const now = was && fileStamp(path.resolve(prepared.srcRoot, rel));
      held.set(rel, (yes = !!now && now.stamp === was[0] && now.changed < was[1] - RACY_MS));
    }
    return yes;
  };
  const memo = new Map<string, string>();
  const served: CacheEntry[] = [];
  const groups: string[][] = [];
  const placed = new Set<string>();
  for (const e of stored) {
    const still = e.units.filter((u) => current.has(u) && !placed.has(u));
    still.forEach((u) => placed.add(u));
    if (!still.length) continue;
    if (still.length === e.units.length && checkDeps(prepared.build, e.deps, memo, unchanged)) served.push(e);
    else groups.push(still);
  }
  for (const u of units) if (!placed.has(u)) groups.push([u]);
  timing?.leave('cache: check');

  const build = (group: string[]): CacheEntry => {
    const out = lintPart(prepared, opts, bare, group, { trackDeps: true, runKey });
    return { units: [...group].sort(), deps: out.deps, partial: out.partial };
  };
  let entries = [...served, ...groups.map(build)];
  const rebuilt = groups.length;
  const discovery = lintPart(prepared, opts, discovered, [], { runKey }).partial;
  // findings of shared code worded differently by several parts: those parts built as one, until none
  let regrouped = false;
  // (entries all served were written together, without any)
  for (;;) {
    entries.sort((a, b) => (a.units[0]! < b.units[0]! ? -1 : a.units[0]! > b.units[0]! ? 1 : 0));
    const links = rebuilt ? conflictLinks(entries.map((e) => e.partial)) : [];
    if (!links.length) break;
    regrouped = true;
    const joined = joinLinked(entries.length, links);
    const next: CacheEntry[] = [];
    for (const set of joined) next.push(set.length === 1 ? entries[set[0]!]! : build(set.flatMap((i) => entries[i]!.units)));
    entries = next;
  }
  timing?.enter('cache: merge');
  const result = mergePartials([...entries.map((e) => e.partial), discovery], {
    srcRoot: prepared.srcRoot,
    ...(opts.baseline ? { baseline: opts.baseline } : {}),
  });
  timing?.leave('cache: merge');
  if (rebuilt || regrouped || !doc || doc.key !== key || served.length !== stored.length) {
    timing?.enter('cache: write');
    const text = JSON.stringify({
      kind: 'sls-lint-cache',
      version: CACHE_VERSION,
      key,
      entries,
      stamps: stampsOf(prepared.srcRoot, entries, stamps, unchanged, started),
    } satisfies CacheDoc);
    const why = writeCacheFile(cache.file, text);
    timing?.leave('cache: write');
    if (why) say(`cannot write the cache file: ${why}`);
  }
  return { result, hit: served.length, of: entries.length };
}

/**
 * A file changed this close before (or after) the run that hashed it may have changed again within
 * the file system's time resolution: its stamp proves nothing, it is read again.
 */
const RACY_MS = 2000;

/** The stamps of the files the entries read: kept when they still hold, else taken now, as of this run. */
function stampsOf(
  srcRoot: string,
  entries: CacheEntry[],
  old: CacheDoc['stamps'],
  unchanged: (rel: string) => boolean,
  started: number,
): CacheDoc['stamps'] {
  const out: CacheDoc['stamps'] = {};
  for (const e of entries)
    for (const k of Object.keys(e.deps)) {
      if (!readKey(k)) continue;
      const rel = k.slice(k.indexOf(':') + 1);
      if (Object.hasOwn(out, rel)) continue;
      if (old[rel] && unchanged(rel)) out[rel] = old[rel];
      else {
        const now = fileStamp(path.resolve(srcRoot, rel));
        if (now) out[rel] = [now.stamp, started];
      }
    }
  return out;
}

/** The cache file's entries; undefined (and said, unless there is no file yet) when it cannot be used. */
function loadDoc(file: string, say: (m: string) => void): CacheDoc | undefined {
  const read = readCacheFile(file);
  if (!read.ok) {
    if (!read.missing) say(`the cache file cannot be read (${read.why}); linting without it`);
    return undefined;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(read.text);
  } catch {
    say('the cache file is corrupt (not JSON); linting without it');
    return undefined;
  }
  if (!isDoc(doc)) {
    say('the cache file is corrupt or of another sls-lint; linting without it');
    return undefined;
  }
  return doc;
}

function isDoc(d: unknown): d is CacheDoc {
  if (!d || typeof d !== 'object') return false;
  const doc = d as Partial<CacheDoc>;
  if (doc.kind !== 'sls-lint-cache' || doc.version !== CACHE_VERSION || typeof doc.key !== 'string' || !Array.isArray(doc.entries))
    return false;
  if (!doc.stamps || typeof doc.stamps !== 'object') return false;
  for (const v of Object.values(doc.stamps)) if (!Array.isArray(v) || typeof v[0] !== 'string' || typeof v[1] !== 'number') return false;
  return doc.entries.every(
    (e) =>
      !!e &&
      Array.isArray(e.units) &&
      e.units.length > 0 &&
      e.units.every((u) => typeof u === 'string') &&
      !!e.deps &&
      typeof e.deps === 'object' &&
      Object.values(e.deps).every((v) => typeof v === 'string') &&
      isPartial(e.partial),
  );
}

function isPartial(p: unknown): p is PartialRun {
  const x = p as Partial<PartialRun> | null;
  return (
    !!x &&
    x.kind === 'sls-lint-partial' &&
    x.version === PARTIAL_VERSION &&
    Array.isArray(x.diagnostics) &&
    x.diagnostics.every(
      (k) => !!k?.d && typeof k.d.ruleId === 'string' && typeof k.d.message === 'string' && isLoc(k.d.loc) && Array.isArray(k.base),
    ) &&
    Array.isArray(x.notices) &&
    x.notices.every((n) => !!n && typeof n.id === 'string' && typeof n.message === 'string' && (n.loc === undefined || isLoc(n.loc))) &&
    Array.isArray(x.judged) &&
    Array.isArray(x.rules) &&
    Array.isArray(x.read) &&
    Array.isArray(x.functions) &&
    Array.isArray(x.lines) &&
    !!x.facts &&
    typeof x.facts === 'object'
  );
}

function isLoc(l: unknown): boolean {
  const x = l as Record<string, unknown> | null;
  return !!x && typeof x.file === 'string' && ['line', 'column', 'endLine', 'endColumn'].every((k) => typeof x[k] === 'number');
}

/** The sets of entry indexes joined by the links (union-find), each sorted, in order of their first. */
function joinLinked(n: number, links: number[][]): number[][] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const l of links) for (const i of l.slice(1)) parent[find(i)] = find(l[0]!);
  const sets = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    let s = sets.get(r);
    if (!s) sets.set(r, (s = []));
    s.push(i);
  }
  return [...sets.values()];
}

/**
 * The matching engine behind `scanText` and `classifyNamedValue`: runs the detector table over a text
 * in linear time and resolves overlapping matches.
 *
 * - Context-free detectors: keyword pre-filter, then one global scan of the pattern each.
 * - Paired detectors: a global scan of the anchor; the candidate pattern only runs in a bounded window
 *   (a few lines, at most `PAIR_WINDOW_CHARS` characters either side) around each anchor.
 * - Named detectors (and the optional generic check): one global scan of `NAME <sep> VALUE` assignments;
 *   only assignments whose name passes a cheap substring filter are examined.
 */
import { normalizeName } from './checks.js';
import { DETECTORS, isContextFree, matchesWholeValue, type Confidence, type Detector } from './detectors.js';

export interface SecretMatch {
  /** a detector id, or `generic` for a secret-like name bound to a secret-like value */
  detectorId: string;
  /** human name of the kind of secret */
  name: string;
  confidence: Confidence;
  /** offsets of the secret itself (not of its name or surrounding quotes), end-exclusive */
  start: number;
  end: number;
  /** the secret: `text.slice(start, end)` */
  value: string;
}

/** What an assignment-level hook reports (the generic check in `scan.ts`). */
export interface AssignmentHit {
  detectorId: string;
  name: string;
  confidence: Confidence;
}

export interface MatchOptions {
  /** detectors to run (default: the whole table) */
  detectors?: readonly Detector[];
  /** drop matches below this confidence (default: keep medium and high) */
  minConfidence?: Confidence;
  /** lines either side of an anchor searched for its paired secret (default: each detector's own) */
  pairLines?: number;
  /**
   * Report at most this many matches, the first by offset (default 10 000). Each detector stops after
   * this many of its own, which bounds memory and keeps the first N exact.
   */
  maxMatches?: number;
  /**
   * Called for each `NAME <sep> VALUE` assignment no detector claimed (the generic check); `quoted` tells
   * a string literal from a bare token, which in code is usually an expression.
   */
  onAssignment?: (name: string, value: string, quoted: boolean) => AssignmentHit | null;
  /** cheap substring filter (lower-case) for names `onAssignment` wants to see */
  assignmentNameKeywords?: readonly string[];
}

/** Characters either side of an anchor that a paired secret may be found in (bounds long lines). */
export const PAIR_WINDOW_CHARS = 4096;
const DEFAULT_MAX_MATCHES = 10_000;
/** Distinct names whose verdicts a scan memoises. */
export const NAME_CACHE_SIZE = 4096;

/**
 * `NAME <sep> VALUE` in config and code: `KEY=value`, `key: value`, `"key": "value"`, `key = 'value'`,
 * `key := "value"`, `"key" => "value"`, command-line flags `--api-key=value`. The name must start at a
 * token boundary (the look-behind keeps the scan linear over long identifier runs); the value is a
 * quoted string or a bare token.
 */
export const ASSIGNMENT =
  /(?:(?<![\w.$-])|(?<=(?:^|[^\w.$-])--))([A-Za-z_$][\w.$-]{0,127})["'`]?[ \t]{0,16}(?::=|=>|=|:)[ \t]{0,16}(?:"([^"\r\n]{1,2048})"|'([^'\r\n]{1,2048})'|`([^`\r\n]{1,2048})`|([^\s"'`,;)}\]]{1,2048}))/;

interface Candidate {
  d: Detector | null;
  hit?: AssignmentHit;
  priority: number;
  start: number;
  end: number;
}

const globalCopies = new WeakMap<RegExp, RegExp>();
const globalCopiesWithIndices = new WeakMap<RegExp, RegExp>();
const SEARCH_FLAGS = /[gyd]/g;

/**
 * A global copy of a table pattern, compiled once; with match indices (`d` flag, about twice as slow)
 * only when the caller needs the offsets of a capture group.
 */
function globalOf(re: RegExp, indices = false): RegExp {
  const cache = indices ? globalCopiesWithIndices : globalCopies;
  let g = cache.get(re);
  if (!g) {
    g = new RegExp(re.source, `${re.flags.replace(SEARCH_FLAGS, '')}g${indices ? 'd' : ''}`);
    cache.set(re, g);
  }
  g.lastIndex = 0;
  return g;
}

const PRIORITY = new Map(DETECTORS.map((d, i) => [d, i]));
const GENERIC_PRIORITY = DETECTORS.length + 1;

function priorityOf(d: Detector): number {
  return PRIORITY.get(d) ?? DETECTORS.length;
}

const keywordScanners = new Map<string, RegExp>();
const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

/** One case-insensitive global regex over a set of literal keywords (cached per set). */
function keywordScanner(words: readonly string[]): RegExp {
  const key = words.join('\u0000');
  let re = keywordScanners.get(key);
  if (!re) {
    re = new RegExp(words.map((w) => w.replace(REGEX_SPECIALS, '\\$&')).join('|'), 'gi');
    keywordScanners.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/**
 * The keyword pre-filter: which of the keywords the run cares about occur in the text, found by one
 * case-insensitive pass of a combined regex (much faster than one `includes` per keyword on large
 * texts), stopping as soon as every keyword has been seen.
 */
class Haystack {
  private readonly present = new Set<string>();
  /** `wanted`: lower-case, distinct, longest first (see `keywordOrder`) */
  constructor(
    readonly text: string,
    wanted: readonly string[],
  ) {
    if (!wanted.length) return;
    const re = keywordScanner(wanted);
    const seen = new Set<string>();
    for (let m = re.exec(text); m; m = re.exec(text)) {
      re.lastIndex = m.index + 1; // overlapping occurrences (`-us` inside `sk-us…`) count too
      const found = m[0].toLowerCase();
      if (seen.has(found)) continue;
      seen.add(found);
      for (const w of wanted) if (found.includes(w)) this.present.add(w);
      if (this.present.size === wanted.length) break;
    }
  }
  hasAny(words: readonly string[] | undefined): boolean {
    return !words || words.length === 0 || words.some((w) => this.present.has(w));
  }
  hasAll(words: readonly string[] | undefined): boolean {
    return !words || words.every((w) => this.present.has(w));
  }
}

/**
 * Keywords lower-cased, distinct and longest first, so at each position the scanner reports the
 * longest keyword starting there; the shorter keywords it contains (`sk-` in `sk-ant-`) are marked
 * present with it.
 */
function keywordOrder(keywords: readonly string[]): string[] {
  return [...new Set(keywords.map((w) => w.toLowerCase()))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/** What a scan runs for a set of detectors and options: computed once, not per scanned string. */
interface Plan {
  active: readonly Detector[];
  named: readonly Detector[];
  wanted: readonly string[];
}

const plans = new WeakMap<readonly Detector[], Map<string, Plan>>();

function planOf(detectors: readonly Detector[], opts: MatchOptions): Plan {
  const minRank = RANK[opts.minConfidence ?? 'medium'];
  const extra = opts.onAssignment ? (opts.assignmentNameKeywords ?? []) : [];
  const key = `${minRank}\u0000${opts.onAssignment ? 1 : 0}\u0000${extra.join('\u0000')}`;
  let byKey = plans.get(detectors);
  if (!byKey) plans.set(detectors, (byKey = new Map()));
  let plan = byKey.get(key);
  if (!plan) {
    const active = detectors.filter((d) => RANK[d.confidence] >= minRank);
    const named = active.filter((d) => d.nameHint);
    const wanted = keywordOrder([
      ...active.flatMap((d) => (isContextFree(d) ? [...(d.keywords ?? []), ...(d.requires ?? [])] : [])),
      ...assignmentWords(named, opts),
    ]);
    byKey.set(key, (plan = { active, named, wanted }));
  }
  return plan;
}

/** Offsets of the secret within a match: the secret group when the detector names one. */
function secretOffsets(d: Detector, m: RegExpExecArray): { start: number; end: number } | null {
  if (d.secretGroup === undefined) return { start: m.index, end: m.index + m[0].length };
  const at = m.indices?.[d.secretGroup];
  return at ? { start: at[0], end: at[1] } : null;
}

function runContextFree(h: Haystack, d: Detector, out: Candidate[], max: number): void {
  if (!h.hasAll(d.requires) || !h.hasAny(d.keywords)) return;
  const re = globalOf(d.pattern, d.secretGroup !== undefined);
  const text = h.text;
  const limit = out.length + max;
  for (let m = re.exec(text); m && out.length < limit; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const at = d.span ? d.span(text, m) : secretOffsets(d, m);
    if (!at) continue;
    if (d.span) re.lastIndex = Math.max(re.lastIndex, at.end); // do not rescan inside a PEM body
    const secret = text.slice(at.start, at.end);
    if (d.validate && !d.validate(secret, { text, start: at.start, end: at.end, match: m })) continue;
    out.push({ d, priority: priorityOf(d), start: at.start, end: at.end });
  }
}

/** Start of the line holding offset `p`, not looking back past `floor`. */
function lineStart(text: string, p: number, floor: number): number {
  for (let i = p - 1; i >= floor; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return floor;
}

/** End (the newline's offset) of the line holding offset `p`, not looking past `ceil`. */
function lineEnd(text: string, p: number, ceil: number): number {
  for (let i = p; i < ceil; i++) if (text.charCodeAt(i) === 10) return i;
  return ceil;
}

/**
 * [start, end) of the `lines` lines either side of the match at [pos, posEnd), clamped to
 * `PAIR_WINDOW_CHARS` either side so a huge single-line file costs a bounded window per anchor.
 */
function lineWindow(text: string, pos: number, posEnd: number, lines: number): [number, number] {
  const floor = Math.max(0, pos - PAIR_WINDOW_CHARS);
  const ceil = Math.min(text.length, posEnd + PAIR_WINDOW_CHARS);
  let start = lineStart(text, pos, floor);
  for (let i = 0; i < lines && start > floor; i++) start = lineStart(text, start - 1, floor);
  let end = lineEnd(text, posEnd, ceil);
  for (let i = 0; i < lines && end < ceil; i++) end = lineEnd(text, end + 1, ceil);
  return [start, end];
}

function runPaired(h: Haystack, d: Detector, lines: number, out: Candidate[], max: number): void {
  const text = h.text;
  const anchor = globalOf(d.pair!.anchor);
  const windows: [number, number][] = [];
  for (let m = anchor.exec(text); m && windows.length < max; m = anchor.exec(text)) {
    windows.push(lineWindow(text, m.index, m.index + m[0].length, lines));
  }
  const limit = out.length + max;
  let scannedTo = 0;
  for (const [ws, we] of windows) {
    if (out.length >= limit) return;
    const from = Math.max(ws, scannedTo);
    if (from >= we) continue;
    scannedTo = we;
    // Scan only the window, with one real character of context either side so the pattern's
    // look-arounds see the true neighbours; matches that reach into that context are dropped.
    const sliceStart = Math.max(0, from - 1);
    const slice = text.slice(sliceStart, Math.min(text.length, we + 1));
    const re = globalOf(d.pattern);
    for (let m = re.exec(slice); m && out.length < limit; m = re.exec(slice)) {
      const start = sliceStart + m.index;
      const end = start + m[0].length;
      if (start < from || end > we) continue;
      // the context is the window slice, so the match's own indices stay consistent with it
      if (d.validate && !d.validate(m[0], { text: slice, start: m.index, end: m.index + m[0].length, match: m })) continue;
      out.push({ d, priority: priorityOf(d), start, end });
    }
  }
}

/** The lower-case substrings an interesting assignment name contains. */
function assignmentWords(named: readonly Detector[], opts: MatchOptions): string[] {
  return [...named.flatMap((d) => d.nameKeywords ?? []), ...(opts.onAssignment ? (opts.assignmentNameKeywords ?? []) : [])];
}

function runAssignments(h: Haystack, named: readonly Detector[], opts: MatchOptions, out: Candidate[], max: number): void {
  const words = assignmentWords(named, opts);
  if (!words.length || !h.hasAny(words)) return;
  const re = globalOf(ASSIGNMENT);
  const text = h.text;
  const limit = out.length + max;
  // names repeat (a bundle, a large .env): their name-hint verdict is computed once per scan
  const hintsByName = new Map<string, Detector[]>();
  for (let m = re.exec(text); m && out.length < limit; m = re.exec(text)) {
    const rawName = m[1]!;
    const lowerName = rawName.toLowerCase();
    if (!words.some((w) => lowerName.includes(w))) continue;
    // the value is the last thing matched: bare, or followed by its closing quote (groups 2-4)
    const g = [2, 3, 4, 5].find((i) => m![i] !== undefined)!;
    const value = m[g]!;
    const ve = m.index + m[0].length - (g === 5 ? 0 : 1);
    const vs = ve - value.length;
    let hinted = hintsByName.get(rawName);
    if (!hinted) {
      const normal = normalizeName(rawName);
      hinted = named.filter((x) => x.nameHint!.test(normal));
      if (hintsByName.size < NAME_CACHE_SIZE) hintsByName.set(rawName, hinted);
    }
    const d = hinted.find((x) => matchesWholeValue(x, value));
    if (d) {
      // report the trimmed value
      const lead = value.length - value.trimStart().length;
      out.push({ d, priority: priorityOf(d), start: vs + lead, end: vs + lead + value.trim().length });
      continue;
    }
    const hit = opts.onAssignment?.(rawName, value, g !== 5);
    if (hit) out.push({ d: null, hit, priority: GENERIC_PRIORITY, start: vs, end: ve });
  }
}

/**
 * Keep one match per region: sorted by start, an overlapping match replaces the previous one only when
 * its detector has priority. Linear after the sort.
 */
function resolveOverlaps(cands: Candidate[]): Candidate[] {
  cands.sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - a.end);
  const kept: Candidate[] = [];
  for (const c of cands) {
    const prev = kept[kept.length - 1];
    if (prev && c.start < prev.end) {
      if (c.priority < prev.priority) kept[kept.length - 1] = c;
      continue;
    }
    kept.push(c);
  }
  return kept;
}

const RANK: Record<Confidence, number> = { medium: 1, high: 2 };

/** Runs the detectors over `text`; matches sorted by offset, never overlapping. */
export function findSecrets(text: string, opts: MatchOptions = {}): SecretMatch[] {
  if (typeof text !== 'string' || !text) return [];
  const detectors = opts.detectors ?? DETECTORS;
  const max = opts.maxMatches ?? DEFAULT_MAX_MATCHES;
  const minRank = RANK[opts.minConfidence ?? 'medium'];
  const { active, named, wanted: keywords } = planOf(detectors, opts);
  const h = new Haystack(text, keywords);
  const cands: Candidate[] = [];
  for (const d of active) {
    if (isContextFree(d)) runContextFree(h, d, cands, max);
    if (d.pair) runPaired(h, d, opts.pairLines ?? d.pair.lines, cands, max);
  }
  if (named.length || opts.onAssignment) runAssignments(h, named, opts, cands, max);
  const wanted = cands.filter((c) => RANK[c.d?.confidence ?? c.hit!.confidence] >= minRank);
  return resolveOverlaps(wanted)
    .slice(0, max)
    .map((c) => ({
      detectorId: c.d?.id ?? c.hit!.detectorId,
      name: c.d?.name ?? c.hit!.name,
      confidence: c.d?.confidence ?? c.hit!.confidence,
      start: c.start,
      end: c.end,
      value: text.slice(c.start, c.end),
    }));
}

/** The regular expressions of this module (for the ReDoS test). */
export const MATCH_REGEXES: readonly RegExp[] = [ASSIGNMENT, REGEX_SPECIALS, SEARCH_FLAGS];

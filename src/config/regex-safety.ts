import { createRequire } from 'node:module';
import type { Loc, Node } from '../core/types.js';
import { entry, get } from '../core/node.js';

/**
 * ReDoS check for regular expressions a config supplies (`settings.secrets.allow[].pattern`), with
 * `recheck`'s pure-JavaScript backend: in-process, synchronous, offline — no Java, no native binary,
 * no worker. A pattern recheck finds exponential or polynomial (`^([a-z]+)*$`, `^\s*a*\s*$`), or
 * cannot decide within its budget, is refused: it would run on text from the scanned files.
 */

export interface RegexVerdict {
  safe: boolean;
  /** why not, one short phrase: "exponential backtracking", "polynomial backtracking (degree 2)", … */
  reason?: string;
}

type CheckSync = (
  source: string,
  flags: string,
  params?: Record<string, unknown>,
) => {
  status: 'safe' | 'vulnerable' | 'unknown';
  complexity?: { type: string; degree?: number };
  error?: { kind: string };
};

const require = createRequire(import.meta.url);
let checkSyncFn: CheckSync | null = null;

const cache = new Map<string, RegexVerdict>();

/** Checks one pattern (JavaScript syntax, the flags it will be used with). Never throws. */
export function checkRegexSafety(source: string, flags = ''): RegexVerdict {
  const key = `${flags}/${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let verdict: RegexVerdict;
  const saved = process.env.RECHECK_SYNC_BACKEND;
  try {
    checkSyncFn ??= (require('recheck') as { checkSync: CheckSync }).checkSync;
    // recheck reads its synchronous backend from the environment on each call: choose the pure one
    process.env.RECHECK_SYNC_BACKEND = 'pure';
    const r = checkSyncFn(source, flags, { timeout: 10_000 });
    if (r.status === 'safe') verdict = { safe: true };
    else if (r.status === 'vulnerable') {
      const c = r.complexity;
      verdict = {
        safe: false,
        reason: c?.type === 'polynomial' ? `polynomial backtracking${c.degree ? ` (degree ${c.degree})` : ''}` : 'exponential backtracking',
      };
    } else verdict = { safe: false, reason: `its running time could not be bounded (${r.error?.kind ?? 'unknown'})` };
  } catch (e) {
    verdict = { safe: false, reason: `it could not be checked (${(e as Error).message})` };
  } finally {
    if (saved === undefined) delete process.env.RECHECK_SYNC_BACKEND;
    else process.env.RECHECK_SYNC_BACKEND = saved;
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, verdict);
  return verdict;
}

/**
 * The first config regex that fails the ReDoS check, with where it is written, or null. Reads the
 * config's located tree (`settings.secrets.allow[i].pattern`); values of the wrong type are left to
 * the schema.
 */
export function unsafeConfigRegex(root: Node): { message: string; loc: Loc } | null {
  const allow = get(root, 'settings', 'secrets', 'allow');
  if (!allow || allow.kind !== 'seq') return null;
  for (let i = 0; i < allow.items.length; i++) {
    const e = entry(allow.items[i], 'pattern');
    const v = e?.value;
    if (!v || v.kind !== 'scalar' || typeof v.value !== 'string') continue;
    const verdict = checkRegexSafety(v.value);
    if (!verdict.safe) {
      return {
        message: `settings.secrets.allow[${i}].pattern is refused: ${verdict.reason} can make it run for minutes on a long line (write it without nested or overlapping repetition, e.g. anchored literals)`,
        loc: v.loc,
      };
    }
  }
  return null;
}

/** A config glob may be at most this long: longer than any path a file system gives. */
const MAX_GLOB_LENGTH = 4096;
/** A glob may hold at most this many `**` segments… */
const MAX_GLOBSTARS = 2;
/** …and at most this many `*` in any other segment: picomatch turns each into a lazy run, and more backtrack polynomially on long paths. */
const MAX_STARS_PER_SEGMENT = 2;

/**
 * Why a config glob could take super-linear time on long paths (picomatch compiles globs to
 * backtracking RegExps: `*a*a*a*b` takes seconds on a 255-character file name, `**\/a/**\/a/**\/b` a
 * second per deep path), or null when it is fine. Structural, so it is instant and exact.
 */
export function unsafeGlobReason(glob: string): string | null {
  if (/[*+?@!]\(/.test(glob)) return 'extglob groups such as "+(…)" are not accepted';
  const segments = glob.split('/');
  const globstars = segments.filter((s) => s === '**').length;
  if (globstars > MAX_GLOBSTARS) return `more than ${MAX_GLOBSTARS} "**" segments`;
  const busy = segments.find((s) => s !== '**' && (s.match(/\*/g)?.length ?? 0) > MAX_STARS_PER_SEGMENT);
  if (busy !== undefined)
    return `more than ${MAX_STARS_PER_SEGMENT} "*" in the segment "${busy.length > 60 ? `${busy.slice(0, 60)}…` : busy}"`;
  return null;
}

/** The first config glob (`ignore`, `settings.secrets.allow[].path`, `settings.secrets.testPaths`) that `unsafeGlobReason` refuses, or null. */
export function unsafeConfigGlob(root: Node): { message: string; loc: Loc } | null {
  const globs: { where: string; node: Node | undefined }[] = [];
  const list = (n: Node | undefined, where: string) => {
    if (n?.kind === 'seq') n.items.forEach((item, i) => globs.push({ where: `${where}[${i}]`, node: item }));
  };
  list(get(root, 'ignore'), 'ignore');
  list(get(root, 'settings', 'secrets', 'testPaths'), 'settings.secrets.testPaths');
  const allow = get(root, 'settings', 'secrets', 'allow');
  if (allow?.kind === 'seq')
    allow.items.forEach((item, i) => globs.push({ where: `settings.secrets.allow[${i}].path`, node: entry(item, 'path')?.value }));
  for (const { where, node } of globs) {
    if (!node || node.kind !== 'scalar' || typeof node.value !== 'string') continue;
    // picomatch throws on a glob over 65,536 characters (and V8 on a too large RegExp before that)
    if (node.value.length > MAX_GLOB_LENGTH)
      return {
        message: `${where} is refused: a glob of ${node.value.length} characters (at most ${MAX_GLOB_LENGTH}; no path is longer)`,
        loc: node.loc,
      };
    const reason = unsafeGlobReason(node.value);
    if (reason) return { message: `${where} is refused: ${reason} can make matching run for minutes on long paths`, loc: node.loc };
  }
  return null;
}

/**
 * IAM-style wildcard matching in linear time: `*` matches any run of characters (the empty run
 * included), `?` exactly one UTF-16 code unit, everything else itself, optionally ignoring case the
 * way a RegExp with the `i` flag (no `u`) does. This is the one matcher for IAM actions, resources
 * and principals; it replaces an anchored backtracking RegExp (`^s3:.*.*.*…Zq$`), which took
 * exponential-looking time on hostile patterns.
 *
 * How: the pattern splits at `*` into segments of literals and `?`. The first segment must match at
 * the start, the last at the end, and the middle ones are placed left to right, each at its
 * leftmost fit — greedy leftmost placement is exact for patterns with only `*` as the variable-length
 * wildcard. Work is at most |text| × |longest segment| comparisons and no state is kept, so strings
 * are capped by the callers (`MAX_WILDCARD_SUBJECT`), which keeps any call bounded.
 */

/** Strings longer than this are not examined by the wildcard matcher (callers treat them as unknown). */
export const MAX_WILDCARD_SUBJECT = 4096;

const foldCache = new Map<number, number>();

/** The RegExp `i` (non-unicode) canonical form of one code unit: its upper case, when that is one unit and not ASCII from non-ASCII. */
function fold(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  let f = foldCache.get(c);
  if (f === undefined) {
    const up = String.fromCharCode(c).toUpperCase();
    f = up.length === 1 && up.charCodeAt(0) >= 128 ? up.charCodeAt(0) : c;
    foldCache.set(c, f);
  }
  return f;
}

function codes(s: string, ci: boolean): Uint16Array {
  const out = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = ci ? fold(s.charCodeAt(i)) : s.charCodeAt(i);
  return out;
}

const Q = '?'.charCodeAt(0);
const STAR = '*'.charCodeAt(0);

/** Does `seg` (literal code units and `?`, from p[from..to)) match t at position at? */
function segAt(p: Uint16Array, from: number, to: number, t: Uint16Array, at: number): boolean {
  if (at + (to - from) > t.length) return false;
  for (let k = from; k < to; k++) {
    const c = p[k]!;
    if (c !== Q && c !== t[at + k - from]) return false;
  }
  return true;
}

/** A compiled wildcard: call it with a text, as often as needed. */
export type WildcardMatcher = (text: string) => boolean;

/** Compiles `pattern` once for many texts (see `wildcardMatch`). */
export function compileWildcard(pattern: string, caseInsensitive = true): WildcardMatcher {
  if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
    if (!caseInsensitive) return (text) => text === pattern;
    const lower = pattern.toLowerCase();
    const p0 = codes(pattern, true);
    return (text) => text.length === pattern.length && (text.toLowerCase() === lower || segAt(p0, 0, p0.length, codes(text, true), 0));
  }
  const p = codes(pattern, caseInsensitive);
  const stars: number[] = [];
  for (let i = 0; i < p.length; i++) if (p[i] === STAR) stars.push(i);
  const firstEnd = stars[0] ?? p.length;
  const lastStart = stars.length ? stars[stars.length - 1]! + 1 : p.length;
  const fixed = firstEnd + (p.length - lastStart);
  return (text) => {
    const t = codes(text, caseInsensitive);
    if (stars.length === 0) return p.length === t.length && segAt(p, 0, p.length, t, 0);
    // fixed prefix and suffix
    if (fixed > t.length) return false;
    if (!segAt(p, 0, firstEnd, t, 0)) return false;
    const tailAt = t.length - (p.length - lastStart);
    if (!segAt(p, lastStart, p.length, t, tailAt)) return false;
    // middle segments, each at its leftmost fit within t[firstEnd..tailAt)
    let pos = firstEnd;
    for (let s = 0; s + 1 < stars.length; s++) {
      const from = stars[s]! + 1;
      const to = stars[s + 1]!;
      if (from === to) continue;
      const len = to - from;
      let found = -1;
      for (let at = pos; at + len <= tailAt; at++) {
        if (segAt(p, from, to, t, at)) {
          found = at;
          break;
        }
      }
      if (found < 0) return false;
      pos = found + len;
    }
    return true;
  };
}

/**
 * True when the whole of `text` matches the wildcard `pattern`. `caseInsensitive` defaults to true
 * (IAM action names). Total: never throws; work as described above.
 */
export function wildcardMatch(pattern: string, text: string, caseInsensitive = true): boolean {
  return compileWildcard(pattern, caseInsensitive)(text);
}

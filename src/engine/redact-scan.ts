/**
 * One left-to-right pass that masks every occurrence of any of a set of secrets in a text: linear in
 * the text (plus the candidates that share a prefix), where replacing secret after secret costs
 * |text| × |secrets| — minutes for a minified one-line template with thousands of secrets.
 *
 * At each position the longest secret that starts there is taken; when a secret starting inside it
 * reaches further (overlapping secrets), the masked span grows to cover both, so no part of either
 * is printed. Non-overlapping occurrences are masked exactly as `text.split(s).join(mask(s))` would.
 */

/** Secrets are indexed by their first KEY characters (every secret has at least that many). */
const KEY = 4;
/** …then by a longer prefix, up to this many characters, to keep candidate lists short. */
const LONG_KEY = 12;

interface Group {
  /** prefix → secrets with that prefix, longest first */
  byPrefix: Map<string, string[]>;
  /** the prefix lengths in use, longest first */
  lengths: number[];
}

export interface SecretIndex {
  /** first KEY characters → the secrets starting with them */
  groups: Map<string, Group>;
  /**
   * Whether some secret starts with the two UTF-16 units hashed to this slot: most positions of a
   * text are ruled out with one array read, before any substring is cut.
   */
  starts: Uint8Array;
}

const pairSlot = (text: string, i: number): number => ((text.charCodeAt(i) << 5) ^ text.charCodeAt(i + 1)) & 0xffff;

/** Indexes secrets (each at least 4 characters long). */
export function indexSecrets(secrets: Iterable<string>): SecretIndex {
  const index = new Map<string, Group>();
  const starts = new Uint8Array(0x10000);
  for (const s of secrets) {
    if (s.length < KEY) continue;
    starts[pairSlot(s, 0)] = 1;
    const k = s.slice(0, KEY);
    let g = index.get(k);
    if (!g) index.set(k, (g = { byPrefix: new Map(), lengths: [] }));
    const plen = Math.min(s.length, LONG_KEY);
    const p = s.slice(0, plen);
    let list = g.byPrefix.get(p);
    if (!list) {
      g.byPrefix.set(p, (list = []));
      if (!g.lengths.includes(plen)) g.lengths.push(plen);
    }
    list.push(s);
  }
  for (const g of index.values()) {
    g.lengths.sort((a, b) => b - a);
    for (const list of g.byPrefix.values()) list.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  }
  return { groups: index, starts };
}

/** Length of the longest indexed secret that starts at i, or 0. */
function longestAt(text: string, i: number, index: SecretIndex): number {
  if (!index.starts[pairSlot(text, i)]) return 0;
  const g = index.groups.get(text.substr(i, KEY));
  if (!g) return 0;
  let best = 0;
  for (const plen of g.lengths) {
    if (plen <= best) break;
    const list = g.byPrefix.get(text.substr(i, plen));
    if (!list) continue;
    for (const s of list) {
      if (s.length <= best) break;
      if (text.startsWith(s, i)) {
        best = s.length;
        break;
      }
    }
  }
  return best;
}

/** `text` with every indexed secret replaced by `mask` of the span it covers. */
export function maskAll(text: string, index: SecretIndex, mask: (secret: string) => string): string {
  if (!index.groups.size || text.length < KEY) return text;
  let out = '';
  let last = 0;
  let i = 0;
  while (i + KEY <= text.length) {
    const len = longestAt(text, i, index);
    if (!len) {
      i++;
      continue;
    }
    let end = i + len;
    for (let j = i + 1; j < end; j++) {
      const l2 = longestAt(text, j, index);
      if (l2 && j + l2 > end) end = j + l2;
    }
    out += text.slice(last, i) + mask(text.slice(i, end));
    last = i = end;
  }
  return last === 0 ? text : out + text.slice(last);
}

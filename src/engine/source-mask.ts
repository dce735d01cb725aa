/**
 * Masking by source range. The redactor (`mask.ts`) replaces a secret's decoded value wherever it
 * occurs in a text, which cannot work when the file writes the value differently from what it means:
 * a YAML double-quoted string continued with `\` on the next line, a folded or plain multi-line
 * scalar, a JS string with a line continuation, escapes (`\x41`, `\u0041`, `''`). So the engine also
 * records, for each finding's secrets, the characters of the file that spell them — found by walking
 * the file's text and the decoded secret side by side, inside the finding's region — and every source
 * line shown (code frames, SARIF snippets and context regions) is masked by those ranges before the
 * redactor runs.
 *
 * The masked form matches what the redactor shows of each form on one line (`maskSecret`: a prefix
 * and suffix of up to four characters; `*` for every other character, an escape sequence for a
 * masked character masked whole); line breaks, continuation backslashes and indentation are kept, so
 * columns and line numbers never move. A
 * secret that cannot be followed through its region (a value built by `Fn::Join`, an escape form the
 * walk does not know) masks the whole region instead.
 */
import type { Loc } from '../core/types.js';
import { scanText } from '../knowledge/secrets/scan.js';

/** Offsets into a line (UTF-16 units), end-exclusive. */
type Span = [start: number, end: number];

/** Longest region searched for a finding's secrets; a longer one is masked whole. */
const MAX_REGION = 1 << 20;
/** Matcher steps for one finding (all its forms); past it, the region is masked whole. */
const STEP_BUDGET = 2_000_000;
/** Below this length nothing of a secret is shown (as in `maskSecret`). */
const MIN_REVEAL_LENGTH = 8;
/** From this length on the last 4 characters are shown too (as in `maskSecret`). */
const SUFFIX_REVEAL_LENGTH = 20;

/** One file's text as the engine holds it: its lines joined with `\n`, and where each line starts. */
interface FileText {
  text: string;
  starts: number[];
}

export class SourceMasker {
  private readonly spans = new Map<string, Map<number, Span[]>>();
  private readonly texts = new Map<string, FileText | null>();

  /** `lines(file)`: the lines of a scanned file (as `Project.files` holds them), undefined if unknown. */
  constructor(private readonly lines: (file: string) => readonly string[] | undefined) {}

  /**
   * Records where a finding's secrets are written: every occurrence of each form inside `region`
   * (following escapes, continuations and line folding). When none of the forms can be followed
   * there, the whole region is masked.
   */
  addFinding(region: Loc, forms: readonly string[]): void {
    const ft = this.fileText(region.file);
    if (!ft) return;
    const list = [...new Set(forms.filter((f) => typeof f === 'string' && f.trim()))];
    if (!list.length) return;
    const start = offsetOf(ft, region.line, region.column);
    const end = Math.max(start, offsetOf(ft, region.endLine, region.endColumn));
    if (end - start > MAX_REGION) {
      this.maskWhole(region.file, ft, start, end);
      return;
    }
    const budget = { n: STEP_BUDGET };
    // per character of [start, limit): 1 = spells a masked character of a form, 2 = spells a character
    // a form shows (its prefix or suffix, as the redactor would show that form on one line)
    const limit = Math.min(ft.text.length, end + 64 + 2 * Math.max(...list.map((f) => f.length)));
    const state = new Uint8Array(Math.max(0, limit - start));
    let found = false;
    for (const form of list) {
      if (budget.n < 0) break;
      const reveal = revealed(form);
      // a match may run a little past the region (a region that ends inside the literal)
      for (let p = start; p < Math.max(end, start + 1) && p < limit; p++) {
        if (!canStart(ft.text, p, form)) continue;
        const m = matchAt(ft.text, p, limit, form, budget);
        if (budget.n < 0) break;
        if (!m) continue;
        found = true;
        for (let i = 0; i < m.length; i += 3) {
          const k = m[i + 2]!;
          const mark = k < reveal.prefix || k >= reveal.suffixFrom ? 2 : 1;
          for (let o = m[i]!; o < m[i + 1]!; o++) state[o - start] = Math.max(state[o - start]!, mark);
        }
      }
    }
    if (!found || budget.n < 0) {
      this.maskWhole(region.file, ft, start, end);
      return;
    }
    for (let i = 0; i < state.length;) {
      if (state[i] !== 1) {
        i++;
        continue;
      }
      let j = i;
      while (j < state.length && state[j] === 1) j++;
      this.maskOffsets(region.file, ft, start + i, start + j);
      i = j;
    }
  }

  /**
   * Runs the free-text secrets scan over a whole file (lines continued with a trailing `\` are read
   * joined) and masks what it finds. For files that could not be parsed: no rule looked at them,
   * and their lines are still shown with the error. Returns the secrets found (for the redactor).
   */
  scanFile(file: string): string[] {
    const ft = this.fileText(file);
    if (!ft) return [];
    const { text, map } = unfoldContinuations(ft.text);
    const found: string[] = [];
    for (const m of scanText(text, { generic: true })) {
      found.push(m.value);
      const reveal = revealed(m.value);
      for (let i = m.start; i < m.end; i++) {
        const k = i - m.start;
        if (k < reveal.prefix || k >= reveal.suffixFrom) continue;
        this.maskOffsets(file, ft, map(i), map(i) + 1);
      }
    }
    return found;
  }

  /** A line with the recorded ranges masked; the text given must be that line as the file holds it. */
  apply(file: string, line: number, text: string): string {
    const spans = this.spans.get(file)?.get(line);
    if (!spans?.length) return text;
    const chars = text.split('');
    for (const [s, e] of spans) {
      for (let i = Math.max(0, s); i < Math.min(e, chars.length); i++) {
        const c = chars[i]!;
        if (c !== '\r' && c !== '\n') chars[i] = '*';
      }
    }
    return chars.join('');
  }

  /** Every masked range, by file and line (sorted; for tests and audits). */
  ranges(): Loc[] {
    const out: Loc[] = [];
    for (const file of [...this.spans.keys()].sort()) {
      const byLine = this.spans.get(file)!;
      for (const line of [...byLine.keys()].sort((a, b) => a - b)) {
        for (const [s, e] of merge(byLine.get(line)!)) out.push({ file, line, column: s + 1, endLine: line, endColumn: e + 1 });
      }
    }
    return out;
  }

  private fileText(file: string): FileText | null {
    let ft = this.texts.get(file);
    if (ft !== undefined) return ft;
    const lines = this.lines(file);
    if (!lines) ft = null;
    else {
      const starts: number[] = [];
      let at = 0;
      for (const l of lines) {
        starts.push(at);
        at += l.length + 1;
      }
      ft = { text: lines.join('\n'), starts };
    }
    this.texts.set(file, ft);
    return ft;
  }

  /** Masks [start, end) of the file's text, split at line breaks. */
  private maskOffsets(file: string, ft: FileText, start: number, end: number): void {
    let byLine = this.spans.get(file);
    if (!byLine) this.spans.set(file, (byLine = new Map()));
    let line = lineAt(ft, start);
    let s = start;
    while (s < end && line <= ft.starts.length) {
      const lineStart = ft.starts[line - 1]!;
      const lineEnd = line < ft.starts.length ? ft.starts[line]! - 1 : ft.text.length;
      const e = Math.min(end, lineEnd);
      if (e > s) {
        let list = byLine.get(line);
        if (!list) byLine.set(line, (list = []));
        list.push([s - lineStart, e - lineStart]);
      }
      s = lineEnd + 1;
      line++;
    }
  }

  /** Masks every non-blank character of [start, end). */
  private maskWhole(file: string, ft: FileText, start: number, end: number): void {
    let s = -1;
    for (let i = start; i <= end; i++) {
      const blank = i === end || isSpace(ft.text[i]!);
      if (!blank && s < 0) s = i;
      else if (blank && s >= 0) {
        this.maskOffsets(file, ft, s, i);
        s = -1;
      }
    }
  }
}

/** Sorted, merged spans. */
function merge(spans: Span[]): Span[] {
  const sorted = spans.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Span[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function offsetOf(ft: FileText, line: number, column: number): number {
  const l = Math.min(Math.max(1, Math.floor(line) || 1), ft.starts.length);
  const lineStart = ft.starts[l - 1]!;
  const lineEnd = l < ft.starts.length ? ft.starts[l]! - 1 : ft.text.length;
  return Math.min(lineEnd, lineStart + Math.max(0, (Math.floor(column) || 1) - 1));
}

function lineAt(ft: FileText, offset: number): number {
  let lo = 0;
  let hi = ft.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ft.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The UTF-16 indexes of a secret that `maskSecret` shows: [0, prefix) and [suffixFrom, length). */
function revealed(secret: string): { prefix: number; suffixFrom: number } {
  const cps = Array.from(secret);
  const n = cps.length;
  if (n < MIN_REVEAL_LENGTH) return { prefix: 0, suffixFrom: secret.length };
  const prefix = Math.min(4, Math.floor(n / 4));
  const suffix = n >= SUFFIX_REVEAL_LENGTH ? 4 : 0;
  return {
    prefix: cps.slice(0, prefix).join('').length,
    suffixFrom: secret.length - cps.slice(n - suffix).join('').length,
  };
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function canStart(text: string, p: number, form: string): boolean {
  const c = text[p];
  const f = form[0];
  return c === f || c === '\\' || (c === "'" && f === "'") || (isSpace(f) && isSpace(c));
}

/** Single-character escapes of YAML double-quoted strings, JSON and JS; any other `\c` is `c`. */
const SIMPLE_ESCAPES = new Map<string, string>([
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['b', '\b'],
  ['f', '\f'],
  ['v', '\v'],
  ['0', '\0'],
  ['a', '\x07'],
  ['e', '\x1b'],
  ['N', '\x85'],
  ['_', '\xa0'],
  ['L', '\u2028'],
  ['P', '\u2029'],
]);

const HEX = /^[0-9a-fA-F]+$/;

/** The escape sequence at `p` (a backslash): what it stands for and how long it is, or null. */
function decodeEscape(text: string, p: number): { value: string; length: number } | null {
  const c = text[p + 1];
  if (c === undefined || c === '\n' || c === '\r') return null;
  const hex = (from: number, n: number): { value: string; length: number } | null => {
    const h = text.slice(from, from + n);
    if (h.length !== n || !HEX.test(h)) return null;
    const cp = parseInt(h, 16);
    return cp <= 0x10ffff ? { value: String.fromCodePoint(cp), length: from + n - p } : null;
  };
  if (c === 'x') return hex(p + 2, 2);
  if (c === 'U') return hex(p + 2, 8);
  if (c === 'u') {
    if (text[p + 2] === '{') {
      const close = text.indexOf('}', p + 3);
      if (close < 0 || close - p > 12) return null;
      const r = hex(p + 3, close - p - 3);
      return r ? { value: r.value, length: close + 1 - p } : null;
    }
    return hex(p + 2, 4);
  }
  return { value: SIMPLE_ESCAPES.get(c) ?? c, length: 2 };
}

/**
 * Follows `secret` through the source from `p` (before `to`). Returns triples [sourceStart,
 * sourceEnd, secretIndex] for the source characters that spell the secret, or null when the source
 * does not spell it there. Understood: characters as they are; escapes; `\` + line break (with the
 * next line's indentation, unless the secret goes on with a blank); a run of whitespace holding a line
 * break for a run of whitespace of the secret (YAML folding, block scalars, template literals); `''`
 * for `'`.
 */
function matchAt(text: string, p: number, to: number, secret: string, budget: { n: number }): number[] | null {
  const out: number[] = [];
  let k = 0;
  while (k < secret.length) {
    if (--budget.n < 0 || p >= to) return null;
    const c = text[p]!;
    const want = secret[k]!;
    if (isSpace(want) && isSpace(c)) {
      let q = p;
      let nl = false;
      while (q < to && isSpace(text[q])) {
        if (text[q] === '\n') nl = true;
        q++;
      }
      if (nl) {
        while (k < secret.length && isSpace(secret[k])) k++;
        p = q;
        continue;
      }
    }
    if (c === '\\') {
      const next = text[p + 1];
      if (next === '\n' || (next === '\r' && text[p + 2] === '\n')) {
        let q = p + (next === '\n' ? 2 : 3);
        if (!isBlank(want)) while (q < to && isBlank(text[q])) q++;
        p = q;
        continue;
      }
      const esc = decodeEscape(text, p);
      if (esc && secret.startsWith(esc.value, k)) {
        out.push(p, p + esc.length, k);
        p += esc.length;
        k += esc.value.length;
        continue;
      }
      if (want !== '\\') return null;
      // a backslash that is itself (YAML single-quoted and plain scalars)
    } else if (c === "'" && want === "'" && text[p + 1] === "'" && secret[k + 1] !== "'") {
      out.push(p, p + 2, k);
      p += 2;
      k++;
      continue;
    } else if (c !== want) return null;
    out.push(p, p + 1, k);
    p++;
    k++;
  }
  return out;
}

/**
 * The text with every `\` + line break (+ the next line's indentation) removed, and a map from its
 * offsets to the original's (a search over the folds, not an array as long as the file): so a secret
 * split over continued lines is scanned whole and masked where each of its characters is written.
 */
export function unfoldContinuations(text: string): { text: string; map: (offset: number) => number } {
  // segments kept: [start in the joined text, start in the original], in order; one when nothing folds
  const joined: number[] = [0];
  const original: number[] = [0];
  const parts: string[] = [];
  let last = 0;
  let length = 0;
  const re = /\\\r?\n[ \t]*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    parts.push(text.slice(last, m.index));
    length += m.index - last;
    last = m.index + m[0].length;
    joined.push(length);
    original.push(last);
  }
  if (parts.length === 0) return { text, map: (offset) => offset };
  parts.push(text.slice(last));
  const map = (offset: number): number => {
    // the last segment starting at or before offset
    let lo = 0;
    let hi = joined.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (joined[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return original[lo]! + (offset - joined[lo]!);
  };
  return { text: parts.join(''), map };
}

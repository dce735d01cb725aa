/**
 * Free-text scanning (whole template/source/config files, one line or many megabytes) and `.env` parsing.
 */
import type { Confidence, Detector } from './detectors.js';
import { looksLikeSecretValue, secretKindOfName } from './generic.js';
import { findSecrets, NAME_CACHE_SIZE, type AssignmentHit, type SecretMatch } from './match.js';

export type { SecretMatch } from './match.js';

export interface ScanOptions {
  /** detectors to run (default: the whole table) */
  detectors?: readonly Detector[];
  /** drop matches below this confidence (default `medium`: keep everything) */
  minConfidence?: Confidence;
  /**
   * Also report `NAME = value` assignments whose name is secret-like and whose value looks like a secret
   * (`detectorId: 'generic'`, confidence medium). Off by default: rules that know the structure of a
   * file (manifests, code, `.env`) call `classifyNamedValue` on the real bindings instead.
   */
  generic?: boolean;
  /** lines either side of an AWS access key id / Twilio account SID searched for its secret (default 5) */
  pairLines?: number;
  /** report at most this many matches, the first by offset (default 10 000) */
  maxMatches?: number;
}

/** Lower-case substrings a secret-like name contains (pre-filter for the generic assignment check). */
const GENERIC_NAME_KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cred', 'dsn', 'conn'];

/**
 * Finds secrets in free text: every provider detector (keyword pre-filtered, linear-time patterns),
 * multi-line PEM blocks, AWS secret access keys and Twilio auth tokens within a few lines of their key
 * id / account SID, named formats after a matching `NAME =`/`NAME:`, and optionally the generic check.
 * Offsets are those of the secret itself; matches are sorted and never overlap. Never throws.
 */
export function scanText(text: string, opts: ScanOptions = {}): SecretMatch[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  return findSecrets(text, {
    detectors: opts.detectors,
    minConfidence: opts.minConfidence,
    pairLines: opts.pairLines,
    maxMatches: opts.maxMatches,
    ...(opts.generic ? { assignmentNameKeywords: GENERIC_NAME_KEYWORDS, onAssignment: genericAssignmentCheck() } : {}),
  });
}

/**
 * A bare (unquoted) value that is code rather than a literal: a call, an index, a generic, a negation, a
 * member access (`token = scanner.getToken()`, `key = keys[0]`, `secret = !!x`, `auth = ctx.auth`).
 */
const CODE_EXPRESSION = /[([{<]|\?\.|^!|^[A-Za-z_$][\w$]*\.[A-Za-z_$]/;

/** The generic check for one scan, memoising the verdict on each distinct name. */
function genericAssignmentCheck(): (name: string, value: string, quoted: boolean) => AssignmentHit | null {
  const kinds = new Map<string, string | null>();
  return (name, value, quoted) => {
    if (!quoted && CODE_EXPRESSION.test(value)) return null;
    let kind = kinds.get(name);
    if (kind === undefined) {
      kind = secretKindOfName(name);
      if (kinds.size < NAME_CACHE_SIZE) kinds.set(name, kind);
    }
    return kind && looksLikeSecretValue(value) ? { detectorId: 'generic', name: kind, confidence: 'medium' } : null;
  };
}

// ---------------------------------------------------------------------------------------------------
// .env

export interface DotenvEntry {
  name: string;
  /** the value as a program sees it: quotes removed, escapes of double-quoted values decoded */
  value: string;
  /** the value's text as written (between the quotes, if any) */
  raw: string;
  quote: '"' | "'" | '`' | null;
  /** offset of the name */
  nameStart: number;
  /** offsets of `raw` in the text (end-exclusive) */
  valueStart: number;
  valueEnd: number;
  /** 1-based line of the name */
  line: number;
}

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', "'": "'", $: '$' };

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Parses a `.env` file: `KEY=value`, `export KEY=value`, `KEY: value`, single/double/backtick-quoted values
 * (which may span lines; double-quoted ones decode `\n`, `\t`, `\"`, `\\`), inline comments (a `#` after
 * whitespace in an unquoted value), comment and blank lines, CRLF. Lines that are not assignments are
 * skipped. Never throws.
 */
export function parseDotenv(text: string): DotenvEntry[] {
  const out: DotenvEntry[] = [];
  if (typeof text !== 'string') return out;
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  /** Moves `i` past the end of the current line, counting it. */
  const skipLine = (): void => {
    const nl = text.indexOf('\n', i);
    i = nl < 0 ? n : nl + 1;
    if (nl >= 0) line++;
  };
  const skipBlanks = (): void => {
    while (i < n && isBlank(text.charCodeAt(i))) i++;
  };

  while (i < n) {
    skipBlanks();
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === 10) {
      i++;
      line++;
      continue;
    }
    if (c === 13 || c === 35 /* # */) {
      skipLine();
      continue;
    }
    if (text.startsWith('export', i) && isBlank(text.charCodeAt(i + 6))) {
      i += 6;
      skipBlanks();
    }
    if (!isNameStart(text.charCodeAt(i))) {
      skipLine();
      continue;
    }
    const nameStart = i;
    while (i < n && isNameChar(text.charCodeAt(i))) i++;
    const name = text.slice(nameStart, i);
    skipBlanks();
    const sep = text.charCodeAt(i);
    const colonSep =
      sep === 58 && (i + 1 >= n || isBlank(text.charCodeAt(i + 1)) || text.charCodeAt(i + 1) === 10 || text.charCodeAt(i + 1) === 13);
    if (sep !== 61 /* = */ && !colonSep) {
      skipLine();
      continue;
    }
    i++;
    skipBlanks();
    const entryLine = line;
    const q = text[i];
    if (q === '"' || q === "'" || q === '`') {
      const close = findClosingQuote(text, i + 1, q);
      if (close >= 0 && closesCleanly(text, i, close)) {
        const raw = text.slice(i + 1, close);
        out.push({
          name,
          value: q === '"' ? decodeDoubleQuoted(raw) : raw,
          raw,
          quote: q,
          nameStart,
          valueStart: i + 1,
          valueEnd: close,
          line: entryLine,
        });
        for (let k = i + 1; k < close; k++) if (text.charCodeAt(k) === 10) line++;
        i = close + 1;
        skipLine(); // anything after the closing quote (a comment) is ignored
        continue;
      }
      // unterminated quote: read the rest of the line as an unquoted value
    }
    const valueStart = i;
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) lineEnd = n;
    let end = lineEnd;
    for (let k = i; k < lineEnd; k++) {
      if (text.charCodeAt(k) === 35 && (k === valueStart || isBlank(text.charCodeAt(k - 1)))) {
        end = k;
        break;
      }
    }
    while (end > valueStart && (isBlank(text.charCodeAt(end - 1)) || text.charCodeAt(end - 1) === 13)) end--;
    const raw = text.slice(valueStart, end);
    out.push({ name, value: raw, raw, quote: null, nameStart, valueStart, valueEnd: end, line: entryLine });
    i = lineEnd;
  }
  return out;
}

/** Offset of the quote closing a value opened before `from`, honouring backslash escapes; -1 if none. */
function findClosingQuote(text: string, from: number, q: string): number {
  for (let k = from; k < text.length; k++) {
    const ch = text[k];
    if (ch === '\\') k++;
    else if (ch === q) return k;
  }
  return -1;
}

/**
 * A quote that closes on a later line must end its line (blanks or a comment may follow): otherwise it
 * is the opening quote of the next entry (`A="abc` / `B="def"`) and the first one was never closed.
 */
function closesCleanly(text: string, open: number, close: number): boolean {
  const nl = text.indexOf('\n', open);
  if (nl < 0 || nl > close) return true;
  for (let k = close + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13 || c === 35) return true;
    if (!isBlank(c)) return false;
  }
  return true;
}

function decodeDoubleQuoted(raw: string): string {
  let out = '';
  for (let k = 0; k < raw.length; k++) {
    const ch = raw[k]!;
    if (ch === '\\' && k + 1 < raw.length) {
      const next = raw[k + 1]!;
      const dec = DOUBLE_QUOTE_ESCAPES[next];
      if (dec !== undefined) {
        out += dec;
        k++;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

/** The regular expressions of this module (for the ReDoS test). */
export const SCAN_REGEXES: readonly RegExp[] = [CODE_EXPRESSION];

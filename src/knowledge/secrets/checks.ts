/**
 * Small pure helpers the secret detectors share: entropy, character classes, CRC32, base62 and base64
 * decoding. No dependencies, no regular expressions with backtracking.
 */

/** Shannon entropy of a string in bits per character (0 for the empty string). */
export function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let n = 0;
  for (const c of counts.values()) n += c;
  let h = 0;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Number of distinct characters. */
export function distinctChars(s: string): number {
  return new Set(s).size;
}

export interface CharClasses {
  lower: boolean;
  upper: boolean;
  digit: boolean;
  /** anything else that is not whitespace */
  symbol: boolean;
  /** how many of the four are present */
  count: number;
}

export function charClasses(s: string): CharClasses {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
    else if (c >= 48 && c <= 57) digit = true;
    else if (c > 32) symbol = true;
  }
  return { lower, upper, digit, symbol, count: +lower + +upper + +digit + +symbol };
}

/** Length of the longest run of one repeated character. */
export function longestRun(s: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    run = i > 0 && s[i] === s[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/**
 * A cheap plausibility test for the random part of a structured token: not a run of one character
 * (`xxxxxxxx`), not an obvious placeholder word, and enough entropy for its length. Random base62 or hex
 * of 16+ characters sits well above the thresholds; `ghp_XXXXXXXX…` and `sk_live_your_key_here` do not.
 */
const FILLER_IN_TOKEN = /example|xxxx|your|placeholder|redacted|dummy|sample/i;

export function plausiblyRandom(s: string, minEntropy = 3): boolean {
  if (s.length < 8) return false;
  if (longestRun(s) >= 6) return false;
  if (FILLER_IN_TOKEN.test(s)) return false;
  return shannonEntropy(s) >= Math.min(minEntropy, Math.log2(s.length) - 0.5);
}

// ---------------------------------------------------------------------------------------------------
// CRC32 (IEEE 802.3, reflected, polynomial 0xEDB88320) — used by GitHub and npm token checksums.

const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC32 of the UTF-8 bytes of `s`, as an unsigned 32-bit integer. */
export function crc32(s: string): number {
  const bytes = Buffer.from(s, 'utf8');
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 encoding of a non-negative integer, left-padded with '0' to `width`. */
export function base62(n: number, width = 0): string {
  let out = '';
  let v = Math.floor(n);
  do {
    out = BASE62_ALPHABET[v % 62]! + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, '0');
}

/**
 * The checksum scheme of GitHub's 2021 token format, also used by npm access tokens: a 36-character body
 * whose last 6 characters are the base62 CRC32 of the first 30.
 */
export function hasCrc32Base62Checksum(body: string): boolean {
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

// ---------------------------------------------------------------------------------------------------
// base64

const BASE64_CHARS = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Decodes standard or URL-safe base64 (padding optional); undefined when `s` is not base64. */
export function decodeBase64(s: string): Buffer | undefined {
  if (!BASE64_CHARS.test(s)) return undefined;
  const std = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (std.length % 4 === 1) return undefined;
  return Buffer.from(std, 'base64');
}

/** A base64url segment decoded as a JSON object, or undefined. */
export function decodeJsonSegment(s: string): Record<string, unknown> | undefined {
  const buf = decodeBase64(s);
  if (!buf) return undefined;
  try {
    const v: unknown = JSON.parse(buf.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `decodeURIComponent` that never throws. */
export function safeDecodeURIComponent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------------------------------------------
// names

/** A set of the whitespace-separated words of a template literal (keeps long word lists compact). */
export function wordSet(words: string): ReadonlySet<string> {
  return new Set(words.split(WHITESPACE_RUN).filter(Boolean));
}
const WHITESPACE_RUN = /\s+/;

/** Words that glue onto a secret word in lower-case names (`clientsecret`, `sessionkey`). */
const GLUED_SUFFIXES = ['password', 'passwd', 'passphrase', 'passcode', 'secret', 'token', 'credentials', 'credential'];
/** `key` is split off only after one of these (`apikey`, `secretkey`), never from `monkey` or `turkey`. */
export const KEY_QUALIFIERS: ReadonlySet<string> = wordSet(`
  api access secret private signing sign encryption encrypt crypt crypto cipher aes hmac master
  client app application auth session shared service admin consumer webhook jwt license licence
  ssh deploy write bot account subscription storage management security root partner merchant
  integration ingest ingestion sdk cookie otp totp mfa
`);

/** `pass`, `pwd` and `pw` are split off only after one of these (`dbpass`, `rootpw`), never from `bypass` or `compass`. */
const PASS_QUALIFIERS: ReadonlySet<string> = wordSet(`
  db database user admin root master smtp mail email ftp sftp sql mysql pg postgres mongo mongodb redis
  ldap login app service proxy wifi vpn jdbc rabbit rabbitmq amqp es elastic sa
`);

function splitGlued(word: string, out: string[]): void {
  for (const suffix of ['pass', 'pwd', 'pw']) {
    if (word.length > suffix.length && word.endsWith(suffix) && PASS_QUALIFIERS.has(word.slice(0, -suffix.length))) {
      out.push(word.slice(0, -suffix.length), suffix);
      return;
    }
  }
  for (const suffix of GLUED_SUFFIXES) {
    if (word.length > suffix.length && word.endsWith(suffix)) {
      splitGlued(word.slice(0, -suffix.length), out);
      out.push(suffix);
      return;
    }
  }
  if (word.length > 3 && word.endsWith('key') && KEY_QUALIFIERS.has(word.slice(0, -3))) {
    out.push(word.slice(0, -3), 'key');
    return;
  }
  out.push(word);
}

const CAMEL_LOWER_UPPER = /([a-z0-9])([A-Z])/g;
/** `APIKey` → `API Key` */
const CAMEL_ACRONYM = /([A-Z])([A-Z][a-z])/g;
const NON_ALNUM = /[^A-Za-z0-9]+/;

/**
 * The lower-case words of an identifier in any convention: `dbPassword`, `DB_PASSWORD`, `db-password`,
 * `APIKey`, `x-api-key`, `spring.datasource.password`, `clientsecret` → [..., 'password'] etc.
 */
export function nameWords(name: string): string[] {
  const spaced = name.slice(0, 256).replace(CAMEL_LOWER_UPPER, '$1 $2').replace(CAMEL_ACRONYM, '$1 $2');
  const out: string[] = [];
  for (const w of spaced.split(NON_ALNUM)) if (w) splitGlued(w.toLowerCase(), out);
  return out;
}

/** `nameWords` joined with `_`: the form detector name hints are written against. */
export function normalizeName(name: string): string {
  return nameWords(name).join('_');
}

/** The regular expressions of this module (for the ReDoS test). */
export const CHECK_REGEXES: readonly RegExp[] = [
  FILLER_IN_TOKEN,
  BASE64_CHARS,
  WHITESPACE_RUN,
  CAMEL_LOWER_UPPER,
  CAMEL_ACRONYM,
  NON_ALNUM,
];

/**
 * Masking secrets for display, and hashing them for allow-lists and fingerprints. A secret is never
 * printed whole: messages, code frames and every output format go through `maskSecret`.
 */
import { createHash } from 'node:crypto';

/** Length of the masked form of any value shorter than `MIN_REVEAL_LENGTH`. */
const SHORT_MASK = '********';
/** Below this length nothing of the value is shown. */
const MIN_REVEAL_LENGTH = 8;
/** From this length on the last 4 characters are shown too. */
const SUFFIX_REVEAL_LENGTH = 20;

/**
 * Masks a secret, keeping a recognisable prefix (up to 4 characters, never more than 25% of the value)
 * and, for values of 20+ characters, the last 4: `AKIAIOSFODNN7EXAMPLE` → `AKIA************MPLE`.
 * Values shorter than 8 become `********`. Otherwise the masked form has the value's length (so columns
 * in a redacted line do not move) and keeps its line breaks (so line numbers do not either).
 * Counts code points, so a surrogate pair is never split.
 */
export function maskSecret(value: string): string {
  if (typeof value !== 'string') return SHORT_MASK;
  const chars = Array.from(value);
  const n = chars.length;
  if (n < MIN_REVEAL_LENGTH) return SHORT_MASK;
  const prefix = Math.min(4, Math.floor(n / 4));
  const suffix = n >= SUFFIX_REVEAL_LENGTH ? 4 : 0;
  let out = chars.slice(0, prefix).join('');
  for (let i = prefix; i < n - suffix; i++) {
    const c = chars[i]!;
    out += c === '\n' || c === '\r' ? c : '*';
  }
  return out + chars.slice(n - suffix).join('');
}

/** sha256 hex of the secret's UTF-8 bytes: for allow-lists and fingerprints that must not hold it. */
export function secretHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Test-secret generators. Every secret the secrets tests use is built here at run time, so the test
 * files hold no live-looking credentials a scanner (ours or anyone's) would flag.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const HEX = '0123456789abcdef';
export const B64 = ALNUM + '+/';
export const B64URL = ALNUM + '-_';
export const BASE32 = UPPER + '234567';

/** A deterministic pseudo-random generator (so failures reproduce). */
export class Rng {
  private s: number;
  constructor(seed = 42) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    // xorshift32
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  str(n: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.next() % alphabet.length];
    return out;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.next() & 0xff;
    return b;
  }
}

const BASE62 = DIGITS + UPPER + LOWER;

/** base62 of an unsigned 32-bit value, 6 characters, computed independently of the library. */
export function base62Of(n: number): string {
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** A token in GitHub's / npm's checksummed format, with node:zlib's CRC32 (not ours). */
export function checksummedToken(prefix: string, rng: Rng): string {
  const random = rng.str(30, ALNUM);
  return prefix + random + base62Of(zlibCrc32(random));
}

/** Flips the last character of a token to another alphanumeric. */
export function corruptLast(token: string): string {
  const last = token[token.length - 1]!;
  return token.slice(0, -1) + (last === 'a' ? 'b' : 'a');
}

export const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/** A compact JWS with the given header/payload and a random signature. */
export function makeJwt(header: object, payload: object, rng: Rng): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${rng.str(43, B64URL)}`;
}

/** A PEM block with a random body of `bytes` bytes, lines of 64 characters joined by `nl`. */
export function makePem(label: string, rng: Rng, bytes = 600, nl = '\n'): string {
  const body = rng
    .bytes(bytes)
    .toString('base64')
    .match(/.{1,64}/g)!
    .join(nl);
  return `-----BEGIN ${label}-----${nl}${body}${nl}-----END ${label}-----`;
}

/** A lower-case hex UUID. */
export function uuid(rng: Rng): string {
  const h = rng.str(32, HEX);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

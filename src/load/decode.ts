/**
 * Bytes of a manifest, template, `.env` or source file → text, the way the deploy tools read them,
 * so a file they deploy is a file we analyse:
 *
 * - UTF-8, with or without a BOM (the BOM is dropped);
 * - UTF-16 with a BOM (Python's yaml reader and Node both honour it), and UTF-16 without one when
 *   the NUL bytes sit in every other position as in ASCII text stored as UTF-16;
 * - bytes that are not UTF-8 (a Latin-1 `é` in a comment): Node's `readFileSync(…, 'utf8')`, which the
 *   Serverless Framework uses, still reads the file, so we do too — valid UTF-8 sequences as UTF-8,
 *   each other byte as the Latin-1 character it is — and say so in a note;
 * - anything else with a NUL byte is binary, not text.
 */

export type Decoded =
  | { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin-1'; /** bytes read as Latin-1 */ latin1Bytes?: number }
  | { binary: true };

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF16LE = new TextDecoder('utf-16le');

export function decodeText(bytes: Buffer): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'utf-16be');
  if (bytes.includes(0)) {
    const guess = utf16Guess(bytes);
    return guess ? utf16(bytes, guess) : { binary: true };
  }
  return utf8(bytes);
}

/** The note to give for a file read in a fallback encoding, or undefined for plain UTF-8. */
export function decodeNote(d: Decoded): string | undefined {
  if ('binary' in d) return undefined;
  if (d.encoding === 'latin-1')
    return `not valid UTF-8: ${d.latin1Bytes} ${d.latin1Bytes === 1 ? 'byte was' : 'bytes were'} read as Latin-1 characters, as Node reads the file`;
  if (d.encoding === 'utf-16le' || d.encoding === 'utf-16be') return `read as ${d.encoding.toUpperCase()}`;
  return undefined;
}

function utf8(bytes: Buffer): Decoded {
  try {
    return { text: UTF8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return latin1Fallback(bytes);
  }
}

function utf16(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  let b = bytes.length % 2 ? bytes.subarray(0, bytes.length - 1) : bytes;
  if (encoding === 'utf-16be') b = Buffer.from(b).swap16();
  const text = UTF16LE.decode(b);
  // NUL or other C0 controls (but tab, line feed, carriage return) are not manifest text
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) return { binary: true };
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding };
}

/**
 * BOM-less UTF-16: in the first 4 KB (at least 8 code units), NULs only at odd offsets (little
 * endian) or only at even offsets (big endian), and in at least half of the code units — text that
 * is mostly ASCII, as manifests are. The decoded text must then be text (see utf16).
 */
function utf16Guess(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const units = n / 2;
  if (units < 8) return undefined;
  if (even === 0 && odd * 2 >= units) return 'utf-16le';
  if (odd === 0 && even * 2 >= units) return 'utf-16be';
  return undefined;
}

/**
 * Valid UTF-8 sequences as UTF-8; every other byte as its Latin-1 character. One pass that rewrites
 * each stray byte as the UTF-8 of that character (two bytes), then one decode: linear in the size.
 */
function latin1Fallback(bytes: Buffer): Decoded {
  const out = Buffer.allocUnsafe(bytes.length * 2);
  let o = 0;
  let bad = 0;
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c < 0x80) {
      out[o++] = c;
      i++;
      continue;
    }
    const len = utf8SequenceLength(bytes, i);
    if (len) {
      bytes.copy(out, o, i, i + len);
      o += len;
      i += len;
      continue;
    }
    out[o++] = 0xc0 | (c >> 6);
    out[o++] = 0x80 | (c & 0x3f);
    bad++;
    i++;
  }
  return { text: out.toString('utf8', 0, o), encoding: 'latin-1', latin1Bytes: bad };
}

/** Length of the well-formed UTF-8 sequence at `i` (1–4), or 0 when the byte there starts none. */
function utf8SequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number) => i + k < b.length && (b[i + k]! & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const c1 = b[i + 1]!;
    if (c === 0xe0 && c1 < 0xa0) return 0; // overlong
    if (c === 0xed && c1 >= 0xa0) return 0; // surrogate
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const c1 = b[i + 1]!;
    if (c === 0xf0 && c1 < 0x90) return 0; // overlong
    if (c === 0xf4 && c1 >= 0x90) return 0; // above U+10FFFF
    return 4;
  }
  return 0;
}

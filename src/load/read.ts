import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from './discover.js';

/** Outcome of reading a file as text: the text, or why it was not read. */
export type ReadOutcome = { text: string } | { skipped: string };

/**
 * Reads a text file safely: inside the allowed roots only, bounded size, no NUL bytes, valid UTF-8
 * (a BOM is dropped). Never throws.
 */
export function readTextFile(abs: string, roots: string[], maxBytes: number): ReadOutcome {
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    return { skipped: 'not found' };
  }
  if (!roots.some((r) => isInside(r, real))) return { skipped: 'outside the scanned root' };
  let st: fs.Stats;
  try {
    st = fs.statSync(real);
  } catch {
    return { skipped: 'not found' };
  }
  if (!st.isFile()) return { skipped: 'not a regular file' };
  if (st.size > maxBytes) return { skipped: `larger than ${Math.round(maxBytes / 1024 / 1024)} MB` };
  let buf: Buffer;
  try {
    buf = fs.readFileSync(real);
  } catch (e) {
    return { skipped: `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (buf.includes(0)) return { skipped: 'binary (contains NUL bytes)' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return { skipped: 'not valid UTF-8' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}


/** The directories a run may read below: each scanned path (a file's folder), by real path. */
export function scanRoots(paths: string[]): string[] {
  return paths.map((p) => {
    let dir = p;
    try {
      if (fs.statSync(p).isFile()) dir = path.dirname(p);
    } catch {
      /* reported by discover */
    }
    try {
      return fs.realpathSync(dir);
    } catch {
      return dir;
    }
  });
}

/** A regular file inside one of the roots. */
export function isFileInside(abs: string, roots: string[]): boolean {
  if (!roots.some((r) => isInside(r, abs))) return false;
  try {
    return fs.statSync(abs).isFile();
  } catch {
    return false;
  }
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from '../core/paths.js';
import { decodeNote, decodeText } from './decode.js';
import { readRegularFile, type ReadFailure } from './safe-read.js';

/** Outcome of reading a file as text: the text (and a note when it was not plain UTF-8), or why it was not read. */
export type ReadOutcome = { text: string; note?: string } | { skipped: string; reason?: ReadFailure | 'binary' };

/**
 * Reads a text file safely: a regular file inside the allowed roots only, bounded size, decoded as
 * the deploy tools decode it (UTF-8, UTF-16, Latin-1 bytes; see decodeText), binary refused. Never
 * throws. `realDirs`: the folders' real paths, shared by the reads of one run (ReadLimits.realDirs).
 */
export function readTextFile(abs: string, roots: string[], maxBytes: number, realDirs?: Map<string, string>): ReadOutcome {
  const raw = readRegularFile(abs, { maxBytes, roots, ...(realDirs ? { realDirs } : {}) });
  if (!raw.ok) return { skipped: raw.detail, reason: raw.reason };
  return textOfBytes(raw.bytes);
}

/** Bytes read some other way (standard input) decoded as a file's are. */
export function textOfBytes(bytes: Buffer): ReadOutcome {
  const decoded = decodeText(bytes);
  if ('binary' in decoded) return { skipped: 'binary (contains NUL bytes)', reason: 'binary' };
  const note = decodeNote(decoded);
  return note ? { text: decoded.text, note } : { text: decoded.text };
}

/**
 * The directories a run may read below: each scanned path (a file's folder), as given and as its real
 * path — reads check real paths, lexical checks (is `../a/x.yml` from the srcroot inside a scanned
 * root?) may meet either.
 */
export function scanRoots(paths: string[]): string[] {
  return [
    ...new Set(
      paths.flatMap((p) => {
        let dir = p;
        try {
          if (fs.statSync(p).isFile()) dir = path.dirname(p);
        } catch {
          /* reported by discover */
        }
        try {
          return [dir, fs.realpathSync.native(dir)];
        } catch {
          return [dir];
        }
      }),
    ),
  ];
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

/** Names of the regular files (not links) of a directory inside the roots; empty when outside or unreadable. */
export function listFilesInside(absDir: string, roots: string[]): string[] {
  if (!roots.some((r) => isInside(r, absDir))) return [];
  try {
    return fs
      .readdirSync(absDir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** A regular file (following links), wherever it is: for paths named on the command line. */
export function isRegularFile(abs: string): boolean {
  try {
    return fs.statSync(abs).isFile();
  } catch {
    return false;
  }
}

/** A file's size in bytes (following links), 0 when it cannot be stat'ed: for balancing work, never for reading. */
/**
 * What the file system says of a file without reading it (size, modification and change times in
 * ms, inode), following links; undefined when it is not a regular file. The cache re-reads a file
 * whose stamp moved.
 */
export function fileStamp(abs: string): { stamp: string; changed: number } | undefined {
  try {
    const st = fs.statSync(abs, { bigint: false });
    if (!st.isFile()) return undefined;
    return { stamp: `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}:${st.dev}`, changed: Math.max(st.mtimeMs, st.ctimeMs) };
  } catch {
    return undefined;
  }
}

export function fileSize(abs: string): number {
  try {
    return fs.statSync(abs).size;
  } catch {
    return 0;
  }
}

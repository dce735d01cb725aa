import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from '../core/paths.js';

/**
 * The one way sls-lint reads a file it was pointed at (manifests, included documents, code, `.env`,
 * ignore files, config, baseline): only regular files, never more than a size cap, never outside the
 * allowed roots.
 *
 * The path is resolved (symlinks followed) and checked before anything is opened, so a FIFO, a
 * device, a socket or a link to one is refused without blocking; the descriptor is opened
 * non-blocking and `fstat`ed again (the file may have been swapped between the check and the open),
 * and at most `maxBytes + 1` bytes are read from it, so a file that grows while being read cannot
 * exhaust memory either. Never throws.
 */

export type ReadFailure = 'not-found' | 'outside' | 'not-regular' | 'too-big' | 'unreadable';

export type RawRead =
  | { ok: true; bytes: Buffer; real: string }
  | { ok: false; reason: ReadFailure; /** short, content-free, e.g. "not a regular file (a FIFO)" */ detail: string };

export interface ReadLimits {
  /** largest size read; a larger file is 'too-big' (or, with `head`, its first maxBytes bytes are returned) */
  maxBytes: number;
  /** real paths: the file's real path must be inside one of them (no check when absent) */
  roots?: string[];
  /** return only the first maxBytes bytes instead of refusing larger files (content sniffing) */
  head?: boolean;
  /**
   * Real paths of directories, by the path they were reached at, shared by the reads of one run: a
   * file's real path is its folder's plus its own name unless the file itself is a link, so each
   * folder is resolved once rather than every component of every file's path again (glibc's
   * realpath stats each one).
   */
  realDirs?: Map<string, string>;
}

const O_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0) | (fs.constants.O_NOFOLLOW ?? 0);

/** What kind of non-regular file a stat describes, for messages. */
export function fileKind(st: fs.Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / 1024 / 1024)} MB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

export function readRegularFile(abs: string, limits: ReadLimits): RawRead {
  let real: string;
  let st: fs.Stats | undefined;
  try {
    ({ real, st } = realPathOf(abs, limits.realDirs));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? { ok: false, reason: 'not-found', detail: 'not found' }
      : { ok: false, reason: 'unreadable', detail: `unreadable (${code ?? 'error'})` };
  }
  if (limits.roots && !limits.roots.some((r) => isInside(r, real)))
    return { ok: false, reason: 'outside', detail: 'outside the scanned root' };
  try {
    st ??= fs.lstatSync(real);
  } catch {
    return { ok: false, reason: 'not-found', detail: 'not found' };
  }
  if (!st.isFile()) return { ok: false, reason: 'not-regular', detail: `not a regular file (${fileKind(st)})` };
  if (!limits.head && st.size > limits.maxBytes)
    return { ok: false, reason: 'too-big', detail: `larger than ${sizeLabel(limits.maxBytes)}` };
  let fd: number | undefined;
  try {
    fd = fs.openSync(real, O_FLAGS);
    const fst = fs.fstatSync(fd);
    if (!fst.isFile()) return { ok: false, reason: 'not-regular', detail: `not a regular file (${fileKind(fst)})` };
    if (!limits.head && fst.size > limits.maxBytes)
      return { ok: false, reason: 'too-big', detail: `larger than ${sizeLabel(limits.maxBytes)}` };
    const cap = limits.head ? limits.maxBytes : limits.maxBytes + 1;
    const buf = Buffer.allocUnsafe(Math.min(cap, Math.max(fst.size, 0) + 1));
    let n = 0;
    let chunk = buf;
    for (;;) {
      if (n === chunk.length) {
        if (n >= cap) break;
        // the file grew since fstat: read on, never past the cap
        const bigger = Buffer.allocUnsafe(Math.min(cap, n * 2 + 64 * 1024));
        chunk.copy(bigger, 0, 0, n);
        chunk = bigger;
      }
      const r = fs.readSync(fd, chunk, n, chunk.length - n, null);
      if (r === 0) break;
      n += r;
    }
    if (!limits.head && n > limits.maxBytes) return { ok: false, reason: 'too-big', detail: `larger than ${sizeLabel(limits.maxBytes)}` };
    return { ok: true, bytes: chunk.subarray(0, n), real };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: 'unreadable', detail: `unreadable (${code ?? 'error'})` };
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* nothing to do */
      }
    }
  }
}

/**
 * `fs.realpathSync.native(abs)`, with the folder's real path taken from (and added to) `dirs`: the
 * file's own name is followed only when it is a link; when it is not, its lstat comes with it.
 * Throws as realpath does (ENOENT, ENOTDIR…).
 */
function realPathOf(abs: string, dirs: Map<string, string> | undefined): { real: string; st?: fs.Stats } {
  const dir = path.dirname(abs);
  if (!dirs || dir === abs) return { real: fs.realpathSync.native(abs) };
  let realDir = dirs.get(dir);
  if (realDir === undefined) dirs.set(dir, (realDir = fs.realpathSync.native(dir)));
  const joined = path.join(realDir, path.basename(abs));
  const st = fs.lstatSync(joined);
  return st.isSymbolicLink() ? { real: fs.realpathSync.native(abs) } : { real: joined, st };
}

/**
 * The directory a repository-controlled file (config, baseline) must stay in: the nearest directory
 * upward from `start` holding `.git` (a directory, or a file in worktrees and submodules), else
 * `start` itself — a tarball or a `GIT_STRATEGY: none` checkout has no `.git`, and what lies above
 * the scanned directory is not the repository's.
 */
export function repositoryRoot(start: string): string {
  const from = path.resolve(start);
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
}

/**
 * Reads a file named by the user or found in the repository (config, baseline). A path that lies in
 * the repository must also resolve there: a symlink checked into the repository cannot lead the
 * read to a file elsewhere. A path the user gave that is itself outside the repository (a baseline
 * downloaded to a temp directory) is read as given. Either way, only a regular file within the cap.
 */
export function readRepositoryFile(abs: string, repoRoot: string, maxBytes: number): RawRead {
  let roots: string[] | undefined;
  if (isInside(repoRoot, path.resolve(abs))) {
    let real = repoRoot;
    try {
      real = fs.realpathSync.native(repoRoot);
    } catch {
      /* keep the lexical root */
    }
    roots = [real];
  }
  const out = readRegularFile(abs, { maxBytes, roots });
  if (!out.ok && out.reason === 'outside') return { ok: false, reason: 'outside', detail: 'resolves outside the repository; not read' };
  return out;
}

/** Is there anything at this path (a file, a directory, a link)? Nothing is opened. */
export function pathExists(abs: string): boolean {
  try {
    fs.lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

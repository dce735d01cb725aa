/**
 * The `--cache` file on disk: where it is (ESLint's rules for `--cache-location`), read only as a
 * regular file within a cap, written atomically (a temporary file beside it, then a rename). Nothing
 * else is read or written. Never throws: what went wrong is said in words, without the path.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from './safe-read.js';

/** The default cache file, in the current directory. */
export const DEFAULT_CACHE_FILE = '.sls-lint-cache';

/** Largest cache file read; a bigger one is treated as unusable (and replaced). */
export const MAX_CACHE_BYTES = 512 * 1024 * 1024;

/**
 * The file `--cache-location` names, as ESLint reads it: absent, `.sls-lint-cache` in `cwd`; a path
 * ending in a separator or an existing directory, a file in it named after a hash of `cwd`
 * (`.cache_<hash>`, so projects may share one directory); anything else, that file.
 */
export function cacheFilePath(location: string | undefined, cwd: string): string {
  if (location === undefined || location === '') return path.join(cwd, DEFAULT_CACHE_FILE);
  const abs = path.resolve(cwd, location);
  let isDir = /[\\/]$/.test(location);
  if (!isDir) {
    try {
      isDir = fs.statSync(abs).isDirectory();
    } catch {
      isDir = false;
    }
  }
  if (!isDir) return abs;
  const hash = createHash('sha256').update(path.resolve(cwd)).digest('hex').slice(0, 16);
  return path.join(abs, `.cache_${hash}`);
}

export type CacheRead = { ok: true; text: string } | { ok: false; missing: boolean; why: string };

/** Reads the cache file: a regular file (not a link), at most `MAX_CACHE_BYTES`. */
export function readCacheFile(file: string): CacheRead {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', why: `unreadable (${code ?? 'error'})` };
  }
  if (!st.isFile()) return { ok: false, missing: false, why: 'not a regular file' };
  const raw = readRegularFile(file, { maxBytes: MAX_CACHE_BYTES });
  if (!raw.ok) return { ok: false, missing: raw.reason === 'not-found', why: raw.detail };
  return { ok: true, text: raw.bytes.toString('utf8') };
}

/**
 * Writes the cache file atomically: the text to a new temporary file beside it (created exclusively,
 * owner-only), then renamed over it, so a reader sees the old file or the new one, never half. A
 * directory or a link where the file should be is left alone. Returns why it could not, or undefined.
 */
export function writeCacheFile(file: string, text: string): string | undefined {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile()) return 'something other than a regular file is in its place';
  } catch {
    /* not there yet */
  }
  const dir = path.dirname(file);
  const tmp = path.join(dir, `${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(tmp, text, { flag: 'wx', mode: 0o600 });
    fs.renameSync(tmp, file);
    return undefined;
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* nothing more to do */
    }
    return errnoWords(e);
  }
}

function errnoWords(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code ?? String((e as Error)?.message ?? e).split('\n')[0]!;
}

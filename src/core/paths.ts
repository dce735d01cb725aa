import * as path from 'node:path';

/**
 * The one definition of "inside a root", used for every root check (discovery, reads, `${file()}`,
 * handlers, config search): a relative path leaves its root only when it is `..` or starts with
 * `../` (or `..\`). A name that merely begins with two dots — `..hidden/`, `..template.yaml` — is an
 * ordinary name inside the root.
 */
export function leavesRoot(rel: string): boolean {
  return rel === '..' || rel.startsWith('../') || rel.startsWith('..\\');
}

/** A relative path (posix or native) that stays inside the directory it is relative to. */
export function isRelativeInside(rel: string): boolean {
  if (rel === '' || rel === '.') return true;
  if (path.posix.isAbsolute(rel) || path.win32.isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) return false;
  return !leavesRoot(rel);
}

/** True when the absolute path `abs` is `root` or inside it (lexically; resolve symlinks first if they matter). */
export function isInside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (!leavesRoot(rel) && !path.isAbsolute(rel));
}

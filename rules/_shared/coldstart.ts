import type { Fn, Loc, PackageImport } from '../_api.js';

/** `1.9 MB`, `38.2 KB`, `812 bytes`: what the cold-start messages and report print. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** `users, report` (and `and N more` past five). */
export function functionNames(fns: Fn[]): string {
  const names = [...new Set(fns.map((f) => f.name))];
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}

/**
 * Imports grouped by where they are written, so a helper shared by several functions is reported
 * once, naming them all: `[loc key] → { imp, fns }`, in file and line order.
 */
export function byImportSite(rows: { fn: Fn; imp: PackageImport }[]): { imp: PackageImport; fns: Fn[] }[] {
  const sites = new Map<string, { imp: PackageImport; fns: Fn[] }>();
  for (const { fn, imp } of rows) {
    const key = locKey(imp.loc);
    const site = sites.get(key);
    if (site) site.fns.push(fn);
    else sites.set(key, { imp, fns: [fn] });
  }
  return [...sites.values()];
}

function locKey(l: Loc): string {
  return `${l.file}:${l.line}:${l.column}`;
}

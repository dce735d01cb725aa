export { sizeText } from '../_api.js';
import type { Fn, Loc, PackageImport } from '../_api.js';

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

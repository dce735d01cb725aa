import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * sls-lint's own files (package.json, schemas, rule READMEs): read from the installed package, never
 * from the scanned repository.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
/** package root, from src/load (ts, under vitest) or dist/src/load (built) */
export const PACKAGE_ROOT = [path.resolve(here, '../..'), path.resolve(here, '../../..')].find((p) =>
  fs.existsSync(path.join(p, 'schemas', 'config.schema.json')),
)!;

/** A file of the package as text (path relative to the package root), or undefined when absent. */
export function readPackageFile(rel: string): string | undefined {
  const f = path.join(PACKAGE_ROOT, ...rel.split('/'));
  try {
    return fs.readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
}

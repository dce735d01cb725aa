import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegularFile } from './safe-read.js';

/**
 * sls-lint's own files (package.json, schemas, rule READMEs): read from the installed package, never
 * from the scanned repository.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
/** package root, from src/load (ts, under vitest) or dist/src/load (built) */
export const PACKAGE_ROOT = [path.resolve(here, '../..'), path.resolve(here, '../../..')].find((p) =>
  fs.existsSync(path.join(p, 'schemas', 'config.schema.json')),
)!;

/** A file of the package as UTF-8 text (path relative to the package root); undefined when absent. */
export function readPackageFile(rel: string): string | undefined {
  const out = readRegularFile(path.join(PACKAGE_ROOT, ...rel.split('/')), { maxBytes: 16 * 1024 * 1024 });
  return out.ok ? out.bytes.toString('utf8') : undefined;
}

import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './sarif.js';

/** The report schemas `schemas/output.schema.json` refers to (`reports/<name>.schema.json`), to add to an Ajv before compiling it. */
export function reportSchemas(): object[] {
  const dir = path.join(PROJECT_ROOT, 'schemas', 'reports');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as object);
}

// Writes one stress case to a directory, for measuring it by hand:
//   node dist/test/stress/materialize.js <case-name-substring> <scale> <dir>
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cases as budgets } from './cases-budgets.js';
import { cases as gate } from './cases-gate.js';
import { cases as matching } from './cases-matching.js';

const cases = [...budgets, ...matching, ...gate];

const [filter = '', scale = '1', dir = 'stress-case'] = process.argv.slice(2);
const c = cases.find((x) => x.name.includes(filter));
if (!c) throw new Error(`no case matches ${filter}`);
const built = c.build(Number(scale));
for (const [rel, content] of Object.entries(built.files)) {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
}
fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
console.log(`${c.name} ×${scale} → ${dir} ${JSON.stringify(built.args ?? [])}`);

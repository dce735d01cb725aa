// Regenerates the rule table in README.md from rule metadata (`npm run readme`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../../rules/index.js';
import { withRuleTable } from '../../src/docs/rule-table.js';
import { PACKAGE_ROOT } from '../../src/load/package.js';

const file = path.join(PACKAGE_ROOT, 'README.md');
const before = fs.readFileSync(file, 'utf8');
const after = withRuleTable(before, rules);
if (after !== before) fs.writeFileSync(file, after);
process.stdout.write(after === before ? 'README.md rule table is up to date\n' : 'README.md rule table updated\n');

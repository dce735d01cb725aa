import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { actualFindings, expectedFindings, fixtureCases, ROOT } from './helpers/fixtures.js';

/**
 * The generic fixture runner: every case under rules/<id>/fixtures/ is linted with only that rule,
 * and the exact multiset of `file:line rule-id` must equal the case's annotations. A case without
 * annotations must produce nothing.
 */
for (const rule of rules) {
  const ruleDir = path.join(ROOT, 'rules', ...rule.meta.id.split('/'));
  const cases = fixtureCases(ruleDir);
  describe(rule.meta.id, () => {
    for (const c of cases) {
      it(path.basename(c), () => {
        const base = path.join(ruleDir, 'fixtures');
        const expected = expectedFindings(c, base);
        const pinned = new Set(
          expected.filter((e) => e.includes('(')).map((e) => e.replace(/\(.*\)$/, '')),
        );
        const actual = actualFindings(rule, c, base, pinned);
        expect(actual).toEqual(expected);
      });
    }
  });
}

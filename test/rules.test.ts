import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { annotations, checkCase, fixtureCases, ROOT } from './helpers/fixtures.js';

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
        const r = checkCase(rule, c, base);
        expect(r.appeared, 'a known gap is now reported: promote `todo-expect` to `expect`').toEqual([]);
        expect(r.gone, 'a known false positive is no longer reported: remove its `todo-ok`').toEqual([]);
        expect(r.actual).toEqual(r.expected);
      });
      const { todoExpect, todoOk } = annotations(c, path.join(ruleDir, 'fixtures'));
      for (const t of todoExpect) it.todo(`${path.basename(c)}: known gap, not reported yet: ${t}`);
      for (const t of todoOk) it.todo(`${path.basename(c)}: known false positive, tolerated: ${t}`);
    }
  });
}

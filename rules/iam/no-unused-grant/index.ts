import { defineRule } from '../../_api.js';
import { examples } from '../../_shared/iam-grants.js';

export default defineRule({
  meta: {
    id: 'iam/no-unused-grant',
    description: "Disallow IAM statements whose actions no code of the role's functions calls",
    severity: 'warning',
    // off by default: code we cannot read (a client handed to a library, a layer) uses grants we do not see
    recommended: false,
    messages: {
      unused:
        'This statement allows {{count}} ({{unused}}) that the code of {{fns}} never calls; of its actions the code calls {{used}}. Remove them, or use the policy of `--report permissions`',
    },
    precision: 'medium',
    tags: ['security', 'iam', 'least-privilege', 'CWE-250'],
    platforms: ['aws'],
    requires: ['sdkCalls'],
  },
  create(ctx) {
    return {
      role(role) {
        const run = ctx.analysis('sdkCalls');
        const r = run.unused(role);
        if ('silent' in r) return;
        // statements expanded from one SAM policy template are reported once, at the template
        const byLoc = new Map<string, (typeof r.unused)[number][]>();
        for (const u of r.unused) {
          const at = u.statement.via?.loc ?? u.statement.loc;
          const key = `${at.file}:${at.line}:${at.column}`;
          byLoc.set(key, [...(byLoc.get(key) ?? []), u]);
        }
        for (const group of byLoc.values()) {
          const first = group[0]!;
          const unused = [...new Set(group.flatMap((g) => g.unused))].sort();
          const used = [...new Set(group.flatMap((g) => g.used))].sort();
          ctx.report({
            at: first.statement.via?.loc ?? first.statement.loc,
            messageId: 'unused',
            data: {
              count: unused.length === 1 ? '1 action' : `${unused.length} actions`,
              unused: examples(unused, 4),
              fns: first.functions.map((f) => `"${f}"`).join(', '),
              used: used.length ? used.join(', ') : 'none of them',
            },
          });
        }
      },
    };
  },
});

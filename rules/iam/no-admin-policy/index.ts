import { defineRule } from '../../../src/engine/rule.js';
import { isAllow, literalStrings } from '../../../src/model/iam.js';
import { describe } from '../../../src/model/node.js';
import { affected } from '../../_shared/messages.js';

/** AWS managed policies that amount to administrator access, by name or ARN. */
const ADMIN_POLICIES = /^(?:arn:(?:aws|aws-cn|aws-us-gov|\$\{AWS::Partition\}):iam::aws:policy\/(?:job-function\/)?)?(AdministratorAccess)$/;

export default defineRule({
  meta: {
    id: 'iam/no-admin-policy',
    description: 'Disallow full administrator access: Action "*" on Resource "*", or the AdministratorAccess managed policy',
    severity: 'error',
    recommended: true,
    messages: {
      starOnStar: 'Allow of "*" on Resource "*" gives {{functions}} full administrator access; grant only the actions and resources the code uses',
      managed: 'Managed policy "{{policy}}" gives {{functions}} full administrator access; attach a policy scoped to what the code uses',
    },
    tags: ['security', 'iam', 'least-privilege', 'CWE-250', 'CWE-269'],
    securitySeverity: 9.1,
  },
  create(ctx) {
    return {
      iamStatement(s) {
        if (!isAllow(s) || s.source.kind === 'trust' || s.source.kind === 'resource-policy') return;
        const star = literalStrings(s.actions).find(({ value }) => value.trim() === '*' || value.trim() === '*:*');
        if (!star) return;
        if (!literalStrings(s.resources).some(({ value }) => value.trim() === '*')) return;
        const who = s.functions.length ? affected(s.functions, s.app.functions.length) : `role ${s.role?.id ?? s.source.name ?? ''}`.trim();
        ctx.report({ at: star.v, messageId: 'starOnStar', data: { functions: who } });
      },
      managedPolicy(m) {
        const text = m.value.kind === 'literal' ? String(m.value.value) : m.value.text;
        const name = ADMIN_POLICIES.exec(text.trim())?.[1];
        if (!name) return;
        const who = m.functions.length ? affected(m.functions, m.app.functions.length) : `role ${m.role?.id ?? ''}`.trim();
        ctx.report({ at: m.value, messageId: 'managed', data: { policy: m.value.kind === 'literal' ? text : describe({ kind: 'ref', text, loc: m.value.loc }), functions: who } });
      },
    };
  },
});

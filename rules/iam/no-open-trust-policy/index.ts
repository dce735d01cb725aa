import { defineRule } from '../../../src/engine/rule.js';
import type { IamStatement } from '../../../src/model/types.js';
import { affected } from '../../_shared/messages.js';
import { CALLER_KEYS, keySet, unrestrictedPublicPrincipals } from '../../_shared/public-access.js';

/** Condition keys that narrow who may assume a role to known accounts, organizations or callers. */
const TRUST_KEYS = keySet([...CALLER_KEYS, 'sts:ExternalId']);

/** ` (the role of function "a")`, or nothing for a role no function uses. */
function usedBy(s: IamStatement): string {
  const fns = s.role?.functions ?? [];
  return fns.length ? ` (the role of ${affected(fns, s.app.functions.length)})` : '';
}

export default defineRule({
  meta: {
    id: 'iam/no-open-trust-policy',
    description: 'Disallow role trust policies that let any principal or any AWS account assume the role',
    severity: 'error',
    recommended: true,
    messages: {
      anyone:
        'Trust policy of role "{{role}}"{{used}} lets any principal ("{{principal}}") assume the role; name the accounts or services that may assume it, or add a Condition on aws:PrincipalAccount, aws:PrincipalOrgID or sts:ExternalId',
      anyAccount:
        'Trust policy of role "{{role}}"{{used}} lets every AWS account ("{{principal}}") assume the role; name the accounts that may assume it, or add a Condition on aws:PrincipalAccount, aws:PrincipalOrgID or sts:ExternalId',
    },
    tags: ['security', 'iam', 'CWE-284', 'CWE-269'],
    securitySeverity: 9.0,
  },
  create(ctx) {
    return {
      iamStatement(s) {
        if (s.source.kind !== 'trust') return;
        for (const p of unrestrictedPublicPrincipals(s, TRUST_KEYS)) {
          ctx.report({
            at: p.loc,
            messageId: p.kind === 'anyone' ? 'anyone' : 'anyAccount',
            data: { role: s.role?.id ?? s.source.name ?? '', used: usedBy(s), principal: p.value },
          });
        }
      },
    };
  },
});

import { defineRule, managedPolicyGrants } from '../../_api.js';
import { managedPolicyInfo, managedPolicyText, policyGrantee } from '../../_shared/iam-grants.js';

/** ` (allows "secretsmanager:*", "kms:ListKeys" and 20 more)`: what the policy grants, wildcards first; '' when unknown. */
function grantsSummary(policy: string): string {
  const patterns = (managedPolicyGrants(policy) ?? []).filter((g) => !g.limited).flatMap((g) => g.actions ?? []);
  if (!patterns.length) return '';
  const ordered = [...patterns.filter((p) => p.includes('*')), ...patterns.filter((p) => !p.includes('*'))];
  const shown = ordered.slice(0, 3).map((p) => `"${p}"`);
  return ` (allows ${shown.join(', ')}${ordered.length > 3 ? ` and ${ordered.length - 3} more` : ''})`;
}

interface Options {
  allow: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'iam/no-full-access-managed-policy',
    description: 'Disallow attaching "*FullAccess" and other broad AWS managed policies to a function role',
    severity: 'warning',
    recommended: true,
    messages: {
      fullAccess:
        'Managed policy "{{policy}}" gives {{functions}} {{scope}} on every resource of the account; attach a policy with only the actions and resources the code uses',
      broad:
        'Managed policy "{{policy}}" gives {{functions}} broad access{{grants}}, more than a function needs; attach a policy with only the actions and resources the code uses',
    },
    options: {
      type: 'object',
      properties: {
        allow: {
          type: 'array',
          items: { type: 'string' },
          description: 'Managed policy names accepted anyway (e.g. "AWSXrayFullAccess")',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { allow: [] },
    tags: ['security', 'iam', 'least-privilege', 'CWE-250', 'CWE-269'],
    platforms: ['aws'],
    securitySeverity: 6.5,
  },
  create(ctx) {
    const allow = new Set((Array.isArray(ctx.options.allow) ? ctx.options.allow : []).map((n) => String(n).toLowerCase()));
    return {
      managedPolicy(m) {
        // a role no function uses (an ECS task, a CodeBuild project) is out of this linter's scope
        if (!m.functions.length) return;
        const info = managedPolicyInfo(m);
        if (!info || (info.kind !== 'full-access' && info.kind !== 'broad')) return;
        if (allow.has(info.name.toLowerCase())) return;
        const policy = (managedPolicyText(m) ?? info.name).trim();
        if (info.kind === 'full-access')
          ctx.report({
            at: m.value,
            messageId: 'fullAccess',
            data: {
              policy,
              scope: info.service ? `every ${info.service} action` : 'every action of its service',
              functions: policyGrantee(m),
            },
          });
        else ctx.report({ at: m.value, messageId: 'broad', data: { policy, grants: grantsSummary(policy), functions: policyGrantee(m) } });
      },
    };
  },
});

import { defineRule, isAllActions, literalStrings } from '../../_api.js';
import {
  everyResourceValues,
  grantee,
  isIdentityAllow,
  managedPolicyInfo,
  managedPolicyText,
  policyGrantee,
} from '../../_shared/iam-grants.js';

export default defineRule({
  meta: {
    id: 'iam/no-admin-policy',
    description:
      'Disallow administrator access: Action "*" on Resource "*", or the AdministratorAccess, PowerUserAccess or IAMFullAccess managed policy',
    severity: 'error',
    recommended: true,
    messages: {
      starOnStar:
        'Allow of "{{action}}" on Resource "*" gives {{functions}} full administrator access; grant only the actions and resources the code uses',
      managed: 'Managed policy "{{policy}}" gives {{functions}} full administrator access; attach a policy scoped to what the code uses',
      powerUser:
        'Managed policy "{{policy}}" gives {{functions}} every action outside IAM and Organizations, enough to take over other functions and read all data; attach a policy scoped to what the code uses',
      iamFull:
        'Managed policy "{{policy}}" gives {{functions}} full IAM access, enough to grant itself administrator access; attach a policy scoped to what the code uses',
    },
    tags: ['security', 'iam', 'least-privilege', 'CWE-250', 'CWE-269'],
    platforms: ['aws'],
    securitySeverity: 9.1,
  },
  create(ctx) {
    return {
      iamStatement(s) {
        if (!isIdentityAllow(s)) return;
        const star = literalStrings(s.actions).find(({ value }) => isAllActions(value));
        if (!star) return;
        if (!everyResourceValues(s).some(({ value }) => value.trim() === '*')) return;
        ctx.report({ at: star.v, messageId: 'starOnStar', data: { action: star.value.trim(), functions: grantee(s) } });
      },
      managedPolicy(m) {
        const info = managedPolicyInfo(m);
        if (!info) return;
        const messageId =
          info.kind === 'admin' ? 'managed' : info.kind === 'power-user' ? 'powerUser' : info.kind === 'iam-full' ? 'iamFull' : undefined;
        if (!messageId) return;
        // quote the policy as written (an ARN, a name, or `!Sub arn:${AWS::Partition}:…`)
        ctx.report({ at: m.value, messageId, data: { policy: (managedPolicyText(m) ?? info.name).trim(), functions: policyGrantee(m) } });
      },
    };
  },
});

import { actionMatches, defineRule, hasCondition, knownResourceStrings, literalStrings, presentValues, splitArn } from '../../_api.js';
import { grantee, isIdentityAllow } from '../../_shared/iam-grants.js';

/**
 * A resource that matches every role: `*`, or an IAM ARN whose resource part is all wildcards or
 * `role/*` (`arn:aws:iam::*:*`, `arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*`). A path or
 * name prefix (`role/app-*`) is a scope.
 */
function everyRole(text: string): boolean {
  const t = text.trim();
  if (/^\*+$/.test(t)) return true;
  const parts = splitArn(t);
  if (!parts) return false;
  const service = parts[2] ?? '*';
  if (!/^(iam|\*+)$/i.test(service)) return false;
  if (parts.length < 6) return /^\*+$/.test(parts[parts.length - 1]!);
  return /^(\*+|role\/\*+)$/i.test(parts.slice(5).join(':'));
}

export default defineRule({
  meta: {
    id: 'iam/no-passrole-star',
    description: 'Disallow iam:PassRole on every role (Resource "*" or NotResource)',
    severity: 'error',
    recommended: true,
    messages: {
      star: 'Action "{{action}}" lets {{functions}} pass any role ("{{resource}}") to a new function, task or stack and act with that role\'s permissions; restrict Resource to the ARNs of the roles the code passes',
      notResource:
        'Action "{{action}}" with NotResource lets {{functions}} pass every role but the ones listed, and act with their permissions; restrict Resource to the ARNs of the roles the code passes',
    },
    tags: ['security', 'iam', 'privilege-escalation', 'CWE-269', 'CWE-250'],
    platforms: ['aws'],
    securitySeverity: 8.8,
    defersTo: ['iam/no-admin-policy'],
  },
  create(ctx) {
    return {
      iamStatement(s) {
        // a Condition (`iam:PassedToService`, `iam:AssociatedResourceArn`) limits where roles go
        if (!isIdentityAllow(s) || hasCondition(s)) return;
        const star = knownResourceStrings(s.resources).find(({ value }) => everyRole(value));
        const notResource = presentValues(s.notResources).length > 0;
        if (!star && !notResource) return;
        for (const { value, v } of literalStrings(s.actions)) {
          const action = value.trim();
          if (!actionMatches(action, 'iam:PassRole')) continue;
          if (notResource) {
            ctx.report({ at: v, messageId: 'notResource', data: { action, functions: grantee(s) } });
            continue;
          }
          // `*` on `*` is administrator access: iam/no-admin-policy's finding when it is on (`defersTo`)
          ctx.report({ at: v, messageId: 'star', data: { action, resource: star!.value.trim(), functions: grantee(s) } });
        }
      },
    };
  },
});

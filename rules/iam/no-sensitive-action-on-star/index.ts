import { defineRule, hasWildcard, isWildcardOnlyAction } from '../../_api.js';
import {
  actionFilter,
  actionsWithExpansion,
  everyPhrase,
  everyResourceOf,
  examples,
  grantee,
  sensitiveKind,
  unconditionalEveryResource,
  type SensitiveKind,
  IGNORE_ACTIONS_OPTION,
} from '../../_shared/iam-grants.js';

const KINDS: SensitiveKind[] = ['permissions', 'credentials', 'exfiltration'];

export default defineRule({
  meta: {
    id: 'iam/no-sensitive-action-on-star',
    description: 'Disallow permissions-management, credentials-returning and data-reading actions on Resource "*" without a Condition',
    severity: 'error',
    recommended: true,
    messages: {
      permissions:
        'Action "{{action}}"{{through}} lets {{functions}} change the permissions of {{every}} (Resource "{{resource}}"); scope Resource to the ARNs the code manages',
      credentials:
        'Action "{{action}}"{{through}} lets {{functions}} obtain credentials for {{every}} (Resource "{{resource}}"); scope Resource to the ARNs the code needs',
      exfiltration:
        'Action "{{action}}"{{through}} lets {{functions}} read or decrypt the data of {{every}} (Resource "{{resource}}"): every secret, parameter, object or item it covers; scope Resource to the ARNs the code reads',
    },
    options: {
      type: 'object',
      properties: {
        ignoreActions: IGNORE_ACTIONS_OPTION,
      },
      additionalProperties: false,
    },
    defaultOptions: { ignoreActions: [] },
    tags: ['security', 'iam', 'least-privilege', 'CWE-732', 'CWE-200', 'CWE-269'],
    platforms: ['aws'],
    securitySeverity: 8.0,
    coveredBy: ['iam/no-admin-policy'],
  },
  create(ctx) {
    const ignored = actionFilter(ctx.options.ignoreActions);
    const everyAction = !ctx.isActive('iam/no-admin-policy');
    return {
      iamStatement(s) {
        const stars = unconditionalEveryResource(s);
        if (!stars.length) return;
        for (const { value, v, expansion } of actionsWithExpansion(s, everyAction)) {
          const byKind = new Map<SensitiveKind, string[]>();
          for (const a of expansion) {
            // an action that only works on "*" (ecr:GetAuthorizationToken) leaves nothing to scope
            if (ignored(a) || isWildcardOnlyAction(a)) continue;
            // a wildcard must reach every resource of the action (not an ec2: ARN for secretsmanager:,
            // not `secret:app/*`; `secret:*` and `arn:aws:s3:::*/*` do)
            if (!everyResourceOf(stars, a)) continue;
            const k = sensitiveKind(a);
            if (k) byKind.set(k, [...(byKind.get(k) ?? []), a]);
          }
          // one finding per action string, about its most dangerous kind
          const kind = KINDS.find((k) => byKind.has(k));
          if (!kind) continue;
          const hits = byKind.get(kind)!;
          const through = hasWildcard(value) ? ` (which includes ${examples(hits)})` : '';
          const resource = everyResourceOf(stars, hits[0]!)!.value;
          const every = everyPhrase(s, resource, hits);
          ctx.report({ at: v, messageId: kind, data: { action: value, through, resource, every, functions: grantee(s) } });
        }
      },
    };
  },
});

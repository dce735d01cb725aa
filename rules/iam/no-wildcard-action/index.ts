import { defineRule } from '../../../src/engine/rule.js';
import { isAllow, literalStrings } from '../../../src/model/iam.js';
import { affected } from '../../_shared/messages.js';

/** `*`, `s3:*`, `*:*`: every action (of a service). */
const FULL_WILDCARD = /^(\*|[a-z0-9-]+:\*|\*:\*)$/i;

export default defineRule({
  meta: {
    id: 'iam/no-wildcard-action',
    description: 'Disallow IAM Allow statements that grant every action, or every action of a service',
    severity: 'error',
    recommended: true,
    messages: {
      wildcard: 'Action "{{action}}" allows every action{{of}} for {{functions}}; list the actions the code calls',
      wildcardPolicy: 'Action "{{action}}" allows every action{{of}} in {{where}}; list the actions that are needed',
    },
    tags: ['security', 'iam', 'least-privilege', 'CWE-250', 'CWE-269'],
    securitySeverity: 7.5,
  },
  create(ctx) {
    return {
      iamStatement(s) {
        if (!isAllow(s) || s.source.kind === 'trust') return;
        for (const { value, v } of literalStrings(s.actions)) {
          if (!FULL_WILDCARD.test(value.trim())) continue;
          const service = value.includes(':') && !value.startsWith('*') ? value.split(':')[0] : '';
          const of = service ? ` of ${service}` : '';
          if (s.functions.length)
            ctx.report({ at: v, messageId: 'wildcard', data: { action: value, of, functions: affected(s.functions, s.app.functions.length) } });
          else
            ctx.report({ at: v, messageId: 'wildcardPolicy', data: { action: value, of, where: s.source.kind === 'resource-policy' ? `resource policy ${s.source.name ?? ''}`.trim() : `role ${s.role?.id ?? s.source.name ?? ''}`.trim() } });
        }
      },
    };
  },
});

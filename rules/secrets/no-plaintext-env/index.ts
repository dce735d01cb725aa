import { defineRule } from '../../../src/engine/rule.js';
import { classifyNamedValue, maskSecret } from '../../../src/secrets/index.js';
import { affected } from '../../_shared/messages.js';

export default defineRule({
  meta: {
    id: 'secrets/no-plaintext-env',
    description: 'Disallow plaintext secrets in function environment variables',
    severity: 'error',
    recommended: true,
    messages: {
      plaintext:
        'Environment variable "{{name}}" holds a plaintext {{kind}} ("{{masked}}") for {{functions}}; store it in SSM Parameter Store or Secrets Manager and reference it',
    },
    tags: ['security', 'secrets', 'CWE-798', 'CWE-312'],
    securitySeverity: 8.5,
  },
  create(ctx) {
    return {
      envVar(e) {
        const v = e.value;
        // only literals: `${ssm:…}`, `!Ref`, `{{resolve:…}}` and other references are never flagged
        if (v.kind !== 'literal' && v.kind !== 'scalar') return;
        if (typeof v.value !== 'string') return;
        const hit = classifyNamedValue(e.name, v.value);
        if (!hit) return;
        ctx.report({
          at: v.loc,
          messageId: 'plaintext',
          data: { name: e.name, kind: hit.name, masked: maskSecret(v.value), functions: affected(e.functions, e.app.functions.length) },
          secrets: [v.value],
        });
      },
    };
  },
});

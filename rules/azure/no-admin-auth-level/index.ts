import { defineRule, get, str } from '../../_api.js';

export default defineRule({
  meta: {
    id: 'azure/no-admin-auth-level',
    description: 'Disallow Azure Functions HTTP triggers with authLevel admin, which hands callers the master key',
    severity: 'warning',
    recommended: true,
    messages: {
      admin:
        'HTTP trigger of function "{{fn}}" has authLevel "admin": every caller must hold the app\'s master (host) key, which also grants the admin API of every function in the app; use authLevel "function" with a per-function key',
    },
    tags: ['security', 'iam', 'CWE-250'],
    securitySeverity: 5.0,
    platforms: ['azure'],
  },
  create(ctx) {
    return {
      event(e) {
        if (e.service !== 'azureHttp') return;
        const level = get(e.node, 'authLevel');
        if (str(level)?.trim().toLowerCase() !== 'admin' || !level) return;
        ctx.report({ at: level, messageId: 'admin', data: { fn: e.fn.name } });
      },
    };
  },
});

import { defineRule } from '../../_api.js';
import { PUBLIC_BY_DESIGN_REASON, publicByDesign } from '../../_shared/public-routes.js';

export default defineRule({
  meta: {
    id: 'gcp/callable-auth-check',
    description: 'Disallow callable functions whose handler never checks who is calling',
    severity: 'warning',
    recommended: true,
    messages: {
      noCheck:
        'Callable function "{{fn}}" never reads {{auth}}, so any client of the app — signed in or not — can call it; reject calls without it (`throw new HttpsError(\'unauthenticated\', …)`) and check the caller may do this',
      byDesign: 'Callable function "{{fn}}" never reads {{auth}}; it may be public on purpose: {{reason}}',
    },
    tags: ['security', 'CWE-306', 'CWE-862'],
    securitySeverity: 6.5,
    platforms: ['gcp'],
  },
  create(ctx) {
    return {
      event(e) {
        if (e.service !== 'gcpHttp' || !/(^|\.)onCall/.test(e.raw) || !e.fn.entry?.file) return;
        const facts = e.fn.gcp;
        if (!facts || facts.authCheck) return;
        const auth = facts.generation === 1 ? '`context.auth`' : '`request.auth`';
        const why = publicByDesign(undefined, `/${e.fn.name}`);
        if (why)
          ctx.report({
            at: e,
            messageId: 'byDesign',
            data: { fn: e.fn.name, auth, reason: PUBLIC_BY_DESIGN_REASON[why] },
            severity: 'note',
          });
        else ctx.report({ at: e, messageId: 'noCheck', data: { fn: e.fn.name, auth } });
      },
    };
  },
});

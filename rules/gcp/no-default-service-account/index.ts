import { defineRule } from '../../_api.js';

/** Basic roles: every permission on every service of the project (owner also manages IAM). */
const BASIC_ROLES = /^roles\/(owner|editor)$/;

export default defineRule({
  meta: {
    id: 'gcp/no-default-service-account',
    description: 'Disallow deployed functions that run as the default service account, and basic roles granted by deploy scripts',
    severity: 'warning',
    recommended: true,
    messages: {
      defaultAccount:
        'Function "{{fn}}" is deployed without --service-account, so it runs as the project\'s default service account, which has the Editor role unless it was removed; create a service account with only the roles the function needs and deploy with --service-account',
      basicRole:
        'This command grants {{role}} on {{target}} "{{name}}" to {{member}}: every permission on every service of the project; grant the predefined roles the workload needs instead',
    },
    tags: ['security', 'iam', 'CWE-250'],
    securitySeverity: 6.0,
    platforms: ['gcp'],
  },
  create(ctx) {
    return {
      function(fn) {
        if (fn.origin !== 'gcloud' || !fn.gcp || fn.gcp.serviceAccount) return;
        ctx.report({ at: { loc: fn.gcp.keyLoc }, messageId: 'defaultAccount', data: { fn: fn.name } });
      },
      app(app) {
        for (const b of app.gcp?.bindings ?? []) {
          const role = b.role.kind === 'literal' ? String(b.role.value) : undefined;
          if (!role || !BASIC_ROLES.test(role)) continue;
          const member = b.member.kind === 'literal' ? String(b.member.value) : b.member.text;
          ctx.report({ at: b.role, messageId: 'basicRole', data: { role, target: b.target, name: b.name, member } });
        }
      },
    };
  },
});

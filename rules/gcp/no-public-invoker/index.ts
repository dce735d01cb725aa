import picomatch from 'picomatch';
import { defineRule, get } from '../../_api.js';
import type { Fn, GcpBinding } from '../../_api.js';
import { ingressOf } from '../../_shared/gcp.js';
import { PUBLIC_BY_DESIGN_REASON, publicByDesign, publicPathsOptions } from '../../_shared/public-routes.js';

interface Options {
  publicPaths: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'gcp/no-public-invoker',
    description: 'Disallow HTTPS functions that anyone on the internet may invoke without authentication',
    severity: 'warning',
    recommended: true,
    messages: {
      defaultPublic:
        'HTTPS function "{{fn}}" is deployed public (the Firebase CLI lets allUsers invoke it when no invoker is set) and its code verifies no Firebase ID token; check `verifyIdToken` in the handler, set `invoker` to a service account, or list "{{path}}" in the publicPaths option if it is public on purpose',
      public:
        'HTTPS function "{{fn}}" lets anyone invoke it ({{how}}) and its code verifies no Firebase ID token; drop it and grant roles/run.invoker (roles/cloudfunctions.invoker for 1st gen) to its callers, verify tokens in the handler, or list "{{path}}" in the publicPaths option if it is public on purpose',
      binding:
        'This command lets {{who}} invoke {{target}} "{{name}}" ({{role}}){{known}}; grant {{role}} to the service accounts or groups that call it instead, verify Firebase ID tokens in the handler, or list "{{path}}" in the publicPaths option if it is public on purpose',
      behindLoadBalancer:
        'HTTPS function "{{fn}}" lets anyone invoke it ({{how}}) but its ingress admits only internal traffic and Cloud Load Balancing, so the internet reaches it through the load balancer alone; make sure that has Cloud Armor or IAP in front, or verify Firebase ID tokens in the handler',
      byDesign: 'HTTPS function "{{fn}}" is public ({{how}}); it may be public on purpose: {{reason}}',
    },
    options: publicPathsOptions(
      'glob patterns of functions public on purpose, matched against the hosting rewrite path or "/<function name>", e.g. "/webhook*" or "/api/public/**"',
    ),
    defaultOptions: { publicPaths: [] },
    tags: ['security', 'iam', 'CWE-306'],
    securitySeverity: 6.5,
    platforms: ['gcp'],
    requires: ['webhooks'],
  },
  create(ctx) {
    const patterns = ctx.options.publicPaths ?? [];
    const glob = patterns.length ? picomatch(patterns, { dot: true }) : () => false;
    const listed = (path: string) => patterns.includes(path) || glob(path) || glob(path.replace(/^\/+/, ''));
    /** the function checks its callers itself: a Firebase ID token or session cookie, a webhook signature */
    const checksCallers = (fn: Fn) => {
      if (fn.gcp?.authCheck) return true;
      const check = ctx.analysis('webhooks').signatureCheck(fn);
      return !!check && check.constantTime !== false;
    };
    const everyone = (b: GcpBinding) =>
      b.publicInvoker === 'allAuthenticatedUsers' ? 'every Google account (allAuthenticatedUsers)' : 'anyone on the internet (allUsers)';
    return {
      event(e) {
        if (e.service !== 'gcpHttp' || e.auth !== 'none') return;
        const facts = e.fn.gcp;
        // the handler authenticates its callers itself: a Firebase ID token or session cookie verified
        if (facts?.authCheck) return;
        const path = e.path?.kind === 'literal' ? String(e.path.value) : `/${e.fn.name}`;
        if (listed(path)) return;
        if (checksCallers(e.fn)) return;
        const flag = get(facts?.options, 'allow-unauthenticated');
        const invoker = get(facts?.options, 'invoker');
        const binding = facts?.publicBinding;
        const at = flag ? { loc: flag.loc } : binding && !invoker ? binding.member : invoker ? invoker : e;
        const how = flag
          ? '--allow-unauthenticated'
          : binding && !invoker
            ? `an IAM binding grants ${binding.publicInvoker} ${String(binding.role.kind === 'literal' ? binding.role.value : 'the invoker role')}`
            : invoker
              ? 'invoker "public"'
              : 'no invoker set';
        // ingress decides who reaches the URL at all: internal-only keeps the internet out whatever the invoker
        const ingress = ingressOf(facts?.ingress);
        if (ingress === 'internal') return;
        const why = publicByDesign(undefined, path);
        if (ingress === 'internal-and-gclb')
          ctx.report({ at, messageId: 'behindLoadBalancer', data: { fn: e.fn.name, how }, severity: 'note' });
        else if (why)
          ctx.report({ at, messageId: 'byDesign', data: { fn: e.fn.name, how, reason: PUBLIC_BY_DESIGN_REASON[why] }, severity: 'note' });
        else ctx.report({ at, messageId: flag || invoker || binding ? 'public' : 'defaultPublic', data: { fn: e.fn.name, how, path } });
      },
      app(app) {
        // bindings on functions this script does not deploy (another script, the Firebase CLI, a name set at run time)
        for (const b of app.gcp?.bindings ?? []) {
          if (!b.publicInvoker || b.fn !== undefined) continue;
          const path = `/${b.name}`;
          if (listed(path)) continue;
          const fns = ctx.project.apps.flatMap((a) =>
            a.platform === 'gcp'
              ? a.functions.filter((f) => (b.target === 'function' ? f.name === b.name : f.name.toLowerCase() === b.name.toLowerCase()))
              : [],
          );
          // a callable must be invocable by allUsers (its code checks the caller's token: gcp/callable-auth-check);
          // a function already public by its own deployment is reported there
          if (
            fns.some(
              (f) =>
                ingressOf(f.gcp?.ingress) === 'internal' ||
                checksCallers(f) ||
                f.events.some((ev) => /onCall/.test(ev.raw) || ev.auth === 'none'),
            )
          )
            continue;
          const role = String(b.role.kind === 'literal' ? b.role.value : b.role.text);
          const known = fns.length ? '' : /\$/.test(b.name) ? ' (its name is set when the script runs)' : '';
          const data = {
            who: everyone(b),
            target: b.target === 'service' ? 'Cloud Run service' : 'function',
            name: b.name,
            role,
            known,
            path,
          };
          const why = publicByDesign(undefined, path);
          if (why)
            ctx.report({
              at: b.member,
              messageId: 'byDesign',
              data: { fn: b.name, how: `${b.publicInvoker} ${role}`, reason: PUBLIC_BY_DESIGN_REASON[why] },
              severity: 'note',
            });
          else ctx.report({ at: b.member, messageId: 'binding', data });
        }
      },
    };
  },
});

import picomatch from 'picomatch';
import { defineRule, get } from '../../_api.js';
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
    return {
      event(e) {
        if (e.service !== 'gcpHttp' || e.auth !== 'none') return;
        const facts = e.fn.gcp;
        // the handler authenticates its callers itself: a Firebase ID token or session cookie verified
        if (facts?.authCheck) return;
        const path = e.path?.kind === 'literal' ? String(e.path.value) : `/${e.fn.name}`;
        if (patterns.includes(path) || glob(path) || glob(path.replace(/^\/+/, ''))) return;
        const check = ctx.analysis('webhooks').signatureCheck(e.fn);
        if (check && check.constantTime !== false) return;
        const flag = get(facts?.options, 'allow-unauthenticated');
        const invoker = get(facts?.options, 'invoker');
        const at = flag ? { loc: get(facts!.options, 'allow-unauthenticated')!.loc } : invoker ? invoker : e;
        const how = flag ? '--allow-unauthenticated' : invoker ? 'invoker "public"' : 'no invoker set';
        const why = publicByDesign(undefined, path);
        if (why)
          ctx.report({ at, messageId: 'byDesign', data: { fn: e.fn.name, how, reason: PUBLIC_BY_DESIGN_REASON[why] }, severity: 'note' });
        else ctx.report({ at, messageId: flag || invoker ? 'public' : 'defaultPublic', data: { fn: e.fn.name, how, path } });
      },
    };
  },
});

import picomatch from 'picomatch';
import { defineRule, get } from '../../_api.js';
import { PUBLIC_BY_DESIGN_REASON, publicByDesign, publicPathsOptions } from '../../_shared/public-routes.js';

interface Options {
  publicPaths: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'azure/no-anonymous-http',
    description: 'Disallow Azure Functions HTTP triggers with authLevel anonymous',
    severity: 'warning',
    recommended: true,
    messages: {
      anonymous:
        'HTTP trigger "{{route}}" of function "{{fn}}" has authLevel "anonymous", so anyone on the internet can call it; use authLevel "function" behind App Service Authentication or API Management, or list the route in the publicPaths option if it is public on purpose',
      byDesign: 'HTTP trigger "{{route}}" of function "{{fn}}" has authLevel "anonymous"; it may be public on purpose: {{reason}}',
    },
    options: publicPathsOptions(
      'glob patterns of routes that are public on purpose, e.g. "health" or "public/**" (without the /api prefix)',
    ),
    defaultOptions: { publicPaths: [] },
    tags: ['security', 'iam', 'CWE-306'],
    securitySeverity: 6.5,
    platforms: ['azure'],
    requires: ['webhooks'],
  },
  create(ctx) {
    const patterns = (ctx.options.publicPaths ?? []).map((p) => p.replace(/^\/+/, ''));
    const glob = patterns.length ? picomatch(patterns, { dot: true }) : () => false;
    return {
      event(e) {
        if (e.service !== 'azureHttp' || e.auth !== 'none') return;
        const route = e.path?.kind === 'literal' ? String(e.path.value).replace(/^\/+/, '') : undefined;
        if (route !== undefined && (patterns.includes(route) || glob(route))) return;
        // the handler authenticates its sender itself (a webhook signature checked in constant time)
        const check = ctx.analysis('webhooks').signatureCheck(e.fn);
        if (check && check.constantTime !== false) return;
        const at = get(e.node, 'authLevel') ?? e;
        const method = e.method?.kind === 'literal' ? String(e.method.value) : undefined;
        const shown = route ?? (e.path?.kind === 'ref' ? e.path.text : e.fn.name);
        const why = publicByDesign(method?.includes(',') ? undefined : method, `/${route ?? ''}`);
        if (why)
          ctx.report({
            at,
            messageId: 'byDesign',
            data: { route: shown, fn: e.fn.name, reason: PUBLIC_BY_DESIGN_REASON[why] },
            severity: 'note',
          });
        else ctx.report({ at, messageId: 'anonymous', data: { route: shown, fn: e.fn.name } });
      },
    };
  },
});

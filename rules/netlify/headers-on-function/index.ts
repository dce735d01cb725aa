import { defineRule, get, mapEntries, seqItems, str } from '../../_api.js';
import type { App, FnEvent } from '../../_api.js';

/** Headers set for the browser's protection: a function that expects them from netlify.toml goes without. */
const PROTECTIVE =
  /^(?:access-control-[a-z-]+|content-security-policy(?:-report-only)?|strict-transport-security|x-frame-options|x-content-type-options|referrer-policy|permissions-policy|cross-origin-[a-z-]+|cache-control|x-robots-tag)$/;

/** A Netlify path pattern (`/api/*`, `/users/:id`) as a regular expression over paths. */
function pathRegex(pattern: string): RegExp {
  const body = pattern
    .split(/(\*|:[A-Za-z_][\w]*)/)
    .map((p) => (p === '*' ? '.*' : p.startsWith(':') && p.length > 1 ? '[^/]+' : p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}/?$`);
}

/** A path a function serves, made concrete: each wildcard or placeholder becomes one segment. */
function samplePath(path: string): string {
  return path
    .replace(/\*/g, 'x')
    .replace(/:[A-Za-z_][\w]*/g, 'x')
    .split('?')[0]!;
}

/** The HTTP events of the site's functions and edge functions, each with the path it serves. */
function servedPaths(app: App): { e: FnEvent; path: string }[] {
  const out: { e: FnEvent; path: string }[] = [];
  for (const fn of app.functions)
    for (const e of fn.events) if (e.category === 'http' && e.path?.kind === 'literal') out.push({ e, path: String(e.path.value) });
  return out;
}

export default defineRule({
  meta: {
    id: 'netlify/headers-on-function',
    description: 'Disallow netlify.toml [[headers]] meant for paths that functions serve, which Netlify never adds to function responses',
    severity: 'warning',
    recommended: true,
    messages: {
      notApplied:
        'Header "{{header}}" is set for "{{for}}", which {{fn}} serves at "{{path}}"; Netlify adds [[headers]] only to the files it serves, never to a function\'s response, so the function goes without it. Set the header on the Response the function returns',
    },
    precision: 'high',
    tags: ['security', 'CWE-693'],
    securitySeverity: 4.3,
    platforms: ['netlify'],
  },
  create(ctx) {
    return {
      app(app) {
        if (app.origin !== 'netlify') return;
        const served = servedPaths(app);
        if (!served.length) return;
        for (const block of seqItems(get(app.root, 'headers'))) {
          const forNode = get(block, 'for');
          const pattern = str(forNode);
          // a site-wide block (`/*`, `/:lang/*`) is meant for the pages first: only a block aimed at a
          // path of its own (`/api/*`) is taken to be meant for the functions there
          if (pattern === undefined || pattern.split(/[*:]/)[0]!.replace(/\/+$/, '') === '') continue;
          const re = pathRegex(pattern);
          // a function whose path the block's pattern covers, its own path or a redirect's
          const hit = served.find((s) => re.test(samplePath(s.path)));
          if (!hit) continue;
          for (const h of mapEntries(get(block, 'values'))) {
            if (!PROTECTIVE.test(h.key.trim().toLowerCase())) continue;
            const fn = hit.e.fn.name.startsWith('edge:') ? `edge function "${hit.e.fn.name.slice(5)}"` : `function "${hit.e.fn.name}"`;
            ctx.report({
              at: h.keyLoc,
              messageId: 'notApplied',
              data: { header: h.key, for: pattern, fn, path: hit.path },
              related: [{ at: hit.e.loc, message: `${fn} serves ${hit.path} here` }],
            });
          }
        }
      },
    };
  },
});

import { defineRule, entry, get, isMap, mapEntries, seqItems, str } from '../../_api.js';
import type { App, Node } from '../../_api.js';

/**
 * The header blocks of a host's config, each with the path it applies to and its headers by
 * lower-cased name: `vercel.json` `headers: [{ source, headers: [{ key, value }] }]`, `netlify.toml`
 * `[[headers]] for = "/*"` with `[headers.values]`.
 */
function headerBlocks(app: App): { source: string; headers: Map<string, Node> }[] {
  const out: { source: string; headers: Map<string, Node> }[] = [];
  for (const block of seqItems(get(app.root, 'headers'))) {
    if (!isMap(block)) continue;
    const headers = new Map<string, Node>();
    if (app.origin === 'netlify') {
      for (const e of mapEntries(get(block, 'values'))) headers.set(e.key.toLowerCase(), e.value);
      out.push({ source: str(get(block, 'for')) ?? '?', headers });
      continue;
    }
    for (const h of seqItems(get(block, 'headers'))) {
      const key = str(get(h, 'key'));
      const value = entry(h, 'value')?.value;
      if (key !== undefined && value) headers.set(key.toLowerCase(), value);
    }
    out.push({ source: str(get(block, 'source')) ?? '?', headers });
  }
  return out;
}

/** A header value as text: a string, or the scalar TOML writes without quotes (`true`). */
function text(n: Node): string {
  return String(str(n) ?? (n.kind === 'scalar' ? n.value : '')).trim();
}

export default defineRule({
  meta: {
    id: 'input/cors-credentials-wildcard',
    description: 'Disallow Access-Control-Allow-Origin "*" together with Access-Control-Allow-Credentials "true"',
    severity: 'warning',
    recommended: true,
    messages: {
      wildcard:
        'Headers for "{{source}}" send Access-Control-Allow-Origin "*" with Access-Control-Allow-Credentials "true": browsers refuse the pair, and the usual fix — echoing the request\'s Origin — lets any site make credentialed requests; list the allowed origins instead',
    },
    precision: 'high',
    tags: ['security', 'CWE-942'],
    securitySeverity: 5.3,
    platforms: ['vercel', 'netlify'],
  },
  create(ctx) {
    return {
      app(app) {
        if (app.origin !== 'vercel' && app.origin !== 'netlify') return;
        for (const { source, headers } of headerBlocks(app)) {
          const origin = headers.get('access-control-allow-origin');
          const creds = headers.get('access-control-allow-credentials');
          if (!origin || !creds || text(origin) !== '*' || text(creds).toLowerCase() !== 'true') continue;
          ctx.report({
            at: origin,
            messageId: 'wildcard',
            data: { source },
            related: [{ at: creds, message: 'credentials allowed here' }],
          });
        }
      },
    };
  },
});

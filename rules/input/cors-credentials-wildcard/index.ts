import { defineRule, entry, get, isMap, seqItems, str } from '../../_api.js';
import type { Node } from '../../_api.js';

/** `{ key, value }` header entries of one `headers` block, by lower-cased name. */
function headerMap(block: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const h of seqItems(get(block, 'headers'))) {
    const key = str(get(h, 'key'));
    const value = entry(h, 'value')?.value;
    if (key !== undefined && value) out.set(key.toLowerCase(), value);
  }
  return out;
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
    platforms: ['vercel'],
  },
  create(ctx) {
    return {
      app(app) {
        if (app.origin !== 'vercel') return;
        for (const block of seqItems(get(app.root, 'headers'))) {
          if (!isMap(block)) continue;
          const h = headerMap(block);
          const origin = h.get('access-control-allow-origin');
          const creds = h.get('access-control-allow-credentials');
          if (
            !origin ||
            !creds ||
            str(origin)?.trim() !== '*' ||
            String(str(creds) ?? (creds.kind === 'scalar' ? creds.value : ''))
              .trim()
              .toLowerCase() !== 'true'
          )
            continue;
          ctx.report({
            at: origin,
            messageId: 'wildcard',
            data: { source: str(get(block, 'source')) ?? '?' },
            related: [{ at: creds, message: 'credentials allowed here' }],
          });
        }
      },
    };
  },
});

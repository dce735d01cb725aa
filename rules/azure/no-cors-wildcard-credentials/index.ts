import { bool, defineRule, get, seqItems, str } from '../../_api.js';
import type { Node } from '../../_api.js';
import { armLiteral, siteSettings } from '../../_shared/azure.js';

/** `*` among the origins: a list (ARM `allowedOrigins`) or a comma-separated string (`Host.CORS`). */
function wildcard(origins: Node | undefined): Node | undefined {
  if (origins?.kind === 'seq') return seqItems(origins).find((o) => armLiteral(o)?.trim() === '*');
  const s = str(origins);
  return s !== undefined && s.split(',').some((o) => o.trim() === '*') ? origins : undefined;
}

export default defineRule({
  meta: {
    id: 'azure/no-cors-wildcard-credentials',
    description: 'Disallow CORS that allows every origin together with credentials on Azure function apps',
    severity: 'warning',
    recommended: true,
    messages: {
      wildcard:
        'App "{{name}}" allows CORS from every origin ("*") and supports credentials, so any web site a signed-in user visits can call it with the user\'s cookies and read the answers; list the origins that may call it',
    },
    tags: ['security', 'CWE-942'],
    securitySeverity: 6.0,
    platforms: ['azure'],
  },
  create(ctx) {
    return {
      resource(r) {
        const s = siteSettings(r);
        const cors = get(s?.config, 'cors');
        const star = wildcard(get(cors, 'allowedOrigins'));
        if (s && star && bool(get(cors, 'supportCredentials')) === true)
          ctx.report({ at: star, messageId: 'wildcard', data: { name: s.name } });
      },
      app(app) {
        // local.settings.json `Host`: what `func start` serves (and often copied to the portal)
        if (app.origin !== 'azure-settings') return;
        const host = get(app.root, 'Host');
        const star = wildcard(get(host, 'CORS'));
        if (star && bool(get(host, 'CORSCredentials')) === true) ctx.report({ at: star, messageId: 'wildcard', data: { name: app.file } });
      },
    };
  },
});

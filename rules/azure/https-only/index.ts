import { bool, defineRule, get } from '../../_api.js';
import { siteSettings } from '../../_shared/azure.js';

export default defineRule({
  meta: {
    id: 'azure/https-only',
    description: 'Require httpsOnly on Azure function and web apps',
    severity: 'warning',
    recommended: true,
    messages: {
      off: 'App "{{name}}" sets httpsOnly to false, so it answers plain HTTP and requests, keys and cookies cross the network in clear text; set httpsOnly to true',
      missing:
        'App "{{name}}" does not set httpsOnly, which defaults to false, so it answers plain HTTP; set "httpsOnly": true in its properties',
    },
    tags: ['security', 'CWE-319'],
    securitySeverity: 5.5,
    platforms: ['azure'],
  },
  create(ctx) {
    return {
      resource(r) {
        const s = siteSettings(r);
        if (!s?.site) return;
        const v = get(s.site, 'httpsOnly');
        if (!v) ctx.report({ at: { loc: r.typeLoc }, messageId: 'missing', data: { name: s.name } });
        else if (bool(v) === false) ctx.report({ at: v, messageId: 'off', data: { name: s.name } });
      },
    };
  },
});

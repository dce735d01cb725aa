import { defineRule, get } from '../../_api.js';
import { armLiteral, siteSettings } from '../../_shared/azure.js';

export default defineRule({
  meta: {
    id: 'azure/no-ftp',
    description: 'Disallow plain FTP deployment on Azure function and web apps',
    severity: 'warning',
    recommended: true,
    messages: {
      ftp: 'App "{{name}}" sets ftpsState to "AllAllowed": deployment credentials and code can be sent over plain FTP; set it to "Disabled" (or "FtpsOnly" if FTP deployment is needed)',
    },
    tags: ['security', 'CWE-319'],
    securitySeverity: 5.0,
    platforms: ['azure'],
  },
  create(ctx) {
    return {
      resource(r) {
        const s = siteSettings(r);
        const n = get(s?.config, 'ftpsState');
        if (s && n && armLiteral(n)?.toLowerCase() === 'allallowed') ctx.report({ at: n, messageId: 'ftp', data: { name: s.name } });
      },
    };
  },
});

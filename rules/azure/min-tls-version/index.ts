import { defineRule, get } from '../../_api.js';
import { armLiteral, siteSettings } from '../../_shared/azure.js';

export default defineRule({
  meta: {
    id: 'azure/min-tls-version',
    description: 'Disallow Azure function and web apps that accept TLS below 1.2',
    severity: 'warning',
    recommended: true,
    messages: {
      old: 'App "{{name}}" accepts TLS {{version}} ({{key}}), which has known weaknesses and is deprecated; set it to "1.2" or higher',
    },
    tags: ['security', 'CWE-327'],
    securitySeverity: 5.0,
    platforms: ['azure'],
  },
  create(ctx) {
    return {
      resource(r) {
        const s = siteSettings(r);
        if (!s?.config) return;
        for (const key of ['minTlsVersion', 'scmMinTlsVersion']) {
          const n = get(s.config, key);
          const version = armLiteral(n);
          if (!n || version === undefined) continue;
          const num = Number(version);
          if (Number.isFinite(num) && num < 1.2) ctx.report({ at: n, messageId: 'old', data: { name: s.name, version, key } });
        }
      },
    };
  },
});

import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/open-redirect',
    description: 'Disallow redirect targets taken from event data',
    severity: 'error',
    recommended: true,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}` as a redirect target in function "{{fn}}"; redirect only to allow-listed URLs or to a relative path (`/…`, not `//…`)',
      internal:
        '{{source}} ({{trigger}}) reaches `{{sink}}` as a redirect target in function "{{fn}}"; redirect only to allow-listed URLs or to a relative path (`/…`, not `//…`)',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-601'],
    securitySeverity: 6.1,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        reportFlows(ctx, fn, 'redirect', { request: 'request', internal: 'internal' });
      },
    };
  },
});

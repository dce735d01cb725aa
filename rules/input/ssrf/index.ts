import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/ssrf',
    description: 'Disallow outbound request URLs taken from event data',
    severity: 'error',
    recommended: true,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}` as the URL of an outbound request in function "{{fn}}"; keep the scheme and host constant (or check the host against an allow-list) and encode the path parts',
      internal:
        '{{source}} ({{trigger}}) reaches `{{sink}}` as the URL of an outbound request in function "{{fn}}"; keep the scheme and host constant (or check the host against an allow-list) and encode the path parts',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-918'],
    securitySeverity: 8.6,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        reportFlows(ctx, fn, 'url', { request: 'request', internal: 'internal' });
      },
    };
  },
});

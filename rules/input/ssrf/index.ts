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
      markup:
        '{{source}} (an HTTP request) reaches `{{sink}}` as markup a headless browser renders in function "{{fn}}", which fetches every image, frame and script it names from inside your network; HTML-escape the values placed in it',
      markupInternal:
        '{{source}} ({{trigger}}) reaches `{{sink}}` as markup a headless browser renders in function "{{fn}}", which fetches every image, frame and script it names from inside your network; HTML-escape the values placed in it',
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
        reportFlows(ctx, fn, 'page-html', { request: 'markup', internal: 'markupInternal' });
      },
    };
  },
});

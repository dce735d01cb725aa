import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/xss',
    description: 'Disallow HTML responses built from event data',
    severity: 'error',
    recommended: true,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}` of an HTML response in function "{{fn}}"; escape it for HTML (escape-html, he.encode) or sanitise it (sanitize-html, DOMPurify) before it goes into markup',
      internal:
        '{{source}} ({{trigger}}) reaches `{{sink}}` of an HTML response in function "{{fn}}"; escape it for HTML (escape-html, he.encode) or sanitise it (sanitize-html, DOMPurify) before it goes into markup',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-79'],
    securitySeverity: 6.1,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        reportFlows(ctx, fn, 'html', { request: 'request', internal: 'internal' });
      },
    };
  },
});

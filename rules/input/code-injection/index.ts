import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/code-injection',
    description: 'Disallow evaluating event data as code',
    severity: 'error',
    recommended: true,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}`, which compiles it as JavaScript, in function "{{fn}}"; parse the data (JSON.parse) or map it to known operations instead',
      internal:
        '{{source}} ({{trigger}}) reaches `{{sink}}`, which compiles it as JavaScript, in function "{{fn}}"; parse the data (JSON.parse) or map it to known operations instead',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-94', 'CWE-95'],
    securitySeverity: 9.8,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        reportFlows(ctx, fn, 'code', { request: 'request', internal: 'internal' });
      },
    };
  },
});

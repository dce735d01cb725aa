import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/regex-injection',
    description: 'Disallow regular expressions built from event data',
    severity: 'error',
    recommended: true,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}` as a regular-expression pattern in function "{{fn}}"; escape it (escape-string-regexp, lodash.escapeRegExp): a crafted pattern can hang the function (ReDoS)',
      internal:
        '{{source}} ({{trigger}}) reaches `{{sink}}` as a regular-expression pattern in function "{{fn}}"; escape it (escape-string-regexp, lodash.escapeRegExp): a crafted pattern can hang the function (ReDoS)',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-1333'],
    securitySeverity: 5.3,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        reportFlows(ctx, fn, 'regex', { request: 'request', internal: 'internal' });
      },
    };
  },
});

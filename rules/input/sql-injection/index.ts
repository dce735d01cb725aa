import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/sql-injection',
    description: 'Disallow SQL text built from event data',
    severity: 'error',
    recommended: true,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}` as SQL text in function "{{fn}}"; pass the value as a bound parameter ($1, ?) instead of building the query',
      internal:
        '{{source}} ({{trigger}}) reaches `{{sink}}` as SQL text in function "{{fn}}"; pass the value as a bound parameter ($1, ?) instead of building the query',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-89'],
    securitySeverity: 9.0,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        reportFlows(ctx, fn, 'sql', { request: 'request', internal: 'internal' });
      },
    };
  },
});

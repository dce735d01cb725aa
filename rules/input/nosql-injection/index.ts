import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/nosql-injection',
    description: 'Disallow document-store queries built from event data',
    severity: 'error',
    recommended: true,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}` as query text or a filter in function "{{fn}}"; pass values in ExpressionAttributeValues/Parameters, and cast filter values to strings (or validate them) so an object such as `{ "$ne": null }` cannot change the query',
      internal:
        '{{source}} ({{trigger}}) reaches `{{sink}}` as query text or a filter in function "{{fn}}"; pass values in ExpressionAttributeValues/Parameters, and cast filter values to strings (or validate them) so an object such as `{ "$ne": null }` cannot change the query',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-943'],
    securitySeverity: 8.1,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        reportFlows(ctx, fn, 'nosql', { request: 'request', internal: 'internal' });
        reportFlows(ctx, fn, 'nosql-filter', { request: 'request', internal: 'internal' });
      },
    };
  },
});

import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/dynamic-require',
    description: 'Disallow modules loaded by a name taken from event data',
    severity: 'error',
    recommended: true,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}` as a module specifier in function "{{fn}}"; map the value to a fixed set of modules instead of loading it by name',
      internal:
        '{{source}} ({{trigger}}) reaches `{{sink}}` as a module specifier in function "{{fn}}"; map the value to a fixed set of modules instead of loading it by name',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-829'],
    securitySeverity: 8.1,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        reportFlows(ctx, fn, 'module', { request: 'request', internal: 'internal' });
      },
    };
  },
});

import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/path-traversal',
    description: 'Disallow file-system paths built from event data',
    severity: 'error',
    recommended: true,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}` as a file path in function "{{fn}}"; reduce it to a file name (`path.basename`) or resolve it and check that it stays under the base directory',
      internal:
        '{{source}} ({{trigger}}) reaches `{{sink}}` as a file path in function "{{fn}}"; reduce it to a file name (`path.basename`) or resolve it and check that it stays under the base directory',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-22'],
    securitySeverity: 7.5,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        reportFlows(ctx, fn, 'path', { request: 'request', internal: 'internal' });
      },
    };
  },
});

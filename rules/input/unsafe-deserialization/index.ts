import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/unsafe-deserialization',
    description: 'Disallow deserialising event data with libraries that revive functions',
    severity: 'error',
    recommended: true,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}`, which can revive and run functions, in function "{{fn}}"; parse data with JSON.parse (or the safe schema of js-yaml) instead',
      internal:
        '{{source}} ({{trigger}}) reaches `{{sink}}`, which can revive and run functions, in function "{{fn}}"; parse data with JSON.parse (or the safe schema of js-yaml) instead',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-502'],
    securitySeverity: 9.0,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        reportFlows(ctx, fn, 'deserialize', { request: 'request', internal: 'internal' });
      },
    };
  },
});

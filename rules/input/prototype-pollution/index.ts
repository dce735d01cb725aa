import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/prototype-pollution',
    description: 'Disallow object keys and deep merges driven by event data',
    severity: 'error',
    recommended: true,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}` in function "{{fn}}"; a `__proto__` or `constructor` key from the caller writes into Object.prototype: reject those keys, use a Map or an `Object.create(null)` target, or merge with a function that skips them',
      internal:
        '{{source}} ({{trigger}}) reaches `{{sink}}` in function "{{fn}}"; a `__proto__` or `constructor` key from the caller writes into Object.prototype: reject those keys, use a Map or an `Object.create(null)` target, or merge with a function that skips them',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-1321'],
    securitySeverity: 7.3,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        reportFlows(ctx, fn, 'prototype', { request: 'request', internal: 'internal' });
      },
    };
  },
});

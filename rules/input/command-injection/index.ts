import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/command-injection',
    description: 'Disallow shell commands built from event data',
    severity: 'error',
    recommended: true,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}`, which runs it through a shell, in function "{{fn}}"; use execFile/spawn with an argument array and no shell',
      internal:
        '{{source}} ({{trigger}}) reaches `{{sink}}`, which runs it through a shell, in function "{{fn}}"; use execFile/spawn with an argument array and no shell',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-78'],
    securitySeverity: 9.8,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        reportFlows(ctx, fn, 'command', { request: 'request', internal: 'internal' });
      },
    };
  },
});

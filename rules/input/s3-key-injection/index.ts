import { defineRule } from '../../_api.js';
import { reportFlows } from '../../_shared/taint.js';

export default defineRule({
  meta: {
    id: 'input/s3-key-injection',
    description: 'Disallow S3 buckets and object keys chosen by the HTTP request',
    severity: 'error',
    recommended: false,
    messages: {
      request:
        '{{source}} (an HTTP request) reaches `{{sink}}` as an S3 bucket or object key in function "{{fn}}"; the caller chooses which object is read or written: check the key against a prefix of the caller\'s (`key.startsWith(`${userId}/`)`), an allow-list, or build it from a server-side prefix and `path.basename`',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-22', 'CWE-639'],
    platforms: ['aws'],
    securitySeverity: 6.5,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      function(fn) {
        // an S3, queue or stream event names its own object: only the HTTP request is the caller's choice
        reportFlows(ctx, fn, 'object-key', { request: 'request', internal: 'request' }, { requestOnly: true });
      },
    };
  },
});

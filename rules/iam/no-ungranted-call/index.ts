import { defineRule } from '../../_api.js';

export default defineRule({
  meta: {
    id: 'iam/no-ungranted-call',
    description: "Disallow AWS SDK calls that the function's role does not allow",
    severity: 'error',
    // not yet in the preset: the test projects' findings are not triaged (see the branch report)
    recommended: false,
    messages: {
      missing:
        '{{call}} needs {{action}} on {{resource}}, which no statement of the role of function "{{fn}}" allows: the call fails with AccessDenied at run time',
      elsewhere:
        '{{call}} needs {{action}} on {{resource}}; the role of function "{{fn}}" allows it only on {{granted}}: the call fails with AccessDenied at run time',
    },
    precision: 'medium',
    tags: ['security', 'reliability', 'iam'],
    platforms: ['aws'],
    requires: ['sdkCalls'],
  },
  create(ctx) {
    return {
      function(fn) {
        if (fn.platform !== 'aws') return;
        const run = ctx.analysis('sdkCalls');
        // one finding per call and action (a call reached by several functions is reported for each)
        for (const m of run.missing(fn)) {
          const call = m.call.operation ? `${m.call.service} ${m.call.operation}` : m.call.service;
          const resource = m.resource.known ? m.resource.arns.join(', ') : '*';
          ctx.report({
            at: m.call.loc,
            messageId: m.verdict.kind === 'elsewhere' ? 'elsewhere' : 'missing',
            data: {
              call,
              action: m.action,
              resource,
              fn: fn.name,
              granted: m.verdict.kind === 'elsewhere' ? m.verdict.granted.join(', ') : '',
            },
            ...(fn.role ? { related: [{ at: fn.role.loc, message: 'the role' }] } : {}),
          });
        }
      },
    };
  },
});

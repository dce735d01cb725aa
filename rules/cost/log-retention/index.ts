import { defineRule } from '../../_api.js';
import { missingAt } from '../../_shared/cost.js';

/** Plugins that set a retention on every function's log group. */
const RETENTION_PLUGINS = ['serverless-plugin-log-retention', 'serverless-log-retention'];

export default defineRule({
  meta: {
    id: 'cost/log-retention',
    description: "Require a retention period on every function's log group",
    severity: 'warning',
    recommended: false,
    messages: {
      serverless:
        'Function "{{fn}}" keeps its logs forever: set `logRetentionInDays` (provider or function) so CloudWatch Logs storage does not grow every month',
      noLogGroup:
        'Function "{{fn}}" has no `AWS::Logs::LogGroup` for `/aws/lambda/{{name}}` in the template: Lambda creates one that never expires, so log storage grows every month; declare it with `RetentionInDays`',
      noRetention: 'Log group of function "{{fn}}" has no `RetentionInDays`: it never expires, so log storage grows every month',
    },
    tags: ['cost'],
    platforms: ['aws'],
  },
  create(ctx) {
    return {
      function(fn) {
        if (fn.platform !== 'aws' || fn.logRetention || !fn.cost) return;
        if (fn.origin === 'serverless') {
          if (fn.app.serverless?.plugins.some((p) => RETENTION_PLUGINS.includes(p))) return;
          ctx.report({ at: missingAt(fn), messageId: 'serverless', data: { fn: fn.name } });
          return;
        }
        const group = fn.cost.logGroup;
        if (group) ctx.report({ at: group.typeLoc, messageId: 'noRetention', data: { fn: fn.name } });
        else ctx.report({ at: missingAt(fn), messageId: 'noLogGroup', data: { fn: fn.name, name: fn.name } });
      },
    };
  },
});

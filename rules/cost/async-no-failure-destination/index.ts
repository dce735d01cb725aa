import { defineRule, get, numberOf } from '../../_api.js';
import type { EventType, FnEvent } from '../../_api.js';
import { missingAt } from '../../_shared/cost.js';

/** Triggers that invoke a function asynchronously (Lambda retries a failed event twice, then drops it). */
const ASYNC: Partial<Record<EventType, string>> = {
  s3: 'S3',
  sns: 'SNS',
  eventBridge: 'EventBridge',
  cloudwatchEvent: 'EventBridge',
  iot: 'IoT',
  cloudwatchLog: 'CloudWatch Logs',
};

/** The event routes its own failures (a DLQ on the rule target or the subscription). */
function eventHandlesFailure(ev: FnEvent): boolean {
  const n = ev.node;
  return !!(get(n, 'deadLetterQueueArn') || get(n, 'redrivePolicy') || get(n, 'DeadLetterConfig') || get(n, 'RedrivePolicy'));
}

export default defineRule({
  meta: {
    id: 'cost/async-no-failure-destination',
    description: 'Require an on-failure destination or dead-letter queue on asynchronously invoked functions',
    severity: 'note',
    recommended: false,
    messages: {
      none: 'Function "{{fn}}" is invoked asynchronously by {{trigger}} with no on-failure destination or dead-letter queue: a failing event is retried twice, billed each time, then dropped without a trace',
    },
    tags: ['cost', 'reliability'],
    platforms: ['aws'],
  },
  create(ctx) {
    return {
      function(fn) {
        if (fn.platform !== 'aws' || !fn.cost || fn.cost.onFailure) return;
        if (fn.cost.maxRetries && numberOf(fn.cost.maxRetries) === 0) return; // retries turned off on purpose
        const ev = fn.events.find((e) => ASYNC[e.service] && !eventHandlesFailure(e));
        if (!ev) return;
        ctx.report({ at: missingAt(fn), messageId: 'none', data: { fn: fn.name, trigger: ASYNC[ev.service]! } });
      },
    };
  },
});

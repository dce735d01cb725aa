import { defineRule, numberOf } from '../../_api.js';

/** Default batch sizes of event source mappings. */
const DEFAULT_BATCH: Record<string, number> = { sqs: 10, stream: 100 };

export default defineRule({
  meta: {
    id: 'cost/sqs-batching',
    description: 'Disallow queue and stream event sources that invoke once per message, or retry a whole batch for one failure',
    severity: 'warning',
    recommended: false,
    messages: {
      batchOne:
        'Function "{{fn}}" receives its queue one message per invocation (batch size 1, no batching window): each message is a billed invocation; a larger batch or a `{{window}}` cuts invocations',
      noItemFailures:
        'Function "{{fn}}" receives batches of up to {{size}} {{what}} without `ReportBatchItemFailures`: one failed record makes the whole batch retry, re-processing (and billing) the records that succeeded',
    },
    tags: ['cost', 'reliability'],
    platforms: ['aws'],
  },
  create(ctx) {
    return {
      event(ev) {
        if ((ev.service !== 'sqs' && ev.service !== 'stream') || !ev.cost || ev.fn.platform !== 'aws') return;
        const c = ev.cost;
        const size = c.batchSize ? numberOf(c.batchSize) : DEFAULT_BATCH[ev.service]!;
        if (size === undefined) return;
        const window = c.batchWindow ? numberOf(c.batchWindow) : 0;
        const template = ev.fn.origin !== 'serverless';
        if (ev.service === 'sqs' && size === 1 && window === 0) {
          ctx.report({
            at: c.batchSize ?? ev.loc,
            messageId: 'batchOne',
            data: { fn: ev.fn.name, window: template ? 'MaximumBatchingWindowInSeconds' : 'maximumBatchingWindow' },
          });
          return;
        }
        if (size > 1 && c.reportsItemFailures === false)
          ctx.report({
            at: c.batchSize ?? ev.loc,
            messageId: 'noItemFailures',
            data: { fn: ev.fn.name, size, what: ev.service === 'sqs' ? 'messages' : 'records' },
          });
      },
    };
  },
});

import { defineRule, get, numberOf, str, triggerResource } from '../../_api.js';
import type { Resource } from '../../_api.js';
import { timeoutSeconds } from '../../_shared/cost.js';

/** SQS's default visibility timeout (s). */
const DEFAULT_VISIBILITY = 30;

export default defineRule({
  meta: {
    id: 'cost/sqs-visibility-timeout',
    description: "Disallow SQS event sources whose queue's visibility timeout is less than six times the function timeout",
    severity: 'warning',
    recommended: true,
    messages: {
      short:
        'Queue "{{queue}}" has a visibility timeout of {{visibility}} s{{defaulted}}, less than 6 × the {{timeout}} s timeout of function "{{fn}}" ({{needed}} s): a message still being processed, retried or throttled becomes visible again and is processed (and billed) twice',
    },
    tags: ['cost', 'reliability'],
    platforms: ['aws'],
  },
  create(ctx) {
    return {
      event(ev) {
        if (ev.service !== 'sqs' || ev.fn.platform !== 'aws') return;
        const src = triggerResource(ev);
        if (!src) return;
        const queue = ev.fn.app.resources.find(
          (r: Resource) =>
            r.type === 'AWS::SQS::Queue' && (src.ids.includes(r.id) || src.names.includes(str(get(r.properties, 'QueueName')) ?? '\0')),
        );
        if (!queue) return; // a queue outside the template: its setting is not known
        const t = timeoutSeconds(ev.fn);
        if (t === undefined) return;
        const vNode = get(queue.properties, 'VisibilityTimeout');
        const visibility = vNode ? numberOf(vNode.kind === 'scalar' ? { kind: 'literal', value: vNode.value } : null) : DEFAULT_VISIBILITY;
        if (visibility === undefined || visibility >= 6 * t) return;
        ctx.report({
          at: vNode ?? ev.loc,
          messageId: 'short',
          data: {
            queue: str(get(queue.properties, 'QueueName')) ?? queue.id,
            visibility,
            defaulted: vNode ? '' : ' (the default)',
            timeout: t,
            fn: ev.fn.name,
            needed: 6 * t,
          },
          related: vNode ? [{ at: ev.loc, message: 'the event source' }] : [{ at: queue.typeLoc, message: 'the queue' }],
        });
      },
    };
  },
});

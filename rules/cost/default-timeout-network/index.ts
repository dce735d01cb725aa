import { defineRule, NETWORK_PACKAGES } from '../../_api.js';
import { importedPackage, missingAt, timeoutSeconds } from '../../_shared/cost.js';

/** Triggers that retry a failed invocation: queues and streams (until the record expires), asynchronous services (twice). */
const RETRYING = new Set(['queue', 'stream', 'storage']);
const ASYNC_SERVICES = new Set(['sns', 'eventBridge', 'cloudwatchEvent', 'iot']);

export default defineRule({
  meta: {
    id: 'cost/default-timeout-network',
    description: 'Require an explicit timeout on functions whose code calls the network',
    severity: 'note',
    recommended: false,
    messages: {
      defaultTimeout:
        'Function "{{fn}}" calls the network ({{pkg}}) with the default timeout of {{seconds}} s: a slow dependency makes it time out; set a timeout sized to its calls (and time-limit the calls themselves)',
      retried:
        'Function "{{fn}}" calls the network ({{pkg}}) with the default timeout of {{seconds}} s and is invoked by {{trigger}}, which retries it: a slow dependency makes it time out, and each retry is billed again; set a timeout sized to its calls',
    },
    tags: ['cost', 'reliability'],
    platforms: ['aws'],
  },
  create(ctx) {
    return {
      function(fn) {
        if (fn.timeout || fn.platform !== 'aws') return;
        const net = importedPackage(ctx.project, fn, NETWORK_PACKAGES);
        if (!net) return;
        const retrying = fn.events.find((e) => RETRYING.has(e.category) || ASYNC_SERVICES.has(e.service));
        ctx.report({
          at: missingAt(fn),
          messageId: retrying ? 'retried' : 'defaultTimeout',
          data: { fn: fn.name, pkg: net.pkg, seconds: timeoutSeconds(fn) ?? '', trigger: retrying ? `${retrying.raw}` : '' },
          related: [{ at: net.loc, message: 'the network client' }],
        });
      },
    };
  },
});

import { defineRule, NETWORK_PACKAGES } from '../../_api.js';
import { importedPackage, missingAt, timeoutSeconds } from '../../_shared/cost.js';

export default defineRule({
  meta: {
    id: 'cost/default-timeout-network',
    description: 'Require an explicit timeout on functions whose code calls the network',
    severity: 'note',
    recommended: false,
    messages: {
      defaultTimeout:
        'Function "{{fn}}" calls the network ({{pkg}}) with the default timeout of {{seconds}} s: a slow dependency makes it time out, and queue, stream and async triggers retry it, billed each time; set a timeout sized to its calls (and time-limit the calls themselves)',
    },
    options: {},
    defaultOptions: {},
    tags: ['cost', 'reliability'],
    platforms: ['aws'],
    requires: [],
    defersTo: [],
    coveredBy: [],
  },
  create(ctx) {
    return {
      function(fn) {
        if (fn.timeout || fn.platform !== 'aws') return;
        const net = importedPackage(ctx.project, fn, NETWORK_PACKAGES);
        if (!net) return;
        ctx.report({
          at: missingAt(fn),
          messageId: 'defaultTimeout',
          data: { fn: fn.name, pkg: net.pkg, seconds: timeoutSeconds(fn) ?? '' },
          related: [{ at: net.loc, message: 'the network client' }],
        });
      },
    };
  },
});

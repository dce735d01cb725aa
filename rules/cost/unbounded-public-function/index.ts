import { defineRule } from '../../_api.js';
import { missingAt } from '../../_shared/cost.js';

export default defineRule({
  meta: {
    id: 'cost/unbounded-public-function',
    description: 'Require reserved concurrency on functions anyone on the internet can invoke',
    severity: 'note',
    recommended: false,
    messages: {
      unbounded:
        'Function "{{fn}}" is public ({{route}}, no authentication) and has no reserved concurrency: a flood of requests scales it to the account limit, billed per invocation, and starves every other function of the account; set {{setting}}',
    },
    tags: ['cost', 'availability'],
    platforms: ['aws'],
  },
  create(ctx) {
    return {
      function(fn) {
        if (fn.platform !== 'aws' || fn.reservedConcurrency) return;
        const ev = fn.events.find((e) => e.category === 'http' && e.auth === 'none');
        if (!ev) return;
        const method = ev.method?.kind === 'literal' ? String(ev.method.value) : '';
        const path = ev.path?.kind === 'literal' ? String(ev.path.value) : '';
        const route =
          ev.service === 'url' ? 'a function URL' : `${ev.raw}${method || path ? ` ${[method, path].filter(Boolean).join(' ')}` : ''}`;
        ctx.report({
          at: missingAt(fn),
          messageId: 'unbounded',
          data: {
            fn: fn.name,
            route,
            setting: fn.origin === 'serverless' ? '`reservedConcurrency`' : '`ReservedConcurrentExecutions`',
          },
          related: [{ at: ev.loc, message: 'the public trigger' }],
        });
      },
    };
  },
});

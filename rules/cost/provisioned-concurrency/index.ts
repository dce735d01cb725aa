import { defineRule } from '../../_api.js';

export default defineRule({
  meta: {
    id: 'cost/provisioned-concurrency',
    description: 'Report provisioned concurrency, an always-on cost, with its monthly figure',
    severity: 'note',
    recommended: false,
    messages: {
      alwaysOn:
        'Function "{{fn}}" keeps {{count}} execution environment(s) of {{memory}} MB ({{arch}}) provisioned: about ${{usd}} a month before any request ({{arithmetic}}; {{region}} prices of {{date}})',
    },
    tags: ['cost'],
    platforms: ['aws'],
    requires: ['cost'],
  },
  create(ctx) {
    return {
      function(fn) {
        const pc = fn.cost?.provisionedConcurrency;
        if (!pc || fn.platform !== 'aws') return;
        const cost = ctx.analysis('cost');
        const e = cost.estimate(fn);
        const line = e.lines.find((l) => l.item === 'provisioned');
        if (!line) return; // a count given by reference: nothing to say
        ctx.report({
          at: pc,
          messageId: 'alwaysOn',
          data: {
            fn: fn.name,
            count: pc.kind === 'literal' ? String(pc.value) : pc.text,
            memory: e.memoryMb,
            arch: e.architecture,
            usd: line.usd.toFixed(2),
            arithmetic: line.arithmetic,
            region: e.region,
            date: line.price.checked,
          },
        });
      },
    };
  },
});

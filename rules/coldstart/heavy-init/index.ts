import { defineRule, type FnInitCost } from '../../_api.js';
import { sizeText } from '../../_shared/coldstart.js';

export default defineRule({
  meta: {
    id: 'coldstart/heavy-init',
    description: 'Disallow functions that load more than a budget of JavaScript at init (1 MB minified by default)',
    severity: 'warning',
    recommended: true,
    messages: {
      heavy: 'Function "{{fn}}" loads {{bytes}} of minified JavaScript at init, over the budget of {{max}}{{runtime}}; most of it: {{top}}',
      atLeast:
        'Function "{{fn}}" loads at least {{bytes}} of minified JavaScript at init, over the budget of {{max}}, before the packages not installed ({{unknown}}); most of it: {{top}}',
    },
    options: {
      type: 'object',
      properties: {
        maxInitBytes: { type: 'integer', minimum: 1, description: 'Largest minified bundle (bytes) a function may load at init' },
        countRuntimeProvided: {
          type: 'boolean',
          description:
            'Count what the Lambda runtime provides from disk (AWS SDK v3 on nodejs18.x+): it is loaded at init though not shipped',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { maxInitBytes: 1024 * 1024, countRuntimeProvided: true },
    precision: 'high',
    tags: ['coldstart', 'performance'],
    requires: ['coldstart'],
  },
  create(ctx) {
    return {
      function(fn) {
        const cs = ctx.analysis('coldstart');
        // a function whose bytes cannot reach the budget (own code only, far under it) is not bundled
        const most = cs.initBytesAtMost(fn);
        if (most !== undefined && most <= ctx.options.maxInitBytes) return;
        const cost = cs.cost(fn);
        const at = fn.entry?.text.loc;
        if (!cost?.measured || !at) return;
        const discount = ctx.options.countRuntimeProvided ? 0 : cost.runtimeBytes;
        const bytes = cost.knownBytes - discount;
        if (bytes <= ctx.options.maxInitBytes) return;
        const data = {
          fn: fn.name,
          bytes: sizeText(bytes),
          max: sizeText(ctx.options.maxInitBytes),
          top: topContributors(cost, ctx.options.countRuntimeProvided),
          runtime:
            cost.runtimeBytes && ctx.options.countRuntimeProvided
              ? `, ${sizeText(cost.runtimeBytes)} of it from the runtime's AWS SDK v3`
              : '',
          unknown: cost.unknownPackages.join(', '),
        };
        ctx.report({ at, messageId: cost.initBytes === null ? 'atLeast' : 'heavy', data });
      },
    };
  },
});

/** The three largest contributors, with the import that pulls each in: `aws-sdk 1.2 MB (src/lib/db.ts:3)`. */
function topContributors(cost: FnInitCost, withRuntime: boolean): string {
  const parts: { name: string; bytes: number; where?: string }[] = cost.packages
    .filter((p) => p.bytes !== null && (withRuntime || !p.runtimeProvided))
    .map((p) => ({ name: p.name, bytes: p.bytes!, ...(p.via ? { where: `${p.via.file}:${p.via.line}` } : {}) }));
  parts.push({ name: 'own code', bytes: cost.ownBytes });
  parts.sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
  const total = cost.knownBytes || 1;
  return parts
    .slice(0, 3)
    .map((p) => `${p.name} ${sizeText(p.bytes)} (${Math.round((100 * p.bytes) / total)}%${p.where ? `, ${p.where}` : ''})`)
    .join(', ');
}

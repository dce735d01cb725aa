import { defineRule } from '../../_api.js';

export default defineRule({
  meta: {
    id: 'gcp/max-instances',
    description: 'Require maxInstances on public HTTPS functions',
    severity: 'warning',
    recommended: true,
    messages: {
      missing:
        'Public HTTPS function "{{fn}}" sets no maxInstances, so a flood of requests scales it to the platform limit ({{limit}}) and the bill with it; set `maxInstances` (`--max-instances`, or `setGlobalOptions({ maxInstances })`) to what the function needs',
    },
    tags: ['cost', 'CWE-770'],
    platforms: ['gcp'],
  },
  create(ctx) {
    return {
      event(e) {
        if (e.service !== 'gcpHttp' || e.auth !== 'none') return;
        const facts = e.fn.gcp;
        if (!facts || facts.maxInstances) return;
        const limit =
          facts.generation === 1
            ? '3,000 instances for 1st gen'
            : facts.generation === 2
              ? '100 instances for 2nd gen by default'
              : 'the default maximum';
        ctx.report({ at: { loc: facts.keyLoc }, messageId: 'missing', data: { fn: e.fn.name, limit } });
      },
    };
  },
});

// A rule to copy: `cp -r rules/_template rules/<family>/<name>`, set `meta.id` to `<family>/<name>`,
// register it in rules/index.ts (sorted by id) and run `npm run readme`. Folders starting with `_`
// are skipped by the registry and the meta-tests.
import { defineRule, get } from '../_api.js';

export default defineRule({
  meta: {
    id: 'iam/template-rule',
    description: 'Disallow functions whose memory size is above a limit',
    severity: 'warning',
    recommended: false,
    messages: {
      // message ids are checked by the compiler: ctx.report({ messageId: 'tooMuch' }) only
      tooMuch: 'Function "{{name}}" asks for {{size}} MB, more than the limit of {{max}} MB',
    },
    options: {
      type: 'object',
      properties: { max: { type: 'integer', minimum: 128, description: 'Largest memory size allowed (MB)' } },
      additionalProperties: false,
    },
    // the type of ctx.options comes from here; the engine merges the configured options over it
    defaultOptions: { max: 3008 },
    tags: ['cost'],
    platforms: ['aws'],
    requires: [],
    // rules that report the same thing better: this rule's finding is dropped where one of them,
    // when active, reports at the same region
    defersTo: [],
    // rules that report part of what this one would (or the same fact elsewhere): ask
    // ctx.isActive(id) and leave that part out while the other rule is on
    coveredBy: [],
  },
  create(ctx) {
    return {
      function(fn) {
        const node = get(fn.node, 'MemorySize') ?? get(fn.node, 'memorySize');
        const size = node?.kind === 'scalar' ? Number(node.value) : NaN;
        if (!node || !Number.isFinite(size) || size <= ctx.options.max) return;
        ctx.report({ at: node, messageId: 'tooMuch', data: { name: fn.name, size, max: ctx.options.max } });
      },
    };
  },
});

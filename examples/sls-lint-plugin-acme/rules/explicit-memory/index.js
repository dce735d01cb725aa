import { defineRule } from 'sls-lint';
import { readme } from '../readme.js';

/** acme/explicit-memory: every function sets its memory size, within the team's bounds. */
export default defineRule({
  meta: {
    id: 'acme/explicit-memory',
    description: 'Require every function to set its memory size, within the bounds the platform team allows',
    severity: 'warning',
    recommended: true,
    messages: {
      missing: 'Function "{{name}}" does not set its memory size; the default ({{fallback}} MB) is rarely right',
      outOfBounds: 'Function "{{name}}" sets {{memory}} MB; acme allows {{min}} to {{max}} MB',
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: { min: { type: 'number', minimum: 128 }, max: { type: 'number', maximum: 10240 } },
    },
    defaultOptions: { min: 128, max: 3008 },
    tags: ['cost', 'acme'],
    platforms: ['aws'],
    docs: { markdown: readme(import.meta.url), url: 'https://github.com/sls-lint/sls-lint/tree/main/examples/sls-lint-plugin-acme/rules/explicit-memory' },
  },
  create(ctx) {
    return {
      function(fn) {
        const m = fn.memory;
        if (!m) {
          ctx.report({ at: fn.loc, messageId: 'missing', data: { name: fn.name, fallback: fn.origin === 'serverless' ? 1024 : 128 } });
          return;
        }
        // a reference (`${ssm:…}`, `!Ref Size`) is not known: nothing is guessed
        if (m.kind !== 'literal') return;
        const mb = Number(m.value);
        if (!Number.isFinite(mb)) return;
        if (mb < ctx.options.min || mb > ctx.options.max)
          ctx.report({ at: m, messageId: 'outOfBounds', data: { name: fn.name, memory: mb, min: ctx.options.min, max: ctx.options.max } });
      },
    };
  },
});

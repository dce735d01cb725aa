import { defineRule } from 'sls-lint';
import { readme } from '../readme.js';

/** acme/handler-under-src: a function's handler code lives under one of the team's source folders. */
export default defineRule({
  meta: {
    id: 'acme/handler-under-src',
    description: "Require every function's handler file to be under the team's source folders",
    severity: 'error',
    recommended: true,
    messages: {
      outside: 'The handler of "{{name}}" is {{file}}, outside {{dirs}}; acme keeps function code under its source folders',
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: { dirs: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 } },
    },
    defaultOptions: { dirs: ['src'] },
    tags: ['maintainability', 'acme'],
    docs: { markdown: readme(import.meta.url) },
  },
  create(ctx) {
    const dirs = ctx.options.dirs.map((d) => d.replace(/\/+$/, ''));
    return {
      function(fn) {
        // only a handler found on disk is judged: an unresolved one is already a notice
        const file = fn.entry?.file;
        if (!file) return;
        const appDir = fn.app.dir ? `${fn.app.dir}/` : '';
        const rel = file.startsWith(appDir) ? file.slice(appDir.length) : file;
        if (dirs.some((d) => rel.startsWith(`${d}/`))) return;
        ctx.report({ at: fn.entry.text, messageId: 'outside', data: { name: fn.name, file: rel, dirs: dirs.join(', ') } });
      },
    };
  },
});

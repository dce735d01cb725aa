import { defineRule, LAMBDA_LIMITS, numberOf } from '../../_api.js';

export default defineRule({
  meta: {
    id: 'cost/memory-size',
    description: 'Disallow memory sizes above a limit (3,008 MB) without a stated reason, and the 10,240 MB maximum',
    severity: 'warning',
    recommended: false,
    messages: {
      maximum:
        'Function "{{fn}}" asks for the maximum memory ({{size}} MB): every millisecond is billed at 10 GB; measure (AWS Lambda Power Tuning) and size it to what it uses',
      large:
        'Function "{{fn}}" asks for {{size}} MB, above {{max}} MB, with no stated reason: each GB-second is billed by the memory configured; say why in a comment on the line, or size it down',
    },
    options: {
      type: 'object',
      properties: { max: { type: 'integer', minimum: 128, description: 'Largest memory size (MB) allowed without a comment on its line' } },
      additionalProperties: false,
    },
    defaultOptions: { max: 3008 },
    tags: ['cost'],
    platforms: ['aws'],
  },
  create(ctx) {
    const reported = new Set<string>();
    return {
      function(fn) {
        const v = fn.memory;
        const size = numberOf(v);
        if (!v || size === undefined || fn.platform !== 'aws') return;
        const key = `${v.loc.file}:${v.loc.line}:${v.loc.column}`;
        if (reported.has(key)) return; // a provider or Globals setting: once
        if (size >= LAMBDA_LIMITS.maxMemoryMb) {
          reported.add(key);
          ctx.report({ at: v, messageId: 'maximum', data: { fn: fn.name, size } });
          return;
        }
        if (size <= ctx.options.max) return;
        // a comment on the line (or the line above) is the stated reason
        const c = ctx.project.files.get(v.loc.file)?.comments;
        if ([v.loc.line, v.loc.line - 1].some((l) => isReason(c?.get(l)))) return;
        reported.add(key);
        ctx.report({ at: v, messageId: 'large', data: { fn: fn.name, size, max: ctx.options.max } });
      },
    };
  },
});

/** A comment that says something (a suppression directive or a test annotation is no reason). */
function isReason(comment: string | undefined): boolean {
  if (!comment) return false;
  const t = comment.replace(/^\s*(#|\/\/)?\s*/, '');
  return !!t && !/^(sls-lint-|expect:|todo-expect:|todo-ok:)/.test(t);
}

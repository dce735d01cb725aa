import { defineRule, LAMBDA_LIMITS, numberOf, sizeText } from '../../_api.js';

export default defineRule({
  meta: {
    id: 'coldstart/small-memory-heavy-init',
    description: 'Disallow a small memory size (256 MB or less) for a function that loads more than the init budget at its cold start',
    severity: 'warning',
    recommended: true,
    messages: {
      small:
        'Function "{{fn}}" has {{memory}} MB{{how}} and loads {{bytes}} of JavaScript at init (over {{max}}): Lambda gives CPU in proportion to memory, so its init runs on a fraction of a vCPU and every cold start is slower; raise the memory (1024 MB gets more than twice the CPU of 256 MB) or load less at init',
    },
    options: {
      type: 'object',
      properties: {
        maxMemoryMb: { type: 'integer', minimum: 128, description: 'Memory sizes up to this (MB) count as small' },
        maxInitBytes: { type: 'integer', minimum: 1, description: 'Init bytes (minified) over which a small memory size is reported' },
      },
      additionalProperties: false,
    },
    defaultOptions: { maxMemoryMb: 256, maxInitBytes: 1024 * 1024 },
    precision: 'high',
    tags: ['coldstart', 'performance'],
    platforms: ['aws'],
    requires: ['coldstart'],
  },
  create(ctx) {
    return {
      project() {
        const cs = ctx.analysis('coldstart');
        for (const fn of cs.functions()) {
          if (fn.platform !== 'aws') continue;
          // a memory size written as a reference is not known; none written is the platform's default
          const written = numberOf(fn.memory);
          if (fn.memory && written === undefined) continue;
          const memory = written ?? (fn.origin === 'serverless' ? LAMBDA_LIMITS.serverlessDefaultMemoryMb : LAMBDA_LIMITS.defaultMemoryMb);
          if (memory > ctx.options.maxMemoryMb) continue;
          const most = cs.initBytesAtMost(fn);
          if (most !== undefined && most <= ctx.options.maxInitBytes) continue;
          const bytes = cs.cost(fn)?.initBytes;
          // not measured, or a package missing: the bytes are not known
          if (bytes === null || bytes === undefined || bytes <= ctx.options.maxInitBytes) continue;
          const at = fn.memory?.loc ?? fn.cost?.keyLoc ?? fn.entry?.text.loc;
          if (!at) continue;
          ctx.report({
            at,
            messageId: 'small',
            data: {
              fn: fn.name,
              memory,
              how: fn.memory ? '' : ' (the default: no memory size is set)',
              bytes: sizeText(bytes),
              max: sizeText(ctx.options.maxInitBytes),
            },
          });
        }
      },
    };
  },
});

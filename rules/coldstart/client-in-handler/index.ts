import { defineRule, type Fn, type InvocationClient } from '../../_api.js';
import { functionNames } from '../../_shared/coldstart.js';

export default defineRule({
  meta: {
    id: 'coldstart/client-in-handler',
    description:
      'Disallow SDK clients and database connections created on every invocation (in the handler or a function it calls) instead of once at module scope',
    severity: 'warning',
    recommended: true,
    messages: {
      inHandler:
        '`{{what}}` is created in the handler `{{where}}` on every invocation of {{functions}}: warm invocations cannot reuse it{{why}}; create it once at module scope (or keep it in a module-level variable)',
      inCallee:
        '`{{what}}` is created in `{{where}}`, which the handler of {{functions}} calls on every invocation: warm invocations cannot reuse it{{why}}; create it once at module scope (or keep it in a module-level variable)',
    },
    options: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    precision: 'high',
    tags: ['coldstart', 'performance'],
    requires: ['coldstart'],
  },
  create(ctx) {
    return {
      project() {
        const cs = ctx.analysis('coldstart');
        const bySite = new Map<string, { c: InvocationClient; fns: Fn[] }>();
        for (const fn of cs.functions())
          for (const c of cs.clientsPerInvocation(fn)) {
            const key = `${c.site.file}\0${c.site.pos}`;
            const had = bySite.get(key);
            if (had) {
              had.fns.push(fn);
              had.c.inHandler ||= c.inHandler;
            } else bySite.set(key, { c: { ...c }, fns: [fn] });
          }
        for (const { c, fns } of bySite.values())
          ctx.report({
            at: c.site.loc,
            messageId: c.inHandler ? 'inHandler' : 'inCallee',
            data: {
              what: c.site.what,
              where: c.site.inFunction ?? 'an anonymous function',
              functions: functionNames(fns),
              why: c.site.kind === 'db' ? ' and each one opens new connections' : '',
            },
          });
      },
    };
  },
});

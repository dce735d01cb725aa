import { defineRule, type Fn } from '../../_api.js';
import { functionList, LAYOUT_OPTIONS, type LayoutOptions } from '../../_shared/lockin.js';

export default defineRule({
  meta: {
    id: 'lockin/event-beyond-handler',
    description: 'Disallow passing the provider event object beyond the handler to another module',
    severity: 'note',
    recommended: false,
    messages: {
      passed:
        '`{{source}}` of {{functions}} is passed to `{{callee}}` in {{target}}; translate the event into plain data in the handler, so {{target}} does not depend on the provider event shape',
    },
    options: { type: 'object', properties: LAYOUT_OPTIONS, additionalProperties: false },
    defaultOptions: {} as LayoutOptions,
    precision: 'high',
    tags: ['lockin', 'portability'],
    requires: ['lockin'],
  },
  create(ctx) {
    return {
      project() {
        const inv = ctx.analysis('lockin');
        const layout = inv.layout(ctx.options);
        // one finding per call and event path, naming every function whose handler makes it
        const found = new Map<string, { fns: Fn[]; c: ReturnType<typeof inv.eventCrossings>[number] }>();
        for (const fn of inv.functions())
          for (const c of inv.eventCrossings(fn)) {
            const target = inv.file(c.target);
            if (!target || layout.isAdapter(target)) continue;
            const key = `${c.loc.file}:${c.loc.line}:${c.loc.column}:${c.source}`;
            const seen = found.get(key);
            if (seen) seen.fns.push(fn);
            else found.set(key, { fns: [fn], c });
          }
        for (const { fns, c } of found.values())
          ctx.report({
            at: c.loc,
            messageId: 'passed',
            data: { source: c.source, functions: functionList(fns), callee: c.callee, target: c.target },
            entity: `lockin-event:${c.target}:${c.callee}:${c.source}`,
            flow: c.steps.map((s) => ({ at: s.loc, message: s.message })),
          });
      },
    };
  },
});

import { defineRule, literalString, scheduleRate } from '../../_api.js';

export default defineRule({
  meta: {
    id: 'cost/schedule-frequency',
    description: 'Disallow schedules that run a function more often than a floor (every minute by default)',
    severity: 'warning',
    recommended: false,
    messages: {
      tooOften:
        'Function "{{fn}}" runs every {{every}} ({{expr}}), {{perMonth}} invocations a month; the floor is {{floor}} minute(s): a less frequent schedule, or an event when something changes, costs less',
    },
    options: {
      type: 'object',
      properties: { minIntervalMinutes: { type: 'integer', minimum: 1, description: 'Shortest interval allowed between runs (minutes)' } },
      additionalProperties: false,
    },
    defaultOptions: { minIntervalMinutes: 2 },
    tags: ['cost'],
    platforms: ['aws'],
  },
  create(ctx) {
    return {
      event(ev) {
        if (!ev.cost?.schedules || ev.cost.disabled || ev.fn.platform !== 'aws') return;
        for (const s of ev.cost.schedules) {
          const text = literalString(s);
          const r = text === undefined ? undefined : scheduleRate(text);
          if (!r || r.minIntervalMinutes >= ctx.options.minIntervalMinutes) continue;
          ctx.report({
            at: s,
            messageId: 'tooOften',
            data: {
              fn: ev.fn.name,
              every: r.minIntervalMinutes === 1 ? 'minute' : `${r.minIntervalMinutes} minutes`,
              expr: text!,
              perMonth: Math.round(r.perMonth),
              floor: ctx.options.minIntervalMinutes,
            },
          });
        }
      },
    };
  },
});

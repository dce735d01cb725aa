import { daysBetween, defineRule, deprecatedRuntime, literalString, type Fn, type Loc } from '../../_api.js';
import { functionNames } from '../../_shared/coldstart.js';

export default defineRule({
  meta: {
    id: 'coldstart/eol-runtime',
    description: 'Disallow AWS Lambda runtimes that are deprecated (end of life) or will be soon',
    severity: 'warning',
    recommended: true,
    messages: {
      deprecated:
        '`{{runtime}}` ({{functions}}) has been deprecated by AWS Lambda since {{date}}: it gets no security patches, and Lambda blocks creating and then updating functions on it; move to `{{instead}}`',
      soon: '`{{runtime}}` ({{functions}}) will be deprecated by AWS Lambda on {{date}}, in {{days}} days: it then gets no security patches; move to `{{instead}}`',
    },
    options: {
      type: 'object',
      properties: {
        warnDaysBefore: {
          type: 'integer',
          minimum: 0,
          description: 'Report a runtime this many days before its deprecation date (0: only once deprecated)',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { warnDaysBefore: 90 },
    precision: 'high',
    tags: ['coldstart', 'security', 'maintenance'],
    platforms: ['aws'],
    requires: [],
  },
  create(ctx) {
    // the run's date (the command sets it; a config may pin it): without one, dates cannot be compared
    const today = typeof ctx.settings.today === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(ctx.settings.today) ? ctx.settings.today : undefined;
    return {
      project(p) {
        if (!today) return;
        // one finding where the runtime is written (a provider's or Globals' runtime names every function using it)
        const sites = new Map<string, { loc: Loc; runtime: string; fns: Fn[] }>();
        for (const fn of p.apps.flatMap((a) => a.functions)) {
          if (fn.platform !== 'aws' || !fn.runtime) continue;
          const runtime = literalString(fn.runtime);
          if (runtime === undefined || !deprecatedRuntime(runtime)) continue;
          const l = fn.runtime.loc;
          const key = `${l.file}:${l.line}:${l.column}`;
          const site = sites.get(key);
          if (site) site.fns.push(fn);
          else sites.set(key, { loc: l, runtime, fns: [fn] });
        }
        for (const { loc, runtime, fns } of sites.values()) {
          const d = deprecatedRuntime(runtime)!;
          const days = daysBetween(today, d.deprecated);
          if (!Number.isFinite(days) || days > ctx.options.warnDaysBefore) continue;
          ctx.report({
            at: loc,
            messageId: days <= 0 ? 'deprecated' : 'soon',
            data: { runtime, functions: functionNames(fns), date: d.deprecated, instead: d.instead, days },
          });
        }
      },
    };
  },
});

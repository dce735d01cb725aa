import { defineRule, get, literalString, valueOf } from '../../_api.js';
import type { App } from '../../_api.js';

const LEVEL_NAME = /^(LOG_?LEVEL|[A-Z0-9_]+_LOG_LEVEL|LOGGER_LEVEL|AWS_LAMBDA_LOG_LEVEL)$/i;
const DEBUG_LEVEL = /^(debug|trace|verbose|silly|all)$/i;

export default defineRule({
  meta: {
    id: 'cost/debug-logging',
    description: 'Disallow debug-level logging settings outside development stages',
    severity: 'warning',
    recommended: false,
    messages: {
      debug:
        '{{what}} sets {{level}} logging{{where}}: every invocation writes debug lines, billed at CloudWatch Logs ingestion (about $0.50 per GB); keep debug to development stages',
    },
    options: {
      type: 'object',
      properties: {
        devStages: { type: 'array', items: { type: 'string' }, description: 'Stages where debug logging is fine' },
      },
      additionalProperties: false,
    },
    defaultOptions: { devStages: ['dev', 'develop', 'development', 'local', 'test', 'testing', 'sandbox'] },
    tags: ['cost'],
    platforms: ['aws'],
  },
  create(ctx) {
    /** serverless: the stage when it is not a development one; templates have no stage (what is written is deployed) */
    const nonDev = (app: App): string | undefined | false => {
      if (app.origin !== 'serverless') return undefined;
      // `--stage`, else the manifest's `provider.stage` (the run's stage is 'dev' unless given)
      const run = app.serverless?.stage ?? 'dev';
      const stage = run !== 'dev' ? run : (literalString(valueOf(get(app.serverless?.provider, 'stage'))) ?? run);
      return ctx.options.devStages.includes(stage) ? false : stage;
    };
    return {
      envVar(e) {
        const stage = nonDev(e.app);
        if (stage === false || !('kind' in e.value) || e.value.kind !== 'literal') return;
        const value = literalString(e.value);
        if (value === undefined) return;
        const debug = LEVEL_NAME.test(e.name)
          ? DEBUG_LEVEL.test(value.trim())
          : e.name === 'DEBUG' && /^(\*|true|1|.*:\*)$/i.test(value.trim());
        if (!debug) return;
        ctx.report({
          at: e.value.loc,
          messageId: 'debug',
          data: { what: `Environment variable ${e.name}`, level: value, where: stage ? ` in stage "${stage}"` : '' },
        });
      },
      function(fn) {
        if (fn.origin === 'serverless' || fn.platform !== 'aws') return;
        const lvl = get(fn.node, 'LoggingConfig', 'ApplicationLogLevel');
        const value = lvl?.kind === 'scalar' ? lvl.value : undefined;
        if (typeof value !== 'string' || !DEBUG_LEVEL.test(value)) return;
        ctx.report({ at: lvl!.loc, messageId: 'debug', data: { what: `LoggingConfig of function "${fn.name}"`, level: value, where: '' } });
      },
    };
  },
});

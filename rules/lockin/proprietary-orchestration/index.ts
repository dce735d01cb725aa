import { defineRule, get, isMap, LOCKIN_SERVICES } from '../../_api.js';

/** Resource types whose definition is a provider's own orchestration language, by service id. */
const ORCHESTRATION: Readonly<Record<string, string>> = {
  'AWS::StepFunctions::StateMachine': 'sfn',
  'AWS::Serverless::StateMachine': 'sfn',
  'AWS::Pipes::Pipe': 'pipes',
};

export default defineRule({
  meta: {
    id: 'lockin/proprietary-orchestration',
    description: 'Report workflows written in a provider-only orchestration language (Step Functions, EventBridge Pipes)',
    severity: 'note',
    recommended: false,
    messages: {
      orchestration:
        '{{service}} `{{name}}` is {{klass}}: its definition runs on no other platform; keep each step in a plain function and the definition thin, so moving means rewriting only the wiring ({{alternatives}})',
    },
    precision: 'high',
    tags: ['lockin', 'portability'],
    platforms: ['aws'],
    requires: [],
  },
  create(ctx) {
    const report = (at: { loc: import('../../_api.js').Loc }, id: string, name: string) => {
      const s = LOCKIN_SERVICES[id]!;
      ctx.report({
        at,
        messageId: 'orchestration',
        data: { service: s.name, name, klass: s.class, alternatives: s.alternatives },
        entity: `lockin-orchestration:${name}`,
      });
    };
    return {
      resource(r) {
        const id = Object.hasOwn(ORCHESTRATION, r.type) ? ORCHESTRATION[r.type] : undefined;
        if (id) report({ loc: r.typeLoc }, id, r.id);
      },
      app(app) {
        // serverless-step-functions: `stepFunctions.stateMachines.<name>`
        const machines = get(app.root, 'stepFunctions', 'stateMachines');
        if (app.origin !== 'serverless' || !isMap(machines)) return;
        for (const e of machines.entries) report({ loc: e.keyLoc }, 'sfn', e.key);
      },
    };
  },
});

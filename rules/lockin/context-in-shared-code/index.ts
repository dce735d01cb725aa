import { defineRule } from '../../_api.js';
import { functionList, LAYOUT_OPTIONS, type LayoutOptions } from '../../_shared/lockin.js';

export default defineRule({
  meta: {
    id: 'lockin/context-in-shared-code',
    description: 'Disallow the Lambda context API in domain code and in modules shared by several handlers',
    severity: 'note',
    recommended: false,
    messages: {
      context:
        '`{{api}}` of the Lambda context is used in a {{where}} reached from {{functions}}; read it in the handler and pass the value as a plain argument',
    },
    options: { type: 'object', properties: LAYOUT_OPTIONS, additionalProperties: false },
    defaultOptions: {} as LayoutOptions,
    precision: 'high',
    tags: ['lockin', 'portability'],
    platforms: ['aws'],
    requires: ['lockin'],
  },
  create(ctx) {
    return {
      sourceFile(sf) {
        const inv = ctx.analysis('lockin');
        const role = inv.layout(ctx.options).role(sf);
        if (role !== 'domain' && role !== 'shared') return;
        const uses = inv.fileFacts(sf).contextUses;
        if (!uses.length) return;
        const functions = functionList(inv.functionsReaching(sf));
        const where = role === 'domain' ? 'domain module' : 'shared module';
        for (const u of uses) ctx.report({ at: u.loc, messageId: 'context', data: { api: u.api, where, functions } });
      },
    };
  },
});

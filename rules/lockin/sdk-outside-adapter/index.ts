import { defineRule } from '../../_api.js';
import { functionList, LAYOUT_OPTIONS, type LayoutOptions } from '../../_shared/lockin.js';

export default defineRule({
  meta: {
    id: 'lockin/sdk-outside-adapter',
    description: 'Disallow provider SDK imports in domain code and in modules shared by several handlers',
    severity: 'note',
    recommended: false,
    messages: {
      domain:
        'Domain module imports the provider SDK `{{specifier}}` (reached from {{functions}}); move the call behind an adapter module and give the domain an interface',
      shared:
        '`{{specifier}}` is imported in a module shared by {{functions}}; keep the provider SDK in an adapter module that the handlers pass in',
    },
    options: { type: 'object', properties: LAYOUT_OPTIONS, additionalProperties: false },
    defaultOptions: {} as LayoutOptions,
    precision: 'high',
    tags: ['lockin', 'portability'],
    requires: ['lockin'],
  },
  create(ctx) {
    return {
      sourceFile(sf) {
        const inv = ctx.analysis('lockin');
        const role = inv.layout(ctx.options).role(sf);
        if (role !== 'domain' && role !== 'shared') return;
        const imports = inv.fileFacts(sf).sdkImports;
        if (!imports.length) return;
        const functions = functionList(inv.functionsReaching(sf));
        for (const imp of imports) ctx.report({ at: imp.loc, messageId: role, data: { specifier: imp.specifier, functions } });
      },
    };
  },
});

import { defineRule, wholeImport, type Fn, type PackageImport } from '../../_api.js';
import { byImportSite, functionNames } from '../../_shared/coldstart.js';

export default defineRule({
  meta: {
    id: 'coldstart/whole-package-import',
    description: 'Disallow importing a whole library at init where a deep import or a lighter module loads only what is used',
    severity: 'warning',
    recommended: true,
    messages: {
      whole: '`{{specifier}}` loads the whole library at init in {{functions}}; {{instead}}',
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
        const rows: { fn: Fn; imp: PackageImport }[] = [];
        for (const fn of cs.functions())
          for (const imp of cs.packageImports(fn))
            if (!imp.lazy && imp.binding !== 'side-effect' && wholeImport(imp.specifier, imp.kind)) rows.push({ fn, imp });
        for (const { imp, fns } of byImportSite(rows)) {
          ctx.report({
            at: imp.loc,
            messageId: 'whole',
            data: {
              specifier: imp.specifier,
              functions: functionNames(fns),
              instead: wholeImport(imp.specifier, imp.kind)!.instead,
            },
          });
        }
      },
    };
  },
});

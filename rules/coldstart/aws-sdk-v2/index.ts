import { defineRule, nodeMajor, runtimeOf, type Fn, type PackageImport } from '../../_api.js';
import { byImportSite, functionNames } from '../../_shared/coldstart.js';

export default defineRule({
  meta: {
    id: 'coldstart/aws-sdk-v2',
    description: 'Disallow the AWS SDK v2 (`aws-sdk`) in Node.js functions: it is not in the nodejs18.x+ runtimes and loads whole at init',
    severity: 'warning',
    recommended: true,
    messages: {
      v2: '`{{specifier}}` is the AWS SDK v2, which the nodejs18.x+ runtimes do not include: {{functions}} bundle or ship it and load it at init; use the modular v3 clients (`@aws-sdk/client-*`)',
      mixed:
        '`{{specifier}}` is the AWS SDK v2 beside the v3 clients {{functions}} also import: both SDKs are loaded at init; move the v2 calls to `@aws-sdk/client-*`',
    },
    options: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    precision: 'very-high',
    tags: ['coldstart', 'performance'],
    requires: ['coldstart'],
  },
  create(ctx) {
    return {
      project() {
        const cs = ctx.analysis('coldstart');
        const rows: { fn: Fn; imp: PackageImport }[] = [];
        for (const fn of cs.functions()) {
          // up to nodejs16.x the runtime has v2 on disk: nothing is shipped (those runtimes are end of life)
          const major = nodeMajor(runtimeOf(fn));
          if (fn.platform === 'aws' && major !== undefined && major <= 16) continue;
          for (const imp of cs.packageImports(fn)) if (imp.pkg === 'aws-sdk') rows.push({ fn, imp });
        }
        for (const { imp, fns } of byImportSite(rows)) {
          const mixed = fns.filter((fn) => cs.packageImports(fn).some((i) => i.pkg.startsWith('@aws-sdk/')));
          ctx.report({
            at: imp.loc,
            messageId: mixed.length ? 'mixed' : 'v2',
            data: {
              specifier: imp.specifier,
              functions: functionNames(mixed.length ? mixed : fns),
            },
          });
        }
      },
    };
  },
});

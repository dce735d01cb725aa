import { byImportSite, functionNames } from '../../_shared/coldstart.js';
import { defineRule, packagingLoc, runtimeOf, runtimeProvides, sizeText, type Fn, type PackageImport } from '../../_api.js';

export default defineRule({
  meta: {
    id: 'coldstart/dev-dependencies',
    description:
      'Disallow unbundled Node.js deploys that zip the devDependencies (`excludeDevDependencies: false`) or import a package only devDependencies declare',
    severity: 'warning',
    recommended: true,
    messages: {
      shipped:
        'With `excludeDevDependencies: false` and no bundler, the zip carries the devDependencies too ({{what}}); remove the setting so the Serverless Framework leaves them out',
      missing:
        '`{{pkg}}` is imported by {{fns}} but package.json lists it only in devDependencies: {{tool}} leaves devDependencies out of an unbundled deploy, so the import fails at runtime; move it to dependencies',
    },
    options: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    precision: 'high',
    tags: ['coldstart', 'correctness'],
    platforms: ['aws'],
    requires: ['coldstart'],
  },
  create(ctx) {
    return {
      project() {
        const cs = ctx.analysis('coldstart');
        const shippedApps = new Set<Fn['app']>();
        const rows: { fn: Fn; imp: PackageImport; tool: string }[] = [];
        for (const fn of cs.functions()) {
          const ship = cs.shipping(fn);
          if (ship.kind !== 'unbundled' || ship.tool === 'cloudformation') continue;
          const manifest = cs.manifest(fn);
          if (!manifest?.devDependencies.length) continue;
          const size = cs.shipped(fn);
          const known = size && !('unknown' in size) ? size : undefined;
          if (ship.devDependencies) {
            if (shippedApps.has(fn.app)) continue;
            shippedApps.add(fn.app);
            // installed, and none of them needed only by devDependencies: nothing extra is zipped
            if (known && !known.devOnly.length) continue;
            const at = packagingLoc(fn, 'excludeDevDependencies');
            if (!at) continue;
            const what = known
              ? `${sizeText(known.devBytes)} of packages only they need: ${list(known.devOnly)}`
              : `${list(manifest.devDependencies)}; their size is not known: node_modules is not installed`;
            ctx.report({ at, messageId: 'shipped', data: { what } });
            continue;
          }
          const prod = new Set([...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies]);
          const dev = new Set(manifest.devDependencies);
          for (const imp of cs.packageImports(fn)) {
            // an import inside a function may be a development-only path (a local logger, dotenv offline)
            if (imp.lazy || !dev.has(imp.pkg) || prod.has(imp.pkg)) continue;
            // the Lambda runtime has it (AWS SDK v3 on nodejs18.x+): a devDependency is the usual place
            if (runtimeProvides(fn.platform, runtimeOf(fn), imp.pkg)) continue;
            // installed as a dependency of a production package: it ships
            if (known?.production.has(imp.pkg)) continue;
            rows.push({ fn, imp, tool: ship.tool === 'sam' ? '`sam build`' : 'the Serverless Framework' });
          }
        }
        const tools = new Map(rows.map((r) => [r.fn, r.tool]));
        for (const { imp, fns } of byImportSite(rows)) {
          ctx.report({
            at: imp.loc,
            messageId: 'missing',
            data: {
              pkg: imp.pkg,
              fns: fns.length === 1 ? `function "${fns[0]!.name}"` : `the functions ${functionNames(fns)}`,
              tool: tools.get(fns[0]!)!,
            },
          });
        }
      },
    };
  },
});

/** `a, b, c` (and `and N more` past five), in backticks. */
function list(names: string[]): string {
  const shown = names.slice(0, 5).map((n) => `\`${n}\``);
  return names.length > 5 ? `${shown.join(', ')} and ${names.length - 5} more` : shown.join(', ');
}

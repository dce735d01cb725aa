import { defineRule, entry, get, packagingLoc, sizeText, type Fn, type Loc, type ShipSize } from '../../_api.js';
import { functionNames } from '../../_shared/coldstart.js';

export default defineRule({
  meta: {
    id: 'coldstart/no-bundler-large-node-modules',
    description: 'Disallow Node.js functions deployed without a bundler whose zip carries a large `node_modules` (5 MB by default)',
    severity: 'warning',
    recommended: true,
    messages: {
      large:
        'No bundler: {{fns}} ship{{s}} {{atLeast}}{{bytes}} of node_modules ({{count}} packages; largest {{top}}), over the budget of {{max}}; the zip holds {{atLeast}}{{total}} in {{files}} files before compression. {{fix}}',
    },
    options: {
      type: 'object',
      properties: {
        maxNodeModulesBytes: {
          type: 'integer',
          minimum: 1,
          description: 'Largest size (bytes on disk, uncompressed) of the installed packages an unbundled deploy may zip',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { maxNodeModulesBytes: 5 * 1024 * 1024 },
    precision: 'high',
    tags: ['coldstart', 'performance'],
    platforms: ['aws'],
    requires: ['coldstart'],
  },
  create(ctx) {
    return {
      project() {
        const cs = ctx.analysis('coldstart');
        // one finding per zip: the service (serverless), the code folder (SAM, CloudFormation)
        const groups = new Map<string, { fns: Fn[]; size: ShipSize; tool: string }>();
        for (const fn of cs.functions()) {
          const ship = cs.shipping(fn);
          if (ship.kind !== 'unbundled') continue;
          const size = cs.shipped(fn);
          if (!size || 'unknown' in size || size.nodeModulesBytes <= ctx.options.maxNodeModulesBytes) continue;
          const key = `${fn.app.file}\0${ship.dir}\0${ship.tool}\0${size.nodeModulesBytes}`;
          const g = groups.get(key);
          if (g) g.fns.push(fn);
          else groups.set(key, { fns: [fn], size, tool: ship.tool });
        }
        for (const { fns, size, tool } of groups.values()) {
          const at = whereOf(fns[0]!);
          if (!at) continue;
          const top = size.packages
            .slice(0, 3)
            .map((p) => `${p.path.slice('node_modules/'.length)} ${sizeText(p.bytes)}`)
            .join(', ');
          ctx.report({
            at,
            messageId: 'large',
            data: {
              fns: fns.length === 1 ? `function "${fns[0]!.name}"` : `the functions ${functionNames(fns)}`,
              s: fns.length === 1 ? 's' : '',
              atLeast: size.missing.length ? 'at least ' : '',
              bytes: sizeText(size.nodeModulesBytes),
              count: size.packages.length,
              top,
              max: sizeText(ctx.options.maxNodeModulesBytes),
              total: sizeText(size.bytes),
              files: size.files,
              fix: FIX[tool]!,
            },
          });
        }
      },
    };
  },
});

const FIX: Record<string, string> = {
  serverless:
    'Bundle each function (the serverless-esbuild or serverless-webpack plugin, with `package.individually: true`) so it ships only the code it imports',
  sam: 'Bundle each function (`Metadata: BuildMethod: esbuild`) so it ships only the code it imports',
  cloudformation:
    'Bundle the handler (esbuild) into the folder `Code` names, without its node_modules, so it ships only the code it imports',
};

/** serverless: where packaging is decided (`package:`, else `functions:`); SAM/CloudFormation: the function's `CodeUri`/`Code`, else its handler. */
function whereOf(fn: Fn): Loc | undefined {
  if (fn.origin === 'serverless') return packagingLoc(fn);
  return fn.entry?.codeUri?.loc ?? get(fn.node, 'Code')?.loc ?? entry(fn.node, 'Handler')?.keyLoc ?? fn.entry?.text.loc;
}

import { bundlerOf, defineRule, entry, get, sizeText, type Fn, type FnInitCost } from '../../_api.js';
import { functionNames } from '../../_shared/coldstart.js';

export default defineRule({
  meta: {
    id: 'coldstart/mono-package',
    description:
      'Disallow a serverless service whose Node.js functions all ship one package (no `package.individually`, no bundler), each carrying the code of the others',
    severity: 'warning',
    recommended: true,
    messages: {
      shared:
        'The {{count}} functions of this service ship the same package (no `package.individually`, no bundler): {{carried}}; bundle each function on its own (serverless-esbuild, or `package.individually: true` with a bundler) so each ships only what it imports',
    },
    options: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    precision: 'high',
    tags: ['coldstart', 'performance'],
    platforms: ['aws'],
    requires: ['coldstart'],
  },
  create(ctx) {
    return {
      project() {
        const cs = ctx.analysis('coldstart');
        const byApp = new Map<Fn['app'], Fn[]>();
        for (const fn of cs.functions()) {
          // a function with its own `package:` (an artifact, patterns, individually) ships its own
          if (fn.origin !== 'serverless' || fn.platform !== 'aws' || get(fn.node, 'package')) continue;
          const list = byApp.get(fn.app);
          if (list) list.push(fn);
          else byApp.set(fn.app, [fn]);
        }
        for (const [app, fns] of byApp) {
          if (fns.length < 2 || bundlerOf(fns[0]!)) continue;
          const pkg = app.serverless?.package;
          const individually = pkg?.individually;
          // `individually: true`, or a reference we cannot read: not reported
          if (
            individually?.kind === 'ref' ||
            (individually?.kind === 'literal' && individually.value !== false && individually.value !== 'false')
          )
            continue;
          const at = individually?.loc ?? entry(app.root, 'package')?.keyLoc ?? entry(app.root, 'functions')?.keyLoc;
          if (!at) continue;
          ctx.report({ at, messageId: 'shared', data: { count: fns.length, carried: carried(fns, (f) => cs.cost(f)) } });
        }
      },
    };
  },
});

/**
 * What each function carries that it never imports: the others' project files and packages, in
 * minified bytes (a lower bound of what is shipped), the three largest; said unknown when a function
 * was not measured.
 */
function carried(fns: Fn[], cost: (fn: Fn) => FnInitCost | undefined): string {
  const costs = fns.map((fn) => ({ fn, c: cost(fn) }));
  if (costs.some(({ c }) => !c?.measured || c.initBytes === null))
    return `each carries the code of the others (${functionNames(fns)}); the bytes are not measured`;
  const files = new Map<string, number>();
  const pkgs = new Map<string, number>();
  for (const { c } of costs) {
    for (const [f, b] of Object.entries(c!.fileBytes)) files.set(f, b);
    for (const p of c!.packages) if (!p.runtimeProvided && p.bytes !== null) pkgs.set(p.name, p.bytes);
  }
  const rows = costs.map(({ fn, c }) => {
    let bytes = 0;
    for (const [f, b] of files) if (!(f in c!.fileBytes)) bytes += b;
    const own = new Set(c!.packages.map((p) => p.name));
    for (const [p, b] of pkgs) if (!own.has(p)) bytes += b;
    return { name: fn.name, bytes };
  });
  rows.sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
  const top = rows.filter((r) => r.bytes > 0).slice(0, 3);
  if (!top.length) return 'every function imports the same code';
  return `${top.map((r) => `${r.name} carries at least ${sizeText(r.bytes)}`).join(', ')} of minified code it never imports`;
}

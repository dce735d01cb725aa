import { bundlerOf, defineRule, entry, get, sizeText, type ColdstartRun, type Fn } from '../../_api.js';
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
          ctx.report({ at, messageId: 'shared', data: { count: fns.length, carried: carried(fns, cs) } });
        }
      },
    };
  },
});

/**
 * What each function carries that it never imports, from the code model (nothing is bundled for this
 * rule: on a large service that would measure every function): the project files the other functions
 * load and it does not, in source bytes, and the packages they import and it does not, by name; the
 * three functions that carry the most.
 */
function carried(fns: Fn[], cs: ColdstartRun): string {
  const reach = fns.map((fn) => ({
    fn,
    files: new Map(cs.reached(fn, true).map((sf) => [sf.path, Buffer.byteLength(sf.text)] as const)),
    pkgs: new Set(cs.packageImports(fn).map((p) => p.pkg)),
  }));
  const files = new Map<string, number>();
  const pkgs = new Set<string>();
  for (const r of reach) {
    for (const [f, b] of r.files) files.set(f, b);
    for (const p of r.pkgs) pkgs.add(p);
  }
  const rows = reach.map((r) => {
    let bytes = 0;
    for (const [f, b] of files) if (!r.files.has(f)) bytes += b;
    const others = [...pkgs].filter((p) => !r.pkgs.has(p)).sort();
    return { name: r.fn.name, bytes, others };
  });
  rows.sort((a, b) => b.bytes - a.bytes || b.others.length - a.others.length || (a.name < b.name ? -1 : 1));
  const top = rows.filter((r) => r.bytes > 0 || r.others.length).slice(0, 3);
  if (!top.length) return 'every function imports the same code';
  const what = (r: (typeof rows)[number]) => {
    const parts = [];
    if (r.bytes > 0) parts.push(`${sizeText(r.bytes)} of project source`);
    if (r.others.length)
      parts.push(
        `${r.others.length === 1 ? 'the package' : `${r.others.length} packages`} ${r.others
          .slice(0, 3)
          .map((p) => `\`${p}\``)
          .join(', ')}${r.others.length > 3 ? ', …' : ''}`,
      );
    return `${r.name} carries ${parts.join(' and ')} it never imports`;
  };
  return top.map(what).join('; ');
}

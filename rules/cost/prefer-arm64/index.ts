import { defineRule, get, literalString, NATIVE_PACKAGES, str } from '../../_api.js';
import type { Fn } from '../../_api.js';
import { importedPackage, missingAt } from '../../_shared/cost.js';

/** Runtimes that run on arm64 (Graviton). `go1.x`, `provided` (Amazon Linux 1) and older ones do not. */
const ARM_RUNTIME =
  /^(nodejs(1[2-9]|[2-9]\d)|python3\.(8|9|1\d)|ruby(2\.7|3\.\d)|java(8\.al2|11|17|21|25)|dotnet(6|8|9|10)|provided\.al20\d\d)/;

export default defineRule({
  meta: {
    id: 'cost/prefer-arm64',
    description: 'Prefer arm64 (Graviton) functions: about 20% cheaper per GB-second than x86_64',
    severity: 'note',
    recommended: false,
    messages: {
      x86: 'Function "{{fn}}" runs on {{what}}: arm64 costs about 20% less per GB-second (and is often faster) for {{runtime}} code without native dependencies',
    },
    tags: ['cost'],
    platforms: ['aws'],
  },
  create(ctx) {
    const reported = new Set<string>();
    return {
      function(fn) {
        if (fn.platform !== 'aws' || !portable(fn)) return;
        if (importedPackage(ctx.project, fn, NATIVE_PACKAGES)) return; // a native addon is built for one architecture
        const arch = fn.architecture;
        if (arch && literalString(arch) !== 'x86_64') return; // arm64, or a reference we cannot read
        const at = arch?.loc ?? missingAt(fn);
        const key = `${at.file}:${at.line}:${at.column}`;
        if (reported.has(key)) return; // a provider-level setting: once
        reported.add(key);
        ctx.report({
          at,
          messageId: 'x86',
          data: { fn: fn.name, what: arch ? 'x86_64' : 'x86_64 (the default)', runtime: literalString(fn.runtime) ?? '' },
        });
      },
    };
  },
});

/** A zip-packaged function of a runtime that runs on arm64, with no layer (a layer is built for one architecture). */
function portable(fn: Fn): boolean {
  const runtime = literalString(fn.runtime);
  if (!runtime || !ARM_RUNTIME.test(runtime)) return false;
  if (fn.layers.length) return false;
  const n = fn.node;
  if (get(n, 'image') || str(get(n, 'PackageType')) === 'Image' || get(n, 'Code', 'ImageUri') || get(n, 'ImageUri')) return false;
  return true;
}

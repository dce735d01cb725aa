import { get, str, valueOf } from '../../core/node.js';
import type { Document, Loc, MapEntry, MapNode, Node, Value } from '../../core/types.js';
import { newApp, newFn } from '../../model/app.js';
import type { App, Fn, GcpFnFacts, Origin } from '../../model/types.js';

/** Shared pieces of the Google Cloud / Firebase builders: an empty app, a function, its deployment facts. */

export function newGcpApp(doc: Document, root: MapNode, origin: Origin, name: string): App {
  return { ...newApp(doc, origin, root, name), platform: 'gcp' };
}

/** A document standing for a manifest read as text (a deploy script, a rules file): its lines, no tree. */
export function textDocument(file: string, lines: string[], comments: Map<number, string>): Document {
  return { file, format: 'yaml', root: { kind: 'map', entries: [], loc: fileStart(file) }, comments, lines };
}

export function fileStart(file: string): Loc {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

export function newGcpFn(app: App, name: string, loc: Loc, options: MapNode, runtime: Value | null): Fn {
  return newFn(app, name, loc, options, runtime, 'gcp');
}

/**
 * The deployment facts of a function from its options, written in code (`memory`, `timeoutSeconds`,
 * `minInstances`, `maxInstances`, `concurrency`, `invoker`, `ingressSettings`, `serviceAccount` —
 * v1 spells the last two `ingressSettings`/`serviceAccount` too, and `secrets`) or as deploy flags
 * mapped to the same keys. `defaults` (2nd gen `setGlobalOptions`) apply where the function sets nothing.
 */
export function applyOptions(fn: Fn, options: MapNode, keyLoc: Loc, generation: 1 | 2 | undefined, defaults: MapNode[] = []): GcpFnFacts {
  const merged: MapEntry[] = [...options.entries];
  for (const d of defaults) for (const e of d.entries) if (!merged.some((m) => m.key === e.key)) merged.push(e);
  const all: MapNode = { kind: 'map', entries: merged, loc: options.loc };
  const v = (...keys: string[]): Value | null => {
    for (const k of keys) {
      const n = get(all, k);
      if (n) return valueOf(n) ?? { kind: 'ref', text: k, loc: n.loc };
    }
    return null;
  };
  fn.memory = v('memory', 'memoryMiB');
  fn.timeout = seconds(v('timeoutSeconds', 'timeout'));
  const secrets = get(all, 'secrets');
  const facts: GcpFnFacts = {
    ...(generation ? { generation } : {}),
    invoker: v('invoker'),
    maxInstances: v('maxInstances'),
    minInstances: v('minInstances'),
    concurrency: v('concurrency'),
    ingress: v('ingressSettings', 'ingress'),
    serviceAccount: v('serviceAccount', 'serviceAccountEmail'),
    secrets: secrets?.kind === 'seq' ? secrets.items.flatMap((s) => (valueOf(s) ? [valueOf(s)!] : [])) : [],
    keyLoc,
    options: all,
  };
  fn.gcp = facts;
  return facts;
}

/** A timeout written as gcloud and the Serverless plugin do (`'60s'`, `'540'`) as its number of seconds. */
function seconds(t: Value | null): Value | null {
  if (t?.kind !== 'literal' || typeof t.value !== 'string') return t;
  const m = /^\s*(\d+)\s*s?\s*$/.exec(t.value);
  return m ? { ...t, value: Number(m[1]) } : t;
}

/** A literal string of a node, lower case; undefined for anything else. */
export function lowerLiteral(n: Node | undefined): string | undefined {
  return str(n)?.trim().toLowerCase();
}

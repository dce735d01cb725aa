import type { Node } from '../../core/types.js';
import type { App } from '../../model/types.js';
import { hardcodedArnParts, type ArnFinding } from './arns.js';

/**
 * ARNs and endpoints with a literal region or account in an app's manifest, in document order.
 * Template sections that are the abstraction themselves are skipped: `Parameters` (a default is
 * what a deployer overrides), `Mappings` (a table by region is the way to vary by region),
 * `Conditions`, `Metadata`; the same sections under a serverless `resources:`.
 */

const SKIPPED = new Set(['Parameters', 'Mappings', 'Conditions', 'Metadata', 'Rules']);
const MAX_NODES = 200_000;

export function manifestArns(app: App): ArnFinding[] {
  const out: ArnFinding[] = [];
  const root = app.doc.root;
  if (!root) return out;
  const lines = app.doc.lines;
  let budget = MAX_NODES;
  const stack: { n: Node; depth: number; under: string | undefined }[] = [{ n: root, depth: 0, under: undefined }];
  while (stack.length && budget-- > 0) {
    const { n, depth, under } = stack.pop()!;
    if (n.kind === 'scalar') {
      if (typeof n.value === 'string') out.push(...hardcodedArnParts(n.value, n.loc, 'manifest', lines[n.loc.line - 1]));
    } else if (n.kind === 'map') {
      // top-level template sections, or the same under serverless `resources:`
      const sectionLevel = depth === 0 || (depth === 1 && under === 'resources');
      for (let i = n.entries.length - 1; i >= 0; i--) {
        const e = n.entries[i]!;
        if (sectionLevel && SKIPPED.has(e.key)) continue;
        stack.push({ n: e.value, depth: depth + 1, under: depth === 0 ? e.key : under });
      }
    } else if (n.kind === 'seq') {
      for (let i = n.items.length - 1; i >= 0; i--) stack.push({ n: n.items[i]!, depth: depth + 1, under });
    }
  }
  return out;
}

/** Every scalar string of a node (for naming a stream's service from its ARN or type). */
export function scalarStrings(n: Node | null | undefined, out: string[] = [], depth = 0): string[] {
  if (!n || depth > 8) return out;
  if (n.kind === 'scalar' && typeof n.value === 'string') out.push(n.value);
  else if (n.kind === 'ref') out.push(n.text);
  else if (n.kind === 'map') for (const e of n.entries) (scalarStrings(e.value, out, depth + 1), out.push(e.key));
  else if (n.kind === 'seq') for (const i of n.items) scalarStrings(i, out, depth + 1);
  return out;
}

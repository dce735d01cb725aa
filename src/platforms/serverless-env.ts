import { describe, get, mapEntries, seqItems, str, toValue } from '../core/node.js';
import type { MapNode, Node } from '../core/types.js';
import type { App, EnvVar } from '../model/types.js';

/**
 * The `environment:` map of a Serverless Framework service for another cloud (`provider: azure`,
 * `provider: google`), provider or function level, as the app's variables: scalars and references
 * as values, anything else kept as its node.
 */
export function serverlessEnv(app: App, n: Node | undefined, scope: EnvVar['scope'], functions: string[]): EnvVar[] {
  const out: EnvVar[] = [];
  for (const e of mapEntries(n)) {
    const value = e.value.kind === 'scalar' || e.value.kind === 'ref' ? toValue(e.value) : e.value;
    const v: EnvVar = { name: e.key, nameLoc: e.keyLoc, value, scope, functions: [...functions], app };
    app.envVars.push(v);
    out.push(v);
  }
  return out;
}

/** A service's name and its `app.serverless` facts, as the other clouds' builders set them. */
export function serverlessService(
  root: MapNode,
  provider: MapNode | null,
  stage: string,
): { name: string; facts: NonNullable<App['serverless']> } {
  const service = get(root, 'service');
  return {
    name: service ? (str(service) ?? describe(service)) : '',
    facts: {
      provider,
      plugins: seqItems(get(root, 'plugins')).flatMap((p) => (str(p) ? [str(p)!] : [])),
      custom: get(root, 'custom') ?? null,
      stage,
    },
  };
}

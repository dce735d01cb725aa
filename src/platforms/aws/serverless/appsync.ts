import type { App, Fn } from '../../../model/types.js';
import type { Node } from '../../../core/types.js';
import { get, isMap, mapEntries, seqItems, str } from '../../../core/node.js';
import { newEvent } from '../cloudformation/events.js';

/** How deep below `appSync` a Lambda data source may be written (dataSources, resolvers, pipeline functions). */
const MAX_DEPTH = 6;

/**
 * serverless-appsync-plugin: the functions that resolve GraphQL fields. Version 2 reads a top-level
 * `appSync:`, version 1 `custom.appSync:` (one API or a list of them); in both a Lambda data source is
 * a map with `type: AWS_LAMBDA` whose `config.functionName` names a function of the service, under
 * `dataSources` (a map or a list) or written inline in a resolver or pipeline function. Each becomes an
 * `appsync` event of that function, located at the name. Data sources given as an ARN or an inline
 * `config.function` definition name no function of the model and are left out.
 */
export function addAppSyncEvents(app: App, root: Node): void {
  const byName = new Map<string, Fn>(app.functions.map((f) => [f.name, f]));
  const seen = new Set<Node>();
  const walk = (n: Node | undefined, depth: number): void => {
    if (!n || depth > MAX_DEPTH || seen.has(n)) return;
    seen.add(n);
    if (n.kind === 'seq') {
      for (const item of seqItems(n)) walk(item, depth + 1);
      return;
    }
    if (!isMap(n)) return;
    if (str(get(n, 'type')) === 'AWS_LAMBDA') {
      const name = get(n, 'config', 'functionName');
      const fn = byName.get(str(name) ?? '');
      if (fn && name) newEvent(fn, 'appsync', 'appSync', name.loc, n, 'unknown');
      return;
    }
    for (const e of mapEntries(n)) walk(e.value, depth + 1);
  };
  walk(get(root, 'appSync'), 0);
  walk(get(root, 'custom', 'appSync'), 0);
}

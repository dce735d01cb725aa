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
 * `dataSources` (a map or a list) or written inline in a resolver or pipeline function; or whose
 * `config.lambdaFunctionArn` names a function of this service by its deployed name
 * (`<service>-<stage>-<function>`, any stage). Each becomes an `appsync` event of that function,
 * located at the name or ARN. Other ARNs and inline `config.function` definitions are left out.
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
      const arn = get(n, 'config', 'lambdaFunctionArn') ?? get(n, 'config', 'functionArn');
      const fn = byName.get(str(name) ?? '') ?? deployedFn(app, str(arn));
      const at = fn && byName.get(str(name) ?? '') ? name : arn;
      if (fn && at) newEvent(fn, 'appsync', 'appSync', at.loc, n, 'unknown');
      return;
    }
    for (const e of mapEntries(n)) walk(e.value, depth + 1);
  };
  walk(get(root, 'appSync'), 0);
  walk(get(root, 'custom', 'appSync'), 0);
}

/** The function of the service an ARN names by the framework's deployed name, `<service>-<stage>-<function>`. */
function deployedFn(app: App, arn: string | undefined): Fn | undefined {
  const m = arn ? /:function:([^:]+)(?::[^:]+)?$/.exec(arn) : null;
  if (!m || !app.name) return undefined;
  const deployed = m[1]!;
  if (!deployed.startsWith(`${app.name}-`)) return undefined;
  const rest = deployed.slice(app.name.length + 1);
  return app.functions.find((f) => rest.endsWith(`-${f.name}`) && rest.length > f.name.length + 1);
}

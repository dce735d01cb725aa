import { get, isMap, mapEntries, seqItems, str, toValue, valueOf } from '../../core/node.js';
import { serverlessEnv, serverlessService } from '../serverless-env.js';
import type { Document, MapNode } from '../../core/types.js';
import type { App, FnEvent } from '../../model/types.js';
import { authOf, newAzureApp, newAzureFn, triggerCategory, triggerService } from './model.js';

/**
 * A Serverless Framework service with `provider: azure` (the serverless-azure-functions plugin), from
 * its variable-resolved root: `functions.<name>.handler` (`file.export`, resolved as for AWS),
 * `events` (`- http: true` with `authLevel`/`methods`/`route` beside it or under `x-azure-settings`,
 * `- queue: name`, `- timer: …`, `- blob`, `- serviceBus`, `- eventHub`, `- cosmosDB`), and
 * `provider.environment` / function `environment`.
 */
export function buildServerlessAzure(doc: Document, root: MapNode, provider: MapNode | null, stage: string): App {
  const service = serverlessService(root, provider, stage);
  const app = newAzureApp(doc, root, 'serverless', service.name);
  app.serverless = service.facts;
  const runtime = valueOf(get(provider, 'runtime'));
  const providerEnv = serverlessEnv(app, get(provider, 'environment'), 'provider', []);
  for (const f of mapEntries(get(root, 'functions'))) {
    if (!isMap(f.value)) continue;
    const fn = newAzureFn(app, f.key, f.keyLoc, f.value, valueOf(get(f.value, 'runtime')) ?? runtime);
    const handler = get(f.value, 'handler');
    if (handler) fn.entry = { kind: 'handler', text: toValue(handler) };
    for (const v of providerEnv) v.functions.push(fn.name);
    fn.env.push(...providerEnv, ...serverlessEnv(app, get(f.value, 'environment'), 'function', [fn.name]));
    for (const ev of seqItems(get(f.value, 'events'))) {
      const first = mapEntries(ev)[0];
      if (!first) continue;
      // `http: true` is the plugin's httpTrigger; its settings sit beside it or under x-azure-settings
      const type = /trigger$/i.test(first.key) ? first.key : `${first.key}Trigger`;
      const category = triggerCategory(type);
      if (!category) continue;
      const settings = get(ev, 'x-azure-settings') ?? ev;
      const e: FnEvent = {
        category,
        service: triggerService(category),
        raw: first.key,
        loc: first.keyLoc,
        node: settings,
        auth: category === 'http' ? authOf(get(settings, 'authLevel')) : 'private',
        fn,
      };
      if (category === 'http') {
        const methods = seqItems(get(settings, 'methods'));
        if (methods.length)
          e.method = { kind: 'literal', value: methods.map((m) => str(m) ?? '*').join(','), loc: get(settings, 'methods')!.loc };
        e.path = valueOf(get(settings, 'route')) ?? { kind: 'literal', value: f.key, loc: f.keyLoc };
      }
      fn.events.push(e);
    }
  }
  return app;
}

import { posix } from 'node:path';
import { get, isMap, mapEntries, seqItems, str, toValue, valueOf } from '../../core/node.js';
import type { Document, MapEntry, MapNode, Node } from '../../core/types.js';
import type { App, EventCategory, FnEvent } from '../../model/types.js';
import { serverlessEnv, serverlessService } from '../serverless-env.js';
import { applyOptions, newGcpApp, newGcpFn } from './model.js';

/**
 * A Serverless Framework service with `provider: google` (the serverless-google-cloudfunctions
 * plugin), from its variable-resolved root. Each function is a 1st gen Cloud Function whose entry
 * point is `handler`, an export of the service's main module (`package.json` `main`, else `index.js`);
 * its one event is `- http: path` (an HTTPS trigger, private unless an IAM binding opens it: the
 * plugin grants no `allUsers`) or `- event: { eventType, resource }`. `memorySize`, `timeout`,
 * `minInstances`, `maxInstances`, `serviceAccountEmail` and `environment` are read at function level
 * with the provider's as defaults; `provider.runtime` and `provider.region` likewise.
 */

/** The plugin's keys as the option keys `applyOptions` reads. */
const KEYS: Record<string, string> = {
  memorySize: 'memory',
  timeout: 'timeoutSeconds',
  minInstances: 'minInstances',
  maxInstances: 'maxInstances',
  serviceAccountEmail: 'serviceAccount',
  region: 'region',
};

/** Event types by the service that sends them (legacy `providers/cloud.pubsub/…` and `google.*` forms). */
const EVENT_TYPES: [RegExp, EventCategory][] = [
  [/pubsub/i, 'pubsub'],
  [/storage/i, 'storage'],
  [/firestore|firebase\.database/i, 'stream'],
  [/firebase\.auth/i, 'auth'],
];

function options(n: Node | undefined): MapNode {
  const entries: MapEntry[] = [];
  for (const e of mapEntries(n)) if (Object.hasOwn(KEYS, e.key)) entries.push({ ...e, key: KEYS[e.key]! });
  return { kind: 'map', entries, loc: n?.loc ?? { file: '', line: 1, column: 1, endLine: 1, endColumn: 1 } };
}

export function buildServerlessGoogle(doc: Document, root: MapNode, provider: MapNode | null, stage: string): App {
  const service = serverlessService(root, provider, stage);
  const app = newGcpApp(doc, root, 'serverless', service.name);
  app.serverless = service.facts;
  const dir = posix.dirname(doc.file) === '.' ? '' : posix.dirname(doc.file);
  const runtime = valueOf(get(provider, 'runtime'));
  const defaults = provider ? [options(provider)] : [];
  const providerEnv = serverlessEnv(app, get(provider, 'environment'), 'provider', []);
  for (const f of mapEntries(get(root, 'functions'))) {
    if (!isMap(f.value)) continue;
    const fn = newGcpFn(app, f.key, f.keyLoc, f.value, valueOf(get(f.value, 'runtime')) ?? runtime);
    const opts = { ...options(f.value), loc: f.value.loc };
    applyOptions(fn, opts, f.keyLoc, 1, defaults);
    const handler = get(f.value, 'handler');
    if (handler) fn.entry = { kind: 'handler', text: toValue(handler), codeUri: { kind: 'literal', value: dir, loc: f.keyLoc } };
    for (const v of providerEnv) v.functions.push(fn.name);
    fn.env.push(...providerEnv, ...serverlessEnv(app, get(f.value, 'environment'), 'function', [fn.name]));
    for (const ev of seqItems(get(f.value, 'events'))) {
      const first = mapEntries(ev)[0];
      if (!first) continue;
      if (first.key === 'http') {
        fn.events.push({
          category: 'http',
          service: 'gcpHttp',
          raw: 'http',
          loc: first.keyLoc,
          node: opts,
          auth: 'iam',
          path: { kind: 'literal', value: `/${f.key}`, loc: first.keyLoc },
          fn,
        });
      } else if (first.key === 'event') {
        const type = str(get(first.value, 'eventType'));
        const category = (type !== undefined && EVENT_TYPES.find(([re]) => re.test(type))?.[1]) || 'other';
        const e: FnEvent = { category, service: 'other', raw: type ?? 'event', loc: first.keyLoc, node: first.value, auth: 'private', fn };
        fn.events.push(e);
      }
    }
  }
  return app;
}

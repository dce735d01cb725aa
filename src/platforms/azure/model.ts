import { toValue } from '../../core/node.js';
import type { Document, Loc, MapNode, Node, Value } from '../../core/types.js';
import { newApp, newFn } from '../../model/app.js';
import type { App, EventCategory, EventType, Fn, Origin } from '../../model/types.js';

/** Shared pieces of the Azure builders: an empty app, an empty function, a binding's category. */

export function emptyMap(loc: Loc): MapNode {
  return { kind: 'map', entries: [], loc };
}

export function newAzureApp(doc: Document, root: MapNode, origin: Origin, name: string): App {
  return { ...newApp(doc, origin, root, name), platform: 'azure' };
}

export function newAzureFn(app: App, name: string, loc: Loc, node: Node, runtime: Value | null): Fn {
  return newFn(app, name, loc, node, runtime, 'azure');
}

/** Trigger binding types (lower case, without the `Trigger` suffix) by category. */
const TRIGGERS: Record<string, EventCategory> = {
  http: 'http',
  queue: 'queue',
  servicebus: 'queue',
  blob: 'storage',
  eventgrid: 'pubsub',
  eventhub: 'stream',
  cosmosdb: 'stream',
  timer: 'schedule',
  signalr: 'other',
  kafka: 'stream',
  rabbitmq: 'queue',
  sql: 'stream',
};

/** `httpTrigger` → http; `serviceBusTrigger` → queue; not a trigger → undefined. */
export function triggerCategory(type: string): EventCategory | undefined {
  const m = /^(.*)trigger$/i.exec(type.trim());
  if (!m) return undefined;
  return TRIGGERS[m[1]!.toLowerCase()] ?? 'other';
}

/** The model's event service for an Azure trigger: HTTP triggers are `azureHttp`, others `other`. */
export function triggerService(category: EventCategory): EventType {
  return category === 'http' ? 'azureHttp' : 'other';
}

/**
 * `authLevel` as the model's auth: `anonymous` is none; `function` and `admin` need a key (`private`:
 * callers must hold a secret); missing is `function` (the Functions host default); not a literal: unknown.
 */
export function authOf(level: Node | undefined): 'none' | 'private' | 'unknown' {
  if (!level) return 'private';
  if (level.kind !== 'scalar') return 'unknown';
  return String(level.value).trim().toLowerCase() === 'anonymous' ? 'none' : 'private';
}

export { toValue };

import type { Document, Loc, MapNode, Node, Value } from '../core/types.js';
import type { App, Fn, Origin } from './types.js';

/** An app with no entities yet, for a manifest at `doc.file`; builders fill it in. */
export function newApp(doc: Document, origin: Origin, root: MapNode, name: string): App {
  const dir = doc.file.includes('/') ? doc.file.slice(0, doc.file.lastIndexOf('/')) : '';
  return { file: doc.file, origin, dir, doc, root, functions: [], resources: [], roles: [], statements: [], envVars: [], name };
}

/** A function with nothing set yet (no runtime, memory, entry, events…), added to its app; builders fill it in. */
export function newFn(app: App, name: string, loc: Loc, node: Node, runtime: Value | null, platform: string): Fn {
  const fn = blankFn(app, name, loc, node, runtime, platform);
  app.functions.push(fn);
  return fn;
}

/** The same, not yet added to the app (an adapter that decides later whether the function is kept). */
export function blankFn(app: App, name: string, loc: Loc, node: Node, runtime: Value | null, platform: string): Fn {
  return {
    name,
    id: name,
    origin: app.origin,
    platform,
    app,
    loc,
    node,
    runtime,
    architecture: null,
    memory: null,
    timeout: null,
    reservedConcurrency: null,
    entry: null,
    env: [],
    events: [],
    role: null,
    layers: [],
    url: null,
    tracing: null,
    logRetention: null,
  };
}

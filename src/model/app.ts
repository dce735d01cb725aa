import type { Document, MapNode } from '../core/types.js';
import type { App, Origin } from './types.js';

/** An app with no entities yet, for a manifest at `doc.file`; builders fill it in. */
export function newApp(doc: Document, origin: Origin, root: MapNode, name: string): App {
  const dir = doc.file.includes('/') ? doc.file.slice(0, doc.file.lastIndexOf('/')) : '';
  return { file: doc.file, origin, dir, doc, root, functions: [], resources: [], roles: [], statements: [], envVars: [], name };
}

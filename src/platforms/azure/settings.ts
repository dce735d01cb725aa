import { get, isMap, mapEntries, toValue } from '../../core/node.js';
import type { Document } from '../../core/types.js';
import type { App, EnvVar } from '../../model/types.js';
import { newAzureApp } from './model.js';

/**
 * `local.settings.json`: the app settings (`Values`) and connection strings (`ConnectionStrings`) the
 * Functions host reads when run locally. The file is meant to stay out of git (`func init` ignores
 * it); one that is scanned is not git-ignored, so a secret in it is committed.
 */
export function buildSettings(doc: Document): App | null {
  const root = doc.root;
  if (!isMap(root) || (!get(root, 'Values') && !get(root, 'ConnectionStrings'))) return null;
  const app = newAzureApp(doc, root, 'azure-settings', 'local.settings.json');
  app.envVars.push(...settingsVars(doc, app, true));
  return app;
}

/** Each `Values` and `ConnectionStrings` entry as an environment variable of the app. */
export function settingsVars(doc: Document, app: App, own: boolean): EnvVar[] {
  const out: EnvVar[] = [];
  for (const section of ['Values', 'ConnectionStrings'])
    for (const e of mapEntries(get(doc.root, section))) {
      const value = e.value.kind === 'scalar' || e.value.kind === 'ref' ? toValue(e.value) : e.value;
      out.push({ name: e.key, nameLoc: e.keyLoc, value, scope: own ? 'provider' : 'resource', functions: [], app });
    }
  return out;
}

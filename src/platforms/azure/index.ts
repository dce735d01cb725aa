import { posix } from 'node:path';
import { sourceVariants } from '../../code/resolve.js';
import { literalString } from '../../core/node.js';
import type { Document } from '../../core/types.js';
import type { Entry, PlatformAdapter } from '../types.js';
import type { BuildContext } from '../context.js';
import { buildArm, looksLikeArm } from './arm.js';
import { buildFunctionJson } from './function-json.js';
import { buildSettings } from './settings.js';
import { buildHostJson, v4Entries } from './v4.js';

/** Manifests by name: a legacy function's `function.json`, the app's `local.settings.json` and `host.json`. */
const NAMES = /^(function|local\.settings|host)\.json$/;

/**
 * Azure Functions: `function.json` of the legacy programming model (one app per function, named after
 * its directory), `local.settings.json` (settings and connection strings), and ARM JSON templates of
 * function apps (`Microsoft.Web/sites`, role assignments), recognised by their `$schema`.
 */
export const azureAdapter: PlatformAdapter = {
  id: 'azure-functions',
  platform: 'azure',
  names: NAMES,
  detect(f) {
    if (NAMES.test(f.name)) return { manifest: true };
    if (!/\.json$/i.test(f.name)) return null;
    const head = f.head();
    return head !== null && looksLikeArm(head) ? { manifest: true } : null;
  },
  build(doc: Document, ctx: BuildContext) {
    const base = posix.basename(doc.file);
    if (base === 'function.json') return buildFunctionJson(doc, ctx);
    if (base === 'local.settings.json') return buildSettings(doc);
    if (base === 'host.json') return buildHostJson(doc, ctx);
    return buildArm(doc, ctx);
  },
  entries(app, resolver, notice) {
    const out: Entry[] = [];
    if (app.origin !== 'azure-functions') return out;
    if (posix.basename(app.file) === 'host.json') return v4Entries(app, resolver, notice);
    for (const fn of app.functions) {
      const written = literalString(fn.entry?.text);
      if (!fn.entry || written === undefined) continue;
      const dir = posix.dirname(app.file);
      const joined = resolver.join(dir === '.' ? '' : dir, written.replace(/\\/g, '/'));
      // `../dist/Fn/index.js` → the TypeScript source it is built from, when it is in the project
      const noExt = joined?.replace(/\.(c|m)?js$/, '');
      const file =
        noExt === undefined ? undefined : (resolver.probe(sourceVariants(noExt)) ?? (resolver.exists(joined!) ? joined : undefined));
      if (!file) {
        notice({
          id: 'unresolved-handler',
          level: 'note',
          message: `script "${written}" of function "${fn.name}" was not found; its code is not analysed`,
          loc: fn.entry.text.loc,
        });
        continue;
      }
      fn.entry.file = file;
      fn.entry.exportName ??= 'default';
      out.push({ file, fn });
    }
    return out;
  },
};

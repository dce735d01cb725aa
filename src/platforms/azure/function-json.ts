import { posix } from 'node:path';
import { get, isMap, mapEntries, seqItems, str, toValue, valueOf } from '../../core/node.js';
import type { Document, Node } from '../../core/types.js';
import type { App, EnvVar, FnEvent } from '../../model/types.js';
import type { BuildContext } from '../context.js';
import { authOf, newAzureApp, newAzureFn, triggerCategory, triggerService } from './model.js';
import { settingsVars } from './settings.js';

/**
 * A legacy (v1–v3 programming model) Azure function: `<app>/<name>/function.json` with its
 * `bindings` (one trigger, inputs and outputs), `scriptFile` and `entryPoint`. The function is named
 * after its directory; the app's `local.settings.json` (beside `host.json`, one level up) gives the
 * settings the function reads locally (its `Values` are reported once, by the settings app itself).
 */
export function buildFunctionJson(doc: Document, ctx: BuildContext): App | null {
  const root = doc.root;
  if (!isMap(root)) return null;
  const bindings = get(root, 'bindings');
  if (!bindings) return null;
  const dir = posix.dirname(doc.file);
  const name = dir === '.' ? 'function' : posix.basename(dir);
  const app = newAzureApp(doc, root, 'azure-functions', name);
  const fn = newAzureFn(app, name, get(root, 'bindings') ? entryKeyLoc(root, 'bindings') : root.loc, root, null);
  if (bindings.kind !== 'seq') {
    ctx.notice({ id: 'parse-error', level: 'warning', message: `"bindings" of ${doc.file} must be a list`, loc: bindings.loc });
    return app;
  }
  const script = get(root, 'scriptFile');
  fn.entry = {
    kind: 'convention',
    text: script ? toValue(script) : { kind: 'literal', value: 'index.js', loc: root.loc },
  };
  const ep = str(get(root, 'entryPoint'));
  if (ep) fn.entry.exportName = ep;
  for (const b of seqItems(bindings)) {
    const type = str(get(b, 'type'));
    const dirn = str(get(b, 'direction'))?.toLowerCase();
    if (!type || (dirn && dirn !== 'in')) continue;
    const category = triggerCategory(type);
    if (!category) continue;
    const ev: FnEvent = {
      category,
      service: triggerService(category),
      raw: type,
      loc: get(b, 'type')!.loc,
      node: b,
      auth: category === 'http' ? authOf(get(b, 'authLevel')) : 'private',
      fn,
    };
    if (category === 'http') {
      const methods = seqItems(get(b, 'methods'));
      if (methods.length === 1) ev.method = toValue(methods[0]!);
      else if (methods.length > 1)
        ev.method = { kind: 'literal', value: methods.map((m) => str(m) ?? '*').join(','), loc: get(b, 'methods')!.loc };
      ev.path = valueOf(get(b, 'route')) ?? { kind: 'literal', value: name, loc: ev.loc };
    }
    fn.events.push(ev);
  }
  // settings the function reads: the app's local.settings.json, when there is one (not reported here)
  const appDir = posix.dirname(dir);
  const settings = ctx.loadDocument(appDir === '.' ? 'local.settings.json' : `${appDir}/local.settings.json`);
  for (const v of settings ? settingsVars(settings, app, false) : []) fn.env.push(v as EnvVar);
  return app;
}

function entryKeyLoc(root: Node, key: string) {
  return mapEntries(root).find((e) => e.key === key)!.keyLoc;
}

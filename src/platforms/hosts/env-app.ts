import { entry, get, isMap, seqItems, str, toValue } from '../../core/node.js';
import type { Document, Loc, MapNode, Node } from '../../core/types.js';
import type { App, EnvVar, Fn, Origin } from '../../model/types.js';
import type { BuildContext } from '../context.js';
import { blankFn, newApp } from '../../model/app.js';

/**
 * Apps of the git-push hosts (Vercel, Render, Railway, Heroku): a manifest whose environment values
 * reach the deployed code. Each variable becomes an `EnvVar` where it is written, so the secrets
 * family judges it as it judges a Lambda function's environment.
 */
export function emptyApp(doc: Document, origin: Origin, name: string): App | null {
  if (!isMap(doc.root)) return null;
  // the host is the cloud: rules of other clouds (`meta.platforms`) leave its app and variables alone
  return { ...newApp(doc, origin, doc.root, name), platform: origin };
}

/** The variables of a `{ NAME: value }` map; values of other shapes are warned about and skipped. */
export function envFromMap(app: App, node: Node | undefined, what: string, ctx: BuildContext, functions: string[]): EnvVar[] {
  if (!node || (node.kind === 'scalar' && node.value === null)) return [];
  if (!isMap(node)) {
    warn(ctx, `${what} must be a map of variables`, node.loc);
    return [];
  }
  const out: EnvVar[] = [];
  for (const e of node.entries) {
    // Heroku `app.json`: `"NAME": { "value": "…", "description": "…" }` (or `generator: secret`)
    const v = isMap(e.value) ? entry(e.value, 'value')?.value : e.value;
    if (!v) continue;
    out.push(envVar(app, e.key, e.keyLoc, v, functions));
  }
  return out;
}

/** The variables of a `[{ key: NAME, value: … }]` list (Render `envVars`). */
export function envFromList(app: App, node: Node | undefined, what: string, ctx: BuildContext, functions: string[]): EnvVar[] {
  if (!node || (node.kind === 'scalar' && node.value === null)) return [];
  if (node.kind !== 'seq') {
    warn(ctx, `${what} must be a list of { key, value } entries`, node.loc);
    return [];
  }
  const out: EnvVar[] = [];
  for (const item of seqItems(node)) {
    const key = entry(item, 'key');
    const value = get(item, 'value');
    const name = str(key?.value);
    if (!key || name === undefined || !value) continue; // `fromDatabase`, `sync: false`, `generateValue`: no literal
    out.push(envVar(app, name, key.value.loc, value, functions));
  }
  return out;
}

function envVar(app: App, name: string, nameLoc: Loc, value: Node, functions: string[]): EnvVar {
  const v: EnvVar = {
    name,
    nameLoc,
    value: value.kind === 'scalar' || value.kind === 'ref' ? toValue(value) : value,
    scope: 'provider',
    functions: [...functions],
    app,
  };
  app.envVars.push(v);
  return v;
}

export function warn(ctx: BuildContext, message: string, loc: Loc): void {
  ctx.notice({ id: 'parse-error', level: 'warning', message, loc });
}

/** A map node's string entry, or the fallback. */
export function nameOf(root: MapNode, key: string, fallback: string): string {
  return str(get(root, key)) ?? fallback;
}

/**
 * A function a git-push host finds by a file convention (`api/users.ts`, `netlify/functions/x.ts`):
 * named, located at its file, with no settings yet and no events; the adapter adds them.
 */
export function conventionFn(app: App, name: string, file: string, node: Node): Fn {
  const loc: Loc = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const fn = blankFn(app, name, loc, node, null, app.platform ?? app.origin);
  fn.entry = { kind: 'convention', text: { kind: 'literal', value: file, loc }, file };
  return fn;
}

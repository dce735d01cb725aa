import { get, isMap, mapEntries, seqItems, str } from '../../core/node.js';
import type { Document, MapNode, Node, Value } from '../../core/types.js';
import type { App, EnvVar, Resource } from '../../model/types.js';
import type { BuildContext } from '../context.js';
import { newAzureApp } from './model.js';

/**
 * An Azure Resource Manager JSON template: its `resources` (child `resources` flattened, their type
 * and name prefixed by the parent's as ARM does) become the app's resources; the app settings of
 * function apps (`siteConfig.appSettings` and `siteConfig.connectionStrings`, `Microsoft.Web/sites/config`
 * named `appsettings` or `connectionstrings`) become its environment variables. The templates of nested
 * deployments evaluated in their own scope (`expressionEvaluationOptions.scope: inner`, as Bicep
 * compiles its modules) are read too, each resource keeping the template it is written in. A string starting with `[` is a template expression, kept as a reference.
 */
export function looksLikeArm(text: string): boolean {
  return /deploymentTemplate\.json/i.test(text) && /["']resources["']\s*:/.test(text);
}

export function buildArm(doc: Document, ctx: BuildContext): App | null {
  const root = doc.root;
  if (!isMap(root)) return null;
  const resources = get(root, 'resources');
  if (!resources) return null;
  const app = newAzureApp(doc, root, 'azure-arm', str(get(root, 'metadata', 'description')) ?? doc.file);
  // `languageVersion: 2.0` (what Bicep writes for user-defined types and other newer features) keys
  // the resources by symbolic name: `"resources": { "site": { "type": …, "name": … } }`
  const symbolic = isMap(resources) && /^2\./.test(armLiteral(get(root, 'languageVersion')) ?? '');
  if (resources.kind !== 'seq' && !symbolic) {
    ctx.notice({ id: 'parse-error', level: 'warning', message: `"resources" of ${doc.file} must be a list`, loc: resources.loc });
    return app;
  }
  const add = (items: Node[], parent?: { type: string; name: string }, template?: MapNode, depth = 0) => {
    for (const r of items) {
      if (!isMap(r)) continue;
      const typeNode = get(r, 'type');
      const nameNode = get(r, 'name');
      const t = str(typeNode);
      if (!t || !typeNode) continue;
      const n = str(nameNode) ?? '';
      const type = parent && !t.includes('/') ? `${parent.type}/${t}` : t;
      const name = parent && !n.startsWith('[') && !n.includes('/') ? `${parent.name}/${n}` : n;
      const props = get(r, 'properties');
      const res: Resource = {
        id: name || type,
        idLoc: (nameNode ?? typeNode).loc,
        type,
        typeLoc: typeNode.loc,
        properties: isMap(props) ? props : null,
        node: r,
        ignore: [],
        app,
      };
      if (template) res.template = template;
      app.resources.push(res);
      addSettings(app, res);
      add(resourceList(get(r, 'resources')), { type, name }, template, depth);
      // a nested deployment (what a Bicep `module` compiles to) evaluated in its own scope: its
      // template's resources are the app's too, their expressions read that template's parameters
      const inner = get(props, 'template');
      if (
        type.toLowerCase() === 'microsoft.resources/deployments' &&
        isMap(inner) &&
        /^inner$/i.test(str(get(props, 'expressionEvaluationOptions', 'scope')) ?? '') &&
        depth < MAX_NESTED_DEPTH
      )
        add(resourceList(get(inner, 'resources')), undefined, inner, depth + 1);
    }
  };
  add(resourceList(resources));
  return app;
}

/** Nested deployments followed inside one another (Bicep modules of modules). */
const MAX_NESTED_DEPTH = 8;

/** A `resources` list, or the values of a symbolic-name map (`languageVersion: 2.0`). */
function resourceList(n: Node | undefined): Node[] {
  return isMap(n) ? mapEntries(n).map((e) => e.value) : seqItems(n);
}

/** A literal string (not an expression) of the template. */
function armLiteral(n: Node | undefined): string | undefined {
  const s = str(n);
  return s !== undefined && !s.startsWith('[') ? s : undefined;
}

/** An ARM value as the model sees it: an expression (`[parameters('k')]`) is a reference. */
export function armValue(n: Node): Value | Node {
  if (n.kind === 'scalar') {
    if (typeof n.value === 'string' && n.value.startsWith('[') && !n.value.startsWith('[['))
      return { kind: 'ref', text: n.value, loc: n.loc };
    return { kind: 'literal', value: n.value, loc: n.loc };
  }
  if (n.kind === 'ref') return { kind: 'ref', text: n.text, loc: n.loc };
  return n;
}

/** Is this resource an Azure Functions app (`Microsoft.Web/sites` whose `kind` names `functionapp`)? */
export function isFunctionApp(r: Resource): boolean {
  return r.type.toLowerCase() === 'microsoft.web/sites' && /functionapp/i.test(str(get(r.node, 'kind')) ?? '');
}

function addSettings(app: App, r: Resource): void {
  const type = r.type.toLowerCase();
  const push = (nameNode: Node | undefined, value: Node | undefined, keyLoc = nameNode?.loc) => {
    const name = str(nameNode);
    if (!name || !value || !keyLoc) return;
    const v: EnvVar = { name, nameLoc: keyLoc, value: armValue(value), scope: 'resource', functions: [], app };
    app.envVars.push(v);
  };
  if (type === 'microsoft.web/sites' || type === 'microsoft.web/sites/slots') {
    for (const s of seqItems(get(r.properties, 'siteConfig', 'appSettings'))) push(get(s, 'name'), get(s, 'value'));
    for (const s of seqItems(get(r.properties, 'siteConfig', 'connectionStrings'))) push(get(s, 'name'), get(s, 'connectionString'));
  }
  if (!/^microsoft\.web\/sites(\/slots)?\/config$/.test(type)) return;
  // `config/appsettings`: { NAME: value }; `config/connectionstrings`: { NAME: { value, type } }
  if (/(^|\/)appsettings($|')/i.test(r.id))
    for (const e of mapEntries(r.properties as MapNode | null)) push({ kind: 'scalar', value: e.key, loc: e.keyLoc }, e.value);
  if (/(^|\/)connectionstrings($|')/i.test(r.id))
    for (const e of mapEntries(r.properties as MapNode | null))
      push({ kind: 'scalar', value: e.key, loc: e.keyLoc }, isMap(e.value) ? get(e.value, 'value') : e.value);
}

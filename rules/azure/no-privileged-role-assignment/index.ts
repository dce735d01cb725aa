import { defineRule, get, str } from '../../_api.js';
import type { Resource } from '../../_api.js';
import { armLiteral, templateOf } from '../../_shared/azure.js';

/** Built-in roles that hand over a whole scope: their role definition ids (the same in every tenant). */
const PRIVILEGED: Record<string, string> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
};

/** The privileged role a `roleDefinitionId` names (a literal id, or `subscriptionResourceId(…, '<guid>')`). */
function privilegedRole(text: string | undefined): string | undefined {
  const t = text?.toLowerCase() ?? '';
  for (const [guid, name] of Object.entries(PRIVILEGED)) if (t.includes(guid)) return name;
  return undefined;
}

/** `[variables('contributor')]` → the variable's text, as the template writes it; other text as is. */
function resolveVariable(r: Resource, text: string | undefined): string | undefined {
  const m = /^\[\s*variables\(\s*'([^']+)'\s*\)\s*\]$/.exec(text ?? '');
  return m ? str(get(templateOf(r), 'variables', m[1]!)) : text;
}

/** A management group as a role assignment's `scope`, whitespace removed and lower-cased. */
const MG_ARG = "(?:'[^']{1,90}'|(?:parameters|variables)\\('[^']{1,90}'\\))";
const MANAGEMENT_GROUP = new RegExp(
  [
    '^/providers/microsoft\\.management/managementgroups/[^/]{1,90}/?$',
    '^\\[managementgroup\\(\\)\\.id\\]$',
    `^\\[tenantresourceid\\('microsoft\\.management/managementgroups',${MG_ARG}\\)\\]$`,
    `^\\[format\\('(?:/providers/)?microsoft\\.management/managementgroups/\\{0\\}',${MG_ARG}\\)\\]$`,
    `^\\[concat\\('(?:/providers/)?microsoft\\.management/managementgroups/',${MG_ARG}\\)\\]$`,
  ].join('|'),
);

/**
 * The scope the assignment is made at: the tenant root (`scope: "/"`), a management group (a
 * management-group deployment without `scope`, or a `scope` naming one:
 * `/providers/Microsoft.Management/managementGroups/<id>`, `[managementGroup().id]`,
 * `[tenantResourceId('Microsoft.Management/managementGroups', …)]`, the `format`/`concat` of that path),
 * a subscription (`subscription().id`, a subscription deployment), a resource group (no `scope` in a
 * resource-group deployment, or `resourceGroup().id`), or narrower (a `scope` naming one resource): undefined.
 */
function broadScope(r: Resource): string | undefined {
  const scope = get(r.node, 'scope') ?? get(r.properties, 'scope');
  const schema = str(get(templateOf(r), '$schema'))?.toLowerCase() ?? '';
  if (!scope) {
    if (/subscriptiondeploymenttemplate/.test(schema)) return 'subscription';
    if (/managementgroupdeploymenttemplate/.test(schema)) return 'management group';
    // a tenant deployment's role assignment names its scope; without one it is not placed
    return /tenantdeploymenttemplate/.test(schema) ? undefined : 'resource group';
  }
  const s = (str(scope) ?? '').replace(/\s+/g, '').toLowerCase();
  if (s === '/') return 'tenant root';
  if (MANAGEMENT_GROUP.test(s)) return 'management group';
  if (/^\[subscription\(\)\.id\]$|^\/subscriptions\/[^/]+\/?$/.test(s)) return 'subscription';
  if (/^\[resourcegroup\(\)\.id\]$|^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/?$/.test(s)) return 'resource group';
  return undefined;
}

/** A function app's managed identity: `reference(<a Microsoft.Web/sites of the template>, …).identity.principalId`. */
function functionIdentity(r: Resource): string | undefined {
  const principal = get(r.properties, 'principalId');
  const text = str(principal) ?? '';
  if (!/identity\.principalid/i.test(text)) return undefined;
  const sites = r.app.resources.filter(
    (s) => s.type.toLowerCase() === 'microsoft.web/sites' && /functionapp/i.test(armLiteral(get(s.node, 'kind')) ?? ''),
  );
  if (!sites.length) return undefined;
  if (/microsoft\.web\/sites/i.test(text)) return sites.length === 1 ? sites[0]!.id : 'a function app';
  // `reference(parameters('appName'), …)`, `reference(variables('app'))`: the template's one function app, when no other resource type is named
  if (/microsoft\.[a-z]+\//i.test(text)) return undefined;
  const named = sites.find((s) => text.includes(s.id));
  return named?.id ?? (sites.length === 1 ? sites[0]!.id : undefined);
}

/** `'Microsoft.Web/sites', <name>` in a `resourceId(…)`: the name, a literal or a parameter/variable. */
const SITE_NAME = /'microsoft\.web\/sites'\s*,\s*(?:'([^']{1,100})'|(parameters|variables)\(\s*'([^']{1,100})'\s*\))/i;

/**
 * A site the template does not deploy, named by the principal: `reference(resourceId(<subscription>,
 * <group>, 'Microsoft.Web/sites', <name>), …, 'Full').identity.principalId`, as a management-group or
 * subscription template reaches an app deployed by another one. Its name: the literal, the parameter's
 * default or the variable's value, else the expression. Undefined when the template deploys sites of its
 * own (they were judged above: a web app's identity is not this rule's).
 */
function siteElsewhere(r: Resource, text: string): string | undefined {
  if (!/identity\.principalid/i.test(text) || r.app.resources.some((s) => s.type.toLowerCase() === 'microsoft.web/sites')) return undefined;
  const m = SITE_NAME.exec(text);
  if (!m) return undefined;
  if (m[1] !== undefined) return m[1];
  const value =
    m[2]!.toLowerCase() === 'parameters'
      ? armLiteral(get(templateOf(r), 'parameters', m[3]!, 'defaultValue'))
      : armLiteral(get(templateOf(r), 'variables', m[3]!));
  return value ?? `[${m[2]}('${m[3]}')]`;
}

export default defineRule({
  meta: {
    id: 'azure/no-privileged-role-assignment',
    description:
      'Disallow Owner, Contributor or User Access Administrator for a function app identity at management-group, subscription or resource-group scope',
    severity: 'error',
    recommended: true,
    messages: {
      privilegedElsewhere:
        'Role assignment "{{id}}" makes the managed identity of app "{{app}}" (a Microsoft.Web/sites deployed by another template) {{role}} of the {{scope}}: code running in the app (or an attacker exploiting it) can change or delete every resource there{{extra}}; assign a narrow built-in role (e.g. Storage Blob Data Contributor) scoped to the resources it uses',
      privileged:
        'Role assignment "{{id}}" makes the managed identity of function app "{{app}}" {{role}} of the {{scope}}: code running in the function (or an attacker exploiting it) can change or delete every resource there{{extra}}; assign a narrow built-in role (e.g. Storage Blob Data Contributor) scoped to the resources it uses',
    },
    tags: ['security', 'iam', 'CWE-250', 'CWE-269'],
    securitySeverity: 8.0,
    platforms: ['azure'],
  },
  create(ctx) {
    return {
      resource(r) {
        if (r.app.origin !== 'azure-arm' || r.type.toLowerCase() !== 'microsoft.authorization/roleassignments') return;
        const def = get(r.properties, 'roleDefinitionId');
        const role = privilegedRole(resolveVariable(r, str(def)));
        if (!role || !def) return;
        const scope = broadScope(r);
        if (!scope) return;
        const extra = role === 'Contributor' ? '' : ', and grant itself or others any role';
        const app = functionIdentity(r);
        const elsewhere = app ? undefined : siteElsewhere(r, str(get(r.properties, 'principalId')) ?? '');
        if (!app && !elsewhere) return;
        ctx.report({
          at: def,
          messageId: app ? 'privileged' : 'privilegedElsewhere',
          data: { id: r.id, app: app ?? elsewhere!, role, scope, extra },
        });
      },
    };
  },
});

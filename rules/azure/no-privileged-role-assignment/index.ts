import { defineRule, get, str } from '../../_api.js';
import type { Resource } from '../../_api.js';
import { armLiteral } from '../../_shared/azure.js';

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
  return m ? str(get(r.app.root, 'variables', m[1]!)) : text;
}

/**
 * The scope the assignment is made at: a resource group (no `scope` in a resource-group deployment,
 * or `resourceGroup().id`), a subscription (`subscription().id`, a subscription deployment), or
 * narrower (a `scope` naming one resource): undefined.
 */
function broadScope(r: Resource): string | undefined {
  const scope = get(r.node, 'scope') ?? get(r.properties, 'scope');
  const schema = str(get(r.app.root, '$schema'))?.toLowerCase() ?? '';
  if (!scope)
    return /subscriptiondeploymenttemplate/.test(schema)
      ? 'subscription'
      : /managementgroup|tenantdeployment/.test(schema)
        ? undefined
        : 'resource group';
  const s = (str(scope) ?? '').replace(/\s+/g, '').toLowerCase();
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

export default defineRule({
  meta: {
    id: 'azure/no-privileged-role-assignment',
    description:
      'Disallow Owner, Contributor or User Access Administrator for a function app identity at subscription or resource-group scope',
    severity: 'error',
    recommended: true,
    messages: {
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
        const app = scope ? functionIdentity(r) : undefined;
        if (!scope || !app) return;
        const extra = role === 'Contributor' ? '' : ', and grant itself or others any role';
        ctx.report({ at: def, messageId: 'privileged', data: { id: r.id, app, role, scope, extra } });
      },
    };
  },
});

import { classifyManagedPolicy, defineRule, entry, get, isAllow, literalStrings } from '../../_api.js';
import type { EventType, Fn, Loc, Role } from '../../_api.js';
import { affected } from '../../_shared/messages.js';

interface Options {
  requireDifferentTriggers: boolean;
  allowRoles: string[];
}

/**
 * What kind of input reaches a function, by event type. Functions fed by different kinds of input
 * (internet requests vs. a queue vs. a schedule) do different jobs and need different permissions.
 */
const TRIGGER: Record<EventType, string> = {
  http: 'HTTP requests',
  httpApi: 'HTTP requests',
  websocket: 'HTTP requests',
  alb: 'HTTP requests',
  url: 'HTTP requests',
  sqs: 'an SQS queue',
  sns: 'an SNS topic',
  s3: 'S3 events',
  stream: 'a stream',
  schedule: 'schedules and event rules',
  eventBridge: 'schedules and event rules',
  cloudwatchEvent: 'schedules and event rules',
  cloudwatchLog: 'log subscriptions',
  iot: 'IoT rules',
  cognito: 'Cognito triggers',
  cloudformation: 'stack deployments (custom resources)',
  appsync: 'GraphQL requests (AppSync)',
  azureHttp: 'HTTP requests',
  gcpHttp: 'HTTP requests',
  other: '',
};

/** The kinds of input of a function, sorted; empty when none is known (no event modelled). */
function triggers(fn: Fn): string[] {
  const out = new Set<string>();
  for (const e of fn.events) out.add(TRIGGER[e.service] || `${e.raw} events`);
  return [...out].sort();
}

/** Actions every function needs whatever it does: writing its logs and traces. */
const BASELINE_ACTION = /^(logs|xray):/i;

/**
 * Does the role grant anything beyond the baseline (logs, X-Ray)? Literal Allow statements and
 * literal managed policies other than the basic execution ones count; a managed policy given by
 * reference is a customer policy of the template whose statements are already on the role.
 */
function grantsBeyondBaseline(role: Role): boolean {
  for (const s of role.statements) {
    if (!isAllow(s)) continue;
    if (s.notActions) return true; // every action but a few
    if (literalStrings(s.actions).some(({ value }) => !BASELINE_ACTION.test(value.trim()))) return true;
  }
  for (const m of role.managedPolicies) {
    if (m.value.kind !== 'literal' || typeof m.value.value !== 'string') continue;
    const info = classifyManagedPolicy(m.value.value);
    if (!info || info.kind !== 'basic') return true;
  }
  return false;
}

/**
 * Do the functions run the same code? The same handler (resolved entry file and export, else the
 * handler string as written) in the same code location (`CodeUri`), for every one of them. Nothing
 * in the code facts lists the AWS calls a handler makes, so two different handlers are not assumed
 * to need the same grants, however alike they look.
 */
function sameCode(fns: Fn[]): boolean {
  const keys = new Set(
    fns.map((f) => {
      const e = f.entry;
      if (!e) return `?${f.name}`; // no handler known: never the same as another
      const text = e.text.kind === 'literal' ? String(e.text.value) : e.text.text;
      const codeUri = e.codeUri ? (e.codeUri.kind === 'literal' ? String(e.codeUri.value) : e.codeUri.text) : '';
      return e.file ? `${e.file}#${e.exportName ?? ''}` : `${f.app.dir}|${codeUri}|${text}`;
    }),
  );
  return keys.size === 1;
}

/**
 * Where to point for the framework's shared role: the `role:` key under `provider.iam`, else the
 * legacy `iamRoleStatements`/`iamManagedPolicies` key, else the role's own location.
 */
function providerRoleLoc(role: Role): Loc {
  const provider = role.app.serverless?.provider;
  return (
    entry(get(provider, 'iam'), 'role')?.keyLoc ??
    entry(provider, 'iamRoleStatements')?.keyLoc ??
    entry(provider, 'iamManagedPolicies')?.keyLoc ??
    role.loc
  );
}

export default defineRule<Options>({
  meta: {
    id: 'iam/no-shared-role',
    description: 'Disallow one execution role shared by functions that are triggered by different kinds of input',
    severity: 'warning',
    recommended: true,
    messages: {
      sharedProvider:
        'The provider-level role is shared by {{functions}}{{why}} so each gets the permissions of all; give each function its own role (e.g. serverless-iam-roles-per-function) with only what it uses',
      shared:
        'Role "{{role}}" is shared by {{functions}}{{why}} so each gets the permissions of all; give each function its own role with only what it uses',
    },
    options: {
      type: 'object',
      properties: {
        requireDifferentTriggers: {
          type: 'boolean',
          description:
            'report a shared role only when its functions are triggered by different kinds of input (default true); false reports every shared role that grants more than logging',
        },
        allowRoles: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'role logical ids (or "serverless:provider") that may be shared',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { requireDifferentTriggers: true, allowRoles: [] },
    tags: ['security', 'iam', 'least-privilege', 'CWE-250'],
    platforms: ['aws'],
    securitySeverity: 4.3,
  },
  create(ctx) {
    const allowed = new Set(ctx.options.allowRoles ?? []);
    const different = ctx.options.requireDifferentTriggers !== false;
    return {
      role(role) {
        if (allowed.has(role.id)) return;
        const fns = role.app.functions.filter((f) => f.role === role);
        if (new Set(fns.map((f) => f.name)).size < 2) return;
        if (!grantsBeyondBaseline(role)) return;
        // functions that run the same code need the same grants: sharing their role gives none of
        // them more than it uses
        if (sameCode(fns)) return;
        // functions without a known trigger (direct invocation, or wired outside the manifest)
        // are left out rather than guessed
        const kinds = fns.map(triggers).filter((t) => t.length > 0);
        const signatures = new Set(kinds.map((t) => t.join('|')));
        if (different && signatures.size < 2) return;
        const all = [...new Set(kinds.flat())].sort();
        const data = {
          functions: affected(
            fns.map((f) => f.name),
            role.app.functions.length,
          ),
          why: signatures.size > 1 ? `, which handle different input (${all.join(', ')}),` : ',',
        };
        if (role.isProviderRole) ctx.report({ at: providerRoleLoc(role), messageId: 'sharedProvider', data });
        else ctx.report({ at: role, messageId: 'shared', data: { ...data, role: role.id } });
      },
    };
  },
});

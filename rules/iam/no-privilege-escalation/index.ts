import {
  actionMatches,
  arnResource,
  defineRule,
  findEscalations,
  hasCondition,
  isAllActions,
  isAllow,
  isTypeWildcardResource,
  knownResourceStrings,
  literalStrings,
  managedPolicyGrants,
  presentValues,
  spanLoc,
} from '../../_api.js';
import type { EscalationMethod, IamStatement, Loc, Role } from '../../_api.js';
import { affected } from '../../_shared/messages.js';
import { isAdminLikePolicy, managedPolicyInfo, managedPolicyText } from '../../_shared/iam-grants.js';

/** One element of a role that grants actions on every resource: an action string, a NotAction list, a managed policy. */
interface Grant {
  allows(action: string): boolean;
  /** where to point when this grant contributes a method's key action */
  loc: Loc;
  /** the element as written, for messages (`iam:*`, `NotAction iam:*`, the policy ARN) */
  text: string;
}

/**
 * A statement grants on every resource of a type when it has NotResource, or a known resource
 * (`knownResourceStrings`) that is `*` or a type-level wildcard (`arn:aws:iam::123456789012:role/*`);
 * and no Condition. Actions scoped to named resources (`!GetAtt Role.Arn`, `…:function:app-*`) are
 * not counted: passing or editing one known resource is not an escalation path by itself.
 */
function grantsEverywhere(s: IamStatement): boolean {
  if (!isAllow(s) || hasCondition(s)) return false;
  if (presentValues(s.notResources).length) return true;
  return knownResourceStrings(s.resources).some(({ value }) => isTypeWildcardResource(value));
}

/**
 * A statement on a NAME PATTERN (`function:tenant-*`, `role/${self:service}-*`) without a Condition:
 * whoever holds it picks the name (`lambda:CreateFunction` of `tenant-evil`, then invoking it), or
 * reaches every existing resource matching it — its own role included. Counted for every action but
 * `iam:PassRole`, where naming a family of roles is the scoping AWS recommends.
 */
function grantsOnNamePattern(s: IamStatement): boolean {
  if (!isAllow(s) || hasCondition(s) || grantsEverywhere(s)) return false;
  return knownResourceStrings(s.resources).some(({ value }) => /[*?]/.test(arnResource(value)));
}

const isPassRole = (a: string): boolean => a.toLowerCase() === 'iam:passrole';

/**
 * Everything the role grants on every resource, in role order (statements, then managed policies).
 * With `leaveOutAdmin` (iam/no-admin-policy is on), administrator grants are left out: that rule
 * reports them, and escalation through them is moot.
 */
function roleGrants(role: Role, leaveOutAdmin: boolean): Grant[] {
  const out: Grant[] = [];
  for (const s of role.statements) {
    if (grantsOnNamePattern(s)) {
      for (const { value, v } of literalStrings(s.actions))
        out.push({ allows: (a) => !isPassRole(a) && actionMatches(value.trim(), a), loc: v.loc, text: value.trim() });
      continue;
    }
    if (!grantsEverywhere(s)) continue;
    const onStar = knownResourceStrings(s.resources).some(({ value }) => value.trim() === '*');
    for (const { value, v } of literalStrings(s.actions)) {
      if (leaveOutAdmin && isAllActions(value) && onStar) continue;
      out.push({ allows: (a) => actionMatches(value.trim(), a), loc: v.loc, text: value.trim() });
    }
    const not = presentValues(s.notActions);
    // Allow + NotAction: everything but the listed actions; an unresolved exclusion is unknown
    if (not.length && not.every((v) => v.kind === 'literal')) {
      const patterns = literalStrings(not).map(({ value }) => value.trim());
      out.push({
        allows: (a) => !patterns.some((p) => actionMatches(p, a)),
        loc: spanLoc(not[0]!.loc, not[not.length - 1]!.loc),
        text: `NotAction ${patterns.join(', ')}`,
      });
    }
  }
  for (const m of role.managedPolicies) {
    const info = managedPolicyInfo(m);
    if (!info || (leaveOutAdmin && isAdminLikePolicy(info))) continue;
    const text = managedPolicyText(m)?.trim();
    if (text === undefined) continue;
    for (const g of managedPolicyGrants(text) ?? []) {
      // statements AWS narrowed by resource or condition (`iam:PassedToService`) are not counted
      if (g.limited) continue;
      if (g.actions) {
        const patterns = g.actions;
        out.push({ allows: (a) => patterns.some((p) => actionMatches(p, a)), loc: m.value.loc, text });
      } else if (g.notActions) {
        const patterns = g.notActions;
        out.push({ allows: (a) => !patterns.some((p) => actionMatches(p, a)), loc: m.value.loc, text });
      }
    }
  }
  return out;
}

/** The action a finding points at: iam:PassRole for pass-role methods, else the method's first action. */
function keyAction(m: EscalationMethod): string {
  return m.actions.find((a) => a.toLowerCase() === 'iam:passrole') ?? m.actions[0]!;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function locKey(l: Loc): string {
  return `${l.file}:${l.line}:${l.column}:${l.endLine}:${l.endColumn}`;
}

interface RoleAnalysis {
  role: Role;
  grants: Grant[];
  methods: Set<string>;
}

export default defineRule({
  meta: {
    id: 'iam/no-privilege-escalation',
    description: 'Disallow function roles whose permissions together allow a known privilege-escalation method',
    severity: 'error',
    recommended: true,
    messages: {
      escalation:
        'The role of {{functions}} allows privilege escalation "{{method}}" ({{name}}) through {{actions}} on every resource or on resource names it can choose; scope these actions to specific resources or remove them',
      escalations:
        'The role of {{functions}} allows {{count}} privilege-escalation methods through "{{text}}" on every resource or on resource names it can choose, such as {{methods}}; scope these actions to specific resources or remove them',
    },
    tags: ['security', 'iam', 'privilege-escalation', 'CWE-269', 'CWE-250'],
    platforms: ['aws'],
    securitySeverity: 8.8,
    coveredBy: ['iam/no-admin-policy'],
  },
  create(ctx) {
    const leaveOutAdmin = ctx.isActive('iam/no-admin-policy');
    return {
      // Per app rather than per role: one statement can belong to several roles (serverless provider
      // statements inherited by per-function roles), and the engine keeps one finding per region.
      app(app) {
        const analyses: RoleAnalysis[] = [];
        const methodsById = new Map<string, EscalationMethod>();
        for (const role of app.roles) {
          // only execution roles of functions; a permissions boundary (content unknown) may cap the role
          if (!role.functions.length || role.permissionsBoundary) continue;
          const grants = roleGrants(role, leaveOutAdmin);
          if (!grants.length) continue;
          const found = findEscalations((a) => grants.some((g) => g.allows(a)));
          for (const m of found) methodsById.set(m.id, m);
          if (found.length) analyses.push({ role, grants, methods: new Set(found.map((m) => m.id)) });
        }
        // which analysed roles hold a grant at a given place
        const holders = new Map<string, RoleAnalysis[]>();
        for (const a of analyses)
          for (const g of a.grants) {
            const list = holders.get(locKey(g.loc)) ?? [];
            if (!list.includes(a)) list.push(a);
            holders.set(locKey(g.loc), list);
          }
        // A grant shared with a role that lacks the method would name that role's functions
        // wrongly: point at a grant every holder of which has the method.
        const fair = (g: Grant, method: string) => (holders.get(locKey(g.loc)) ?? []).every((a) => a.methods.has(method));

        const byPlace = new Map<string, { grant: Grant; methods: Set<string>; functions: Set<string> }>();
        for (const a of analyses) {
          for (const id of a.methods) {
            const method = methodsById.get(id)!;
            const key = keyAction(method);
            const others = method.actions.filter((x) => x !== key);
            const contributes = (x: string) => a.grants.filter((g) => g.allows(x));
            const at =
              contributes(key).find((g) => fair(g, id)) ?? others.flatMap(contributes).find((g) => fair(g, id)) ?? contributes(key)[0];
            if (!at) continue;
            const k = locKey(at.loc);
            const place = byPlace.get(k) ?? { grant: at, methods: new Set<string>(), functions: new Set<string>() };
            place.methods.add(id);
            for (const fn of a.role.functions) place.functions.add(fn);
            byPlace.set(k, place);
          }
        }

        for (const [k, place] of byPlace) {
          const functions = affected([...place.functions], app.functions.length);
          const methods = [...place.methods].map((id) => methodsById.get(id)!);
          const entity = `app:${app.file}/escalation:${k.slice(0, k.indexOf(':'))}:${place.grant.text}`;
          if (methods.length === 1) {
            const m = methods[0]!;
            ctx.report({
              at: place.grant.loc,
              messageId: 'escalation',
              entity,
              data: { functions, method: m.id, name: lowerFirst(m.name), actions: m.actions.map((a) => `"${a}"`).join(' + ') },
            });
          } else {
            const shown = methods.slice(0, 3).map((m) => `"${m.id}" (${m.actions.join(' + ')})`);
            const more = methods.length > 3 ? ` and ${methods.length - 3} more` : '';
            ctx.report({
              at: place.grant.loc,
              messageId: 'escalations',
              entity,
              data: { functions, count: methods.length, text: place.grant.text, methods: `${shown.join(', ')}${more}` },
            });
          }
        }
      },
    };
  },
});

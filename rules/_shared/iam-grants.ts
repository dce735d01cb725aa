import {
  anyActionMatcher,
  classifyManagedPolicy,
  classifyRisk,
  expandActionPattern,
  expandSamPolicyTemplate,
  get,
  hasCondition,
  isAllActions,
  isAllow,
  arnResource,
  everyResourceFor,
  hasWildcard,
  isEveryResource,
  isMap,
  knownResourceStrings,
  literalStrings,
  seqItems,
} from '../_api.js';
import type { EveryResource, IamStatement, ManagedPolicyInfo, ManagedPolicyRef, Node, Value } from '../_api.js';
import { affected } from './messages.js';

/**
 * Facts about IAM statements and managed policies shared by the `iam/*` statement rules, so that
 * each fact is computed one way only (and the rules agree on what "every resource" or "admin" means).
 */

// ---------------------------------------------------------------------------------------------------
// who: the grantee named in messages

/** `function "a"`, `functions "a", "b"`, or the role / resource policy when no function is known. */
export function grantee(s: IamStatement): string {
  if (s.functions.length) return affected(s.functions, s.app.functions.length);
  if (s.source.kind === 'resource-policy') return `resource policy ${s.source.name ?? ''}`.trim();
  if (!s.role) return `policy ${s.source.name ?? ''}`.trim();
  return roleLabel(s.role.id) + roleUsers(s.role);
}

/** ` (used by state machine OrderFlow)`, ` (used by CodeBuild project Build, pipeline Ship)`, or nothing. */
function roleUsers(role: { usedBy?: { kind: string; id: string }[] }): string {
  const users = role.usedBy ?? [];
  if (!users.length) return '';
  const shown = users.slice(0, 3).map((u) => `${u.kind} ${u.id}`);
  return ` (used by ${shown.join(', ')}${users.length > 3 ? ` and ${users.length - 3} more` : ''})`;
}

/** As `grantee`, for a managed policy attachment. */
export function policyGrantee(m: ManagedPolicyRef): string {
  return m.functions.length ? affected(m.functions, m.app.functions.length) : roleLabel(m.role?.id) + (m.role ? roleUsers(m.role) : '');
}

/** `role OpsRole`; the serverless shared role no function uses yet is named for what it is. */
function roleLabel(id: string | undefined): string {
  if (id === 'serverless:provider') return 'the provider-level role (no function uses it yet)';
  return `role ${id ?? ''}`.trim();
}

// ---------------------------------------------------------------------------------------------------
// statements

/**
 * An Allow statement of an identity policy (role, serverless, SAM): what a function may do. Trust
 * policies and resource policies are about *who* may act and are left to their own rules.
 */
export function isIdentityAllow(s: IamStatement): boolean {
  return isAllow(s) && s.source.kind !== 'trust' && s.source.kind !== 'resource-policy';
}

/**
 * The known resources of a statement (`knownResourceStrings`) that may designate every resource of
 * some action: `*`, and ARNs with a wildcard (`arn:aws:sqs:*:*:*`, `…:table/*`); which actions a
 * given one covers in full is `everyResourceFor`'s to say, per action. For a statement expanded from a SAM policy template, a `*` the template itself writes (e.g.
 * `CloudWatchPutMetricPolicy`, `SSMParameterReadPolicy`'s `ssm:DescribeParameters`) is AWS's
 * choice, not the user's, and is left out; a wildcard that comes from a parameter the user wrote
 * (`S3CrudPolicy: {BucketName: "*"}`) is kept.
 */
export function everyResourceValues(s: IamStatement): { value: string; v: Value }[] {
  const hits = knownResourceStrings(s.resources).filter(({ value }) => isEveryResource(value) || hasWildcard(arnResource(value)));
  if (!hits.length || s.source.kind !== 'sam-template') return hits;
  const own = templateOwnResources(s);
  if (!own) return hits;
  return hits.filter((h) => !isEveryResourceNode(own[(s.resources ?? []).indexOf(h.v)]));
}

/** A wildcard the template writes itself, with no parameter in it (parameters stay `ref` nodes). */
function isEveryResourceNode(n: Node | undefined): boolean {
  return !!n && n.kind === 'scalar' && typeof n.value === 'string' && hasWildcard(n.value);
}

/**
 * The resource nodes the SAM template writes for this statement before any parameter is filled in
 * (parameters stay `${Param}` refs), or undefined when the statement cannot be matched to the
 * template. Statements of one template use share their `via` value, in template order.
 */
function templateOwnResources(s: IamStatement): Node[] | undefined {
  const via = s.via;
  if (!via || via.kind !== 'literal' || typeof via.value !== 'string' || !s.role) return undefined;
  const siblings = s.role.statements.filter((x) => x.via === via);
  const index = siblings.indexOf(s);
  const raw = expandSamPolicyTemplate(via.value, null, via.loc);
  const node = raw?.[index];
  if (!node || !isMap(node)) return undefined;
  return seqItems(get(node, 'Resource'));
}

// ---------------------------------------------------------------------------------------------------
// actions

export type SensitiveKind = 'permissions' | 'credentials' | 'exfiltration';

/**
 * What makes a concrete action dangerous on every resource, by priority: it changes permissions
 * (AWS access level "Permissions management"), it returns credentials, or it reads stored data out.
 * Undefined for the others.
 */
export function sensitiveKind(action: string): SensitiveKind | undefined {
  const r = classifyRisk(action);
  if (r.permissionsManagement) return 'permissions';
  if (r.credentialsExposure) return 'credentials';
  if (r.exfiltration) return 'exfiltration';
  return undefined;
}

/**
 * `"a", "b", "c"` and `"a", "b", "c" and 4 more`, shortest names first: they tend to be the
 * well-known ones (`s3:PutBucketAcl` before `s3:PutAccessGrantsInstanceResourcePolicy`).
 */
export function examples(list: readonly string[], max = 3): string {
  const ordered = [...list].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const shown = ordered.slice(0, max).map((a) => `"${a}"`);
  const rest = list.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

// ---------------------------------------------------------------------------------------------------
// managed policies

/**
 * The AWS managed policy a reference designates (`AdministratorAccess`, an `arn:…:iam::aws:policy/…`
 * ARN, or an `Fn::Sub` of one with only pseudo parameters), or null for customer policies and
 * references we cannot read.
 */
export function managedPolicyInfo(m: ManagedPolicyRef): ManagedPolicyInfo | null {
  const text = managedPolicyText(m);
  return text === undefined ? null : classifyManagedPolicy(text);
}

/** The text of a managed policy reference (a literal, or the `describe()` text of an intrinsic). */
export function managedPolicyText(m: ManagedPolicyRef): string | undefined {
  const v = m.value;
  if (v.kind === 'ref') return v.text;
  return typeof v.value === 'string' ? v.value : undefined;
}

/** Managed policy kinds `iam/no-admin-policy` reports: administrator access or its equivalents. */
export function isAdminLikePolicy(info: ManagedPolicyInfo | null): boolean {
  return !!info && (info.kind === 'admin' || info.kind === 'power-user' || info.kind === 'iam-full');
}

/**
 * The `Resource` values through which an identity Allow statement grants its actions on every
 * resource without a `Condition` (`everyResourceValues`), or [] when it does not. Shared by
 * `iam/no-resource-wildcard` (the resource is the finding) and `iam/no-sensitive-action-on-star`
 * (the action is the finding).
 */
export function unconditionalEveryResource(s: IamStatement): { value: string; v: Value }[] {
  if (!isIdentityAllow(s) || hasCondition(s)) return [];
  return everyResourceValues(s);
}

/**
 * The literal action patterns of a statement, with what they expand to; `*`/`*:*` only with
 * `withEveryAction` (on every resource it is administrator access, `iam/no-admin-policy`'s finding
 * while that rule is on).
 */
export function actionsWithExpansion(
  s: IamStatement,
  withEveryAction: boolean,
): { value: string; v: Value; expansion: readonly string[] }[] {
  return literalStrings(s.actions)
    .filter(({ value }) => withEveryAction || !isAllActions(value))
    .map(({ value, v }) => ({ value: value.trim(), v, expansion: expandActionPattern(value.trim()) }));
}

/** A case-insensitive matcher for a list of action patterns (`["cloudwatch:PutMetricData", "xray:*"]`). */
export function actionFilter(patterns: unknown): (action: string) => boolean {
  return anyActionMatcher(Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string') : []);
}

/** The `ignoreActions` option schema shared by the rules about grants on every resource. */
export const IGNORE_ACTIONS_OPTION = {
  type: 'array',
  items: { type: 'string' },
  description: 'Action patterns that may be granted on "*" (case-insensitive, wildcards allowed)',
} as const;

/**
 * The first of `stars` that covers every resource this action acts on (`everyResourceFor`), with
 * how; undefined when none does (`arn:aws:sqs:*:*:*` for an `ec2:` action, `table/orders-*`).
 */
export function everyResourceOf(
  stars: readonly { value: string; v: Value }[],
  action: string,
): ({ value: string; v: Value } & EveryResource) | undefined {
  for (const x of stars) {
    const e = everyResourceFor(x.value, action);
    if (e) return { ...x, ...e };
  }
  return undefined;
}

/**
 * What a resource reaches for these actions, for a message: `every resource` for `*`, else which
 * wildcard names what (`every dynamodb table of the account ("table/*")`), and for a SAM policy
 * template the template and its parameter that made it so.
 */
export function everyPhrase(s: IamStatement, resource: string, actions: readonly string[]): string {
  const whats: string[] = [];
  let wildcard = '';
  for (const a of actions) {
    const e = everyResourceFor(resource, a);
    if (!e) continue;
    wildcard = e.wildcard;
    if (!whats.includes(e.what)) whats.push(e.what);
  }
  if (!whats.length || resource.trim() === wildcard) return 'every resource';
  const via = s.source.kind === 'sam-template' && s.via?.kind === 'literal' ? `, from policy template "${String(s.via.value)}"` : '';
  return `${whats.join(' and ')} (wildcard "${wildcard}"${via})`;
}

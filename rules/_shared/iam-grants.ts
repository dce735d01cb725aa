import { actionMatches, classifyManagedPolicy, classifyRisk, expandActionPattern, expandSamPolicyTemplate } from '../../src/knowledge/aws/iam/index.js';
import type { ManagedPolicyInfo } from '../../src/knowledge/aws/iam/index.js';
import { isAllow, literalStrings } from '../../src/platforms/aws/iam.js';
import { isMap, get, seqItems } from '../../src/core/node.js';
import type { IamStatement, ManagedPolicyRef } from '../../src/model/types.js';
import type { Node, Value } from '../../src/core/types.js';
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
  return roleLabel(s.role?.id ?? s.source.name);
}

/** As `grantee`, for a managed policy attachment. */
export function policyGrantee(m: ManagedPolicyRef): string {
  return m.functions.length ? affected(m.functions, m.app.functions.length) : roleLabel(m.role?.id);
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
 * True when the statement has a `Condition` that may narrow a `Resource: "*"` (`aws:ResourceTag/…`,
 * `kms:ViaService`, `iam:PassedToService`, or an unresolved reference: nothing is guessed). A
 * condition that only tests transport, time, MFA, client or region does not count.
 */
export function hasCondition(s: IamStatement): boolean {
  const c = s.condition;
  if (!c) return false;
  if (c.kind === 'scalar') return c.value !== null && c.value !== '';
  if (c.kind !== 'map') return true;
  // a Condition narrows WHAT can be reached unless every key it tests is about the request's
  // transport, time, MFA or client (`aws:SecureTransport: true` still allows every resource)
  return c.entries.some((op) => op.value.kind !== 'map' || op.value.entries.some((k) => !NON_SCOPING_KEYS.has(k.key.toLowerCase())));
}

/** Global condition keys that never narrow the resources a statement reaches. */
const NON_SCOPING_KEYS = new Set(
  ['aws:SecureTransport', 'aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge', 'aws:CurrentTime', 'aws:EpochTime', 'aws:UserAgent', 'aws:TokenIssueTime', 'aws:RequestedRegion'].map((k) => k.toLowerCase()),
);

/**
 * The values of a `Not…` element that are really there: YAML `NotResource: ~` or `NotAction: []`
 * is an absent element, not "everything but nothing".
 */
export function presentValues(vs: Value[] | null): Value[] {
  return (vs ?? []).filter((v) => !(v.kind === 'literal' && (v.value === null || v.value === '')));
}

/** `*`, `*:*` (and runs of stars): every action of every service. */
export function isAllActions(text: string): boolean {
  const t = text.trim();
  return /^\*+$/.test(t) || /^\*+:\*+$/.test(t);
}

/**
 * True for a resource string that designates every resource of its service: `*`, or an ARN whose
 * resource part is made of wildcards only (`arn:aws:s3:::*`, `arn:aws:sqs:*:*:*`,
 * `arn:${AWS::Partition}:logs:*:*:*`, `arn:aws:*`). A resource-type prefix is a scope
 * (`arn:aws:dynamodb:*:*:table/*` is not matched: see `isTypeWildcardResource`).
 */
export function isEveryResource(text: string): boolean {
  const t = text.trim();
  if (/^\*+$/.test(t)) return true;
  const parts = splitArn(t);
  if (!parts) return false;
  if (parts.length < 6) return /^[*]+$/.test(parts[parts.length - 1]!);
  return /^[*/:]+$/.test(parts.slice(5).join(':'));
}

/**
 * True for an ARN that names every resource of one resource type (`arn:aws:iam::123456789012:role/*`,
 * `arn:aws:lambda:*:*:function:*`, `arn:aws:dynamodb:us-east-1:123456789012:table/*`), or every
 * resource at all (`isEveryResource`).
 */
export function isTypeWildcardResource(text: string): boolean {
  if (isEveryResource(text)) return true;
  const parts = splitArn(text.trim());
  if (!parts || parts.length < 6) return false;
  return /^[\w.-]+[/:][*]+$/.test(parts.slice(5).join(':'));
}

/**
 * The `:`-separated parts of an ARN (`arn`, partition, service, region, account, resource…), a
 * `${AWS::Partition}`-style pseudo parameter kept as one part; null when the text is not an ARN.
 */
export function splitArn(t: string): string[] | null {
  if (!/^arn:/i.test(t)) return null;
  // protect `${AWS::Partition}`-style pseudo parameters from the split
  const parts = t.replace(/\$\{[^}]*\}/g, (m) => m.replace(/:/g, '\u0000')).split(':');
  return parts.map((p) => p.replace(/\u0000/g, ':'));
}

/** Placeholders that can only fill an ARN's partition, region or account. */
const PSEUDO = /^\$\{(AWS::(Partition|Region|AccountId|URLSuffix)|aws:(partition|region|accountId))\}$/;

/**
 * The resource strings of a list whose text is known: literals, and ARNs whose only unresolved parts
 * are pseudo parameters in the partition, region or account position
 * (`!Sub arn:${AWS::Partition}:s3:::*`, `arn:aws:sqs:${aws:region}:${aws:accountId}:*`): those cannot
 * turn a wildcard into a scope. Any other reference stays unknown and is left out.
 */
export function knownResourceStrings(vs: Value[] | null): { value: string; v: Value }[] {
  const out: { value: string; v: Value }[] = [];
  for (const v of vs ?? []) {
    if (v.kind === 'literal') {
      if (typeof v.value === 'string') out.push({ value: v.value, v });
      continue;
    }
    const parts = splitArn(v.text.trim());
    if (!parts || parts.length < 6) continue;
    const placeholdersOk = parts.every((p, i) => !p.includes('${') || ((i === 1 || i === 3 || i === 4) && PSEUDO.test(p)));
    if (placeholdersOk) out.push({ value: v.text.trim(), v });
  }
  return out;
}

/**
 * The known resources of a statement (`knownResourceStrings`) that designate every resource
 * (`isEveryResource`). For a statement expanded from a SAM policy template, a `*` the template itself writes (e.g.
 * `CloudWatchPutMetricPolicy`, `SSMParameterReadPolicy`'s `ssm:DescribeParameters`) is AWS's
 * choice, not the user's, and is left out; a wildcard that comes from a parameter the user wrote
 * (`S3CrudPolicy: {BucketName: "*"}`) is kept.
 */
export function everyResourceValues(s: IamStatement): { value: string; v: Value }[] {
  const hits = knownResourceStrings(s.resources).filter(({ value }) => isEveryResource(value));
  if (!hits.length || s.source.kind !== 'sam-template') return hits;
  const own = templateOwnResources(s);
  if (!own) return hits;
  return hits.filter((h) => !isEveryResourceNode(own[(s.resources ?? []).indexOf(h.v)]));
}

function isEveryResourceNode(n: Node | undefined): boolean {
  return !!n && n.kind === 'scalar' && typeof n.value === 'string' && isEveryResource(n.value);
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
 * The literal action patterns of a statement other than `*`/`*:*` (every action is
 * `iam/no-admin-policy`'s finding), with what they expand to.
 */
export function actionsWithExpansion(s: IamStatement): { value: string; v: Value; expansion: readonly string[] }[] {
  return literalStrings(s.actions)
    .filter(({ value }) => !isAllActions(value))
    .map(({ value, v }) => ({ value: value.trim(), v, expansion: expandActionPattern(value.trim()) }));
}

/** A case-insensitive matcher for a list of action patterns (`["cloudwatch:PutMetricData", "xray:*"]`). */
export function actionFilter(patterns: unknown): (action: string) => boolean {
  const list = Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string') : [];
  return (action) => list.some((p) => actionMatches(p, action));
}

/** The `ignoreActions` option schema shared by the rules about grants on every resource. */
export const IGNORE_ACTIONS_OPTION = {
  type: 'array',
  items: { type: 'string' },
  description: 'Action patterns that may be granted on "*" (case-insensitive, wildcards allowed)',
} as const;

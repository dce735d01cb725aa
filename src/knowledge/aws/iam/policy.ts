import type { Node, Value } from '../../../core/types.js';

/**
 * Predicates over IAM policy text shared by every rule that reads a statement: ARN parts, "every
 * resource", conditions that narrow a grant. One definition each, so the rules agree.
 */

/**
 * The `:`-separated parts of an ARN (`arn`, partition, service, region, account, resource…), an
 * unresolved `${…}` placeholder (`${AWS::Partition}`, `${aws:region}`) kept as one part; null when
 * the text is not an ARN. The one ARN split of the code base.
 */
export function splitArn(t: string): string[] | null {
  if (!/^arn:/i.test(t)) return null;
  // protect `${AWS::Partition}`-style placeholders from the split
  const parts = t.replace(/\$\{[^}]*\}/g, (m) => m.replace(/:/g, '\u0000')).split(':');
  return parts.map((p) => p.replace(/\u0000/g, ':'));
}

/** The part of an ARN after `arn:partition:service:region:account:` (the whole text when it is not a full ARN). */
export function arnResource(text: string): string {
  const parts = splitArn(text);
  return parts && parts.length >= 6 ? parts.slice(5).join(':') : text;
}

/** Action prefixes whose resources carry another service name in their ARN. */
const ARN_SERVICE_OF_PREFIX: Record<string, string> = { 'kafka-cluster': 'kafka', 'rds-data': 'rds' };

/**
 * Can a resource string designate resources of this action? `*`, an ARN whose service is a wildcard
 * or a placeholder, or one of the action's own service: `arn:aws:secretsmanager:…:*` grants no
 * `ec2:` action anything, so it is no wildcard for them.
 */
export function resourceServesAction(resource: string, action: string): boolean {
  const parts = splitArn(resource.trim());
  if (!parts || parts.length < 3) return true;
  const service = parts[2]!.toLowerCase();
  if (!service || /[*?]|\$\{/.test(service)) return true;
  const prefix = action.split(':')[0]!.toLowerCase();
  return service === (Object.hasOwn(ARN_SERVICE_OF_PREFIX, prefix) ? ARN_SERVICE_OF_PREFIX[prefix] : prefix);
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
 * True when the statement has a `Condition` that may narrow a `Resource: "*"` (`aws:ResourceTag/…`,
 * `kms:ViaService`, `iam:PassedToService`, or an unresolved reference: nothing is guessed). A
 * condition that only tests transport, time, MFA, client or region does not count.
 */
export function hasCondition(s: { condition: Node | null }): boolean {
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
  [
    'aws:SecureTransport',
    'aws:MultiFactorAuthPresent',
    'aws:MultiFactorAuthAge',
    'aws:CurrentTime',
    'aws:EpochTime',
    'aws:UserAgent',
    'aws:TokenIssueTime',
    'aws:RequestedRegion',
  ].map((k) => k.toLowerCase()),
);

/**
 * The values of a `Not…` element that are really there: YAML `NotResource: ~` or `NotAction: []`
 * is an absent element, not "everything but nothing".
 */
export function presentValues(vs: Value[] | null): Value[] {
  return (vs ?? []).filter((v) => !(v.kind === 'literal' && (v.value === null || v.value === '')));
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

import type { Node, Value } from '../../../core/types.js';
import { wildcardMatch } from '../../../core/glob.js';
import { actionResourceArns } from './actions.js';

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
 * or a placeholder, one of the action's own service, or of another service whose resource type the
 * action names (`ssm:SendCommand` on `arn:aws:ec2:…:instance/*`): `arn:aws:secretsmanager:…:*`
 * grants no `ec2:` action anything, so it is no wildcard for them.
 */
export function resourceServesAction(resource: string, action: string): boolean {
  const parts = splitArn(resource.trim());
  if (!parts || parts.length < 3) return true;
  const service = parts[2]!.toLowerCase();
  if (!service || /[*?]|\$\{/.test(service)) return true;
  const prefix = action.split(':')[0]!.toLowerCase();
  if (service === (Object.hasOwn(ARN_SERVICE_OF_PREFIX, prefix) ? ARN_SERVICE_OF_PREFIX[prefix] : prefix)) return true;
  // a resource type of another service the action names (`ssm:SendCommand` on an ec2 instance,
  // and the like): only for a concrete action the dataset knows
  if (/[*?]/.test(action)) return false;
  return actionResourceArns(action).some(({ arn }) => splitArn(arn)?.[2]?.toLowerCase() === service);
}

/**
 * How a resource string reaches every resource an action can act on: the wildcard that makes it so
 * (`*`, `table/*`, the `*`-slash-`*` of S3 objects) and what it names (`every resource`, `every dynamodb table of the account`).
 */
export interface EveryResource {
  wildcard: string;
  what: string;
}

/**
 * Does this resource string designate every resource of the kinds this action acts on? `*`; an ARN
 * of the action's service whose resource part is all wildcards (`arn:aws:sqs:*:*:*`); or one whose
 * resource part covers one of the action's resource types with every name left open
 * (`arn:aws:dynamodb:*:*:table/*` for `dynamodb:PutItem`, `arn:aws:lambda:*:*:function:*`,
 * `arn:aws:s3:::*` followed by `/*` for `s3:GetObject`), as the Service Authorization Reference writes the
 * type's ARN. A name prefix (`table/orders-*`) is a scope. The region and account may be anything:
 * `${AWS::AccountId}` (or a literal account) names every table of the account the role lives in,
 * `*` every table in every account (`what` says which). Undefined for actions the dataset does not
 * know when the resource is not all wildcards (nothing is guessed).
 */
export function everyResourceFor(resource: string, action: string): EveryResource | undefined {
  const t = resource.trim();
  if (/^\*+$/.test(t)) return { wildcard: t, what: 'every resource' };
  if (!resourceServesAction(t, action)) return undefined;
  const parts = splitArn(t);
  if (!parts) return undefined;
  const service = (parts[2] ?? '').toLowerCase();
  const openService = !service || /[*?]|\$\{/.test(service);
  const rest = parts.length >= 6 ? parts.slice(5).join(':') : parts[parts.length - 1]!;
  const scope = (templateAccount: string | undefined) =>
    templateAccount === '' ? '' : parts[4] !== undefined && /^\*+$/.test(parts[4]) ? ' in every account' : ' of the account';
  const types = actionResourceArns(action);
  // an action the dataset does not know (or a service part left open): only an all-wildcard ARN
  if (!types.length || openService || parts.length < 6) {
    if (!isEveryResource(t)) return undefined;
    return { wildcard: rest, what: openService ? 'every resource' : `every ${service} resource${scope(undefined)}` };
  }
  if (!/[*?]/.test(rest)) return undefined;
  // the type whose ARN the wildcard spells first (`table/*` is every table, though it also covers indexes)
  const spelled = (arn: string) =>
    splitArn(arn)
      ?.slice(5)
      .join(':')
      .replace(/\$\{[^}]*\}/g, '*') === rest
      ? 0
      : 1;
  for (const { type, arn } of [...types].sort((a, b) => spelled(a.arn) - spelled(b.arn))) {
    const tp = splitArn(arn);
    if (!tp || tp.length < 6 || tp[2]!.toLowerCase() !== service) continue;
    // the region and account are where the type has them (an S3 bucket's ARN has neither, an access point's both)
    if ((parts[3] === '') !== (tp[3] === '') || (parts[4] === '') !== (tp[4] === '')) continue;
    const template = tp.slice(5).join(':');
    const open = template.replace(/\$\{[^}]*\}/g, '*');
    // all wildcards: every resource of the service, whatever types the action takes
    const named = /^[*?]+$/.test(rest) ? `every ${service} resource` : `every ${service} ${type.toLowerCase()}`;
    if (wildcardMatch(rest, open, false)) return { wildcard: rest, what: `${named}${scope(tp[4])}` };
    // wildcards and separators only (`*/*` for secrets, whose names may hold a slash): every
    // resource of the type whose name has that shape, as good as all of them, when some name can
    // have it (a bucket name has no slash: `arn:aws:s3:::*/*` is no bucket)
    if (
      isEveryResource(t) &&
      wildcardMatch(
        rest,
        template.replace(/\$\{([^}]*)\}/g, (_, v: string) => (SLASHLESS.has(v) ? 'x' : 'x/x:x')),
        false,
      )
    )
      return { wildcard: rest, what: `${named}${scope(tp[4])}` };
  }
  return undefined;
}

/** ARN name variables of the Service Authorization Reference whose values never hold a `/` or `:`. */
const SLASHLESS = new Set(['BucketName']);

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

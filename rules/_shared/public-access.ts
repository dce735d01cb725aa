import {
  actionMatches,
  CALLER_KEYS,
  describe,
  isAllow,
  keySet,
  literalStrings,
  mapEntries,
  conditionRestricts,
  publicPrincipals,
} from '../_api.js';
import type { IamStatement, Node, PublicPrincipal } from '../_api.js';

/**
 * Statement-level questions about public access, over the principal predicates of the IAM knowledge
 * library: used by the trust-policy and resource-policy rules.
 */

/**
 * Condition keys that narrow a resource policy to known callers: accounts, organizations, source
 * resources, networks (VPC endpoint, VPC, IP range), and the service-specific account keys.
 */
export const RESOURCE_POLICY_KEYS = keySet([
  ...CALLER_KEYS,
  'aws:SourceOwner',
  'aws:SourceVpce',
  'aws:SourceVpc',
  'aws:SourceIp',
  'kms:CallerAccount',
  's3:DataAccessPointAccount',
  's3:DataAccessPointArn',
]);

/**
 * The public principals of an Allow statement that no Condition narrows through `keys`, and that no
 * Deny statement of the same policy takes back. Empty for Deny statements, for principals given by
 * reference and whenever the Condition cannot be read (nothing is guessed).
 */
export function unrestrictedPublicPrincipals(s: IamStatement, keys: ReadonlySet<string>): PublicPrincipal[] {
  if (!isAllow(s)) return [];
  const hits = publicPrincipals(s.principal);
  if (!hits.length) return [];
  if (conditionRestricts(s.condition, keys) !== 'unrestricted') return [];
  if (deniedToOutsiders(s, keys)) return [];
  return hits;
}

/**
 * True when another statement of the same policy denies the same public principal every action `s`
 * allows, under a Condition on one of `keys` — the common "Allow *, then Deny unless
 * aws:SourceVpce / aws:PrincipalOrgID" pattern. The Deny's operator is not judged (it is normally a
 * negated one such as `StringNotEquals`): a guard on a caller key is taken as intended.
 */
function deniedToOutsiders(s: IamStatement, keys: ReadonlySet<string>): boolean {
  const allowed = literalStrings(s.actions);
  // a NotAction statement or an action given by reference is covered only by a Deny of every action
  const everything = !allowed.length || allowed.length !== (s.actions?.length ?? 0);
  const siblings = s.app.statements.filter(
    (o) => o !== s && o.source.kind === s.source.kind && o.source.name === s.source.name && o.role === s.role && isDeny(o),
  );
  for (const d of siblings) {
    if (!publicPrincipals(d.principal).length) continue;
    if (!conditionMentions(d.condition, keys)) continue;
    const denied = literalStrings(d.actions).map((a) => a.value.trim());
    if (denied.includes('*')) return true;
    // a pattern covers an allowed pattern when it matches it as text (`s3:*` covers `s3:Get*`)
    if (!everything && allowed.every((a) => denied.some((p) => actionMatches(p, a.value)))) return true;
  }
  return false;
}

/** Does a Condition test one of `keys` (with any operator)? */
function conditionMentions(condition: Node | null, keys: ReadonlySet<string>): boolean {
  for (const op of mapEntries(condition)) for (const k of mapEntries(op.value)) if (keys.has(k.key.trim().toLowerCase())) return true;
  return false;
}

function isDeny(s: IamStatement): boolean {
  const e = s.effect;
  return !!e && e.kind === 'literal' && typeof e.value === 'string' && e.value.trim().toLowerCase() === 'deny';
}

/** A principal node as text: `"*"`, `AWS: arn:…`, or the intrinsic. */
export function principalText(n: Node): string {
  if (n.kind === 'map' && n.entries.length > 0 && !n.entries[0]!.key.startsWith('Fn::') && n.entries[0]!.key !== 'Ref') {
    return n.entries
      .map((e) => `${e.key}: ${e.value.kind === 'seq' ? e.value.items.map(describe).join(', ') : describe(e.value)}`)
      .join('; ');
  }
  return n.kind === 'seq' ? n.items.map(describe).join(', ') : describe(n);
}

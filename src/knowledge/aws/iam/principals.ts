import { entryCI, intrinsicEntry, isMap, seqItems, str } from '../../../core/node.js';
import type { Loc, Node } from '../../../core/types.js';

/**
 * "Who may use this": public principals of a policy's `Principal` element, whether a Condition narrows
 * them, and whether a principal is only the stack's own account. Pure functions of the policy's nodes.
 */

/** A principal element that lets anyone in: `"*"`, `{AWS: "*"}`, or every account (`arn:aws:iam::*:root`). */
export interface PublicPrincipal {
  /** the principal text as written */
  value: string;
  /** where the offending principal value is written */
  loc: Loc;
  /** `anyone`: every principal (authenticated or not); `anyAccount`: every principal of every account */
  kind: 'anyone' | 'anyAccount';
}

/** An IAM principal ARN whose account field is a wildcard: `arn:aws:iam::*:root`, `arn:aws:iam::*:role/x`. */
const ANY_ACCOUNT_ARN = /^arn:[^:]*:(?:iam|sts)::\*:/i;

/**
 * The public principals of a `Principal` element. Only literals count: a reference (`!Ref Account`,
 * `${param}`) is unknown, never public. `Service`, `Federated` and `CanonicalUser` principals are
 * left out (a service principal is not "anyone"; a federated one is about the identity provider).
 */
export function publicPrincipals(principal: Node | null | undefined): PublicPrincipal[] {
  if (!principal) return [];
  const out: PublicPrincipal[] = [];
  const check = (n: Node): void => {
    const s = str(n)?.trim();
    if (s === undefined) return;
    if (s === '*') out.push({ value: s, loc: n.loc, kind: 'anyone' });
    else if (ANY_ACCOUNT_ARN.test(s)) out.push({ value: s, loc: n.loc, kind: 'anyAccount' });
  };
  if (principal.kind === 'scalar') {
    // `Principal: "*"` is the only valid scalar form
    if (str(principal)?.trim() === '*') check(principal);
    return out;
  }
  const aws = entryCI(principal, 'AWS');
  if (aws) for (const item of seqItems(aws.value)) check(item);
  return out;
}

/** Outcome of asking whether a Condition block narrows who can use a statement. */
export type Restriction = 'restricted' | 'unrestricted' | 'unknown';

/**
 * Operators that require the key to match one of the listed values. `…IfExists` variants pass when
 * the key is absent and `ForAllValues:` passes on an empty set, so neither narrows anything; the
 * negated operators (`StringNotEquals`, `NotIpAddress`) exclude a few callers and admit the rest.
 */
const POSITIVE_OPERATOR = /^(?:ForAnyValue:)?(?:StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/i;

/** A condition value that matches everything: `*`, `?*`, `0.0.0.0/0`, `::/0`. */
function matchesEverything(s: string): boolean {
  const t = s.trim();
  return /^[*?]*$/.test(t) || t === '0.0.0.0/0' || t === '::/0';
}

/**
 * Does `condition` narrow the statement to known callers through one of `keys` (lower-case condition
 * keys such as `aws:sourcearn`)? A key counts when tested with a positive operator against at least
 * one value that does not match everything. A value given by reference (`!Ref AWS::AccountId`) is
 * trusted to narrow. A Condition we cannot read (a reference, an `Fn::If`) is `unknown`.
 */
export function conditionRestricts(condition: Node | null | undefined, keys: ReadonlySet<string>): Restriction {
  if (!condition) return 'unrestricted';
  if (condition.kind === 'scalar' && condition.value === null) return 'unrestricted';
  if (!isMap(condition) || !!intrinsicEntry(condition)) return 'unknown';
  let unknown = false;
  for (const op of condition.entries) {
    const block = op.value;
    if (!isMap(block) || !!intrinsicEntry(block)) {
      unknown = true;
      continue;
    }
    if (!POSITIVE_OPERATOR.test(op.key.trim())) continue;
    for (const k of block.entries) {
      if (!keys.has(k.key.trim().toLowerCase())) continue;
      const vals = seqItems(k.value);
      if (vals.some((v) => v.kind !== 'scalar' || (v.value !== null && !matchesEverything(String(v.value))))) return 'restricted';
    }
  }
  return unknown ? 'unknown' : 'unrestricted';
}

/** Keys that tie a caller to an account, organization or network (`aws:PrincipalOrgID`, `aws:SourceVpce`, …). */
export const CALLER_KEYS: readonly string[] = [
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
];

/** Lower-cases a list of condition keys into the set `conditionRestricts` expects. */
export function keySet(keys: readonly string[]): ReadonlySet<string> {
  return new Set(keys.map((k) => k.toLowerCase()));
}

/** `arn:${AWS::Partition}:iam::${AWS::AccountId}:root`, `${AWS::AccountId}`, `!Ref AWS::AccountId`. */
const OWN_ACCOUNT = /^(?:(?:arn:(?:aws[\w-]*|\$\{AWS::Partition\}):iam::)?\$\{AWS::AccountId\}(?::root)?|!Ref AWS::AccountId)$/;

/**
 * Is the principal only this stack's own account (`{AWS: !Sub arn:…:iam::${AWS::AccountId}:root}`)?
 * A resource policy statement granting to it — AWS's default KMS key policy does, with `kms:*` —
 * delegates access to the account's IAM policies, which the identity rules check.
 */
export function isOwnAccountOnly(principal: Node | null | undefined): boolean {
  if (!principal || principal.kind !== 'map' || principal.entries.length !== 1) return false;
  const aws = entryCI(principal, 'AWS');
  if (!aws) return false;
  const items = seqItems(aws.value);
  return (
    items.length > 0 &&
    items.every((n) => n.kind !== 'map' && n.kind !== 'seq' && OWN_ACCOUNT.test((n.kind === 'ref' ? n.text : String(n.value)).trim()))
  );
}

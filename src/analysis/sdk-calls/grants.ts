import { actionMatches, expandActionPattern, hasWildcard } from '../../knowledge/aws/iam/actions.js';
import { managedPolicyAllows } from '../../knowledge/aws/iam/managed-policies.js';
import { splitArn } from '../../knowledge/aws/iam/policy.js';
import type { App, Fn, IamStatement, ResourceRef } from '../../model/types.js';
import { isAllow } from '../../model/queries.js';
import type { CallResource } from './index.js';

/**
 * What a function's role says about one action on one resource: `yes` (a statement or managed policy
 * allows it), `elsewhere` (allowed, on other resources only), `no` (nothing allows it), `unknown`
 * (a part of the role we cannot read: a reference, a managed policy we do not know, no role in view).
 */
export type Verdict = { kind: 'yes' | 'unknown' } | { kind: 'no' } | { kind: 'elsewhere'; granted: string[] };

/** Statements that are the function's identity policy (not trust or resource policies). */
export function identityStatements(fn: Fn): IamStatement[] {
  return (fn.role?.statements ?? []).filter((s) => s.source.kind !== 'trust' && s.source.kind !== 'resource-policy');
}

/** Does the statement's action list match the action? undefined when it holds a value we cannot read. */
export function statementAction(s: IamStatement, action: string): boolean | undefined {
  const list = s.actions ?? s.notActions;
  if (!list) return false;
  let unknown = false;
  let hit = false;
  for (const v of list) {
    if (v.kind !== 'literal' || typeof v.value !== 'string') unknown = true;
    else if (actionMatches(v.value, action)) hit = true;
  }
  if (s.notActions) return unknown ? undefined : !hit;
  return hit ? true : unknown ? undefined : false;
}

/** An IAM wildcard pattern (`*`, `?`) as a regular expression. */
function globRe(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp('^' + body + '$', 'i');
}

const PSEUDO = /^\$\{AWS::[A-Za-z]+\}$/;

/**
 * Does an ARN pattern cover an ARN, part by part? A pseudo parameter (`${AWS::Region}`) on either side
 * matches any value: the call's ARN is built with them, and the statement's account and region are its own.
 */
function arnCovers(pattern: string, arn: string): boolean {
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (!p || !a || p.length < 6 || a.length < 6) return globRe(pattern).test(arn);
  for (let i = 1; i < 5; i++) {
    const x = p[i]!;
    const y = a[i]!;
    if (PSEUDO.test(x) || PSEUDO.test(y)) continue;
    if (!globRe(x).test(y)) return false;
  }
  return globRe(p.slice(5).join(':')).test(a.slice(5).join(':'));
}

const S3_OBJECT = /^(arn:(?:\$\{[^}]*\}|[^:$])*:s3:::[^/]+)\/(.+)$/;

/** Does a statement's resource entry cover the call's resource? undefined when we cannot tell. */
function refCovers(ref: ResourceRef, res: CallResource, app: App): boolean | undefined {
  const text = ref.text;
  if (text === undefined) return undefined;
  if (text.trim() === '*') return true;
  if (res.construct) return undefined;
  if (ref.ids.some((i) => res.ids.includes(i))) return true;
  // a parameter or resource we cannot relate to the call's (`${BucketName}`): not known
  const vars = [...text.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!).filter((v) => !v.startsWith('AWS::'));
  if (vars.length) {
    // other resources of the template than the call's (another key, another queue): not the call's
    const isResource = (id: string) => app.resources.some((r) => r.id === id);
    const ids = vars.map((v) => v.split('.')[0]!);
    if (res.ids.length && ids.every(isResource) && res.ids.every(isResource) && !ids.some((i) => res.ids.includes(i))) return false;
    return undefined;
  }
  const arns = res.arns;
  if (arns.some((a) => arnCovers(text, a))) return true;
  // objects under a prefix (`bucket/uploads/*`) and a key the code computes: it may be under the prefix
  if (res.keyKnown === false) {
    const p = S3_OBJECT.exec(text);
    if (p && arns.some((a) => S3_OBJECT.test(a) && arnCovers(p[1]!, S3_OBJECT.exec(a)![1]!))) return undefined;
  }
  // the call's resource is itself given by reference: we see its name only through the template
  if (arns.some((a) => /\$\{(?!AWS::)/.test(a))) return res.names.some((n) => text.includes(n)) ? true : undefined;
  return false;
}

/** What the function's role says about the action on the call's resource (see `Verdict`). */
export function verdict(fn: Fn, action: string, res: CallResource): Verdict {
  const role = fn.role;
  if (!role) return { kind: 'unknown' };
  let unknown = false;
  const granted: string[] = [];
  for (const s of identityStatements(fn)) {
    if (!isAllow(s)) {
      if (s.effect?.kind !== 'literal') unknown = true;
      continue;
    }
    const a = statementAction(s, action);
    if (a === undefined) unknown = true;
    if (!a) continue;
    if (s.notResources) {
      unknown = true;
      continue;
    }
    const refs = s.resourceRefs;
    if (!refs || !res.known) {
      if (!refs && s.resources?.some((r) => r.kind === 'literal' && r.value === '*')) return { kind: 'yes' };
      if (!res.known) return { kind: 'yes' };
      unknown = true;
      continue;
    }
    for (const ref of refs) {
      const c = refCovers(ref, res, fn.app);
      if (c) return { kind: 'yes' };
      if (c === undefined) unknown = true;
      else if (ref.text) granted.push(ref.text);
    }
  }
  for (const g of role.implicitGrants ?? []) {
    if (!g.actions.some((a) => actionMatches(a, action))) continue;
    if (!res.known) return { kind: 'yes' };
    if (g.construct ? res.construct === g.construct : g.resources?.some((p) => res.arns.some((a) => arnCovers(p, a))))
      return { kind: 'yes' };
  }
  for (const m of role.managedPolicies) {
    if (m.value.kind !== 'literal' || typeof m.value.value !== 'string') {
      unknown = true;
      continue;
    }
    const allows = managedPolicyAllows(m.value.value, action);
    if (allows) return { kind: 'yes' };
    if (allows === undefined) unknown = true;
  }
  if (unknown) return { kind: 'unknown' };
  return granted.length ? { kind: 'elsewhere', granted } : { kind: 'no' };
}

/** The concrete actions a statement's action list names (wildcards expanded); undefined when not readable. */
export function statementActions(s: IamStatement): string[] | undefined {
  if (!s.actions || s.notActions) return undefined;
  const out = new Set<string>();
  for (const v of s.actions) {
    if (v.kind !== 'literal' || typeof v.value !== 'string') return undefined;
    if (hasWildcard(v.value)) for (const a of expandActionPattern(v.value)) out.add(a);
    else out.add(v.value);
  }
  return [...out];
}

/**
 * Actions a function needs that its code does not call: Lambda writes its logs and traces, polls its
 * queue or stream event sources, creates network interfaces in a VPC, and sends failed events to its
 * destination, all with the function's role.
 */
export function platformUses(fn: Fn, action: string): boolean {
  const a = action.toLowerCase();
  if (a.startsWith('logs:') || a.startsWith('xray:')) return true;
  if (/^ec2:(create|describe|delete)\w*networkinterface/.test(a)) return true;
  // AWSLambdaVPCAccessExecutionRole: Lambda also assigns and releases the interfaces' private addresses
  if (/^ec2:(assign|unassign)privateipaddresses$/.test(a)) return true;
  if (/^(ec2:describe(subnets|vpcs|securitygroups))$/.test(a)) return true;
  const services = new Set(fn.events.map((e) => e.service));
  if (services.has('sqs') && /^sqs:(receivemessage|deletemessage|getqueueattributes|changemessagevisibility)$/.test(a)) return true;
  if (
    services.has('stream') &&
    /^(dynamodb:(getrecords|getsharditerator|describestream|liststreams)|kinesis:(getrecords|getsharditerator|describestream|describestreamsummary|listshards|liststreams|subscribetoshard|describestreamconsumer))$/.test(
      a,
    )
  )
    return true;
  // failed-event destinations and dead-letter queues, KMS keys of encrypted environment variables
  if (fn.cost?.onFailure && /^(sqs:sendmessage|sns:publish|lambda:invokefunction|events:putevents|s3:putobject)$/.test(a)) return true;
  if (/^kms:decrypt$/.test(a) && fn.node.kind === 'map' && fn.node.entries.some((e) => /^(KmsKeyArn|kmsKeyArn|awsKmsKeyArn)$/.test(e.key)))
    return true;
  return false;
}

import { get, mapEntries, seqItems, str } from '../_api.js';
import type { App, Node, Resource } from '../_api.js';

/**
 * Shared questions about API entry points: the text of an integration URI however it is written,
 * the AWS service a URI calls, whether an API's resource policy or endpoint keeps it off the
 * internet, and which routes are public by design (sign-in, health checks, CORS preflight).
 */

/**
 * The text of a URI as written: a literal, `!Sub` in string or list form, or `!Join` (parts that are
 * not literal become `*`); undefined otherwise.
 */
export function uriText(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  if (n.kind === 'scalar') return typeof n.value === 'string' ? n.value : undefined;
  if (n.kind === 'ref') return n.text;
  const sub = get(n, 'Fn::Sub');
  if (sub) return sub.kind === 'seq' ? str(sub.items[0]) : str(sub);
  const join = get(n, 'Fn::Join');
  if (join?.kind === 'seq' && join.items.length === 2) {
    const sep = str(join.items[0]) ?? '';
    return seqItems(join.items[1])
      .map((p) => str(p) ?? '*')
      .join(sep);
  }
  return undefined;
}

/** `sqs` for `arn:aws:apigateway:${AWS::Region}:sqs:path/…`; `lambda` for a function invocation. */
export function serviceOfUri(uri: string): string | undefined {
  // the region may be a placeholder (`${AWS::Region}`, which holds colons)
  const m = /arn:[^:]*:apigateway:(?:\$\{[^}]*\}|[^:$]*):([A-Za-z0-9.-]+):(?:path|action)\//.exec(uri);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Service names for messages (`states` → Step Functions). */
const SERVICE_NAMES: Record<string, string> = {
  sqs: 'SQS',
  sns: 'SNS',
  kinesis: 'Kinesis',
  firehose: 'Kinesis Data Firehose',
  states: 'Step Functions',
  events: 'EventBridge',
  dynamodb: 'DynamoDB',
  s3: 'S3',
  appconfig: 'AppConfig',
};

export function serviceName(s: string): string {
  return Object.hasOwn(SERVICE_NAMES, s) ? SERVICE_NAMES[s]! : s;
}

/** `SQS-SendMessage` → SQS (HTTP API service integrations). */
export function serviceOfSubtype(subtype: string): string {
  const s = subtype.split('-')[0]!.toLowerCase();
  return s === 'stepfunctions' ? 'Step Functions' : s === 'eventbridge' ? 'EventBridge' : serviceName(s);
}

/** Condition keys that keep callers to a network: an IP allow-list, a VPC endpoint, a VPC. */
const NETWORK_KEYS = new Set(['aws:sourceip', 'aws:sourcevpce', 'aws:sourcevpc']);

/** A policy document (map, or a list of statements) that tests a network key in any statement's Condition. */
export function policyRestrictsNetwork(doc: Node | undefined): boolean {
  const statements = doc?.kind === 'seq' ? doc.items : seqItems(get(doc, 'Statement'));
  for (const s of statements)
    for (const op of mapEntries(get(s, 'Condition')))
      for (const k of mapEntries(op.value)) if (NETWORK_KEYS.has(k.key.trim().toLowerCase())) return true;
  return false;
}

/**
 * The API is not open to the internet: a PRIVATE endpoint, a resource policy on the source IP or VPC
 * endpoint (`Policy` of a REST API, SAM `Auth.ResourcePolicy` allow-lists and custom statements,
 * `x-amazon-apigateway-policy` of its definition), or settings that cannot be read statically.
 */
export function apiRestricted(api: Resource | undefined, definition?: Node): boolean {
  if (!api) return false;
  const p = api.properties;
  const ep = get(p, 'EndpointConfiguration');
  const types = ep ? (ep.kind === 'map' ? (get(ep, 'Types') ?? get(ep, 'Type')) : ep) : undefined;
  if (seqItems(types).some((t) => str(t)?.toUpperCase() === 'PRIVATE' || t.kind !== 'scalar')) return true;
  if (policyRestrictsNetwork(get(p, 'Policy'))) return true;
  const rp = get(p, 'Auth', 'ResourcePolicy');
  if (rp) {
    const lists = ['IpRangeWhitelist', 'SourceVpcWhitelist', 'IntrinsicVpcWhitelist', 'IntrinsicVpceWhitelist', 'AwsAccountWhitelist'];
    if (lists.some((k) => get(rp, k))) return true;
    if (policyRestrictsNetwork(get(rp, 'CustomStatements'))) return true;
  }
  if (definition && policyRestrictsNetwork(get(definition, 'x-amazon-apigateway-policy'))) return true;
  return false;
}

/**
 * The load balancer a listener belongs to, when it is in the app and internet-facing (a `Scheme` that
 * is not written is internet-facing, as ELB defaults it); undefined when internal or not known.
 */
export function internetFacingBalancerOf(listener: Resource): Resource | undefined {
  const lb = resourceNamed(listener.app, get(listener.node, 'Properties', 'LoadBalancerArn'));
  if (lb?.type !== 'AWS::ElasticLoadBalancingV2::LoadBalancer') return undefined;
  const scheme = get(lb.properties, 'Scheme');
  return scheme && str(scheme)?.toLowerCase() !== 'internet-facing' ? undefined : lb;
}

/** The app's resource a `Ref`/`!GetAtt`/logical id names. */
export function resourceNamed(app: App, n: Node | undefined): Resource | undefined {
  const id =
    str(get(n, 'Ref')) ?? str(seqItems(get(n, 'Fn::GetAtt'))[0]) ?? (n?.kind === 'ref' ? /^!Ref\s+(\S+)$/.exec(n.text)?.[1] : undefined);
  return id ? app.resources.find((r) => r.id === id) : undefined;
}

export type PublicByDesign = 'auth' | 'health' | 'preflight';

/**
 * Why a route may be public on purpose: it signs users up or in (there is no user yet to
 * authenticate), it is a health check, or it is the CORS preflight (`OPTIONS`, sent by browsers
 * without credentials).
 */
export function publicByDesign(method: string | undefined, path: string | undefined): PublicByDesign | undefined {
  if (method?.trim().toUpperCase() === 'OPTIONS') return 'preflight';
  const segments = (path ?? '')
    .toLowerCase()
    .replace(/_/g, '-')
    .split('/')
    .filter((s) => s && !s.startsWith('{') && !s.startsWith(':') && !s.startsWith('$'));
  const last = segments.at(-1);
  if (!last) return undefined;
  if (HEALTH.test(last)) return 'health';
  const pair = segments.length > 1 ? `${segments.at(-2)}-${last}` : last;
  return AUTH.test(last) || AUTH.test(pair) ? 'auth' : undefined;
}

const HEALTH = /^(health|healthz|healthcheck|health-check|ping|status|readyz?|livez?)$/;
const AUTH =
  /^(sign-?up|sign-?in|log-?in|register|registration|forgot-?password|reset-?password|password-?reset|password-forgot|confirm-?sign-?up|refresh-?token)$/;

export const PUBLIC_BY_DESIGN_REASON: Record<PublicByDesign, string> = {
  auth: 'it signs users up or in, or resets a password, so there is no signed-in user to authenticate yet — make sure it is rate-limited and reveals nothing about accounts',
  health: 'it is a health check, usually public on purpose — make sure it returns no internal details',
  preflight: 'OPTIONS is the CORS preflight, which browsers send without credentials — make sure it only answers preflight',
};

/** The options of a rule about unauthenticated entry points: `publicPaths`, glob patterns of routes public on purpose. */
export function publicPathsOptions(description: string) {
  return {
    type: 'object',
    properties: {
      publicPaths: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 4096 }, description },
    },
    additionalProperties: false,
  } as const;
}

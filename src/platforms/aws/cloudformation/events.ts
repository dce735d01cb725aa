import { EVENT_CATEGORY } from '../events.js';
import { bool, describe, get, scalarText, str, toValue } from '../../../core/node.js';
import type { Loc, MapNode, Node, Value } from '../../../core/types.js';
import type { EventType, Fn, FnEvent } from '../../../model/types.js';
import { getAttTarget, refName, referencedIds } from './intrinsics.js';
import { fnsOf, functionsReferencedIn } from './references.js';
import type { RawResource, TemplateIndex } from './template.js';
/** What triggers a function in a template: URLs, API Gateway REST/HTTP/WebSocket routes, event source mappings. */

export function newEvent(fn: Fn, type: EventType, rawType: string, loc: Loc, node: Node, auth: FnEvent['auth']): FnEvent {
  const ev: FnEvent = { category: EVENT_CATEGORY[type], service: type, raw: rawType, loc, node, auth, fn };
  fn.events.push(ev);
  return ev;
}

/** A function URL (`FunctionUrlConfig`, `AWS::Lambda::Url`), located at its `AuthType` value. */
export function addUrlEvent(fn: Fn, node: MapNode, rawType: string, fallback: Loc): FnEvent {
  const at = get(node, 'AuthType');
  const s = str(at);
  const auth = s === 'NONE' ? 'none' : s === 'AWS_IAM' ? 'iam' : 'unknown';
  const ev = newEvent(fn, 'url', rawType, at?.loc ?? fallback, node, auth);
  if (at) ev.authType = toValue(at);
  if (!fn.url) fn.url = ev;
  return ev;
}

export function authorizerKind(n: Node): FnEvent['auth'] {
  const s = str(n);
  if (s === undefined) return 'unknown';
  if (s === 'NONE') return 'none';
  if (s === 'AWS_IAM') return 'iam';
  return 'authorizer';
}

export type EndpointKind = 'PRIVATE' | 'public' | 'unknown';

/**
 * `EndpointConfiguration` of a REST API: `PRIVATE` (reachable only through VPC endpoints), `public`
 * (EDGE/REGIONAL, or not set), or `unknown` when it is not a literal. SAM takes a string or
 * `{Type: …}`; `AWS::ApiGateway::RestApi` takes `{Types: [...]}`.
 */
export function endpointKind(n: Node | undefined): EndpointKind {
  if (!n) return 'public';
  const t = n.kind === 'map' ? (get(n, 'Type') ?? get(n, 'Types')) : n;
  const items = t?.kind === 'seq' ? t.items : t ? [t] : [];
  if (!items.length) return 'public';
  const names = items.map((i) => str(i));
  if (names.some((x) => x === undefined)) return 'unknown';
  return names.every((x) => x!.toUpperCase() === 'PRIVATE') ? 'PRIVATE' : 'public';
}

export function buildLambdaUrl(st: TemplateIndex, rr: RawResource): void {
  const p = rr.props;
  if (!p) return;
  for (const name of functionsReferencedIn(st, get(p, 'TargetFunctionArn'))) {
    const fn = st.app.functions.find((f) => f.name === name);
    if (fn) addUrlEvent(fn, p, rr.type, rr.resource.typeLoc);
  }
}

/** `AuthorizationType` of an API Gateway method / route. */
function gatewayAuth(p: MapNode, apiKey: boolean): FnEvent['auth'] {
  const at = get(p, 'AuthorizationType');
  if (!at) return apiKey ? 'private' : 'none';
  const s = str(at);
  if (s === undefined) return 'unknown';
  if (s === 'NONE') return apiKey ? 'private' : 'none';
  if (s === 'AWS_IAM') return 'iam';
  return 'authorizer'; // CUSTOM, COGNITO_USER_POOLS, JWT
}

/** `AWS::ApiGateway::Method` integrating a function: an 'http' event with the method's auth and path. */
export function buildRestMethod(st: TemplateIndex, rr: RawResource): void {
  const p = rr.props;
  if (!p) return;
  const fns = fnsOf(st, get(p, 'Integration', 'Uri'));
  if (!fns.length) return;
  const key = get(p, 'ApiKeyRequired');
  let auth = key && bool(key) === undefined ? 'unknown' : gatewayAuth(p, bool(key) === true);
  const restApiId = refName(get(p, 'RestApiId'));
  const restApi = restApiId ? st.resources.get(restApiId) : undefined;
  if (auth === 'none' && restApi?.type === 'AWS::ApiGateway::RestApi') {
    const kind = endpointKind(get(restApi.props, 'EndpointConfiguration'));
    if (kind !== 'public') auth = kind === 'PRIVATE' ? 'private' : 'unknown';
  }
  const at = get(p, 'AuthorizationType');
  const method = get(p, 'HttpMethod');
  const route = restPath(st, get(p, 'ResourceId'));
  for (const fn of fns) {
    const ev = newEvent(fn, 'http', rr.type, at?.loc ?? rr.resource.typeLoc, p, auth);
    if (method) ev.method = toValue(method);
    if (route) ev.path = route;
  }
}

/**
 * The path of an `AWS::ApiGateway::Resource` chain (`PathPart`s up to the API's root), as a literal
 * located at the innermost `PathPart`; a ref when any part is not known.
 */
function restPath(st: TemplateIndex, resourceId: Node | undefined): Value | undefined {
  if (!resourceId) return undefined;
  const parts: string[] = [];
  let cur: Node | undefined = resourceId;
  let loc: Loc | undefined;
  for (let i = 0; cur && i < 64; i++) {
    const att = getAttTarget(cur);
    if (att?.attr === 'RootResourceId') return { kind: 'literal', value: `/${parts.reverse().join('/')}`, loc: loc ?? resourceId.loc };
    const id = refName(cur);
    const res = id ? st.resources.get(id) : undefined;
    if (!res || res.type !== 'AWS::ApiGateway::Resource') break;
    const part = get(res.props, 'PathPart');
    const s = scalarText(part);
    if (s === undefined) break;
    parts.push(s);
    loc ??= part!.loc;
    cur = get(res.props, 'ParentId');
  }
  return { kind: 'ref', text: resourceId.kind === 'ref' ? resourceId.text : describe(resourceId), loc: loc ?? resourceId.loc };
}

/** `AWS::ApiGatewayV2::Route` → its integration → the function. */
export function buildV2Route(st: TemplateIndex, rr: RawResource): void {
  const p = rr.props;
  if (!p) return;
  const fns: Fn[] = [];
  for (const ref of referencedIds(get(p, 'Target'))) {
    const integ = st.resources.get(ref.id);
    if (integ?.type !== 'AWS::ApiGatewayV2::Integration') continue;
    for (const fn of fnsOf(st, get(integ.props, 'IntegrationUri'))) if (!fns.includes(fn)) fns.push(fn);
  }
  if (!fns.length) return;
  const apiId = refName(get(p, 'ApiId'));
  const api = apiId ? st.resources.get(apiId) : undefined;
  const websocket = str(get(api?.props, 'ProtocolType')) === 'WEBSOCKET';
  const key = get(p, 'ApiKeyRequired');
  const auth = key && bool(key) === undefined ? 'unknown' : gatewayAuth(p, bool(key) === true);
  const at = get(p, 'AuthorizationType');
  const routeKey = get(p, 'RouteKey');
  const rk = str(routeKey);
  const m = rk ? /^(\S+)\s+(\S.*)$/.exec(rk) : null;
  for (const fn of fns) {
    const ev = newEvent(fn, websocket ? 'websocket' : 'httpApi', rr.type, at?.loc ?? routeKey?.loc ?? rr.resource.typeLoc, p, auth);
    if (m) {
      ev.method = { kind: 'literal', value: m[1]!, loc: routeKey!.loc };
      ev.path = { kind: 'literal', value: m[2]!, loc: routeKey!.loc };
    } else if (routeKey && routeKey.kind === 'ref') {
      ev.path = toValue(routeKey);
    }
  }
}

/**
 * HTTP API quick create (`Target` on `AWS::ApiGatewayV2::Api`): a `$default` route, without auth unless
 * an `AWS::ApiGatewayV2::ApiGatewayManagedOverrides` of this API sets the route's `AuthorizationType`.
 */
export function buildV2QuickApi(st: TemplateIndex, rr: RawResource): void {
  const target = get(rr.props, 'Target');
  if (!target || !rr.props) return;
  let auth: FnEvent['auth'] = 'none';
  for (const other of st.resources.values()) {
    if (other.type !== 'AWS::ApiGatewayV2::ApiGatewayManagedOverrides') continue;
    const apiId = refName(get(other.props, 'ApiId'));
    if (apiId === undefined)
      auth = auth === 'none' ? 'unknown' : auth; // an override of some API: cannot tell
    else if (apiId === rr.resource.id) {
      const route = get(other.props, 'Route');
      if (route?.kind === 'map') auth = gatewayAuth(route, false);
    }
  }
  for (const fn of fnsOf(st, target)) newEvent(fn, 'httpApi', rr.type, target.loc, rr.props, auth);
}

/**
 * A custom resource (`Custom::X`, `AWS::CloudFormation::CustomResource`) whose `ServiceToken` names a
 * function of the template: CloudFormation invokes that function at deploy time, located at the
 * resource's type.
 */
export function buildCustomResource(st: TemplateIndex, rr: RawResource): void {
  const p = rr.props;
  if (!p) return;
  for (const fn of fnsOf(st, get(p, 'ServiceToken'))) newEvent(fn, 'cloudformation', rr.type, rr.resource.typeLoc, p, 'iam');
}

/**
 * `AWS::AppSync::DataSource` of `Type: AWS_LAMBDA`: the function its `LambdaConfig.LambdaFunctionArn`
 * names resolves GraphQL fields, called synchronously by AppSync (located at that ARN).
 */
export function buildAppSyncDataSource(st: TemplateIndex, rr: RawResource): void {
  const p = rr.props;
  if (!p || str(get(p, 'Type')) !== 'AWS_LAMBDA') return;
  const arn = get(p, 'LambdaConfig', 'LambdaFunctionArn');
  for (const fn of fnsOf(st, arn)) newEvent(fn, 'appsync', rr.type, arn?.loc ?? rr.resource.typeLoc, p, 'unknown');
}

export function buildEventSourceMapping(st: TemplateIndex, rr: RawResource): void {
  const p = rr.props;
  if (!p) return;
  const fns = fnsOf(st, get(p, 'FunctionName'));
  if (!fns.length) return;
  const source = get(p, 'EventSourceArn');
  let type: EventType = 'other';
  const ref = referencedIds(source)[0];
  const srcType = ref ? st.resources.get(ref.id)?.type : undefined;
  const arn = str(source) ?? '';
  if (srcType === 'AWS::SQS::Queue' || /^arn:[^:]*:sqs:/.test(arn)) type = 'sqs';
  else if (srcType === 'AWS::Kinesis::Stream' || srcType === 'AWS::DynamoDB::Table' || /^arn:[^:]*:(kinesis|dynamodb):/.test(arn))
    type = 'stream';
  for (const fn of fns) newEvent(fn, type, rr.type, source?.loc ?? rr.resource.typeLoc, p, 'none');
}

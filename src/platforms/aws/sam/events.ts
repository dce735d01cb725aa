import { bool, get, isMap, str, toValue } from '../../../core/node.js';
import type { MapNode, Node } from '../../../core/types.js';
import type { EventType, Fn, FnEvent } from '../../../model/types.js';
import { authorizerKind, endpointKind, newEvent, type EndpointKind } from '../cloudformation/events.js';
import { refName } from '../cloudformation/intrinsics.js';
import { TemplateIndex, warn, type RawResource } from '../cloudformation/template.js';
import { resolvedGlobals } from './globals.js';
/** SAM function `Events` and the auth of `Api`/`HttpApi` events. */

const SAM_EVENT_TYPES: Record<string, EventType> = {
  Api: 'http',
  HttpApi: 'httpApi',
  SQS: 'sqs',
  SNS: 'sns',
  S3: 's3',
  Kinesis: 'stream',
  DynamoDB: 'stream',
  Schedule: 'schedule',
  ScheduleV2: 'schedule',
  EventBridgeRule: 'eventBridge',
  CloudWatchEvent: 'cloudwatchEvent',
  CloudWatchLogs: 'cloudwatchLog',
  IoTRule: 'iot',
  Cognito: 'cognito',
};

export function samEvents(st: TemplateIndex, rr: RawResource, fn: Fn, props: MapNode): void {
  const events = get(props, 'Events');
  if (!events) return;
  if (!isMap(events)) {
    if (events.kind !== 'ref') warn(st.ctx, `"Events" of "${rr.id}" must be a map`, events.loc);
    return;
  }
  for (const e of events.entries) {
    const typeNode = get(e.value, 'Type');
    const rawType = str(typeNode);
    if (!isMap(e.value) || !typeNode || !rawType) {
      warn(st.ctx, `event "${e.key}" of "${rr.id}" has no literal "Type"; skipped`, typeNode?.loc ?? e.keyLoc);
      continue;
    }
    const p = get(e.value, 'Properties');
    const node = isMap(p) ? p : e.value;
    const type = (Object.hasOwn(SAM_EVENT_TYPES, rawType) ? SAM_EVENT_TYPES[rawType] : undefined) ?? 'other';
    const ev = newEvent(fn, type, rawType, typeNode.loc, node, 'none');
    if (type === 'http' || type === 'httpApi') {
      const method = get(p, 'Method');
      const route = get(p, 'Path');
      if (method) ev.method = toValue(method);
      if (route) ev.path = toValue(route);
      ev.auth = samHttpAuth(st, type === 'http', isMap(p) ? p : undefined);
    }
  }
}

/**
 * Auth of a SAM `Api`/`HttpApi` event: its own `Auth.Authorizer` (`NONE` wins over any default), else
 * the API's `Auth.DefaultAuthorizer` (an `AWS::Serverless::Api`/`HttpApi` of this template with
 * Globals merged, or `Globals.Api`/`Globals.HttpApi` for the implicit API). An API defined elsewhere,
 * or one with an OpenAPI definition and no default authorizer, is 'unknown'. `ApiKeyRequired` without
 * an authorizer is 'private'.
 */
function samHttpAuth(st: TemplateIndex, rest: boolean, p: MapNode | undefined): FnEvent['auth'] {
  const evAuth = get(p, 'Auth');
  const apiRef = get(p, rest ? 'RestApiId' : 'ApiId');
  let api: { auth: Node | undefined; definition: boolean; endpoint: EndpointKind } | undefined;
  if (apiRef) {
    const id = refName(apiRef);
    const target = id ? st.resources.get(id) : undefined;
    if (target && target.type === (rest ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi'))
      api = {
        auth: get(target.props, 'Auth'),
        definition: !!(get(target.props, 'DefinitionBody') || get(target.props, 'DefinitionUri')),
        endpoint: endpointKind(get(target.props, 'EndpointConfiguration') ?? get(resolvedGlobals(st, 'Api'), 'EndpointConfiguration')),
      };
  } else {
    const g = resolvedGlobals(st, rest ? 'Api' : 'HttpApi');
    api = { auth: get(g, 'Auth'), definition: !!get(g, 'DefinitionUri'), endpoint: endpointKind(get(g, 'EndpointConfiguration')) };
  }
  const own = get(evAuth, 'Authorizer');
  let auth: FnEvent['auth'];
  if (own) auth = authorizerKind(own);
  else if (!api) auth = 'unknown';
  else {
    const def = get(api.auth, 'DefaultAuthorizer');
    auth = def ? authorizerKind(def) : api.definition ? 'unknown' : 'none';
  }
  // a PRIVATE endpoint is reachable only through VPC endpoints, not from the internet
  if (auth === 'none' && rest && api?.endpoint === 'PRIVATE') auth = 'private';
  else if (auth === 'none' && rest && api?.endpoint === 'unknown') auth = 'unknown';
  if (auth === 'none' && rest) {
    const key = get(evAuth, 'ApiKeyRequired') ?? get(api?.auth, 'ApiKeyRequired');
    const b = key ? bool(key) : false;
    if (b === true) auth = 'private';
    else if (b === undefined) auth = 'unknown';
  }
  return auth;
}

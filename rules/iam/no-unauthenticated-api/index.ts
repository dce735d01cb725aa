import { bool, defineRule, entry, get, isMap, mapEntries, seqItems, str } from '../../_api.js';
import type { App, Loc, MapEntry, Node, Resource } from '../../_api.js';
import {
  apiRestricted,
  internetFacingBalancerOf,
  PUBLIC_BY_DESIGN_REASON,
  publicByDesign,
  resourceNamed,
  serviceName,
  serviceOfSubtype,
  serviceOfUri,
  uriText,
} from '../../_shared/public-routes.js';

interface Options {
  publicPaths: string[];
}

const OPERATIONS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'x-amazon-apigateway-any-method']);
const OPENAPI_TYPES: Record<string, string> = {
  'AWS::Serverless::Api': 'DefinitionBody',
  'AWS::Serverless::HttpApi': 'DefinitionBody',
  'AWS::ApiGateway::RestApi': 'Body',
  'AWS::ApiGatewayV2::Api': 'Body',
};

/** Does any function event of the app come from this resource (the route reaches a function the template defines)? */
function linkedToFunction(app: App, r: Resource): boolean {
  return app.functions.some((f) => f.events.some((e) => e.node === r.properties));
}

/** `AuthorizationType` is absent or NONE, and no API key is required. */
function noAuth(p: Node | null): boolean {
  const at = get(p, 'AuthorizationType');
  if (at && str(at)?.trim().toUpperCase() !== 'NONE') return false;
  const key = get(p, 'ApiKeyRequired');
  return !key || bool(key) === false;
}

/** An OpenAPI security requirement list that lets a caller in without credentials (`[]`, `[{}]`). */
function anonymous(security: Node | undefined): boolean {
  const items = seqItems(security);
  return items.length === 0 || items.some((i) => isMap(i) && i.entries.length === 0);
}

/** The target of an OpenAPI operation's integration: a function, an AWS service, an HTTP backend or a mock. */
function integrationOf(op: Node): { kind: 'function' | 'service' | 'http' | 'mock' | 'unknown'; service?: string } {
  const integ = get(op, 'x-amazon-apigateway-integration');
  if (!integ) return { kind: 'unknown' };
  const type = str(get(integ, 'type'))?.toLowerCase();
  if (type === 'mock') return { kind: 'mock' };
  if (type === 'http' || type === 'http_proxy') return { kind: 'http' };
  const subtype = str(get(integ, 'integrationSubtype'));
  if (subtype) return { kind: 'service', service: serviceOfSubtype(subtype) };
  const uri = uriText(get(integ, 'uri'));
  const svc = uri ? serviceOfUri(uri) : undefined;
  if (svc === 'lambda') return { kind: 'function' };
  if (svc) return { kind: 'service', service: serviceName(svc) };
  return { kind: 'unknown' };
}

export default defineRule<Options>({
  meta: {
    id: 'iam/no-unauthenticated-api',
    description:
      'Disallow API entry points that reach no function of the template without authentication: service integrations, WebSocket $connect routes, OpenAPI operations and internet-facing load balancers',
    severity: 'warning',
    recommended: true,
    messages: {
      service:
        '{{what}} sends requests straight to {{service}} with no authorization, so anyone on the internet can {{verb}}; set AuthorizationType (AWS_IAM, a Cognito or Lambda authorizer) or restrict the API with a resource policy',
      connect:
        'WebSocket route "$connect" of API "{{api}}" has no authorizer, so anyone can open a connection; add an authorizer to the $connect route',
      operation:
        'Operation "{{route}}" of API "{{api}}" has no security requirement, so anyone on the internet can call {{target}}; add a security scheme (x-amazon-apigateway-authorizer, Cognito, AWS_IAM) to the operation or globally',
      byDesign: 'Operation "{{route}}" of API "{{api}}" has no security requirement; it may be public on purpose: {{reason}}',
      notAnalysed:
        'The definition of API "{{api}}" is included from another file (Fn::Transform AWS::Include) and is not analysed: its operations may lack authentication',
      alb: 'Listener "{{listener}}" of internet-facing load balancer "{{lb}}" forwards to function target group "{{tg}}" with no authenticate-cognito or authenticate-oidc action, so anyone on the internet can invoke the function; authenticate before forwarding, or make the load balancer internal',
    },
    options: {
      type: 'object',
      properties: {
        publicPaths: {
          type: 'array',
          items: { type: 'string', minLength: 1, maxLength: 4096 },
          description: 'OpenAPI paths that are public on purpose, written as in the definition (e.g. "/health")',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { publicPaths: [] },
    tags: ['security', 'iam', 'CWE-306'],
    securitySeverity: 6.5,
    platforms: ['aws'],
  },
  create(ctx) {
    const publicPaths = new Set(ctx.options.publicPaths ?? []);

    const restMethod = (r: Resource): void => {
      const p = r.properties;
      if (!p || linkedToFunction(r.app, r)) return;
      const integ = get(p, 'Integration');
      if (str(get(integ, 'Type'))?.toUpperCase() !== 'AWS') return;
      const uri = uriText(get(r.node, 'Properties', 'Integration', 'Uri')) ?? uriText(get(integ, 'Uri'));
      const svc = uri ? serviceOfUri(uri) : undefined;
      if (!svc || svc === 'lambda') return;
      const method = str(get(p, 'HttpMethod'))?.toUpperCase();
      if (method === 'OPTIONS' || !noAuth(p)) return;
      if (apiRestricted(resourceNamed(r.app, get(r.node, 'Properties', 'RestApiId')))) return;
      const at = get(p, 'AuthorizationType') ?? get(integ, 'Type')!;
      ctx.report({
        at,
        messageId: 'service',
        data: {
          what: `Method ${method ?? ''} "${r.id}"`.replace('  ', ' '),
          service: serviceName(svc),
          verb: `call ${serviceName(svc)} through it`,
        },
      });
    };

    const v2Route = (r: Resource): void => {
      const p = r.properties;
      if (!p || linkedToFunction(r.app, r) || !noAuth(p)) return;
      const api = resourceNamed(r.app, get(r.node, 'Properties', 'ApiId'));
      const websocket = str(get(api?.properties, 'ProtocolType'))?.toUpperCase() === 'WEBSOCKET';
      const routeKey = str(get(p, 'RouteKey'));
      const at = get(p, 'AuthorizationType') ?? get(p, 'RouteKey') ?? { loc: r.typeLoc };
      if (websocket) {
        if (routeKey === '$connect') ctx.report({ at, messageId: 'connect', data: { api: api!.id } });
        return;
      }
      // an HTTP API route to a service integration (`IntegrationSubtype: SQS-SendMessage`)
      const targetText = uriText(get(r.node, 'Properties', 'Target')) ?? '';
      const integ = r.app.resources.find(
        (x) => x.type === 'AWS::ApiGatewayV2::Integration' && new RegExp(`\\b${x.id}\\b`).test(targetText),
      );
      const subtype = str(get(integ?.properties, 'IntegrationSubtype'));
      if (!integ || !subtype) return;
      if (routeKey && publicByDesign(routeKey.split(/\s+/)[0], routeKey.split(/\s+/)[1])) return;
      const svc = serviceOfSubtype(subtype);
      ctx.report({ at, messageId: 'service', data: { what: `Route "${routeKey ?? r.id}"`, service: svc, verb: `call ${svc} through it` } });
    };

    const openApi = (r: Resource, prop: string): void => {
      const written = get(r.node, 'Properties', prop);
      if (!written) return;
      const api = r.id;
      if (get(written, 'Fn::Transform')) {
        ctx.report({
          at: { loc: entry(get(r.node, 'Properties'), prop)!.keyLoc },
          messageId: 'notAnalysed',
          data: { api },
          severity: 'note',
        });
        return;
      }
      const def = get(r.properties, prop);
      if (!isMap(def)) return;
      if (apiRestricted(r, def)) return;
      // SAM adds its Auth.DefaultAuthorizer to every operation
      if (get(r.properties, 'Auth', 'DefaultAuthorizer')) return;
      const globalSecurity = get(def, 'security');
      for (const pe of mapEntries(get(def, 'paths'))) {
        for (const oe of mapEntries(pe.value)) {
          const method = oe.key.toLowerCase();
          if (!OPERATIONS.has(method) || method === 'options') continue;
          const security = get(oe.value, 'security') ?? globalSecurity;
          if (security && (security.kind === 'ref' || !anonymous(security))) continue;
          if (publicPaths.has(pe.key)) continue;
          const target = integrationOf(oe.value);
          if (target.kind === 'mock') continue;
          const shown = method === 'x-amazon-apigateway-any-method' ? 'ANY' : method.toUpperCase();
          const route = `${shown} ${pe.key}`;
          const why = publicByDesign(shown, pe.key);
          const at = { loc: oe.keyLoc as Loc };
          if (why) {
            ctx.report({ at, messageId: 'byDesign', data: { route, api, reason: PUBLIC_BY_DESIGN_REASON[why] }, severity: 'note' });
            continue;
          }
          const text =
            target.kind === 'service'
              ? `${target.service} through it`
              : target.kind === 'http'
                ? 'the HTTP backend behind it'
                : target.kind === 'function'
                  ? 'the function behind it'
                  : 'it';
          ctx.report({ at, messageId: 'operation', data: { route, api, target: text } });
        }
      }
    };

    const listener = (r: Resource, actions: MapEntry | undefined, listenerRes: Resource | undefined): void => {
      if (!actions || !listenerRes) return;
      const lb = internetFacingBalancerOf(listenerRes);
      if (!lb) return;
      const list = seqItems(actions.value);
      if (list.some((a) => /^authenticate-(cognito|oidc)$/i.test(str(get(a, 'Type')) ?? ''))) return;
      for (const [i, a] of list.entries()) {
        if (str(get(a, 'Type'))?.toLowerCase() !== 'forward') continue;
        const raw = seqItems(get(r.node, 'Properties', actions.key))[i];
        const groups = [
          get(raw, 'TargetGroupArn'),
          ...seqItems(get(raw, 'ForwardConfig', 'TargetGroups')).map((g) => get(g, 'TargetGroupArn')),
        ];
        for (const g of groups) {
          const tg = resourceNamed(r.app, g);
          if (!tg || str(get(tg.properties, 'TargetType'))?.toLowerCase() !== 'lambda') continue;
          ctx.report({ at: get(a, 'Type')!, messageId: 'alb', data: { listener: listenerRes.id, lb: lb.id, tg: tg.id } });
        }
      }
    };

    return {
      resource(r) {
        switch (r.type) {
          case 'AWS::ApiGateway::Method':
            return restMethod(r);
          case 'AWS::ApiGatewayV2::Route':
            return v2Route(r);
          case 'AWS::ElasticLoadBalancingV2::Listener':
            return listener(r, entry(r.properties, 'DefaultActions'), r);
          case 'AWS::ElasticLoadBalancingV2::ListenerRule':
            return listener(r, entry(r.properties, 'Actions'), resourceNamed(r.app, get(r.node, 'Properties', 'ListenerArn')));
          default:
            if (Object.hasOwn(OPENAPI_TYPES, r.type)) openApi(r, OPENAPI_TYPES[r.type]!);
        }
      },
    };
  },
});

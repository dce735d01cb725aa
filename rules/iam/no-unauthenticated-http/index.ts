import picomatch from 'picomatch';
import { defineRule, get, reachableFiles, str } from '../../_api.js';
import type { Fn, FnEvent, Value } from '../../_api.js';
import { checksCaller, codeWrite } from '../../_api.js';
import {
  apiRestricted,
  internetFacingBalancerOf,
  policyRestrictsNetwork,
  PUBLIC_BY_DESIGN_REASON,
  publicByDesign,
  resourceNamed,
} from '../../_shared/public-routes.js';

interface Options {
  allowMethods: string[];
  publicPaths: string[];
}

/** A Value as message text: the literal, or the reference as written (`!Ref Path`, `${self:…}`). */
function text(v: Value | undefined): string | undefined {
  if (!v) return undefined;
  return v.kind === 'literal' ? String(v.value ?? '') : v.text;
}

/**
 * The load balancer of a serverless `alb` event, when the event's `listenerArn` names a listener of
 * the app whose load balancer is internet-facing (the default `Scheme`); undefined when it is internal
 * or not known (an ARN from elsewhere: not judged).
 */
function internetFacingBalancer(e: FnEvent): string | undefined {
  const listener = resourceNamed(e.fn.app, get(e.node, 'listenerArn'));
  return listener?.type === 'AWS::ElasticLoadBalancingV2::Listener' ? internetFacingBalancerOf(listener)?.id : undefined;
}

/**
 * The route a WebSocket event serves: serverless `route:`, or the `RouteKey` of an
 * `AWS::ApiGatewayV2::Route` (which carries no method, so the model leaves its path unset).
 */
function websocketRoute(e: FnEvent): string | undefined {
  const p = e.path?.kind === 'literal' ? String(e.path.value) : undefined;
  return p ?? str(get(e.node, 'RouteKey'));
}

/** `users/{id}` → `/users/{id}`: serverless REST paths are written with or without the leading slash. */
function normalisePath(p: string): string {
  const t = p.trim();
  return t.startsWith('/') || t.startsWith('$') || t === '*' ? t : `/${t}`;
}

/** The REST API of an event is kept off the internet by its resource policy (an IP or VPC endpoint allow-list). */
function restrictedApi(e: FnEvent): boolean {
  if (e.service !== 'http') return false;
  const provider = e.fn.app.serverless?.provider;
  if (provider) return policyRestrictsNetwork(get(provider, 'apiGateway', 'resourcePolicy'));
  return apiRestricted(resourceNamed(e.fn.app, get(e.node, 'RestApiId')));
}

export default defineRule<Options>({
  meta: {
    id: 'iam/no-unauthenticated-http',
    description:
      'Disallow HTTP API routes, internet-facing ALB routes and WebSocket $connect routes that have no authorizer, and public Netlify functions that write without checking the caller',
    severity: 'warning',
    recommended: true,
    messages: {
      route:
        'Route "{{route}}" of function "{{fn}}" has no authorizer, so anyone on the internet can call it; add an authorizer (JWT, Cognito, Lambda or AWS_IAM), or list the path in the publicPaths option if it is public on purpose',
      connect:
        'WebSocket route "{{route}}" of function "{{fn}}" has no authorizer, so anyone can open a connection; add an authorizer to the $connect route',
      plainCompare:
        'Route "{{route}}" of function "{{fn}}" has no authorizer and its handler checks the {{provider}} signature with a plain comparison, which leaks timing; compare with crypto.timingSafeEqual',
      byDesign: 'Route "{{route}}" of function "{{fn}}" has no authorizer; it may be public on purpose: {{reason}}',
      codeWrite:
        'Function "{{fn}}" is served at "{{route}}" to anyone on the internet (Netlify puts no authentication in front of a function) and its code writes ({{write}}) without checking who is calling; verify the caller first (a session or JWT, Netlify Identity\'s `context.clientContext.user`, or an Authorization secret) and return 401 otherwise, or list the path in the publicPaths option if it is public on purpose',
      albRoute:
        'Route "{{route}}" of function "{{fn}}" on internet-facing load balancer "{{lb}}" has no authorizer, so anyone on the internet can call it; add an alb authorizer (Cognito or OIDC), or make the load balancer internal',
    },
    options: {
      type: 'object',
      properties: {
        allowMethods: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'HTTP methods that may be unauthenticated (OPTIONS, the CORS preflight, is otherwise a note)',
        },
        publicPaths: {
          type: 'array',
          // picomatch throws on a glob past 65,536 characters; no path is longer than this
          items: { type: 'string', minLength: 1, maxLength: 4096 },
          description: 'glob patterns of paths that are public on purpose, e.g. "/health" or "/public/**"',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { allowMethods: [], publicPaths: [] },
    tags: ['security', 'iam', 'CWE-306'],
    platforms: ['aws', 'netlify'],
    securitySeverity: 6.5,
    requires: ['webhooks'],
  },
  create(ctx) {
    const methods = new Set((ctx.options.allowMethods ?? []).map((m) => m.trim().toUpperCase()));
    const patterns = ctx.options.publicPaths ?? [];
    // an exact path is accepted as written too: picomatch reads `{id}` as a brace expansion
    const glob = patterns.length ? picomatch(patterns, { dot: true }) : () => false;
    const exact = new Set(patterns.map((p) => normalisePath(p)));
    const isPublic = (path: string): boolean => exact.has(path) || glob(path);

    /**
     * A Netlify function has no authorizer: each URL it answers is public. It is reported once, at its
     * code's first write, when that code never checks the caller. Edge functions run in front of
     * paths, scheduled functions are left to `input/cron-unverified`, event-triggered ones are called
     * by Netlify; background functions are invoked by URL like any other (they answer 202).
     */
    const netlify = (e: FnEvent): void => {
      const served = (x: FnEvent): boolean =>
        x.category === 'http' && x.raw !== 'event' && x.raw !== 'edge_functions' && !x.fn.name.startsWith('edge:');
      const fn: Fn = e.fn;
      if (!served(e) || fn.events.find(served) !== e || fn.events.some((x) => x.category === 'schedule')) return;
      const open = fn.events.filter(served).find((x) => {
        const method = x.method?.kind === 'literal' ? String(x.method.value).trim().toUpperCase() : undefined;
        const path = x.path?.kind === 'literal' ? String(x.path.value) : undefined;
        return !(method && methods.has(method)) && !(path !== undefined && isPublic(path));
      });
      if (!open) return;
      const files = reachableFiles(ctx.project, fn);
      if (!files.length || checksCaller(files) || ctx.analysis('webhooks').signatureCheck(fn)) return;
      // the handler's own file first: its write is the one to show
      const write = codeWrite([...files.filter((f) => f.handlerOf.includes(fn)), ...files.filter((f) => !f.handlerOf.includes(fn))]);
      if (!write) return;
      const route = open.path?.kind === 'literal' ? String(open.path.value) : (text(open.path) ?? fn.name);
      const method = open.method?.kind === 'literal' ? String(open.method.value).toUpperCase() : undefined;
      const why = publicByDesign(method, route);
      const related = [{ at: { loc: open.loc }, message: `served at ${route}` }];
      if (why) {
        ctx.report({
          at: { loc: write.loc },
          messageId: 'byDesign',
          data: { route, fn: fn.name, reason: PUBLIC_BY_DESIGN_REASON[why] },
          severity: 'note',
          related,
        });
        return;
      }
      ctx.report({ at: { loc: write.loc }, messageId: 'codeWrite', data: { fn: fn.name, route, write: write.what }, related });
    };

    return {
      event(e) {
        if (e.fn.platform === 'netlify') return netlify(e);
        // 'unknown' (settings behind a variable, an API defined elsewhere) is never reported
        if (e.auth !== 'none') return;
        if (e.service === 'websocket') {
          // authorizers attach to $connect only: that is where a connection is authenticated
          const route = websocketRoute(e);
          if (route !== '$connect' || isPublic(route)) return;
          ctx.report({ at: e, messageId: 'connect', data: { route, fn: e.fn.name } });
          return;
        }
        // an ALB route is judged when its listener is in the app and its load balancer is internet-facing
        const lb = e.service === 'alb' ? internetFacingBalancer(e) : undefined;
        if (e.service !== 'http' && e.service !== 'httpApi' && !lb) return;
        const method = e.method?.kind === 'literal' ? String(e.method.value).trim().toUpperCase() : undefined;
        if (method && methods.has(method)) return;
        const path = e.path?.kind === 'literal' ? normalisePath(String(e.path.value)) : undefined;
        if (path !== undefined && isPublic(path)) return;
        // the handler authenticates its sender (a webhook signature), or the API admits only a network
        if (restrictedApi(e)) return;
        const check = ctx.analysis('webhooks').signatureCheck(e.fn);
        if (check?.constantTime === false) {
          const shownRoute = [method ?? text(e.method), path ?? text(e.path)].filter(Boolean).join(' ');
          ctx.report({
            at: e,
            messageId: 'plainCompare',
            data: { route: shownRoute, fn: e.fn.name, provider: check.provider },
            severity: 'note',
            related: [{ at: { loc: check.loc }, message: 'the signature is computed here' }],
          });
          return;
        }
        if (check) return;
        const shown = [method ?? text(e.method), path ?? text(e.path)].filter((x) => x !== undefined && x !== '');
        // `httpApi: '*'` is every method on every path; an HTTP API event without path and method
        // (SAM) or a quick-create API is the catch-all `$default` route
        const route = shown.length ? (shown.every((x) => x === '*') ? '*' : shown.join(' ')) : '$default';
        const why = publicByDesign(method, path);
        if (why) {
          ctx.report({
            at: e,
            messageId: 'byDesign',
            data: { route, fn: e.fn.name, reason: PUBLIC_BY_DESIGN_REASON[why] },
            severity: 'note',
          });
          return;
        }
        if (lb) ctx.report({ at: e, messageId: 'albRoute', data: { route, fn: e.fn.name, lb } });
        else ctx.report({ at: e, messageId: 'route', data: { route, fn: e.fn.name } });
      },
    };
  },
});

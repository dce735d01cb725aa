import picomatch from 'picomatch';
import { defineRule, get, str } from '../../_api.js';
import type { FnEvent, Value } from '../../_api.js';

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

export default defineRule<Options>({
  meta: {
    id: 'iam/no-unauthenticated-http',
    description: 'Disallow HTTP API routes and WebSocket $connect routes that have no authorizer',
    severity: 'warning',
    recommended: true,
    messages: {
      route:
        'Route "{{route}}" of function "{{fn}}" has no authorizer, so anyone on the internet can call it; add an authorizer (JWT, Cognito, Lambda or AWS_IAM), or list the path in the publicPaths option if it is public on purpose',
      connect:
        'WebSocket route "{{route}}" of function "{{fn}}" has no authorizer, so anyone can open a connection; add an authorizer to the $connect route',
    },
    options: {
      type: 'object',
      properties: {
        allowMethods: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'HTTP methods that may be unauthenticated (CORS preflight by default)',
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
    defaultOptions: { allowMethods: ['OPTIONS'], publicPaths: [] },
    tags: ['security', 'iam', 'CWE-306'],
    securitySeverity: 6.5,
  },
  create(ctx) {
    const methods = new Set((ctx.options.allowMethods ?? []).map((m) => m.trim().toUpperCase()));
    const patterns = ctx.options.publicPaths ?? [];
    // an exact path is accepted as written too: picomatch reads `{id}` as a brace expansion
    const glob = patterns.length ? picomatch(patterns, { dot: true }) : () => false;
    const exact = new Set(patterns.map((p) => normalisePath(p)));
    const isPublic = (path: string): boolean => exact.has(path) || glob(path);
    return {
      event(e) {
        // 'unknown' (settings behind a variable, an API defined elsewhere) is never reported
        if (e.auth !== 'none') return;
        if (e.service === 'websocket') {
          // authorizers attach to $connect only: that is where a connection is authenticated
          const route = websocketRoute(e);
          if (route !== '$connect' || isPublic(route)) return;
          ctx.report({ at: e, messageId: 'connect', data: { route, fn: e.fn.name } });
          return;
        }
        // ALB listeners are often internal (the model does not know the scheme): not judged here
        if (e.service !== 'http' && e.service !== 'httpApi') return;
        const method = e.method?.kind === 'literal' ? String(e.method.value).trim().toUpperCase() : undefined;
        if (method && methods.has(method)) return;
        const path = e.path?.kind === 'literal' ? normalisePath(String(e.path.value)) : undefined;
        if (path !== undefined && isPublic(path)) return;
        const shown = [method ?? text(e.method), path ?? text(e.path)].filter((x) => x !== undefined && x !== '');
        // `httpApi: '*'` is every method on every path; an HTTP API event without path and method
        // (SAM) or a quick-create API is the catch-all `$default` route
        const route = shown.length ? (shown.every((x) => x === '*') ? '*' : shown.join(' ')) : '$default';
        ctx.report({ at: e, messageId: 'route', data: { route, fn: e.fn.name } });
      },
    };
  },
});

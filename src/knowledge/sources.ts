/**
 * Where untrusted data enters a function, by trigger category (the model's `EventCategory`): the
 * level a flow from it is reported at, a short name for messages, and the parts of the event that the
 * platform fills in itself and are therefore trusted.
 */

export type SourceLevel = 'high' | 'low';

export interface TriggerSource {
  level: SourceLevel;
  /** for messages: "an HTTP request", "a queue message" */
  describe: string;
}

export const TRIGGER_SOURCES: Readonly<Record<string, TriggerSource | null>> = {
  http: { level: 'high', describe: 'an HTTP request' },
  queue: { level: 'low', describe: 'a queue message' },
  pubsub: { level: 'low', describe: 'a published message' },
  stream: { level: 'low', describe: 'a stream record' },
  storage: { level: 'low', describe: 'a storage event' },
  auth: { level: 'low', describe: 'an identity-service event' },
  other: { level: 'low', describe: 'the event' },
  // a schedule's input is written in the manifest by the developer
  schedule: null,
  // a custom resource's event comes from the stack: the properties the template sets, the stack's ids
  // and a presigned response URL
  deploy: null,
};

/** A function with no known trigger: its event is still a source, at the lower level. */
export const UNKNOWN_TRIGGER: TriggerSource = { level: 'low', describe: 'the event' };

/**
 * Event paths (property names from the event root) the HTTP platform fills in: the authorizer's
 * claims and context were produced by an authorizer the developer controls; the origin of a Web
 * `Request`'s URL is the deployment's own (its path and query string stay untrusted).
 */
export const TRUSTED_HTTP_PATHS: readonly (readonly string[])[] = [
  ['requestContext', 'authorizer'],
  // the scheme and host of a Web `Request`'s URL (`new URL(req.url).origin`): Vercel, Netlify and the
  // other hosts route a request to a deployment by its host, so it is one of the site's own domains
  ['url', 'origin'],
  ['url', 'host'],
  ['url', 'hostname'],
  ['url', 'protocol'],
  // Next.js's parsed `request.nextUrl` of the same request
  ['nextUrl', 'origin'],
  ['nextUrl', 'host'],
  ['nextUrl', 'hostname'],
  ['nextUrl', 'protocol'],
];

/** Packages that turn an HTTP framework app (express, koa, …) into a Lambda handler. */
export const HTTP_ADAPTERS: readonly string[] = [
  'serverless-http',
  '@vendia/serverless-express',
  '@codegenie/serverless-express',
  'aws-serverless-express',
];

/** Route registrations of express-style apps and routers: `app.get(path, (req, res) => …)`. */
export const ROUTE_METHODS: ReadonlySet<string> = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'use',
  'options',
  'head',
  'route',
]);

/**
 * Event paths that always hold a string (API Gateway parameters and headers, a queue record's body):
 * a string is never an operator object such as `{ "$ne": null }`. `*` is any one property name; `[]`
 * any element.
 */
export const STRING_EVENT_PATHS: readonly (readonly string[])[] = [
  ['queryStringParameters', '*'],
  ['pathParameters', '*'],
  ['stageVariables', '*'],
  ['headers', '*'],
  ['multiValueQueryStringParameters', '*', '*'],
  ['multiValueHeaders', '*', '*'],
  ['rawPath'],
  ['rawQueryString'],
  ['path'],
  ['Records', '*', 'body'],
  ['Records', '*', 'Sns', 'Message'],
];

/**
 * The parts of an HTTP event a caller writes as request data, by their first property name: API
 * Gateway's body, query string and path parameters; `req.body`, `req.query`, `req.params` of an
 * express-style app. Headers are left out: they carry tokens and signatures checked by other means.
 */
export const REQUEST_DATA_PATHS: ReadonlySet<string> = new Set([
  'body',
  'queryStringParameters',
  'multiValueQueryStringParameters',
  'rawQueryString',
  'pathParameters',
  'query',
  'params',
]);

/**
 * Handler parameters past the first that carry the trigger's input, by platform: an Azure function of
 * the legacy model is called `(context, req)` (the request also reachable as `context.req`), the v4
 * model `(request, context)`.
 */
export const MORE_EVENT_PARAMS: Readonly<Record<string, readonly number[]>> = { azure: [1] };

/**
 * A handler parameter past the first of which only some properties carry request data, by platform:
 * a Netlify v2 (and edge) function's `context.params` (the `:name` segments of its `config.path`), a
 * Next.js route handler's `{ params }` (the `[id]` segments of its folder), when the handler is that
 * export (not an express route behind it). The rest of such a context (`context.geo`,
 * `context.site`, `context.next()`) is the platform's.
 */
export const CONTEXT_REQUEST_PATHS: Readonly<Record<string, { index: number; props: readonly string[]; exports: readonly string[] }>> = {
  // the v2 handler (and an edge function): `export default async (req, context)`
  netlify: { index: 1, props: ['params'], exports: ['default'] },
  // App Router route handlers: `export async function GET(request, { params })`
  vercel: { index: 1, props: ['params'], exports: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] },
};

import { bool, defineRule, get, isMap, REQUEST_DATA_PATHS, str, type Fn, type FnEvent, type Node, type SinkClass } from '../../_api.js';

/** The rule that reports a flow into each sink class. */
const SINK_RULES: Record<SinkClass, string> = {
  code: 'input/code-injection',
  command: 'input/command-injection',
  deserialize: 'input/unsafe-deserialization',
  html: 'input/xss',
  module: 'input/dynamic-require',
  nosql: 'input/nosql-injection',
  'object-key': 'input/s3-key-injection',
  'nosql-filter': 'input/nosql-injection',
  'page-html': 'input/ssrf',
  path: 'input/path-traversal',
  prototype: 'input/prototype-pollution',
  redirect: 'input/open-redirect',
  regex: 'input/regex-injection',
  sql: 'input/sql-injection',
  url: 'input/ssrf',
};

export default defineRule({
  meta: {
    id: 'input/missing-validation',
    description: 'Disallow HTTP handlers that use request data no schema has validated',
    severity: 'warning',
    recommended: true,
    messages: {
      unvalidated:
        '{{route}} of function `{{fn}}` uses `{{source}}` without validation; validate it with a schema (zod, ajv, @middy/validator) or an API Gateway request model',
      // platforms without a gateway that validates bodies
      unvalidatedCode:
        '{{route}} of function `{{fn}}` uses `{{source}}` without validation; validate it with a schema (zod, ajv, valibot) first',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-20'],
    securitySeverity: 5.0,
    requires: ['taint'],
    // a source that reaches a sink is reported by that sink's rule, which says more: what it reaches
    coveredBy: [...new Set(Object.values(SINK_RULES))].sort(),
  },
  create(ctx) {
    return {
      function(fn) {
        const http = httpEvents(fn);
        if (!http.length) return;
        // every route of the function checks the body with a request model: API Gateway rejects the rest
        if (!fn.url && http.every(hasRequestModel)) return;
        const taint = ctx.analysis('taint');
        const covered = new Set(
          taint
            .flows(fn)
            .filter((f) => f.level === 'high' && ctx.isActive(SINK_RULES[f.class]))
            .map((f) => f.source),
        );
        const use = taint
          .unvalidatedUses(fn)
          .find((u) => u.level === 'high' && REQUEST_DATA_PATHS.has(u.segs[0] ?? '') && !covered.has(u.source));
        if (!use) return;
        const e = fn.url ? null : (http.find((x) => !hasRequestModel(x)) ?? null);
        ctx.report({
          at: use.loc,
          messageId: fn.platform === 'aws' ? 'unvalidated' : 'unvalidatedCode',
          data: { route: routeText(e), fn: fn.name, source: use.source },
          entity: `validation:${fn.name}:${use.source}`,
          flow: use.steps.map((s) => ({ at: s.loc, message: s.message })),
        });
      },
    };
  },
});

function httpEvents(fn: Fn): FnEvent[] {
  return fn.events.filter((e) => e.category === 'http');
}

/**
 * An API Gateway request model that validates the body: serverless `request.schemas` (before 2.x
 * `request.schema`, still read by the framework versions that wrote it) on an `http` event, SAM `RequestModel` with `ValidateBody: true` on an `Api` event.
 */
function hasRequestModel(e: FnEvent): boolean {
  if (!isMap(e.node)) return false;
  const schemas = get(e.node, 'request', 'schemas') ?? get(e.node, 'request', 'schema');
  if (schemas && isMap(schemas)) return true;
  const model = get(e.node, 'RequestModel') ?? get(e.node, 'Properties', 'RequestModel');
  if (model && bool(get(model, 'ValidateBody')) === true) return true;
  return cfnValidated(e);
}

/**
 * CloudFormation: an `AWS::ApiGateway::Method` with `RequestModels` and a `RequestValidatorId`
 * naming an `AWS::ApiGateway::RequestValidator` of the same template with `ValidateRequestBody: true`.
 */
function cfnValidated(e: FnEvent): boolean {
  if (e.raw !== 'AWS::ApiGateway::Method') return false;
  const models = get(e.node, 'RequestModels');
  if (!isMap(models) || !models.entries.length) return false;
  const id = refName(get(e.node, 'RequestValidatorId'));
  const v = id === undefined ? undefined : e.fn.app.resources.find((r) => r.id === id && r.type === 'AWS::ApiGateway::RequestValidator');
  return !!v && bool(get(v.properties, 'ValidateRequestBody')) === true;
}

/** `Ref: X`, `{"Ref": "X"}` or a resolved `!Ref X` → X. */
function refName(n: Node | undefined): string | undefined {
  if (n?.kind === 'ref') return /^!Ref ([^\s]+)$/.exec(n.text)?.[1];
  return isMap(n) && n.entries.length === 1 ? str(get(n, 'Ref')) : undefined;
}

/** `` `POST /orders` ``, or `the function URL`. */
function routeText(e: FnEvent | null): string {
  if (!e) return 'The function URL';
  const method = e.method?.kind === 'literal' ? String(e.method.value).trim().toUpperCase() : undefined;
  const raw = e.path?.kind === 'literal' ? String(e.path.value).trim() : undefined;
  const path = raw === undefined ? undefined : raw.startsWith('/') || raw === '*' ? raw : `/${raw}`;
  // `httpApi: '*'`: every method on every path
  const shown = [method, path].filter((x) => x !== undefined && x !== '' && !(x === '*' && method === '*' && path === '*')).join(' ');
  if (shown) return `\`${shown}\``;
  if (method === '*') return 'Every route';
  return e.service === 'websocket' ? 'The WebSocket route' : e.service === 'alb' ? 'The load balancer route' : 'The HTTP route';
}

import { defineRule, get, seqItems } from '../../_api.js';
import type { App, Node } from '../../_api.js';

const API_SERVICES = new Set(['http', 'httpApi', 'websocket']);

/** Throttling settings of a stage, route settings or usage plan node. */
function throttles(n: Node | undefined): boolean {
  if (!n) return false;
  const settings = n.kind === 'seq' ? n.items : [n];
  return settings.some(
    (s) => !!(get(s, 'ThrottlingRateLimit') || get(s, 'ThrottlingBurstLimit') || get(s, 'RateLimit') || get(s, 'BurstLimit')),
  );
}

/** Does the app throttle its APIs anywhere (a usage plan, stage or route throttling, the throttling plugin)? */
function throttled(app: App): boolean {
  if (app.origin === 'serverless') {
    return !!(get(app.serverless?.provider, 'apiGateway', 'usagePlan') || get(app.serverless?.custom, 'apiGatewayThrottling'));
  }
  const globals = get(app.root, 'Globals');
  if (throttles(get(globals, 'Api', 'MethodSettings')) || throttles(get(globals, 'HttpApi', 'DefaultRouteSettings'))) return true;
  return app.resources.some((r) => {
    const p = r.properties;
    switch (r.type) {
      case 'AWS::Serverless::Api':
        return throttles(get(p, 'MethodSettings')) || !!get(p, 'Auth', 'UsagePlan');
      case 'AWS::Serverless::HttpApi':
        return throttles(get(p, 'DefaultRouteSettings')) || !!get(p, 'RouteSettings');
      case 'AWS::ApiGateway::Stage':
        return throttles(get(p, 'MethodSettings'));
      case 'AWS::ApiGateway::UsagePlan':
        return throttles(get(p, 'Throttle')) || seqItems(get(p, 'ApiStages')).some((s) => !!get(s, 'Throttle'));
      case 'AWS::ApiGatewayV2::Stage':
        return throttles(get(p, 'DefaultRouteSettings')) || !!get(p, 'RouteSettings');
      default:
        return false;
    }
  });
}

export default defineRule({
  meta: {
    id: 'cost/api-throttling',
    description: 'Require throttling (or a usage plan) on API Gateway APIs with public routes',
    severity: 'note',
    recommended: false,
    messages: {
      unthrottled:
        'The API of route {{route}} is public and nothing throttles it (no usage plan, stage or route throttling): every request a client sends is a billed API call and a billed invocation, up to the account limit',
    },
    tags: ['cost', 'availability'],
    platforms: ['aws'],
  },
  create(ctx) {
    return {
      app(app) {
        const ev = app.functions.flatMap((f) => f.events).find((e) => API_SERVICES.has(e.service) && e.auth === 'none');
        if (!ev || throttled(app)) return;
        const method = ev.method?.kind === 'literal' ? String(ev.method.value) : '';
        const path = ev.path?.kind === 'literal' ? String(ev.path.value) : '';
        ctx.report({ at: ev.loc, messageId: 'unthrottled', data: { route: [method, path].filter(Boolean).join(' ') || ev.raw } });
      },
    };
  },
});

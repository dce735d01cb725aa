import { defineRule, LAMBDA_LIMITS } from '../../_api.js';
import type { EventType } from '../../_api.js';
import { timeoutSeconds } from '../../_shared/cost.js';

/** How long each synchronous caller waits for the function (seconds), and its name in messages. */
const CALLER_LIMIT: Partial<Record<EventType, { seconds: number; caller: string }>> = {
  http: { seconds: 29, caller: 'API Gateway (REST) waits at most 29 s for its integration' },
  httpApi: { seconds: 30, caller: 'API Gateway (HTTP API) waits at most 30 s' },
  websocket: { seconds: 29, caller: 'API Gateway (WebSocket) waits at most 29 s' },
  alb: { seconds: 60, caller: 'the load balancer closes idle connections after 60 s by default' },
  appsync: { seconds: 30, caller: 'AppSync gives up on a GraphQL request after 30 s' },
  cognito: { seconds: 5, caller: 'Cognito waits at most 5 s for a trigger' },
};

export default defineRule({
  meta: {
    id: 'cost/timeout-above-caller',
    description: 'Disallow timeouts longer than the synchronous caller waits, and the 900 s maximum on a synchronous path',
    severity: 'warning',
    recommended: true,
    messages: {
      aboveCaller:
        'Function "{{fn}}" has a timeout of {{timeout}} s but {{caller}}: past that the caller has given up while the function runs on, billed; lower the timeout to {{limit}} s or less',
      maxSync:
        'Function "{{fn}}" has the maximum timeout (900 s) and is called synchronously (a function URL): a hung request holds a concurrent execution, billed, for 15 minutes',
    },
    tags: ['cost', 'reliability'],
    platforms: ['aws'],
  },
  create(ctx) {
    const reported = new Set<string>();
    return {
      function(fn) {
        if (fn.platform !== 'aws' || !fn.timeout) return;
        const key = `${fn.timeout.loc.file}:${fn.timeout.loc.line}:${fn.timeout.loc.column}`;
        if (reported.has(key)) return; // a provider or Globals setting: once, for its first function
        const t = timeoutSeconds(fn);
        if (t === undefined) return;
        let worst: { seconds: number; caller: string } | undefined;
        for (const ev of fn.events) {
          const l = CALLER_LIMIT[ev.service];
          if (l && t > l.seconds && (!worst || l.seconds < worst.seconds)) worst = l;
        }
        if (worst) {
          reported.add(key);
          ctx.report({
            at: fn.timeout,
            messageId: 'aboveCaller',
            data: { fn: fn.name, timeout: t, caller: worst.caller, limit: worst.seconds },
          });
          return;
        }
        if (t >= LAMBDA_LIMITS.maxTimeoutSeconds && fn.events.some((ev) => ev.service === 'url')) {
          reported.add(key);
          ctx.report({ at: fn.timeout, messageId: 'maxSync', data: { fn: fn.name } });
        }
      },
    };
  },
});

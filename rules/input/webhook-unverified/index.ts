import { defineRule, type FnEvent } from '../../_api.js';

/** How each sender's signature is checked, for the message. */
const HOW: Record<string, string> = {
  Stripe: '`stripe.webhooks.constructEvent(rawBody, signature, endpointSecret)`',
  GitHub: '`@octokit/webhooks` `verify`, or an HMAC-SHA256 of the raw body compared with `X-Hub-Signature-256` by `crypto.timingSafeEqual`',
  Slack:
    'the signing secret: `@slack/bolt` with `signingSecret`, or an HMAC of `v0:timestamp:body` compared with `X-Slack-Signature` by `crypto.timingSafeEqual`',
  Twilio: '`twilio.validateRequest(authToken, signature, url, params)`',
  Shopify: 'an HMAC-SHA256 of the raw body compared with `X-Shopify-Hmac-Sha256` by `crypto.timingSafeEqual`',
  Svix: '`new Webhook(secret).verify(payload, headers)` (svix)',
};
const GENERIC = "an HMAC of the raw body with the sender's secret, compared with the signature header by `crypto.timingSafeEqual`";

export default defineRule({
  meta: {
    id: 'input/webhook-unverified',
    description: 'Disallow webhook handlers on public routes that use the body without checking the sender’s signature',
    severity: 'error',
    recommended: false,
    messages: {
      unverified:
        '{{what}} function "{{fn}}" is on a public route ({{route}}) and reads `{{body}}` without checking the signature: anyone can send it forged events; verify it first with {{how}}',
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-345'],
    securitySeverity: 7.5,
    platforms: ['aws'],
    requires: ['webhooks'],
  },
  create(ctx) {
    return {
      function(fn) {
        // routes anyone can call: no authorizer (an authorizer or IAM auth authenticates the sender)
        const open = fn.events.filter(
          (e) => e.category === 'http' && e.auth === 'none' && (e.service === 'http' || e.service === 'httpApi' || e.service === 'url'),
        );
        if (!open.length) return;
        const webhooks = ctx.analysis('webhooks');
        const paths = open.map(routePath).filter((p): p is string => p !== undefined);
        const receiver = webhooks.receiver(fn, paths);
        if (!receiver || webhooks.signatureCheck(fn)) return;
        const body = webhooks.bodyRead(fn);
        if (!body) return;
        const route = open.map(routeText).join(', ');
        ctx.report({
          at: body.loc,
          messageId: 'unverified',
          data: {
            what: receiver.provider === 'webhook' ? 'Webhook' : `${receiver.provider} webhook`,
            fn: fn.name,
            route,
            body: body.text,
            how: HOW[receiver.provider] ?? GENERIC,
          },
          entity: `webhook:${fn.name}`,
          ...(receiver.header ? { related: [{ at: { loc: receiver.header }, message: 'the signature header is read here' }] } : {}),
        });
      },
    };
  },
});

function routePath(e: FnEvent): string | undefined {
  return e.path?.kind === 'literal' ? String(e.path.value).trim() : undefined;
}

/** `` `POST /webhooks/stripe` ``, or `the function URL`. */
function routeText(e: FnEvent): string {
  if (e.service === 'url') return 'the function URL';
  const method = e.method?.kind === 'literal' ? String(e.method.value).trim().toUpperCase() : undefined;
  const raw = routePath(e);
  const path = raw === undefined ? undefined : raw.startsWith('/') || raw === '*' ? raw : `/${raw}`;
  const shown = [method, path].filter((x) => x !== undefined && x !== '').join(' ');
  return shown ? `\`${shown}\`` : 'an HTTP route';
}

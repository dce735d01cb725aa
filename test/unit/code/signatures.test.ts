// Webhook signature checks are a fact of the one walk over a file, so every rule reads the same answer.
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/code/parse.js';

function checks(path: string, text: string) {
  const r = parseSource(path, text);
  if (!('file' in r)) throw new Error(r.error.message);
  return (r.file.signatureChecks ?? []).map((c) =>
    c.constantTime === false ? [c.provider, c.loc.line, 'plain'] : [c.provider, c.loc.line],
  );
}

describe('signature checks', () => {
  it('recognises the SDK verifiers only with their package imported', () => {
    expect(checks('a.mjs', "import Stripe from 'stripe';\nconst s = new Stripe('k');\ns.webhooks.constructEvent(b, h, k);\n")).toEqual([
      ['Stripe', 3],
    ]);
    expect(checks('a.mjs', "import x from 'other';\nx.webhooks.constructEvent(b, h, k);\n")).toEqual([]);
    expect(checks('a.js', "const { Webhook } = require('svix');\nnew Webhook(s).verify(b, h);\n")).toEqual([['Svix', 2]]);
    expect(checks('a.ts', "import { App } from '@slack/bolt';\nnew App({ token: t, signingSecret: s });\n")).toEqual([['Slack', 2]]);
    expect(checks('a.ts', "import { App } from '@slack/bolt';\nnew App({ token: t });\n")).toEqual([]);
    expect(checks('a.js', "const twilio = require('twilio');\ntwilio.validateRequest(t, s, u, p);\n")).toEqual([['Twilio', 2]]);
  });

  it('recognises a hand-written HMAC compared in constant time against a signature header', () => {
    const text = [
      "const crypto = require('crypto');",
      "const sig = req.headers['X-Hub-Signature-256'];",
      "const mac = crypto.createHmac('sha256', key).update(body).digest();",
      'crypto.timingSafeEqual(Buffer.from(sig), mac);',
    ].join('\n');
    expect(checks('a.js', text)).toEqual([['GitHub', 4]]);
    expect(checks('a.js', text.replace('crypto.timingSafeEqual(Buffer.from(sig), mac)', 'sig === mac'))).toEqual([['GitHub', 3, 'plain']]);
    expect(checks('a.js', text.replace("'X-Hub-Signature-256'", "'x-request-id'"))).toEqual([]);
  });
});

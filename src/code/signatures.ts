import type { Loc } from '../core/types.js';
import type { ImportInfo, SignatureCheck, SourceFile } from '../model/types.js';
import { memberName, propertyKeyName, staticString, type AstNode } from './ast.js';

/**
 * Webhook signature checks in code, as data: a handler that verifies the sender's signature is
 * authenticated by that check, whatever its route says. Collected in the one walk over a file.
 */

interface CallSpec {
  provider: string;
  /** the callee's trailing names: `['webhooks', 'constructEvent']` matches `stripe.webhooks.constructEvent(…)` */
  callee: string[];
  /** counted only when the file imports one of these */
  packages: string[];
  construct?: boolean;
  /** for a constructor: an object argument must set this property (`new App({ signingSecret })`) */
  property?: string;
}

const CALLS: readonly CallSpec[] = [
  { provider: 'Stripe', callee: ['webhooks', 'constructEvent'], packages: ['stripe'] },
  { provider: 'Stripe', callee: ['webhooks', 'constructEventAsync'], packages: ['stripe'] },
  { provider: 'GitHub', callee: ['verify'], packages: ['@octokit/webhooks', '@octokit/webhooks-methods'] },
  { provider: 'GitHub', callee: ['verifyAndReceive'], packages: ['@octokit/webhooks'] },
  { provider: 'Twilio', callee: ['validateRequest'], packages: ['twilio'] },
  { provider: 'Twilio', callee: ['validateRequestWithBody'], packages: ['twilio'] },
  { provider: 'Svix', callee: ['verify'], packages: ['svix', 'standardwebhooks'] },
  { provider: 'Slack', callee: ['App'], packages: ['@slack/bolt'], construct: true, property: 'signingSecret' },
  { provider: 'Slack', callee: ['AwsLambdaReceiver'], packages: ['@slack/bolt'], construct: true, property: 'signingSecret' },
  { provider: 'Slack', callee: ['ExpressReceiver'], packages: ['@slack/bolt'], construct: true, property: 'signingSecret' },
];

/** Signature headers of webhook senders, for hand-written HMAC checks. */
const HEADERS: Record<string, string> = {
  'x-hub-signature-256': 'GitHub',
  'x-hub-signature': 'GitHub',
  'x-slack-signature': 'Slack',
  'x-twilio-signature': 'Twilio',
  'stripe-signature': 'Stripe',
  'svix-signature': 'Svix',
  'webhook-signature': 'Standard Webhooks',
  'x-shopify-hmac-sha256': 'Shopify',
  'x-signature': 'webhook',
  'x-webhook-signature': 'webhook',
};

/** `a.b.c` → ['a','b','c']; `x()` → ['x']; undefined for computed names. */
function calleePath(n: AstNode): string[] | undefined {
  const out: string[] = [];
  let cur: AstNode = n;
  for (let i = 0; i < 8; i++) {
    if (cur.type === 'Identifier') return [cur.name, ...out];
    if (cur.type !== 'MemberExpression') return out.length ? out : undefined;
    const name = memberName(cur);
    if (name === undefined) return undefined;
    out.unshift(name);
    cur = cur.object;
  }
  return out;
}

function endsWith(path: string[], tail: string[]): boolean {
  return path.length >= tail.length && tail.every((t, i) => path[path.length - tail.length + i] === t);
}

/** Collects the signature checks of one file during the fact walk. */
export function signatureCollector(locOf: (n: AstNode) => Loc): {
  visit(node: AstNode): void;
  done(imports: ImportInfo[]): SignatureCheck[];
} {
  const calls: { spec: CallSpec; loc: Loc }[] = [];
  let hmac: Loc | undefined;
  let timingSafe: Loc | undefined;
  let header: { provider: string; loc: Loc } | undefined;
  return {
    visit(node) {
      if (node.type === 'CallExpression' || node.type === 'NewExpression') {
        const path = calleePath(node.callee);
        if (!path) return;
        const last = path.at(-1);
        if (last === 'createHmac') hmac ??= locOf(node);
        if (last === 'timingSafeEqual') timingSafe ??= locOf(node);
        for (const spec of CALLS) {
          if (!!spec.construct !== (node.type === 'NewExpression') || !endsWith(path, spec.callee)) continue;
          if (spec.property) {
            const has = node.arguments.some(
              (a) =>
                a.type === 'ObjectExpression' &&
                a.properties.some((p) => p.type === 'Property' && propertyKeyName(p.key, p.computed) === spec.property),
            );
            if (!has) continue;
          }
          calls.push({ spec, loc: locOf(node) });
        }
      } else if (node.type === 'Literal' || node.type === 'TemplateLiteral') {
        if (header) return;
        const v = staticString(node)?.trim().toLowerCase();
        if (v !== undefined && Object.hasOwn(HEADERS, v)) header = { provider: HEADERS[v]!, loc: locOf(node) };
      }
    },
    done(imports) {
      const pkgs = new Set(imports.filter((i) => !i.typeOnly).map((i) => i.source));
      const out: SignatureCheck[] = [];
      for (const c of calls) if (c.spec.packages.some((p) => pkgs.has(p))) out.push({ provider: c.spec.provider, loc: c.loc });
      // a hand-written check: an HMAC of the body compared in constant time with a sender's signature header
      if (hmac && timingSafe && header) out.push({ provider: header.provider, loc: timingSafe });
      // the same with a plain comparison: a check, but one that leaks timing
      else if (hmac && header) out.push({ provider: header.provider, loc: hmac, constantTime: false });
      return out;
    },
  };
}

/** The sender whose signature header this is (`stripe-signature` → Stripe), case-insensitive. */
export function signatureHeaderProvider(header: string): string | undefined {
  const h = header.trim().toLowerCase();
  return Object.hasOwn(HEADERS, h) ? HEADERS[h] : undefined;
}

/**
 * The webhook signature check of a function's handler, in its entry file or a project file it
 * imports (two levels deep): a route that verifies its sender is authenticated by that check. A
 * constant-time check wins over a plain comparison elsewhere.
 */
export function signatureCheckOf(entryFile: string | undefined, byPath: ReadonlyMap<string, SourceFile>): SignatureCheck | undefined {
  if (!entryFile) return undefined;
  let plain: SignatureCheck | undefined;
  for (const f of handlerFiles(entryFile, byPath)) {
    const check = f.signatureChecks?.find((c) => c.constantTime !== false) ?? f.signatureChecks?.[0];
    if (check?.constantTime !== false && check) return check;
    plain ??= check;
  }
  return plain;
}

/** The entry file and the project files it imports, two levels deep, nearest first. */
export function handlerFiles(entryFile: string, byPath: ReadonlyMap<string, SourceFile>): SourceFile[] {
  const out: SourceFile[] = [];
  const seen = new Set<string>();
  let level = [entryFile];
  for (let depth = 0; depth <= 2 && level.length; depth++) {
    const next: string[] = [];
    for (const p of level) {
      const f = byPath.get(p);
      if (!f || seen.has(p)) continue;
      seen.add(p);
      out.push(f);
      for (const i of f.imports) if (i.resolved && !i.typeOnly) next.push(i.resolved);
    }
    level = next;
  }
  return out;
}

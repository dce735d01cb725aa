import { memberName, staticString } from '../code/ast.js';
import { nodeLoc, walk } from '../code/parse.js';
import { handlerFiles, signatureCheckOf, signatureHeaderProvider } from '../code/signatures.js';
import type { Loc, ToolNotice } from '../core/types.js';
import type { Fn, Project, SignatureCheck, SourceFile } from '../model/types.js';

/**
 * Webhook facts of a project, computed once per run and shared by the rules that need them
 * (`iam/no-unauthenticated-http` lets a route whose handler checks its sender's signature through;
 * `input/webhook-unverified` reports a webhook handler that does not):
 * - the signature check of a function's handler (its entry file and the project files it imports);
 * - whether a function is a webhook receiver, and for which sender: a route path with a `webhook`
 *   or `hooks` segment, or a handler that reads a sender's signature header (`stripe-signature`,
 *   `x-hub-signature-256`, …);
 * - where its handler first reads the request body.
 */

export interface WebhookReceiver {
  /** `Stripe`, `GitHub`, … or `webhook` when the sender is not known */
  provider: string;
  /** what makes it a webhook: its route, or the signature header it reads */
  why: 'route' | 'header';
  /** the header literal, when read */
  header?: Loc;
}

const WEBHOOK_SEGMENT = /webhook|^hooks?$/i;
/** Senders named in a route next to a webhook segment (`/webhooks/stripe`, `/stripe-webhook`). */
const PROVIDER_SEGMENTS: Record<string, string> = {
  stripe: 'Stripe',
  github: 'GitHub',
  gh: 'GitHub',
  slack: 'Slack',
  twilio: 'Twilio',
  shopify: 'Shopify',
  svix: 'Svix',
  clerk: 'Clerk (Svix)',
  sendgrid: 'SendGrid',
  mailgun: 'Mailgun',
  paddle: 'Paddle',
  gitlab: 'GitLab',
};

interface FileFacts {
  header?: { provider: string; loc: Loc };
  body?: { loc: Loc; text: string };
}

const BODY_OWNERS = /^(event|evt|e|req|request|ctx|c)$/;

export class WebhookRun {
  private byPath: Map<string, SourceFile> | undefined;
  private readonly checks = new Map<Fn, SignatureCheck | null>();
  private readonly receivers = new Map<Fn, WebhookReceiver | null>();
  private readonly fileFacts = new Map<SourceFile, FileFacts>();

  constructor(private readonly project: Project) {}

  private files(): Map<string, SourceFile> {
    return (this.byPath ??= new Map(this.project.sourceFiles.map((f) => [f.path, f])));
  }

  /** The signature check of the function's handler, or undefined. */
  signatureCheck(fn: Fn): SignatureCheck | undefined {
    let c = this.checks.get(fn);
    if (c === undefined) this.checks.set(fn, (c = signatureCheckOf(fn.entry?.file, this.files()) ?? null));
    return c ?? undefined;
  }

  /** Whether the function receives webhooks (by its routes or the signature header its handler reads). */
  receiver(fn: Fn, routePaths: readonly string[]): WebhookReceiver | undefined {
    let r = this.receivers.get(fn);
    if (r === undefined) this.receivers.set(fn, (r = this.findReceiver(fn, routePaths) ?? null));
    return r ?? undefined;
  }

  private findReceiver(fn: Fn, routePaths: readonly string[]): WebhookReceiver | undefined {
    const files = fn.entry?.file ? handlerFiles(fn.entry.file, this.files()) : [];
    for (const f of files) {
      const h = this.factsOf(f).header;
      if (h) return { provider: h.provider, why: 'header', header: h.loc };
    }
    for (const p of routePaths) {
      const segs = p
        .toLowerCase()
        .split('/')
        .filter((s) => s && !s.startsWith('{') && !s.startsWith(':'));
      if (!segs.some((s) => WEBHOOK_SEGMENT.test(s))) continue;
      const named = segs.flatMap((s) => s.split(/[-_.]/)).find((s) => Object.hasOwn(PROVIDER_SEGMENTS, s));
      return { provider: named ? PROVIDER_SEGMENTS[named]! : 'webhook', why: 'route' };
    }
    return undefined;
  }

  /** The first read of a request body in the handler's files (`event.body`, `req.body`, `req.rawBody`), nearest file first. */
  bodyRead(fn: Fn): { loc: Loc; text: string } | undefined {
    const files = fn.entry?.file ? handlerFiles(fn.entry.file, this.files()) : [];
    for (const f of files) {
      const b = this.factsOf(f).body;
      if (b) return b;
    }
    return undefined;
  }

  /** One walk per file: its first signature header literal of a known sender and its first body read. */
  private factsOf(f: SourceFile): FileFacts {
    const memo = this.fileFacts.get(f);
    if (memo) return memo;
    const out: FileFacts = {};
    walk(f.ast, (n) => {
      if (out.header && out.body) return false;
      if (!out.header && (n.type === 'Literal' || n.type === 'TemplateLiteral')) {
        const v = staticString(n);
        const provider = v === undefined ? undefined : signatureHeaderProvider(v);
        // `x-signature` is too common a name on its own
        if (provider && provider !== 'webhook') out.header = { provider, loc: nodeLoc(f.path, n) };
        return;
      }
      if (out.body || n.type !== 'MemberExpression') return;
      const name = memberName(n);
      if (name !== 'body' && name !== 'rawBody') return;
      if (n.object.type !== 'Identifier' || !BODY_OWNERS.test(n.object.name)) return;
      out.body = { loc: nodeLoc(f.path, n), text: f.text.slice(n.range[0], n.range[1]) };
    });
    this.fileFacts.set(f, out);
    return out;
  }

  notices(): ToolNotice[] {
    return [];
  }
}

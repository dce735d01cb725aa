import { defineRule, describe, get, str } from '../../_api.js';
import type { Node, Resource } from '../../_api.js';
import { affected } from '../../_shared/messages.js';

/** A service principal: `s3.amazonaws.com`, `events.amazonaws.com`, `alexa-appkit.amazon.com`, China partition. */
const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazon(?:aws)?\.com(?:\.cn)?$/i;

/** Set and not an explicit null: a reference (`!GetAtt Bucket.Arn`) counts as set. */
function present(n: Node | undefined): boolean {
  return !!n && !(n.kind === 'scalar' && (n.value === null || n.value === ''));
}

/** `function "a"` when `FunctionName` names functions of the app, else `function "<as written>"`. */
function target(r: Resource, fnNode: Node | undefined): { text: string; names: string[] } {
  const names = r.targetFunctions ?? [];
  if (names.length) return { text: affected(names), names };
  return { text: fnNode ? `function "${describe(fnNode)}"` : 'the function', names };
}

export default defineRule({
  meta: {
    id: 'iam/no-public-lambda-permission',
    description: 'Disallow Lambda permissions that let any account, or a service on behalf of any account, invoke a function',
    severity: 'error',
    recommended: true,
    messages: {
      anyone:
        'Permission "{{id}}" lets any AWS principal ("*") invoke {{fn}}; set Principal to the account or service that calls it and add SourceArn or SourceAccount',
      publicUrl:
        'Permission "{{id}}" lets anyone ("*") call the function URL of {{fn}} without signing (FunctionUrlAuthType NONE); use FunctionUrlAuthType AWS_IAM and grant the callers that need it',
      confusedDeputy:
        'Permission "{{id}}" lets "{{principal}}" invoke {{fn}} on behalf of any AWS account (no SourceArn or SourceAccount); add SourceArn with the bucket, topic, rule or API that triggers it',
      broadAction: 'Permission "{{id}}" grants "{{action}}" on {{fn}}, which is more than invoking it; grant "lambda:InvokeFunction" only',
    },
    tags: ['security', 'iam', 'CWE-284', 'CWE-441'],
    platforms: ['aws'],
    securitySeverity: 7.3,
    coveredBy: ['iam/no-public-function-url'],
  },
  create(ctx) {
    const urlsElsewhere = ctx.isActive('iam/no-public-function-url');
    return {
      resource(r) {
        if (r.type !== 'AWS::Lambda::Permission' || !r.properties) return;
        const p = r.properties;
        const principal = get(p, 'Principal');
        const action = get(p, 'Action');
        const fn = target(r, get(p, 'FunctionName'));
        const who = str(principal)?.trim();
        const act = str(action)?.trim();
        // any of these narrows who can trigger the function (a reference is trusted to do so)
        const scoped = ['SourceArn', 'SourceAccount', 'PrincipalOrgID', 'EventSourceToken'].some((k) => present(get(p, k)));

        if (action && act !== undefined && act.includes('*'))
          ctx.report({ at: action, messageId: 'broadAction', data: { id: r.id, action: act, fn: fn.text } });

        if (!principal || who === undefined) return; // a principal given by reference is unknown
        if (who === '*') {
          const urlNone = act?.toLowerCase() === 'lambda:invokefunctionurl' && str(get(p, 'FunctionUrlAuthType'))?.trim() === 'NONE';
          if (urlNone) {
            // a public URL of a function in this app is reported once, at its AuthType, by
            // iam/no-public-function-url when it is on; then here only URLs of functions we cannot see
            const known = urlsElsewhere && fn.names.some((n) => r.app.functions.find((f) => f.name === n)?.url);
            if (!known) ctx.report({ at: principal, messageId: 'publicUrl', data: { id: r.id, fn: fn.text } });
            return;
          }
          if (!scoped) ctx.report({ at: principal, messageId: 'anyone', data: { id: r.id, fn: fn.text } });
          return;
        }
        if (SERVICE_PRINCIPAL.test(who) && !scoped)
          ctx.report({ at: principal, messageId: 'confusedDeputy', data: { id: r.id, principal: who, fn: fn.text } });
      },
    };
  },
});

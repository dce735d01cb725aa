import { defineRule, isAllow, presentValues, spanLoc } from '../../_api.js';
import type { Loc, Value } from '../../_api.js';
import { grantee } from '../../_shared/iam-grants.js';
import { principalText } from '../../_shared/public-access.js';

/** `"iam:*"`, `"iam:*", "organizations:*"`, `"a", "b" and 3 more`: the listed values, as written. */
function quoteList(values: Value[]): string {
  const texts = values.map((v) => (v.kind === 'literal' ? String(v.value) : v.text));
  const shown = texts.slice(0, 3).map((t) => `"${t}"`);
  return texts.length > 3 ? `${shown.join(', ')} and ${texts.length - 3} more` : shown.join(', ');
}

/** From the first to the last value of the list: the key's value without its brackets. */
function listLoc(values: Value[]): Loc {
  return spanLoc(values[0]!.loc, values[values.length - 1]!.loc);
}

export default defineRule({
  meta: {
    id: 'iam/no-not-action',
    description: 'Disallow NotAction, NotResource and NotPrincipal in Allow statements',
    severity: 'error',
    recommended: true,
    messages: {
      notAction:
        'Allow with NotAction {{value}} grants {{functions}} every other action of every service, including services AWS adds later; list the allowed actions in Action',
      notResource:
        'Allow with NotResource {{value}} grants {{functions}} its actions on every other resource, including resources created later; list the allowed resources in Resource',
      notPrincipal:
        'Allow with NotPrincipal ({{value}}) in {{where}} applies to every principal except those, anonymous users included; name the allowed principals in Principal',
    },
    tags: ['security', 'iam', 'least-privilege', 'CWE-183', 'CWE-269'],
    platforms: ['aws'],
    securitySeverity: 8.0,
  },
  create(ctx) {
    return {
      iamStatement(s) {
        // Deny with NotAction/NotResource is the usual, safe way to write guardrails
        if (!isAllow(s)) return;
        const who = grantee(s);
        const notActions = presentValues(s.notActions);
        const notResources = presentValues(s.notResources);
        if (notActions.length)
          ctx.report({ at: listLoc(notActions), messageId: 'notAction', data: { value: quoteList(notActions), functions: who } });
        if (notResources.length)
          ctx.report({ at: listLoc(notResources), messageId: 'notResource', data: { value: quoteList(notResources), functions: who } });
        // a principal only means something in trust and resource policies (IAM rejects it elsewhere)
        const np = s.notPrincipal;
        if (np && !(np.kind === 'scalar' && np.value === null) && (s.source.kind === 'trust' || s.source.kind === 'resource-policy')) {
          const where = s.source.kind === 'trust' ? `the trust policy of role ${s.role?.id ?? s.source.name ?? ''}`.trim() : who;
          ctx.report({ at: np, messageId: 'notPrincipal', data: { value: principalText(np), where } });
        }
      },
    };
  },
});

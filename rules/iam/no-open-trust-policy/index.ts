import { defineRule, entryCI, get, isAllow, seqItems, str } from '../../_api.js';
import type { IamStatement, Node } from '../../_api.js';
import { affected } from '../../_shared/messages.js';
import { CALLER_KEYS, conditionRestricts, keySet } from '../../_api.js';
import { unrestrictedPublicPrincipals } from '../../_shared/public-access.js';

/**
 * Web-identity providers whose tokens are issued to ANYONE with an account there (any GitHub
 * repository, any GitLab project, any Cognito identity): a trust policy must pin the subject or
 * audience, or every such identity can assume the role.
 */
const OIDC_PROVIDERS: { host: string; key: string; name: string; matchesAny?: RegExp }[] = [
  {
    host: 'token.actions.githubusercontent.com',
    key: 'token.actions.githubusercontent.com:sub',
    name: 'GitHub Actions',
    matchesAny: /^repo:\*|^\*$/,
  },
  { host: 'gitlab.com', key: 'gitlab.com:sub', name: 'GitLab CI', matchesAny: /^project_path:\*|^\*$/ },
  { host: 'app.terraform.io', key: 'app.terraform.io:sub', name: 'Terraform Cloud', matchesAny: /^organization:\*|^\*$/ },
  { host: 'cognito-identity.amazonaws.com', key: 'cognito-identity.amazonaws.com:aud', name: 'Cognito identity pools' },
];

/** The text of a Federated principal: a literal, a `!Sub` string, or the `Url` of the OIDC provider resource it references. */
function federatedText(n: Node, s: IamStatement): string | undefined {
  if (n.kind === 'scalar') return str(n);
  if (n.kind !== 'ref') return undefined;
  const id = /^!(?:GetAtt|Ref) ([A-Za-z0-9]+)/.exec(n.text)?.[1];
  const res = id ? s.app.resources.find((r) => r.id === id && r.type === 'AWS::IAM::OIDCProvider') : undefined;
  return res ? str(get(res.properties, 'Url')) : n.text;
}

/** Is the key pinned by a positive Condition to values that do not admit everyone (`repo:*`)? */
function pinned(condition: Node | null, key: string, matchesAny: RegExp | undefined): 'yes' | 'no' | 'unknown' {
  const r = conditionRestricts(condition, keySet([key]));
  if (r !== 'restricted') return r === 'unknown' ? 'unknown' : 'no';
  if (!matchesAny || !condition || condition.kind !== 'map') return 'yes';
  // restricted: but every listed value may still be "any repository"
  const values: string[] = [];
  for (const op of condition.entries)
    for (const k of op.value.kind === 'map' ? op.value.entries : [])
      if (k.key.toLowerCase() === key) for (const v of seqItems(k.value)) if (v.kind === 'scalar') values.push(String(v.value));
  return values.length && values.every((v) => matchesAny.test(v)) ? 'no' : 'yes';
}

/** Condition keys that narrow who may assume a role to known accounts, organizations or callers. */
const TRUST_KEYS = keySet([...CALLER_KEYS, 'sts:ExternalId']);

/** ` (the role of function "a")`, or nothing for a role no function uses. */
function usedBy(s: IamStatement): string {
  const fns = s.role?.functions ?? [];
  return fns.length ? ` (the role of ${affected(fns, s.app.functions.length)})` : '';
}

export default defineRule({
  meta: {
    id: 'iam/no-open-trust-policy',
    description: 'Disallow role trust policies that let any principal or any AWS account assume the role',
    severity: 'error',
    recommended: true,
    messages: {
      anyone:
        'Trust policy of role "{{role}}"{{used}} lets any principal ("{{principal}}") assume the role; name the accounts or services that may assume it, or add a Condition on aws:PrincipalAccount, aws:PrincipalOrgID or sts:ExternalId',
      anyAccount:
        'Trust policy of role "{{role}}"{{used}} lets every AWS account ("{{principal}}") assume the role; name the accounts that may assume it, or add a Condition on aws:PrincipalAccount, aws:PrincipalOrgID or sts:ExternalId',
      anyWebIdentity:
        'Trust policy of role "{{role}}"{{used}} lets any {{provider}} identity assume the role: nothing pins {{key}}; add a StringEquals or StringLike Condition on {{key}} naming the repositories, projects or pool that may assume it',
    },
    tags: ['security', 'iam', 'CWE-284', 'CWE-269'],
    platforms: ['aws'],
    securitySeverity: 9.0,
  },
  create(ctx) {
    return {
      iamStatement(s) {
        if (s.source.kind !== 'trust') return;
        const federated = isAllow(s) ? entryCI(s.principal, 'Federated') : undefined;
        for (const n of seqItems(federated?.value)) {
          const text = federatedText(n, s);
          const provider = text ? OIDC_PROVIDERS.find((p) => text.includes(p.host)) : undefined;
          if (!provider || pinned(s.condition, provider.key, provider.matchesAny) !== 'no') continue;
          ctx.report({
            at: n.loc,
            messageId: 'anyWebIdentity',
            data: { role: s.role?.id ?? s.source.name ?? '', used: usedBy(s), provider: provider.name, key: provider.key },
          });
        }
        for (const p of unrestrictedPublicPrincipals(s, TRUST_KEYS)) {
          ctx.report({
            at: p.loc,
            messageId: p.kind === 'anyone' ? 'anyone' : 'anyAccount',
            data: { role: s.role?.id ?? s.source.name ?? '', used: usedBy(s), principal: p.value },
          });
        }
      },
    };
  },
});

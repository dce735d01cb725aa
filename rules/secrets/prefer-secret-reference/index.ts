import { defineRule, isNonSecretFiller, secretKindOfName } from '../../_api.js';
import { affected } from '../../_shared/messages.js';
import { envSecret, reportSecret } from '../../_shared/secrets.js';

/**
 * Literal values that are not a secret's value even under a secret's name: numbers and booleans
 * (`PASSWORD_MIN_LENGTH`-style settings mis-named), and the names and addresses of secrets kept
 * elsewhere — ARNs, SSM parameter paths, `secretsmanager:`/`ssm:` strings, Secrets Manager names
 * made of path segments (`prod/billing/stripe`) — and URLs without credentials.
 */
const NOT_A_VALUE: readonly RegExp[] = [
  /^(?:true|false|yes|no|on|off|null|none)$/i,
  /^[+-]?\d+(?:\.\d+)?$/,
  /^arn:/i,
  /^\//,
  /^(?:ssm|secretsmanager|ssm-secure|resolve):/i,
  /^[\w.-]+(?:\/[\w.-]+)+$/,
  /^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i,
];

/** A letters-only word shorter than a passphrase (`portal`, `intranet`). */
const PLAIN_WORD = /^[A-Za-z]{1,11}$/;

export default defineRule({
  meta: {
    id: 'secrets/prefer-secret-reference',
    description: 'Suggest referencing a secret store for environment variables named like secrets that hold a literal',
    severity: 'note',
    recommended: false,
    messages: {
      literal:
        'Environment variable "{{name}}" of {{functions}} has the name of a secret ({{kind}}) but holds a literal ("{{masked}}"); keep it in SSM Parameter Store or Secrets Manager and reference it (${ssm:…} or {{resolve:secretsmanager:…}}) so it can be rotated without a deploy',
    },
    precision: 'medium',
    tags: ['security', 'secrets', 'CWE-798'],
    securitySeverity: 4.0,
  },
  create(ctx) {
    return {
      envVar(e) {
        const v = e.value;
        if ((v.kind !== 'literal' && v.kind !== 'scalar') || typeof v.value !== 'string') return;
        const kind = secretKindOfName(e.name);
        if (!kind) return;
        // where no-plaintext-env reports, this rule stays silent
        if (envSecret(e)) return;
        const t = v.value.trim();
        if (!t || isNonSecretFiller(t) || NOT_A_VALUE.some((re) => re.test(t))) return;
        reportSecret(ctx, {
          at: v.loc,
          messageId: 'literal',
          data: { name: e.name, kind, functions: affected(e.functions, e.app.functions.length) },
          value: v.value,
          secret: t,
          // a plain word is not masked in other output: it would be wherever the word appears
          maskEverywhere: !PLAIN_WORD.test(t),
        });
      },
    };
  },
});

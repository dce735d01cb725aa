import { defineRule } from '../../_api.js';
import { affected } from '../../_shared/messages.js';
import { describeSecret, envSecret, reportSecret, STATIC_AWS_CREDENTIAL } from '../../_shared/secrets.js';

/** Git-push hosts whose manifests carry environment values, by app origin: where a secret belongs instead. */
const HOSTS: Partial<Record<string, string>> = {
  vercel: 'Vercel',
  netlify: 'Netlify',
  render: 'Render',
  railway: 'Railway',
  heroku: 'Heroku',
};

export default defineRule({
  meta: {
    id: 'secrets/no-plaintext-env',
    description: 'Disallow plaintext secrets in function environment variables',
    severity: 'error',
    recommended: true,
    messages: {
      plaintext:
        'Environment variable "{{name}}" holds {{secret}} ("{{masked}}") for {{functions}}; store it in SSM Parameter Store or Secrets Manager and reference it',
      azure:
        'App setting "{{name}}" holds {{secret}} ("{{masked}}") in {{file}}; keep it in Key Vault and reference it (`@Microsoft.KeyVault(SecretUri=…)`), or connect with the app\'s managed identity instead of a key',
      gcpDotenv:
        'Variable "{{name}}" holds {{secret}} ("{{masked}}") in {{file}}, which the Firebase CLI deploys as a plain environment variable of every function of the codebase (readable by anyone who can view the functions); keep it in Secret Manager (`defineSecret(\'{{name}}\')` and `secrets: [...]`)',
      gcp: 'Variable "{{name}}" holds {{secret}} ("{{masked}}") in {{file}}, which is committed with the code; keep it in Secret Manager and bind it to the function (`defineSecret` and `secrets: [...]`, `--set-secrets`)',
      plaintextHost:
        'Environment variable "{{name}}" holds {{secret}} ("{{masked}}") in {{file}}, which is committed with the code; set it in the {{host}} dashboard or CLI as an encrypted (sensitive) variable instead',
      awsCredentials:
        'Environment variable "{{name}}" hands a static {{secret}} ("{{masked}}") to {{functions}}; a Lambda function gets temporary credentials from its execution role, so remove the variable, grant the permissions to the role and deactivate the key',
    },
    precision: 'medium',
    tags: ['security', 'secrets', 'CWE-798', 'CWE-312'],
    securitySeverity: 8.5,
    platforms: ['aws', 'azure', 'gcp', 'vercel', 'netlify', 'render', 'railway', 'heroku'],
    // a browser-prefixed variable of a host's manifest: shipped to every visitor, which says more
    defersTo: ['secrets/no-public-env-secret'],
  },
  create(ctx) {
    return {
      envVar(e) {
        // literals judged with their name; references (`${ssm:…}`, `!Ref`, `{{resolve:…}}`) only for a
        // provider-format token written inside them (a variable's fallback, the literal part of a !Sub)
        const s = envSecret(e);
        if (!s) return;
        const aws = s.hit.kind === STATIC_AWS_CREDENTIAL;
        const azure = e.app.platform === 'azure';
        const gcp = e.app.platform === 'gcp' && !aws;
        const host = HOSTS[e.app.origin];
        if (host && !aws) {
          reportSecret(ctx, {
            at: s.loc,
            messageId: 'plaintextHost',
            data: { name: e.name, secret: describeSecret(s.hit.name), file: e.app.file, host },
            value: s.value,
            secret: s.hit.secret,
          });
          return;
        }
        reportSecret(ctx, {
          at: s.loc,
          messageId: azure
            ? 'azure'
            : gcp
              ? /(^|\/)\.env[^/]*$/.test(e.nameLoc.file)
                ? 'gcpDotenv'
                : 'gcp'
              : aws
                ? 'awsCredentials'
                : 'plaintext',
          data: {
            name: e.name,
            // a GCP variable's own file: a deploy script, the .runtimeconfig.json beside firebase.json
            file: gcp ? e.nameLoc.file : e.app.file,
            secret: aws ? s.hit.name : describeSecret(s.hit.name),
            functions: affected(e.functions, e.app.functions.length),
          },
          value: s.value,
          secret: s.hit.secret,
        });
      },
    };
  },
});

import { LineIndex, classifyNamedValue, defineRule, parseDotenv } from '../../_api.js';
import { browserPrefix, publicByDesign } from '../../_shared/browser-env.js';
import { describeSecret, reportSecret } from '../../_shared/secrets.js';

export default defineRule({
  meta: {
    id: 'secrets/no-dotenv-secret',
    description: 'Disallow plaintext secrets in .env files that are not ignored by git',
    severity: 'error',
    recommended: true,
    messages: {
      dotenv:
        'Variable "{{name}}" holds {{secret}} ("{{masked}}") in a .env file that .gitignore does not exclude; add the file to .gitignore (commit a .env.example without values) and rotate the secret if it was ever committed',
    },
    precision: 'medium',
    tags: ['security', 'secrets', 'CWE-798', 'CWE-312'],
    securitySeverity: 8.0,
    coveredBy: ['secrets/no-public-env-secret'],
  },
  create(ctx) {
    return {
      textFile(f) {
        // discovery only yields .env files it did not skip: not git-ignored, not .env.example/.sample/…
        if (f.kind !== 'dotenv') return;
        let index: LineIndex | undefined;
        for (const e of parseDotenv(f.text)) {
          // a variable the front-end build ships to the browser is secrets/no-public-env-secret's
          if (browserPrefix(e.name) && !publicByDesign(e.name) && ctx.isActive('secrets/no-public-env-secret')) continue;
          const hit = classifyNamedValue(e.name, e.value);
          if (!hit) continue;
          index ??= new LineIndex(f.text);
          reportSecret(ctx, {
            // the value as written, between its quotes
            at: index.loc(f.path, e.valueStart, e.valueEnd),
            messageId: 'dotenv',
            data: { name: e.name, secret: describeSecret(hit.name) },
            value: e.value,
            secret: hit.secret,
            alsoMask: [e.raw],
            entity: `text:${f.path}/${e.name}`,
          });
        }
      },
    };
  },
});

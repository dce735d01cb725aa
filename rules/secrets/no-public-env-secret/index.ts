import { LineIndex, classifyNamedValue, defineRule, parseDotenv } from '../../_api.js';
import { browserPrefix, publicByDesign } from '../../_shared/browser-env.js';
import { describeSecret, envSecret, reportSecret } from '../../_shared/secrets.js';

export default defineRule({
  meta: {
    id: 'secrets/no-public-env-secret',
    description: 'Disallow secrets in NEXT_PUBLIC_, VITE_ and REACT_APP_ variables, which the build ships to the browser',
    severity: 'error',
    recommended: true,
    messages: {
      browser:
        'Variable "{{name}}" holds {{secret}} ("{{masked}}"), and its {{prefix}} prefix makes the front-end build inline it into the JavaScript every visitor downloads; rotate the secret, drop the prefix and use it only in server code (an API route or function)',
    },
    precision: 'medium',
    tags: ['security', 'secrets', 'CWE-200', 'CWE-798'],
    securitySeverity: 9.0,
    platforms: ['vercel', 'netlify'],
  },
  create(ctx) {
    return {
      // `[build.environment]` of netlify.toml, `env`/`build.env` of vercel.json: the build reads them too
      envVar(e) {
        const prefix = browserPrefix(e.name);
        if (!prefix || publicByDesign(e.name) || (e.app.origin !== 'netlify' && e.app.origin !== 'vercel')) return;
        const s = envSecret(e);
        if (!s) return;
        reportSecret(ctx, {
          at: s.loc,
          messageId: 'browser',
          data: { name: e.name, secret: describeSecret(s.hit.name), prefix },
          value: s.value,
          secret: s.hit.secret,
        });
      },
      textFile(f) {
        if (f.kind !== 'dotenv') return;
        let index: LineIndex | undefined;
        for (const e of parseDotenv(f.text)) {
          const prefix = browserPrefix(e.name);
          if (!prefix || publicByDesign(e.name)) continue;
          const hit = classifyNamedValue(e.name, e.value);
          if (!hit) continue;
          index ??= new LineIndex(f.text);
          reportSecret(ctx, {
            at: index.loc(f.path, e.valueStart, e.valueEnd),
            messageId: 'browser',
            data: { name: e.name, secret: describeSecret(hit.name), prefix },
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

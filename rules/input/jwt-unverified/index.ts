import { defineRule } from '../../_api.js';

export default defineRule({
  meta: {
    id: 'input/jwt-unverified',
    description: 'Disallow JSON Web Token claims read without verifying the signature, and verify calls that accept forged tokens',
    severity: 'error',
    recommended: true,
    messages: {
      decoded:
        "{{token}} is decoded with `{{how}}` and its claims are used, but the file never verifies it; decoding is not verifying, and anyone can forge the claims; use `verify` with the issuer's key (jsonwebtoken `verify`, jose `jwtVerify`, aws-jwt-verify)",
      none: "`algorithms` accepts 'none': a token without a signature passes `verify`; list only the algorithms the issuer signs with",
      noAlgorithms:
        "`verify` is given a shared secret and no `algorithms`: a token may choose its own algorithm (algorithm confusion); pass `algorithms: ['HS256']`",
    },
    precision: 'medium',
    tags: ['security', 'input', 'CWE-345', 'CWE-347', 'CWE-327'],
    securitySeverity: 8.0,
    requires: ['taint'],
  },
  create(ctx) {
    return {
      sourceFile(f) {
        const jwt = f.jwt;
        if (!jwt) return;
        for (const d of jwt.decodes) {
          if (!d.used) continue;
          // the same token is verified in this file (its header read for logging, say)
          if (jwt.verifies.some((v) => v.token === d.token)) continue;
          // …or by a project function it is passed to (`await verifyToken(token)` from `./auth`)
          if (ctx.analysis('taint').tokenVerifiedByHelper(f, d.token)) continue;
          ctx.report({
            at: d.loc,
            messageId: 'decoded',
            data: { token: d.source ? `The token from \`${d.source}\`` : 'A token', how: HOW[d.kind] ?? d.kind },
            entity: `source:${f.path}/jwt-decode:${d.token}`,
          });
        }
        for (const v of jwt.verifies) {
          if (v.none) ctx.report({ at: v.none, messageId: 'none', entity: `source:${f.path}/jwt-none:${v.token}` });
          else if (v.noAlgorithms)
            ctx.report({
              at: v.loc,
              messageId: 'noAlgorithms',
              severity: 'warning',
              entity: `source:${f.path}/jwt-algorithms:${v.token}`,
            });
        }
      },
    };
  },
});

const HOW: Record<string, string> = {
  jsonwebtoken: 'jsonwebtoken decode',
  'jwt-decode': 'jwt-decode',
  base64: "split('.') and base64",
};

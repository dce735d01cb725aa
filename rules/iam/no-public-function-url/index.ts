import { defineRule } from '../../_api.js';

interface Options {
  allowFunctions: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'iam/no-public-function-url',
    description: 'Disallow Lambda function URLs without authentication (AuthType NONE)',
    severity: 'error',
    recommended: true,
    messages: {
      authNone:
        'Function URL of function "{{fn}}" has AuthType "NONE", so anyone who finds the URL can invoke it; set AuthType to AWS_IAM or put an authenticated API in front of the function',
      noAuthorizer:
        '"{{setting}}" gives function "{{fn}}" a function URL without "authorizer: aws_iam", so anyone who finds the URL can invoke it; add "authorizer: aws_iam" or put an authenticated API in front of the function',
    },
    options: {
      type: 'object',
      properties: {
        allowFunctions: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'names or logical ids of functions whose public URL is intended (e.g. webhooks that verify a signature)',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { allowFunctions: [] },
    tags: ['security', 'iam', 'CWE-306'],
    platforms: ['aws'],
    securitySeverity: 8.2,
  },
  create(ctx) {
    const allowed = new Set(ctx.options.allowFunctions ?? []);
    return {
      event(e) {
        // 'unknown' (an authorizer given by a variable, an AuthType by !Ref) is never reported
        if (e.service !== 'url' || e.auth !== 'none') return;
        if (allowed.has(e.fn.name) || allowed.has(e.fn.id)) return;
        if (e.authType) {
          ctx.report({ at: e, messageId: 'authNone', data: { fn: e.fn.name } });
        } else {
          // serverless `url: true` / `url: {cors: …}`: the `url` key itself
          const setting = e.node.kind === 'scalar' ? `url: ${String(e.node.value)}` : 'url';
          ctx.report({ at: e, messageId: 'noAuthorizer', data: { fn: e.fn.name, setting } });
        }
      },
    };
  },
});

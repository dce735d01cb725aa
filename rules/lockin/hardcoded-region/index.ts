import { defineRule, type App, type ArnFinding } from '../../_api.js';

export default defineRule({
  meta: {
    id: 'lockin/hardcoded-region',
    description: 'Disallow a literal region or account id in ARNs, endpoints and SDK clients where the platform provides it',
    severity: 'note',
    recommended: false,
    messages: {
      region: 'Region `{{value}}` is written into the {{kind}} `{{text}}`; use {{pseudo}} so the app deploys to any region',
      account: 'Account id `{{value}}` is written into the {{kind}} `{{text}}`; use {{pseudo}} so the app deploys to any account',
      partition:
        'Partition `aws` is written into the ARN `{{text}}`; use {{pseudo}} so the app deploys to the China and GovCloud partitions',
      codeArn:
        'The {{kind}} `{{text}}` has a literal {{part}} `{{value}}`; pass it in through an environment variable the manifest builds from its pseudo parameters',
      client:
        "`region: '{{value}}'` pins the `{{client}}` client to one region; leave it out (the SDK reads `AWS_REGION`, which Lambda sets) or read it from configuration",
    },
    options: {
      type: 'object',
      properties: {
        partition: {
          type: 'boolean',
          description: 'Also report the partition `aws` written into ARNs (for apps that deploy to aws-cn or aws-us-gov)',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { partition: false },
    precision: 'high',
    tags: ['lockin', 'portability'],
    requires: ['lockin'],
  },
  create(ctx) {
    const wanted = (f: ArnFinding) => f.part !== 'partition' || ctx.options.partition;
    return {
      app(app) {
        for (const f of ctx.analysis('lockin').manifestArns(app)) {
          if (!wanted(f)) continue;
          ctx.report({
            at: f.loc,
            messageId: f.part,
            data: { value: f.value, kind: f.kind === 'arn' ? 'ARN' : 'endpoint', text: f.text, pseudo: pseudo(app, f.part) },
            entity: `lockin-arn:${f.part}:${f.text}`,
          });
        }
      },
      sourceFile(sf) {
        const facts = ctx.analysis('lockin').fileFacts(sf);
        for (const r of facts.regions)
          ctx.report({
            at: r.loc,
            messageId: 'client',
            data: { value: r.value, client: r.client },
            entity: `lockin-client:${r.client}:${r.value}`,
          });
        for (const f of facts.arns) {
          if (f.part === 'partition') continue;
          ctx.report({
            at: f.loc,
            messageId: 'codeArn',
            data: {
              kind: f.kind === 'arn' ? 'ARN' : 'endpoint',
              text: f.text,
              part: f.part === 'account' ? 'account id' : 'region',
              value: f.value,
            },
            entity: `lockin-arn:${f.part}:${f.text}`,
          });
        }
      },
    };
  },
});

/** The pseudo parameter the manifest's format offers for the part. */
function pseudo(app: App, part: ArnFinding['part']): string {
  if (app.origin === 'serverless')
    return part === 'region' ? '`${aws:region}`' : part === 'account' ? '`${aws:accountId}`' : '`${AWS::Partition}` in a `Fn::Sub`';
  const name = part === 'region' ? 'AWS::Region' : part === 'account' ? 'AWS::AccountId' : 'AWS::Partition';
  return `\`\${${name}}\` in a \`!Sub\``;
}

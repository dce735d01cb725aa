import { actionMatches, conditionRestricts, defineRule, isAllow, literalStrings } from '../../_api.js';
import type { IamStatement } from '../../_api.js';
import { principalText, RESOURCE_POLICY_KEYS, unrestrictedPublicPrincipals } from '../../_shared/public-access.js';
import { isWebsiteRead } from '../../_shared/public-bucket.js';

interface Options {
  resourceTypes: string[];
  allowActions: string[];
}

/** Resources whose policy should never admit the world: event sources, secrets and keys. */
const DEFAULT_TYPES = [
  'AWS::S3::BucketPolicy',
  'AWS::SQS::QueuePolicy',
  'AWS::SNS::TopicPolicy',
  'AWS::SecretsManager::ResourcePolicy',
  'AWS::KMS::Key',
];

/** How messages name a policy: `Bucket policy "UploadsPolicy"`, `Key policy of "DataKey"`. */
const POLICY_NAMES: Record<string, (id: string) => string> = {
  'AWS::S3::BucketPolicy': (id) => `Bucket policy "${id}"`,
  'AWS::SQS::QueuePolicy': (id) => `Queue policy "${id}"`,
  'AWS::SNS::TopicPolicy': (id) => `Topic policy "${id}"`,
  'AWS::SecretsManager::ResourcePolicy': (id) => `Secret policy "${id}"`,
  'AWS::KMS::Key': (id) => `Key policy of "${id}"`,
};

function policyName(type: string, id: string): string {
  return (Object.hasOwn(POLICY_NAMES, type) ? POLICY_NAMES[type] : undefined)?.(id) ?? `Policy of ${type} "${id}"`;
}

/** `"s3:GetObject", "s3:PutObject"` (at most three), for messages. */
function actionList(s: IamStatement): string {
  if (s.notActions) return 'every action but a few (NotAction)';
  const acts = literalStrings(s.actions).map((a) => `"${a.value}"`);
  if (!acts.length) return 'its actions';
  return acts.length > 3 ? `${acts.slice(0, 3).join(', ')} and ${acts.length - 3} more` : acts.join(', ');
}

/** Every action of the statement is literal and allowed to be public by the `allowActions` option. */
function onlyAllowedActions(s: IamStatement, allow: string[]): boolean {
  if (!allow.length || s.notActions || !s.actions?.length) return false;
  const lits = literalStrings(s.actions);
  return lits.length === s.actions.length && lits.every((a) => allow.some((p) => actionMatches(p, a.value)));
}

export default defineRule<Options>({
  meta: {
    id: 'iam/no-public-resource-policy',
    description:
      'Disallow bucket, queue, topic, secret and key policies that grant access to any principal without a restricting Condition',
    severity: 'error',
    recommended: true,
    messages: {
      anyone:
        '{{policy}} lets anyone ("{{principal}}") use {{actions}}; name the accounts or services that need access, or add a Condition on aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID',
      anyAccount:
        '{{policy}} lets every AWS account ("{{principal}}") use {{actions}}; name the accounts that need access, or add a Condition on aws:PrincipalAccount or aws:PrincipalOrgID',
      notPrincipal:
        '{{policy}} lets every principal except NotPrincipal ({{principal}}), anonymous users included, use {{actions}}; name the principals that need access in Principal',
    },
    options: {
      type: 'object',
      properties: {
        resourceTypes: {
          type: 'array',
          items: { type: 'string', pattern: '^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$' },
          description: 'CloudFormation resource types whose policies are checked',
        },
        allowActions: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'actions (IAM patterns) that may be granted publicly, e.g. s3:GetObject for a website bucket',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { resourceTypes: DEFAULT_TYPES, allowActions: [] },
    tags: ['security', 'iam', 'CWE-284', 'CWE-732'],
    platforms: ['aws'],
    securitySeverity: 8.6,
    defersTo: ['iam/no-not-action'],
    // a website bucket's public read is judged (at a lower level) by the bucket rule
    coveredBy: ['iam/no-public-bucket'],
  },
  create(ctx) {
    const types = new Set(ctx.options.resourceTypes ?? DEFAULT_TYPES);
    const allow = ctx.options.allowActions ?? [];
    return {
      iamStatement(s) {
        if (s.source.kind !== 'resource-policy' || !s.source.name) return;
        const res = s.app.resources.find((r) => r.id === s.source.name);
        if (!res || !types.has(res.type)) return;
        if (onlyAllowedActions(s, allow)) return;
        if (ctx.isActive('iam/no-public-bucket') && isWebsiteRead(s)) return;
        const data = { policy: policyName(res.type, res.id), actions: actionList(s) };
        for (const p of unrestrictedPublicPrincipals(s, RESOURCE_POLICY_KEYS)) {
          ctx.report({ at: p.loc, messageId: p.kind === 'anyone' ? 'anyone' : 'anyAccount', data: { ...data, principal: p.value } });
        }
        // Allow + NotPrincipal: everyone but a few; iam/no-not-action reports it at the same place
        const np = s.notPrincipal;
        const restricted = conditionRestricts(s.condition, RESOURCE_POLICY_KEYS) !== 'unrestricted';
        if (isAllow(s) && !restricted && np && !(np.kind === 'scalar' && np.value === null))
          ctx.report({ at: np, messageId: 'notPrincipal', data: { ...data, principal: principalText(np) } });
      },
    };
  },
});

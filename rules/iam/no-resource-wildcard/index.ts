import { accessLevel, defineRule, everyResourceFor, isWildcardOnlyAction } from '../../_api.js';
import {
  actionFilter,
  actionsWithExpansion,
  everyPhrase,
  examples,
  grantee,
  sensitiveKind,
  unconditionalEveryResource,
  IGNORE_ACTIONS_OPTION,
} from '../../_shared/iam-grants.js';

/**
 * CloudWatch metric actions name the optional `dataset` resource type in the Service Authorization
 * Reference, yet metric data is scoped with the `cloudwatch:namespace` condition key, not by ARN:
 * `Resource: "*"` is the expected way to grant them.
 */
/**
 * Ignored by default: CloudWatch metric actions (scoped by the `cloudwatch:namespace` condition key,
 * not by ARN), the three CloudWatch Logs actions every function needs to log — the grant the
 * AWSLambdaBasicExecutionRole managed policy itself makes on `*` — and the network-interface actions
 * of a VPC-attached function (AWSLambdaVPCAccessExecutionRole's grant on `*`).
 */
const DEFAULT_IGNORED = [
  'cloudwatch:PutMetricData',
  'cloudwatch:GetMetricData',
  'cloudwatch:ListMetrics',
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  // the network-interface actions every VPC-attached function needs (what
  // AWSLambdaVPCAccessExecutionRole grants on "*"); on `arn:aws:ec2:…:*/*` too
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

interface Options {
  ignoreActions: string[];
  includeReadActions: boolean;
}

/**
 * Does the action change something? Write, Tagging and Permissions management, as the Service
 * Authorization Reference rates it. Reads and lists are left to `includeReadActions`: many of them
 * name a resource type that only some requests involve (`rekognition:DetectModerationLabels` and a
 * custom adapter), where scoping would break the other requests; reads that matter on "*" (data,
 * credentials) are iam/no-sensitive-action-on-star's.
 */
function modifies(action: string): boolean {
  const level = accessLevel(action);
  return level === 'Write' || level === 'Tagging' || level === 'Permissions management';
}

export default defineRule<Options>({
  meta: {
    id: 'iam/no-resource-wildcard',
    description: 'Disallow Resource "*" for write actions that can be scoped to specific resources',
    severity: 'warning',
    recommended: true,
    messages: {
      wildcard:
        'Resource "{{resource}}" applies {{what}}, which can be limited to specific resources, to {{every}} for {{functions}}; name the ARNs the code uses',
    },
    options: {
      type: 'object',
      properties: {
        ignoreActions: IGNORE_ACTIONS_OPTION,
        includeReadActions: {
          type: 'boolean',
          description: 'Also report Read and List actions that can be scoped',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { ignoreActions: DEFAULT_IGNORED, includeReadActions: false },
    tags: ['security', 'iam', 'least-privilege', 'CWE-732', 'CWE-269'],
    platforms: ['aws'],
    securitySeverity: 5.5,
    coveredBy: ['iam/no-admin-policy', 'iam/no-sensitive-action-on-star', 'iam/no-passrole-star'],
  },
  create(ctx) {
    const ignored = actionFilter(ctx.options.ignoreActions);
    const includeRead = ctx.options.includeReadActions === true;
    const everyAction = !ctx.isActive('iam/no-admin-policy');
    const sensitiveElsewhere = ctx.isActive('iam/no-sensitive-action-on-star');
    const passRoleElsewhere = ctx.isActive('iam/no-passrole-star');
    return {
      iamStatement(s) {
        const stars = unconditionalEveryResource(s);
        if (!stars.length) return;
        // Left out: actions that only work on "*" (nothing to scope), reads (unless asked), ignored
        // ones, and those another active rule reports about this very resource: sensitive actions
        // (iam/no-sensitive-action-on-star) and iam:PassRole (iam/no-passrole-star).
        const scopable = new Set<string>();
        for (const { expansion } of actionsWithExpansion(s, everyAction))
          for (const a of expansion) {
            if (isWildcardOnlyAction(a) || ignored(a)) continue;
            if ((sensitiveElsewhere && sensitiveKind(a)) || (passRoleElsewhere && a.toLowerCase() === 'iam:passrole')) continue;
            if (includeRead ? accessLevel(a) !== undefined : modifies(a)) scopable.add(a);
          }
        if (!scopable.size) return;
        // a SAM policy template's resources all point at the template's name: one finding for it
        const reported = s.source.kind === 'sam-template' ? stars.slice(0, 1) : stars;
        for (const { value, v } of reported) {
          // only the actions this resource reaches in full (`arn:aws:sqs:*:*:*` is no wildcard for
          // ec2:, `table/*` is every table for dynamodb:PutItem, `table/orders-*` is a scope)
          const list = [...scopable].filter((a) => everyResourceFor(value, a));
          if (!list.length) continue;
          const what = list.length === 1 ? `action "${list[0]}"` : `${list.length} actions (${examples(list)})`;
          const every = everyPhrase(s, value, list);
          ctx.report({ at: v, messageId: 'wildcard', data: { resource: value, what, every, functions: grantee(s) } });
        }
      },
    };
  },
});

import {
  accessLevel,
  defineRule,
  expandActionPattern,
  hasWildcard,
  isAllActions,
  isAllow,
  knownResourceStrings,
  literalStrings,
  resourceServesAction,
  serviceActions,
  splitAction,
} from '../../_api.js';
import { examples, grantee } from '../../_shared/iam-grants.js';
import { isOwnAccountOnly } from '../../_api.js';
import type { IamStatement } from '../../_api.js';

interface Options {
  allowReadOnlyWildcards: boolean;
  maxWriteActions: number;
}

/** What a partial wildcard (`s3:Put*`) expands to, and whether it is too broad. */
interface PartialVerdict {
  count: number;
  detail: string;
}

/**
 * A partial wildcard is reported when its expansion
 *  - includes a "Permissions management" action (it can change who may do what: `s3:Put*` →
 *    `s3:PutBucketPolicy`), or
 *  - includes more than `maxWriteActions` Write/Tagging actions (`lambda:Update*`, `ec2:*Instances`), or
 *  - (with `allowReadOnlyWildcards: false`) expands to more than one action at all.
 * A pattern that matches no action is `iam/no-unknown-action`'s business.
 */
function judgePartial(pattern: string, o: Options): PartialVerdict | undefined {
  const expansion = expandActionPattern(pattern);
  if (expansion.length === 0) return undefined;
  const permissions: string[] = [];
  const writes: string[] = [];
  for (const a of expansion) {
    const level = accessLevel(a);
    if (level === 'Permissions management') permissions.push(a);
    else if (level === 'Write' || level === 'Tagging') writes.push(a);
  }
  const count = expansion.length;
  if (permissions.length)
    return {
      count,
      detail: `${permissions.length === 1 ? 'the permissions-management action' : `${permissions.length} permissions-management actions`} ${examples(permissions)}`,
    };
  if (writes.length > o.maxWriteActions) return { count, detail: `${writes.length} write actions such as ${examples(writes)}` };
  if (!o.allowReadOnlyWildcards && count > 1) return { count, detail: examples(expansion) };
  return undefined;
}

/**
 * The service a pattern grants in full: `s3:*`, `S3:**`, or any pattern whose expansion is every
 * action of its service (`lambda:*?`). Undefined for `*`/`*:*` (every service) and partial patterns.
 */
function fullService(pattern: string): string | undefined {
  const parts = splitAction(pattern);
  if (!parts) return undefined;
  if (/^\*+$/.test(parts.name)) return parts.service.toLowerCase();
  if (hasWildcard(parts.service)) return undefined;
  const all = serviceActions(parts.service);
  return all.length > 0 && expandActionPattern(pattern).length === all.length ? parts.service.toLowerCase() : undefined;
}

/**
 * A service's pattern (`s3:*`, `s3:Put*`) whose every resource is a known ARN of other services
 * (`arn:aws:sqs:…`) grants nothing: no action of the pattern can act on those resources. `*` and
 * patterns with a wildcard service are always something; so is a statement with a resource whose
 * text is unknown, with `NotResource`, or without `Resource`.
 */
function grantsNothing(s: IamStatement, action: string): boolean {
  const parts = splitAction(action);
  if (!parts || hasWildcard(parts.service) || s.notResources || !s.resources?.length) return false;
  const known = knownResourceStrings(s.resources);
  if (known.length !== s.resources.length) return false;
  // an action may name another service's resource type (`ssm:SendCommand` on an ec2 instance)
  return known.every(
    ({ value }) => !resourceServesAction(value, action) && !expandActionPattern(action).some((a) => resourceServesAction(value, a)),
  );
}

export default defineRule<Options>({
  meta: {
    id: 'iam/no-wildcard-action',
    description: 'Disallow IAM Allow statements that grant every action of a service, or a partial wildcard that expands to risky actions',
    severity: 'error',
    recommended: true,
    messages: {
      wildcard: 'Action "{{action}}" allows every action{{of}} for {{functions}}; list the actions the code calls',
      wildcardPolicy: 'Action "{{action}}" allows every action{{of}} in {{where}}; list the actions that are needed',
      template:
        'Policy template "{{template}}" allows "{{action}}", every action{{of}}, for {{functions}}; write a statement with the actions the code calls',
      partial: 'Action "{{action}}" expands to {{count}}, among them {{detail}}, for {{functions}}; list the actions the code calls',
      partialPolicy: 'Action "{{action}}" expands to {{count}}, among them {{detail}}, in {{where}}; list the actions that are needed',
    },
    options: {
      type: 'object',
      properties: {
        allowReadOnlyWildcards: {
          type: 'boolean',
          description: 'Do not report partial wildcards that expand to Read/List actions only (s3:Get*, dynamodb:Describe*)',
        },
        maxWriteActions: {
          type: 'integer',
          minimum: 0,
          description: 'A partial wildcard expanding to more Write/Tagging actions than this is reported',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { allowReadOnlyWildcards: true, maxWriteActions: 5 },
    tags: ['security', 'iam', 'least-privilege', 'CWE-250', 'CWE-269'],
    platforms: ['aws'],
    securitySeverity: 7.5,
  },
  create(ctx) {
    const o: Options = {
      allowReadOnlyWildcards: ctx.options.allowReadOnlyWildcards !== false,
      maxWriteActions: typeof ctx.options.maxWriteActions === 'number' ? ctx.options.maxWriteActions : 5,
    };
    return {
      iamStatement(s) {
        if (!isAllow(s) || s.source.kind === 'trust') return;
        // a key/resource policy delegating to the stack's own account (AWS's default KMS key policy)
        if (s.source.kind === 'resource-policy' && isOwnAccountOnly(s.principal)) return;
        const forFunctions = s.functions.length > 0;
        for (const { value, v } of literalStrings(s.actions)) {
          const action = value.trim();
          if (!hasWildcard(action)) continue;
          if (grantsNothing(s, action)) continue;
          const everything = isAllActions(action);
          const service = everything ? undefined : fullService(action);
          if (everything || service !== undefined) {
            const of = service ? ` of ${service}` : '';
            if (s.source.kind === 'sam-template' && s.via?.kind === 'literal')
              ctx.report({ at: v, messageId: 'template', data: { template: String(s.via.value), action, of, functions: grantee(s) } });
            else if (forFunctions) ctx.report({ at: v, messageId: 'wildcard', data: { action, of, functions: grantee(s) } });
            else ctx.report({ at: v, messageId: 'wildcardPolicy', data: { action, of, where: grantee(s) } });
            continue;
          }
          // SAM's own partial wildcards (`sqs:SendMessage*`) are the template's design, not the user's
          if (s.source.kind === 'sam-template') continue;
          const verdict = judgePartial(action, o);
          if (!verdict) continue;
          const data = { action, count: verdict.count === 1 ? '1 action' : `${verdict.count} actions`, detail: verdict.detail };
          if (forFunctions) ctx.report({ at: v, messageId: 'partial', data: { ...data, functions: grantee(s) } });
          else ctx.report({ at: v, messageId: 'partialPolicy', data: { ...data, where: grantee(s) } });
        }
      },
    };
  },
});

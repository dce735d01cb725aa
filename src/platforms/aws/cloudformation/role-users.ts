import { get, seqItems } from '../../../core/node.js';
import type { Node } from '../../../core/types.js';
import type { Role } from '../../../model/types.js';
import { roleFromValue } from './references.js';
import type { RawResource, TemplateIndex } from './template.js';
/**
 * Roles that serve resources other than functions: the property of each resource type that names
 * its service role, and what to call the resource in messages (`role OrderRole (used by state
 * machine OrderFlow)`). The IAM rules judge these roles' statements like a function's.
 */

interface RoleProperty {
  kind: string;
  /** property paths holding a role ARN (or, with `byName`, a role name); `[]` steps into every list item */
  paths: (string | [])[][];
  /** the property holds role names (`!Ref Role`), not ARNs */
  byName?: boolean;
}

export const ROLE_PROPERTIES: Record<string, RoleProperty> = {
  'AWS::StepFunctions::StateMachine': { kind: 'state machine', paths: [['RoleArn']] },
  'AWS::Serverless::StateMachine': { kind: 'state machine', paths: [['Role']] },
  'AWS::IAM::InstanceProfile': { kind: 'instance profile', paths: [['Roles', []]], byName: true },
  'AWS::CodeBuild::Project': { kind: 'CodeBuild project', paths: [['ServiceRole']] },
  'AWS::CodePipeline::Pipeline': { kind: 'pipeline', paths: [['RoleArn']] },
  'AWS::AppSync::DataSource': { kind: 'AppSync data source', paths: [['ServiceRoleArn']] },
  'AWS::AppSync::GraphQLApi': { kind: 'AppSync API', paths: [['LogConfig', 'CloudWatchLogsRoleArn']] },
  'AWS::ApiGateway::Account': { kind: 'API Gateway account', paths: [['CloudWatchRoleArn']] },
  'AWS::ApiGateway::Method': { kind: 'API Gateway method', paths: [['Integration', 'Credentials']] },
  'AWS::ApiGatewayV2::Integration': { kind: 'API Gateway integration', paths: [['CredentialsArn']] },
  'AWS::Events::Rule': { kind: 'event rule', paths: [['Targets', [], 'RoleArn']] },
  'AWS::Scheduler::Schedule': { kind: 'schedule', paths: [['Target', 'RoleArn']] },
  'AWS::Pipes::Pipe': { kind: 'pipe', paths: [['RoleArn']] },
  'AWS::ECS::TaskDefinition': { kind: 'ECS task definition', paths: [['TaskRoleArn'], ['ExecutionRoleArn']] },
  'AWS::Glue::Job': { kind: 'Glue job', paths: [['Role']] },
  'AWS::KinesisFirehose::DeliveryStream': { kind: 'delivery stream', paths: [['ExtendedS3DestinationConfiguration', 'RoleARN']] },
  'AWS::IoT::TopicRule': { kind: 'IoT rule', paths: [['TopicRulePayload', 'Actions', [], 'Republish', 'RoleArn']] },
};

/** The nodes at a property path, stepping into every item of a list at `[]`. */
function at(n: Node | undefined, path: (string | [])[]): Node[] {
  let cur: Node[] = n ? [n] : [];
  for (const step of path) cur = cur.flatMap((x) => (typeof step === 'string' ? (get(x, step) ? [get(x, step)!] : []) : seqItems(x)));
  return cur;
}

/** Records on each role of the template the non-function resources it serves. */
export function linkRoleUsers(st: TemplateIndex, batch: readonly RawResource[]): void {
  for (const rr of batch) {
    const p = Object.hasOwn(ROLE_PROPERTIES, rr.type) ? ROLE_PROPERTIES[rr.type]! : undefined;
    if (!p) continue;
    for (const path of p.paths)
      for (const n of at(rr.props ?? undefined, path)) {
        const role = roleFromValue(st, n, p.byName);
        if (role) addRoleUser(role, p.kind, rr.id);
      }
  }
}

export function addRoleUser(role: Role, kind: string, id: string): void {
  role.usedBy ??= [];
  if (!role.usedBy.some((u) => u.kind === kind && u.id === id)) role.usedBy.push({ kind, id });
}

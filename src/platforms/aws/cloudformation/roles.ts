import { get, isMap, scalarText, seqItems, toValue, values } from '../../../core/node.js';
import type { Loc, MapNode, Value } from '../../../core/types.js';
import type { App, Fn, IamStatement, ManagedPolicyRef, Role } from '../../../model/types.js';
import { refName } from './intrinsics.js';
import { roleFromValue } from './references.js';
import { TemplateIndex, warn, type RawResource } from './template.js';
import { statementsFromDocument } from '../iam.js';
/** IAM in a template: roles, inline and managed policies, resource-based policies. */

/** Resource types carrying a resource-based policy document, and the property holding it. */
export const RESOURCE_POLICY_PROPERTY: Record<string, string> = {
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
  'AWS::ApiGateway::RestApi': 'Policy',
  'AWS::ECR::Repository': 'RepositoryPolicyText',
  'AWS::S3::AccessPoint': 'Policy',
  'AWS::EFS::FileSystem': 'FileSystemPolicy',
  'AWS::OpenSearchService::Domain': 'AccessPolicies',
  'AWS::Elasticsearch::Domain': 'AccessPolicies',
};

export function addStatement(st: TemplateIndex, s: IamStatement, roles: Role[], kind: 'statements' | 'trust' = 'statements'): void {
  st.app.statements.push(s);
  for (const r of roles) {
    r[kind].push(s);
    if (kind === 'statements') for (const f of r.functions) if (!s.functions.includes(f)) s.functions.push(f);
  }
}

export function addManaged(role: Role, value: Value): ManagedPolicyRef {
  const m: ManagedPolicyRef = { value, functions: [...role.functions], role, app: role.app };
  role.managedPolicies.push(m);
  return m;
}

export function newRole(app: App, id: string, loc: Loc): Role {
  return { id, loc, statements: [], managedPolicies: [], trust: [], functions: [], app };
}

/**
 * Links a function to its execution role both ways: `fn.role`, `role.functions`, and the function
 * added to the `functions` of every statement and managed policy of the role (not its trust).
 */
export function attachRole(fn: Fn, role: Role): void {
  fn.role = role;
  if (!role.functions.includes(fn.name)) role.functions.push(fn.name);
  for (const s of role.statements) if (!s.functions.includes(fn.name)) s.functions.push(fn.name);
  for (const m of role.managedPolicies) if (!m.functions.includes(fn.name)) m.functions.push(fn.name);
}

/** Trust policy and permissions boundary, shared by `AWS::IAM::Role` and SAM function roles. */
export function roleBasics(st: TemplateIndex, role: Role, props: MapNode | null): void {
  const pb = get(props, 'PermissionsBoundary');
  if (pb) role.permissionsBoundary = toValue(pb);
  const trust = get(props, 'AssumeRolePolicyDocument');
  if (trust)
    for (const s of statementsFromDocument(trust, { kind: 'trust', name: role.id }, st.app, [], role)) addStatement(st, s, [role], 'trust');
}

export function buildRole(st: TemplateIndex, rr: RawResource): void {
  const p = rr.props;
  const role = newRole(st.app, rr.id, rr.resource.idLoc);
  st.app.roles.push(role);
  roleBasics(st, role, p);
  const policies = get(p, 'Policies');
  if (policies && policies.kind !== 'ref') {
    for (const item of seqItems(policies)) {
      const doc = get(item, 'PolicyDocument');
      if (!isMap(item) || !doc) {
        if (item.kind !== 'ref') warn(st.ctx, `a policy of role "${rr.id}" has no "PolicyDocument"; skipped`, item.loc);
        continue;
      }
      const name = scalarText(get(item, 'PolicyName')) ?? rr.id;
      for (const s of statementsFromDocument(doc, { kind: 'role', name }, st.app, [], role)) addStatement(st, s, [role]);
    }
  }
  for (const v of values(get(p, 'ManagedPolicyArns')) ?? []) addManaged(role, v);
}

/** `AWS::IAM::Policy` / `AWS::IAM::ManagedPolicy`: statements on every role they attach to. */
export function buildPolicy(st: TemplateIndex, rr: RawResource): void {
  const p = rr.props;
  const doc = get(p, 'PolicyDocument');
  if (!doc) {
    warn(st.ctx, `policy "${rr.id}" has no "PolicyDocument"`, rr.resource.typeLoc);
    return;
  }
  const managed = rr.type === 'AWS::IAM::ManagedPolicy';
  const name = scalarText(get(p, managed ? 'ManagedPolicyName' : 'PolicyName')) ?? rr.id;
  const targets: Role[] = [];
  const push = (r: Role | undefined) => {
    if (r && !targets.includes(r)) targets.push(r);
  };
  for (const r of seqItems(get(p, 'Roles'))) push(roleFromValue(st, r, true));
  // a managed policy is also attached by roles naming it (`ManagedPolicyArns: [!Ref Policy]`, SAM `Policies`)
  if (managed)
    for (const role of st.app.roles)
      if (
        role.managedPolicies.some((m) => m.value.kind === 'ref' && refName({ kind: 'ref', text: m.value.text, loc: m.value.loc }) === rr.id)
      )
        push(role);
  for (const s of statementsFromDocument(doc, { kind: 'role', name }, st.app, [], targets[0])) addStatement(st, s, targets);
}

export function buildResourcePolicy(st: TemplateIndex, rr: RawResource, prop: string): void {
  const doc = get(rr.props, prop);
  if (!doc) return; // a JSON string is parsed by statementsFromDocument, an unknown reference gives nothing
  for (const s of statementsFromDocument(doc, { kind: 'resource-policy', name: rr.id }, st.app, [])) addStatement(st, s, []);
}

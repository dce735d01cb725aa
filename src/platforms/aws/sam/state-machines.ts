import { entry, get, seqItems } from '../../../core/node.js';
import { newRole } from '../cloudformation/roles.js';
import { addRoleUser } from '../cloudformation/role-users.js';
import type { RawResource, TemplateIndex } from '../cloudformation/template.js';
import { samPolicy } from './functions.js';
/**
 * `AWS::Serverless::StateMachine` without `Role`: the role SAM generates from its `Policies`
 * (managed policies, statements and policy templates, as for a function). With `Role`, the role is
 * linked by `linkRoleUsers`.
 */
export function buildSamStateMachine(st: TemplateIndex, rr: RawResource): void {
  if (get(rr.props, 'Role')) return;
  const policies = entry(rr.props, 'Policies');
  if (!policies) return;
  const role = newRole(st.app, `${rr.id}Role`, policies.keyLoc);
  addRoleUser(role, 'state machine', rr.id);
  st.app.roles.push(role);
  for (const item of seqItems(policies.value)) samPolicy(st, rr, role, item);
}

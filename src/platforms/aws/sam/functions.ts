import { entry, get, isMap, seqItems, str, toValue, valueOf } from '../../../core/node.js';
import type { MapNode, Node, Value } from '../../../core/types.js';
import { expandSamPolicyTemplate } from '../../../knowledge/aws/iam/sam-templates.js';
import type { Fn, Role } from '../../../model/types.js';
import { addUrlEvent } from '../cloudformation/events.js';
import { addEnv, newFn, pathValue } from '../cloudformation/functions.js';
import { roleFromValue } from '../cloudformation/references.js';
import { addManaged, addStatement, attachRole, newRole, roleBasics } from '../cloudformation/roles.js';
import { TemplateIndex, warn, type RawResource } from '../cloudformation/template.js';
import { statementFromNode, statementsFromDocument } from '../iam.js';
import { samEvents } from './events.js';
import { withTemplateParams } from '../resource-ref.js';
/** `AWS::Serverless::Function`: handler, environment, its generated role with `Policies` and policy templates. */

const BASIC_EXECUTION_POLICY = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

const XRAY_POLICY = 'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess';

const VPC_POLICY = 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';

export function buildSamFunction(st: TemplateIndex, rr: RawResource): void {
  const props = rr.props ?? { kind: 'map', entries: [], loc: rr.resource.node.loc };
  const fn = newFn(st, rr, 'sam', props);
  const handler = get(props, 'Handler');
  if (handler && str(get(props, 'PackageType')) !== 'Image') {
    fn.entry = { kind: 'handler', text: toValue(handler) };
    const codeUri = pathValue(get(props, 'CodeUri'));
    if (codeUri) fn.entry.codeUri = codeUri;
    const inline = pathValue(get(props, 'InlineCode'));
    if (inline) fn.entry.inlineCode = inline;
  }
  fn.tracing = valueOf(get(props, 'Tracing'));
  addEnv(st, fn, props, st.globalEnv ?? []);

  const roleNode = get(props, 'Role');
  if (roleNode) {
    // an explicit role: SAM ignores Policies; a role outside the template stays unknown
    const role = roleFromValue(st, roleNode);
    if (role) attachRole(fn, role);
  } else {
    samRole(st, rr, fn, props);
  }

  const url = entry(props, 'FunctionUrlConfig');
  if (url) {
    if (isMap(url.value)) addUrlEvent(fn, url.value, 'FunctionUrlConfig', url.keyLoc);
    else if (url.value.kind !== 'ref') warn(st.ctx, `"FunctionUrlConfig" of "${rr.id}" must be a map`, url.value.loc);
  }
  samEvents(st, rr, fn, props);
}

/** The role SAM generates for a function without `Role`: its `Policies`, plus the managed policies SAM adds. */
function samRole(st: TemplateIndex, rr: RawResource, fn: Fn, props: MapNode): void {
  const policies = entry(props, 'Policies');
  const role = newRole(st.app, `${rr.id}Role`, policies?.keyLoc ?? rr.resource.idLoc);
  st.app.roles.push(role);
  attachRole(fn, role);
  roleBasics(st, role, props);
  addManaged(role, { kind: 'literal', value: BASIC_EXECUTION_POLICY, loc: rr.resource.typeLoc });
  const tracing = get(props, 'Tracing');
  if (tracing && !(tracing.kind === 'scalar' && tracing.value === null))
    addManaged(role, { kind: 'literal', value: XRAY_POLICY, loc: tracing.loc });
  const vpc = entry(props, 'VpcConfig');
  if (vpc) addManaged(role, { kind: 'literal', value: VPC_POLICY, loc: vpc.keyLoc });
  if (!policies) return;
  for (const item of seqItems(policies.value)) samPolicy(st, rr, role, item);
}

/** One item of SAM `Policies`: a managed policy (name, ARN or intrinsic), a policy document, or a policy template. */
export function samPolicy(st: TemplateIndex, rr: RawResource, role: Role, item: Node): void {
  if (item.kind === 'scalar' && typeof item.value === 'string') {
    addManaged(role, toValue(item));
    return;
  }
  if (item.kind === 'ref') {
    addManaged(role, toValue(item));
    return;
  }
  if (isMap(item) && get(item, 'Statement')) {
    for (const s of statementsFromDocument(item, { kind: 'sam-policy', name: rr.id }, st.app, [], role)) addStatement(st, s, [role]);
    return;
  }
  if (isMap(item) && item.entries.length === 1) {
    const e = item.entries[0]!;
    const params = e.value.kind === 'scalar' && e.value.value === null ? null : e.value;
    let nodes: Node[] | null;
    try {
      nodes = expandSamPolicyTemplate(e.key, params, e.keyLoc);
    } catch (err) {
      warn(st.ctx, `SAM policy template "${e.key}" of "${rr.id}" could not be expanded: ${(err as Error).message}`, e.keyLoc);
      return;
    }
    if (!nodes) {
      warn(st.ctx, `unknown SAM policy template "${e.key}" in "${rr.id}"; its permissions are not checked`, e.keyLoc);
      return;
    }
    const via: Value = { kind: 'literal', value: e.key, loc: e.keyLoc };
    for (const n of nodes) {
      const s = statementFromNode(n, { kind: 'sam-template', name: e.key }, st.app, [], role);
      s.via = via;
      s.resourceRefs = withTemplateParams(s.resourceRefs, params);
      addStatement(st, s, [role]);
    }
    return;
  }
  warn(st.ctx, `a policy of "${rr.id}" is neither a managed policy, a policy document nor a policy template; skipped`, item.loc);
}

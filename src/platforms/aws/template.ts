import { entry, get, isMap, str } from '../../core/node.js';
import type { Document, MapEntry, MapNode } from '../../core/types.js';
import { newApp } from '../../model/app.js';
import type { App, Resource } from '../../model/types.js';
import {
  buildAppSyncDataSource,
  buildCustomResource,
  buildEventSourceMapping,
  buildLambdaUrl,
  buildRestMethod,
  buildV2QuickApi,
  buildV2Route,
} from './cloudformation/events.js';
import { buildLambdaFunction } from './cloudformation/functions.js';
import { functionsReferencedIn } from './cloudformation/references.js';
import { intrinsic } from './cloudformation/intrinsics.js';
import { RESOURCE_POLICY_PROPERTY, buildPolicy, buildResourcePolicy, buildRole } from './cloudformation/roles.js';
import { TemplateIndex, hasSamTransform, ignoresOf, warn, type RawResource } from './cloudformation/template.js';
import { buildSamFunction } from './sam/functions.js';
import { buildSamStateMachine } from './sam/state-machines.js';
import { linkRoleUsers } from './cloudformation/role-users.js';
import { NON_GLOBAL_FUNCTION_KEYS, declareGlobalEnv, globalsSection, mergeGlobals } from './sam/globals.js';
import type { BuildContext } from '../context.js';
import { addTemplateCostFacts } from './cloudformation/cost-facts.js';
/**
 * The AWS SAM / CloudFormation model builder.
 *
 * Every resource becomes a `Resource` whose properties are resolved (see cloudformation/intrinsics.ts:
 * literals where they can be known, `ref` nodes elsewhere). On top of that, Lambda functions (SAM and
 * plain), IAM roles and policies, resource policies, function URLs and API routes become the
 * provider-neutral entities rules visit. Linking between them (function ↔ role, policy → role,
 * permission/URL/route → function) works on logical ids. Malformed pieces are skipped with a located
 * `parse-error` warning.
 */

/** Builds an App from a SAM or CloudFormation template document. */
export function buildCloudFormationApp(doc: Document, ctx: BuildContext): App | null {
  const root = doc.root;
  if (!isMap(root)) return null;
  const res = entry(root, 'Resources');
  if (!res) return null;
  const declared = !!entry(root, 'AWSTemplateFormatVersion') || !!entry(root, 'Transform');
  if (!isMap(res.value)) {
    if (declared) warn(ctx, `"Resources" of ${doc.file} must be a map; the template is not modelled`, res.value.loc);
    return null;
  }
  // without a header, insist on at least one resource that looks like one: not every YAML with a
  // `Resources` key is a template
  if (!declared && !res.value.entries.some((e) => /^[A-Za-z0-9]+::[A-Za-z0-9]/.test(str(get(e.value, 'Type')) ?? ''))) return null;
  const sam = hasSamTransform(get(root, 'Transform'));
  const description = str(get(root, 'Description'));
  const app = newApp(doc, sam ? 'sam' : 'cloudformation', root, description && description.trim() ? description.trim() : doc.file);
  addCloudFormationResources(app, res.value, ctx);
  return app;
}

/**
 * Adds raw CloudFormation resources (serverless.yml `resources.Resources`, or a template's) to an app:
 * resources, roles, statements, Lambda permissions/URLs, resource policies.
 */
export function addCloudFormationResources(app: App, resources: MapNode, ctx: BuildContext): void {
  try {
    const st = new TemplateIndex(app, ctx, resources);
    processResources(st, resources);
  } catch (e) {
    // a bug of ours must not take the run down: say so, at the resources, and go on
    warn(ctx, `could not model the resources of ${app.file}: ${(e as Error).message}`, resources.loc);
  }
}

function processResources(st: TemplateIndex, resources: MapNode): void {
  const batch: RawResource[] = [];
  for (const e of resources.entries) {
    const rr = collectResource(st, e);
    if (!rr) continue;
    batch.push(rr);
    st.resources.set(rr.id, rr);
    st.app.resources.push(rr.resource);
  }
  if (st.sam && !st.globalEnv) st.globalEnv = declareGlobalEnv(st);

  const ofType = (...types: string[]) => batch.filter((r) => types.includes(r.type));
  // roles first, so functions and policies can link to them
  for (const rr of ofType('AWS::IAM::Role')) buildRole(st, rr);
  for (const rr of batch) {
    if (rr.type === 'AWS::Lambda::Function') buildLambdaFunction(st, rr);
    else if (rr.type === 'AWS::Serverless::Function' && st.sam) buildSamFunction(st, rr);
    else if (rr.type === 'AWS::Serverless::StateMachine' && st.sam) buildSamStateMachine(st, rr);
  }
  linkRoleUsers(st, batch);
  for (const rr of ofType('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy')) buildPolicy(st, rr);
  for (const rr of batch) {
    const prop = Object.hasOwn(RESOURCE_POLICY_PROPERTY, rr.type) ? RESOURCE_POLICY_PROPERTY[rr.type] : undefined;
    if (prop) buildResourcePolicy(st, rr, prop);
  }
  for (const rr of batch) {
    switch (rr.type) {
      case 'AWS::Lambda::Url':
        buildLambdaUrl(st, rr);
        break;
      case 'AWS::Lambda::Permission':
        rr.resource.targetFunctions = functionsReferencedIn(st, get(rr.props, 'FunctionName'));
        break;
      case 'AWS::ApiGateway::Method':
        buildRestMethod(st, rr);
        break;
      case 'AWS::ApiGatewayV2::Route':
        buildV2Route(st, rr);
        break;
      case 'AWS::ApiGatewayV2::Api':
        buildV2QuickApi(st, rr);
        break;
      case 'AWS::AppSync::DataSource':
        buildAppSyncDataSource(st, rr);
        break;
      case 'AWS::Lambda::EventSourceMapping':
        buildEventSourceMapping(st, rr);
        break;
      default:
        if (rr.type.startsWith('Custom::') || rr.type === 'AWS::CloudFormation::CustomResource') buildCustomResource(st, rr);
    }
  }
  addTemplateCostFacts(st, batch);
}

export function collectResource(st: TemplateIndex, e: MapEntry): RawResource | undefined {
  const ctx = st.ctx;
  if (e.key.startsWith('Fn::ForEach::')) return undefined; // language-extension loops are not expanded
  const node = e.value;
  if (!isMap(node)) {
    // an unresolved `${file(…)}` or other reference is unknown, not malformed: nothing to say
    if (node.kind !== 'ref') warn(ctx, `resource "${e.key}" is not a map; skipped`, node.loc);
    return undefined;
  }
  const typeNode = get(node, 'Type');
  const type = str(typeNode);
  if (!typeNode || type === undefined) {
    // serverless.yml may override a generated resource (`IamRoleLambdaExecution: {Properties: …}`)
    if (!typeNode && st.app.origin === 'serverless') return undefined;
    warn(ctx, `resource "${e.key}" has no literal "Type"; skipped`, typeNode?.loc ?? e.keyLoc);
    return undefined;
  }

  let own: MapNode | null = null;
  const propsNode = get(node, 'Properties');
  if (propsNode) {
    const chosen = st.resolver.select(propsNode);
    if (isMap(chosen) && !intrinsic(chosen)) own = chosen;
    else if (chosen && chosen.kind !== 'ref' && !intrinsic(chosen))
      warn(ctx, `"Properties" of resource "${e.key}" must be a map`, propsNode.loc);
  }
  // SAM Globals apply to AWS::Serverless::* resources (Function, Api, HttpApi, SimpleTable, …)
  let written: MapNode | null = own;
  if (st.sam && type.startsWith('AWS::Serverless::')) {
    const section = type.slice('AWS::Serverless::'.length);
    const g = globalsSection(st, section);
    if (g) {
      const filtered = section === 'Function' ? { ...g, entries: g.entries.filter((x) => !NON_GLOBAL_FUNCTION_KEYS.has(x.key)) } : g;
      written = mergeGlobals(filtered, own ?? { kind: 'map', entries: [], loc: node.loc }) as MapNode;
    }
  }
  let props: MapNode | null = null;
  if (written) {
    const r = st.resolver.resolve(written);
    props = isMap(r) ? r : null;
  }
  const resource: Resource = {
    id: e.key,
    idLoc: e.keyLoc,
    type,
    typeLoc: typeNode.loc,
    properties: props,
    node,
    ignore: ignoresOf(st, e.key, node),
    app: st.app,
  };
  return { id: e.key, type, props, resource };
}

// the queries other builders and tests use, from the modules that own them
export { findRoleByRef, functionsReferencedBy } from './cloudformation/references.js';
export { attachRole } from './cloudformation/roles.js';

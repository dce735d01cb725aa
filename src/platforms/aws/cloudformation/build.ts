import * as path from 'node:path';
import type { App, EnvVar, EventType, Fn, FnEvent, IamStatement, ManagedPolicyRef, Origin, Resource, Role } from '../../../model/types.js';
import type { Document, Loc, MapEntry, MapNode, Node, Value } from '../../../core/types.js';
import type { BuildContext } from '../../context.js';
import { bool, describe, entry, get, isMap, scalarText, seqItems, str, toValue, valueOf, values } from '../../../core/node.js';
import { statementFromNode, statementsFromDocument } from '../iam.js';
import { IntrinsicResolver, getAttTarget, intrinsic, refName, referencedIds, subVariables } from './intrinsics.js';
import { expandSamPolicyTemplate } from '../../../knowledge/aws/iam/sam-templates.js';

/**
 * The AWS SAM / CloudFormation model builder.
 *
 * Every resource becomes a `Resource` whose properties are resolved (see intrinsics.ts: literals where
 * they can be known, `ref` nodes elsewhere). On top of that, Lambda functions (SAM and plain), IAM
 * roles and policies, resource policies, function URLs and API routes become the provider-neutral
 * entities rules visit. Linking between them (function ↔ role, policy → role, permission/URL/route →
 * function) works on logical ids. Malformed pieces are skipped with a located `parse-error` warning.
 */

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** SAM `Globals.Function` keys SAM refuses (they are per function); never merged. */
const NON_GLOBAL_FUNCTION_KEYS = new Set(['Role', 'Policies', 'FunctionName', 'Events']);

const SAM_EVENT_TYPES: Record<string, EventType> = {
  Api: 'http',
  HttpApi: 'httpApi',
  SQS: 'sqs',
  SNS: 'sns',
  S3: 's3',
  Kinesis: 'stream',
  DynamoDB: 'stream',
  Schedule: 'schedule',
  ScheduleV2: 'schedule',
  EventBridgeRule: 'eventBridge',
  CloudWatchEvent: 'cloudwatchEvent',
  CloudWatchLogs: 'cloudwatchLog',
  IoTRule: 'iot',
  Cognito: 'cognito',
};

/** Resource types carrying a resource-based policy document, and the property holding it. */
const RESOURCE_POLICY_PROPERTY: Record<string, string> = {
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

const BASIC_EXECUTION_POLICY = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const XRAY_POLICY = 'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess';
const VPC_POLICY = 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';

/** One resource of the template, as written and as resolved. */
interface RawResource {
  id: string;
  type: string;
  /** properties as resolved (SAM: Globals merged first) */
  props: MapNode | null;
  resource: Resource;
}

/** What the builder keeps per app between calls (and for `findRoleByRef`). */
interface State {
  app: App;
  ctx: BuildContext | undefined;
  resolver: IntrinsicResolver;
  /** the map holding Parameters/Mappings/Conditions/Globals next to Resources */
  template: Node | undefined;
  sam: boolean;
  resources: Map<string, RawResource>;
  /** SAM `Globals.Function.Environment.Variables`, declared once per template */
  globalEnv: EnvVar[] | undefined;
  /** resolved SAM Globals sections, by section name */
  globals: Map<string, MapNode | null>;
  /** keys of template-wide problems already reported (each is reported once) */
  warned: Set<string>;
}

const STATES = new WeakMap<App, State>();

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
  if (!declared && !res.value.entries.some((e) => /^[A-Za-z0-9]+::[A-Za-z0-9]/.test(str(get(e.value, 'Type')) ?? '')))
    return null;
  const sam = hasSamTransform(get(root, 'Transform'));
  const dir = path.posix.dirname(doc.file);
  const description = str(get(root, 'Description'));
  const app: App = {
    file: doc.file,
    origin: sam ? 'sam' : 'cloudformation',
    dir: dir === '.' ? '' : dir,
    doc,
    root,
    functions: [],
    resources: [],
    roles: [],
    statements: [],
    envVars: [],
    name: description && description.trim() ? description.trim() : doc.file,
  };
  addCloudFormationResources(app, res.value, ctx);
  return app;
}

/**
 * Adds raw CloudFormation resources (serverless.yml `resources.Resources`, or a template's) to an app:
 * resources, roles, statements, Lambda permissions/URLs, resource policies.
 */
export function addCloudFormationResources(app: App, resources: MapNode, ctx: BuildContext): void {
  try {
    const st = stateFor(app, resources, ctx);
    processResources(st, resources);
  } catch (e) {
    // a bug of ours must not take the run down: say so, at the resources, and go on
    warn(ctx, `could not model the resources of ${app.file}: ${(e as Error).message}`, resources.loc);
  }
}

/** The role a `Role`/`role` value points at (`!GetAtt R.Arn`, `!Ref R`, `{'Fn::GetAtt': [R, Arn]}`, a logical id). */
export function findRoleByRef(app: App, node: Node | undefined): Role | undefined {
  if (!node) return undefined;
  try {
    const st = stateFor(app, undefined, undefined);
    return roleFromValue(st, st.resolver.resolve(node));
  } catch {
    return undefined;
  }
}

/**
 * Names of the functions a `FunctionName`/`TargetFunctionArn`/integration URI points at: `!Ref Fn`,
 * `!GetAtt Fn.Arn`, `${Fn.Arn}` inside `Fn::Sub`/`Fn::Join`, a logical id, a function name or a
 * literal Lambda ARN. Serverless functions are known by their generated logical id
 * (`HelloLambdaFunction`). Deduplicated, in order.
 */
export function functionsReferencedBy(app: App, node: Node | undefined): string[] {
  if (!node) return [];
  let resolved: Node | undefined;
  try {
    resolved = stateFor(app, undefined, undefined).resolver.resolve(node);
  } catch {
    return [];
  }
  if (!resolved) return [];
  const byId = functionIndex(app);
  const out: string[] = [];
  const add = (fn: Fn | undefined) => {
    if (fn && !out.includes(fn.name)) out.push(fn.name);
  };
  const visitLiteral = (s: string) => {
    const direct = byId.get(s) ?? app.functions.find((f) => f.name === s);
    if (direct) return add(direct);
    for (const m of s.matchAll(/:function:([A-Za-z0-9_-]+)/g)) add(app.functions.find((f) => f.name === m[1]));
  };
  const visit = (n: Node, depth: number): void => {
    if (depth > 32) return;
    if (n.kind === 'scalar') {
      if (typeof n.value === 'string') visitLiteral(n.value);
      return;
    }
    if (n.kind === 'ref') {
      for (const r of referencedIds(n)) if (!r.attr || r.attr === 'Arn') add(byId.get(r.id));
      return;
    }
    if (n.kind === 'seq') for (const i of n.items) visit(i, depth + 1);
    else for (const e of n.entries) visit(e.value, depth + 1);
  };
  visit(resolved, 0);
  return out;
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

/** The logical id the Serverless Framework gives a function's `AWS::Lambda::Function`. */
export function serverlessLambdaLogicalId(functionKey: string): string {
  const n = functionKey.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${n.charAt(0).toUpperCase()}${n.slice(1)}LambdaFunction`;
}

// ---------------------------------------------------------------------------------------------------
// state

function stateFor(app: App, resources: MapNode | undefined, ctx: BuildContext | undefined): State {
  const existing = STATES.get(app);
  if (existing) {
    if (ctx && !existing.ctx) existing.ctx = ctx;
    return existing;
  }
  const template = templateOf(app, resources);
  const st: State = {
    app,
    ctx,
    resolver: new IntrinsicResolver(template, { notice: (n) => st.ctx?.notice(n) }),
    template,
    sam: app.origin === 'sam' || hasSamTransform(get(template, 'Transform')),
    resources: new Map(),
    globalEnv: undefined,
    globals: new Map(),
    warned: new Set(),
  };
  STATES.set(app, st);
  return st;
}

/**
 * The map holding `Resources` and its siblings (Parameters, Mappings, Conditions, Globals): the
 * template root, or serverless.yml's `resources` section — a map, or a list of maps the framework
 * merges (their entries are concatenated; for a repeated section the last one counts, as `get` reads).
 */
function templateOf(app: App, resources: MapNode | undefined): Node | undefined {
  const root = app.root;
  if (app.origin === 'serverless') {
    const section = get(root, 'resources');
    const parts = seqItems(section).filter(isMap);
    if (section && isMap(section)) return section;
    if (parts.length) return { kind: 'map', entries: parts.flatMap((p) => p.entries), loc: parts[0]!.loc };
  } else if (!resources || get(root, 'Resources') === resources) {
    return root;
  }
  if (!resources) return undefined;
  return { kind: 'map', entries: [{ key: 'Resources', keyLoc: resources.loc, value: resources }], loc: resources.loc };
}

function hasSamTransform(n: Node | undefined): boolean {
  return seqItems(n).some((t) => str(t) === SAM_TRANSFORM);
}

function warn(ctx: BuildContext | undefined, message: string, loc: Loc): void {
  ctx?.notice({ id: 'parse-error', level: 'warning', message, loc });
}

/** A template-wide problem met once per resource it affects is reported once. */
function warnOnce(st: State, key: string, message: string, loc: Loc): void {
  if (st.warned.has(key)) return;
  st.warned.add(key);
  warn(st.ctx, message, loc);
}

/** Logical id → function: template functions by logical id, serverless ones by their generated id. */
function functionIndex(app: App): Map<string, Fn> {
  const m = new Map<string, Fn>();
  for (const fn of app.functions) m.set(fn.origin === 'serverless' ? serverlessLambdaLogicalId(fn.id) : fn.id, fn);
  return m;
}

// ---------------------------------------------------------------------------------------------------
// resources

function processResources(st: State, resources: MapNode): void {
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
  }
  for (const rr of ofType('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy')) buildPolicy(st, rr);
  for (const rr of batch) {
    const prop = RESOURCE_POLICY_PROPERTY[rr.type];
    if (prop) buildResourcePolicy(st, rr, prop);
  }
  for (const rr of batch) {
    switch (rr.type) {
      case 'AWS::Lambda::Url':
        buildLambdaUrl(st, rr);
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
      case 'AWS::Lambda::EventSourceMapping':
        buildEventSourceMapping(st, rr);
        break;
    }
  }
}

function collectResource(st: State, e: MapEntry): RawResource | undefined {
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
      const filtered =
        section === 'Function' ? { ...g, entries: g.entries.filter((x) => !NON_GLOBAL_FUNCTION_KEYS.has(x.key)) } : g;
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

/** `Globals.<section>` as written, when it is a map (a malformed one is reported once). */
function globalsSection(st: State, section: string): MapNode | undefined {
  const globals = get(st.template, 'Globals');
  if (!globals) return undefined;
  if (!isMap(globals)) {
    warnOnce(st, 'Globals', '"Globals" must be a map', globals.loc);
    return undefined;
  }
  const g = get(globals, section);
  if (!g) return undefined;
  if (!isMap(g)) {
    warnOnce(st, `Globals.${section}`, `"Globals.${section}" must be a map`, g.loc);
    return undefined;
  }
  if (section === 'Function')
    for (const e of g.entries)
      if (NON_GLOBAL_FUNCTION_KEYS.has(e.key))
        warnOnce(st, `Globals.Function.${e.key}`, `SAM does not accept "${e.key}" in "Globals.Function"; it is ignored`, e.keyLoc);
  return g;
}

/** `Globals.<section>` resolved (cached), for the implicit API's auth. */
function resolvedGlobals(st: State, section: string): MapNode | null {
  if (st.globals.has(section)) return st.globals.get(section) ?? null;
  const g = globalsSection(st, section);
  const r = g ? st.resolver.resolve(g) : undefined;
  const out = isMap(r) ? r : null;
  st.globals.set(section, out);
  return out;
}

/**
 * SAM's Globals merge: maps merge key by key (the resource wins), lists concatenate (globals first),
 * anything else — intrinsics included — is taken from the resource.
 */
function mergeGlobals(global: Node, local: Node): Node {
  const plainMap = (n: Node): n is MapNode => isMap(n) && !intrinsic(n);
  if (plainMap(global) && plainMap(local)) {
    const entries: MapEntry[] = [...global.entries];
    for (const l of local.entries) {
      const i = entries.findIndex((g) => g.key === l.key);
      if (i < 0) entries.push(l);
      else entries[i] = { key: l.key, keyLoc: l.keyLoc, value: mergeGlobals(entries[i]!.value, l.value) };
    }
    return { kind: 'map', entries, loc: local.loc };
  }
  if (global.kind === 'seq' && local.kind === 'seq') return { kind: 'seq', items: [...global.items, ...local.items], loc: local.loc };
  return local;
}

/** `Metadata: {sls-lint: {ignore: [{id, reason}] | [id]}}`. */
function ignoresOf(st: State, id: string, node: MapNode): { id: string; reason?: string }[] {
  const cfg = get(node, 'Metadata', 'sls-lint');
  if (!cfg) return [];
  const list = isMap(cfg) ? get(cfg, 'ignore') : cfg;
  if (!list) return [];
  const out: { id: string; reason?: string }[] = [];
  for (const item of seqItems(list)) {
    const s = str(item);
    if (s) {
      out.push({ id: s.trim() });
      continue;
    }
    const ruleId = str(get(item, 'id'));
    if (isMap(item) && ruleId) {
      const reason = scalarText(get(item, 'reason'));
      out.push(reason === undefined ? { id: ruleId.trim() } : { id: ruleId.trim(), reason });
      continue;
    }
    warn(st.ctx, `Metadata sls-lint ignore of "${id}": expected a rule id or {id, reason}`, item.loc);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// IAM

function addStatement(st: State, s: IamStatement, roles: Role[], kind: 'statements' | 'trust' = 'statements'): void {
  st.app.statements.push(s);
  for (const r of roles) {
    r[kind].push(s);
    if (kind === 'statements') for (const f of r.functions) if (!s.functions.includes(f)) s.functions.push(f);
  }
}

function addManaged(role: Role, value: Value): ManagedPolicyRef {
  const m: ManagedPolicyRef = { value, functions: [...role.functions], role, app: role.app };
  role.managedPolicies.push(m);
  return m;
}

function newRole(app: App, id: string, loc: Loc): Role {
  return { id, loc, statements: [], managedPolicies: [], trust: [], functions: [], app };
}

/** Trust policy and permissions boundary, shared by `AWS::IAM::Role` and SAM function roles. */
function roleBasics(st: State, role: Role, props: MapNode | null): void {
  const pb = get(props, 'PermissionsBoundary');
  if (pb) role.permissionsBoundary = toValue(pb);
  const trust = get(props, 'AssumeRolePolicyDocument');
  if (trust) for (const s of statementsFromDocument(trust, { kind: 'trust', name: role.id }, st.app, [], role)) addStatement(st, s, [role], 'trust');
}

function buildRole(st: State, rr: RawResource): void {
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
function buildPolicy(st: State, rr: RawResource): void {
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
      if (role.managedPolicies.some((m) => m.value.kind === 'ref' && refName({ kind: 'ref', text: m.value.text, loc: m.value.loc }) === rr.id))
        push(role);
  for (const s of statementsFromDocument(doc, { kind: 'role', name }, st.app, [], targets[0])) addStatement(st, s, targets);
}

function buildResourcePolicy(st: State, rr: RawResource, prop: string): void {
  const doc = get(rr.props, prop);
  if (!doc || doc.kind === 'ref' || doc.kind === 'scalar') return; // absent, unknown, or a JSON string
  for (const s of statementsFromDocument(doc, { kind: 'resource-policy', name: rr.id }, st.app, [])) addStatement(st, s, []);
}

/**
 * The role a resolved value designates: a logical id, `!Ref R`, `!GetAtt R.Arn`, a `Fn::Sub` ARN
 * ending in `role/${R}`, or a literal role ARN/name matching a role's literal `RoleName`.
 * `asName`: a literal is a role *name* (IAM::Policy `Roles`), not a logical id.
 */
function roleFromValue(st: State, n: Node | undefined, asName = false): Role | undefined {
  if (!n) return undefined;
  const app = st.app;
  const byId = (id: string): Role | undefined =>
    app.roles.find((r) => r.id === id) ??
    // the Serverless Framework's default role, however the serverless builder names it
    (id === 'IamRoleLambdaExecution' && app.origin === 'serverless' ? app.roles.find((r) => r.id === 'serverless:provider') : undefined);
  const byName = (name: string): Role | undefined =>
    app.roles.find((r) => str(get(st.resources.get(r.id)?.props, 'RoleName')) === name);
  if (n.kind === 'scalar') {
    const s = str(n);
    if (!s) return undefined;
    const arn = /^arn:[^:]*:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/.exec(s);
    if (arn) return byName(arn[1]!);
    return (asName ? undefined : byId(s)) ?? byName(s);
  }
  if (n.kind !== 'ref') return undefined;
  const id = refName(n) ?? getAttTarget(n)?.id;
  if (id) return byId(id);
  if (n.text.startsWith('!')) return undefined;
  // a Fn::Sub template: `arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${MyRole}` or `${MyRole.Arn}`
  const whole = /^\$\{([^}.]+)\.Arn\}$/.exec(n.text);
  if (whole) return byId(whole[1]!);
  const tail = /:role\/(?:[^$]*\/)?\$\{([^}.]+)\}$/.exec(n.text);
  if (tail && subVariables(n.text).some((v) => v.name === tail[1])) return byId(tail[1]!);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// functions

function newFn(st: State, rr: RawResource, origin: Origin, props: MapNode): Fn {
  const arch = get(props, 'Architectures');
  const fn: Fn = {
    name: str(get(props, 'FunctionName')) ?? rr.id,
    id: rr.id,
    origin,
    provider: 'aws',
    app: st.app,
    loc: rr.resource.idLoc,
    node: props,
    runtime: valueOf(get(props, 'Runtime')),
    architecture: arch?.kind === 'seq' ? valueOf(arch.items[0]) : valueOf(arch),
    memory: valueOf(get(props, 'MemorySize')),
    timeout: valueOf(get(props, 'Timeout')),
    reservedConcurrency: valueOf(get(props, 'ReservedConcurrentExecutions')),
    handler: null,
    env: [],
    events: [],
    role: null,
    layers: values(get(props, 'Layers')) ?? [],
    url: null,
    tracing: null,
    logRetention: null,
  };
  st.app.functions.push(fn);
  return fn;
}

function envValue(n: Node): Value | Node {
  return n.kind === 'scalar' || n.kind === 'ref' ? toValue(n) : n;
}

function sameLoc(a: Loc, b: Loc): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/** The function's own `Environment.Variables` (scope 'function'); globals ones are matched by location. */
function addEnv(st: State, fn: Fn, props: MapNode, globals: EnvVar[]): void {
  const vars = get(props, 'Environment', 'Variables');
  if (!vars) return;
  if (!isMap(vars)) {
    if (vars.kind !== 'ref') warn(st.ctx, `"Environment.Variables" of "${fn.id}" must be a map`, vars.loc);
    return;
  }
  for (const e of vars.entries) {
    const g = globals.find((v) => v.name === e.key && sameLoc(v.nameLoc, e.keyLoc));
    if (g) {
      if (!g.functions.includes(fn.name)) g.functions.push(fn.name);
      fn.env.push(g);
      continue;
    }
    const v: EnvVar = { name: e.key, nameLoc: e.keyLoc, value: envValue(e.value), scope: 'function', functions: [fn.name], app: st.app };
    st.app.envVars.push(v);
    fn.env.push(v);
  }
}

/** `Globals.Function.Environment.Variables`, each declared once (scope 'globals'). */
function declareGlobalEnv(st: State): EnvVar[] {
  const vars = get(resolvedGlobals(st, 'Function'), 'Environment', 'Variables');
  if (!isMap(vars)) return [];
  return vars.entries.map((e) => {
    const v: EnvVar = { name: e.key, nameLoc: e.keyLoc, value: envValue(e.value), scope: 'globals', functions: [], app: st.app };
    st.app.envVars.push(v);
    return v;
  });
}

/** A scalar/ref property as a Value; maps (an S3 location) and lists are not a local path. */
function pathValue(n: Node | undefined): Value | undefined {
  return n && (n.kind === 'scalar' || n.kind === 'ref') ? toValue(n) : undefined;
}

function buildLambdaFunction(st: State, rr: RawResource): void {
  const props = rr.props ?? { kind: 'map', entries: [], loc: rr.resource.node.loc };
  const fn = newFn(st, rr, 'cloudformation', props);
  const code = get(props, 'Code');
  const handler = get(props, 'Handler');
  if (handler && str(get(props, 'PackageType')) !== 'Image' && !get(code, 'ImageUri')) {
    fn.handler = { text: toValue(handler) };
    const inline = pathValue(get(code, 'ZipFile'));
    if (inline) fn.handler.inlineCode = inline;
  }
  fn.tracing = valueOf(get(props, 'TracingConfig', 'Mode'));
  addEnv(st, fn, props, []);
  const role = roleFromValue(st, get(props, 'Role'));
  if (role) attachRole(fn, role);
}

function buildSamFunction(st: State, rr: RawResource): void {
  const props = rr.props ?? { kind: 'map', entries: [], loc: rr.resource.node.loc };
  const fn = newFn(st, rr, 'sam', props);
  const handler = get(props, 'Handler');
  if (handler && str(get(props, 'PackageType')) !== 'Image') {
    fn.handler = { text: toValue(handler) };
    const codeUri = pathValue(get(props, 'CodeUri'));
    if (codeUri) fn.handler.codeUri = codeUri;
    const inline = pathValue(get(props, 'InlineCode'));
    if (inline) fn.handler.inlineCode = inline;
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
function samRole(st: State, rr: RawResource, fn: Fn, props: MapNode): void {
  const policies = entry(props, 'Policies');
  const role = newRole(st.app, `${rr.id}Role`, policies?.keyLoc ?? rr.resource.idLoc);
  st.app.roles.push(role);
  attachRole(fn, role);
  roleBasics(st, role, props);
  addManaged(role, { kind: 'literal', value: BASIC_EXECUTION_POLICY, loc: rr.resource.typeLoc });
  const tracing = get(props, 'Tracing');
  if (tracing && !(tracing.kind === 'scalar' && tracing.value === null)) addManaged(role, { kind: 'literal', value: XRAY_POLICY, loc: tracing.loc });
  const vpc = entry(props, 'VpcConfig');
  if (vpc) addManaged(role, { kind: 'literal', value: VPC_POLICY, loc: vpc.keyLoc });
  if (!policies) return;
  for (const item of seqItems(policies.value)) samPolicy(st, rr, role, item);
}

/** One item of SAM `Policies`: a managed policy (name, ARN or intrinsic), a policy document, or a policy template. */
function samPolicy(st: State, rr: RawResource, role: Role, item: Node): void {
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
      addStatement(st, s, [role]);
    }
    return;
  }
  warn(st.ctx, `a policy of "${rr.id}" is neither a managed policy, a policy document nor a policy template; skipped`, item.loc);
}

// ---------------------------------------------------------------------------------------------------
// events

function newEvent(fn: Fn, type: EventType, rawType: string, loc: Loc, node: Node, auth: FnEvent['auth']): FnEvent {
  const ev: FnEvent = { type, rawType, loc, node, auth, fn };
  fn.events.push(ev);
  return ev;
}

/** A function URL (`FunctionUrlConfig`, `AWS::Lambda::Url`), located at its `AuthType` value. */
function addUrlEvent(fn: Fn, node: MapNode, rawType: string, fallback: Loc): FnEvent {
  const at = get(node, 'AuthType');
  const s = str(at);
  const auth = s === 'NONE' ? 'none' : s === 'AWS_IAM' ? 'iam' : 'unknown';
  const ev = newEvent(fn, 'url', rawType, at?.loc ?? fallback, node, auth);
  if (at) ev.authType = toValue(at);
  if (!fn.url) fn.url = ev;
  return ev;
}

function samEvents(st: State, rr: RawResource, fn: Fn, props: MapNode): void {
  const events = get(props, 'Events');
  if (!events) return;
  if (!isMap(events)) {
    if (events.kind !== 'ref') warn(st.ctx, `"Events" of "${rr.id}" must be a map`, events.loc);
    return;
  }
  for (const e of events.entries) {
    const typeNode = get(e.value, 'Type');
    const rawType = str(typeNode);
    if (!isMap(e.value) || !typeNode || !rawType) {
      warn(st.ctx, `event "${e.key}" of "${rr.id}" has no literal "Type"; skipped`, typeNode?.loc ?? e.keyLoc);
      continue;
    }
    const p = get(e.value, 'Properties');
    const node = isMap(p) ? p : e.value;
    const type = SAM_EVENT_TYPES[rawType] ?? 'other';
    const ev = newEvent(fn, type, rawType, typeNode.loc, node, 'none');
    if (type === 'http' || type === 'httpApi') {
      const method = get(p, 'Method');
      const route = get(p, 'Path');
      if (method) ev.method = toValue(method);
      if (route) ev.path = toValue(route);
      ev.auth = samHttpAuth(st, type === 'http', isMap(p) ? p : undefined);
    }
  }
}

function authorizerKind(n: Node): FnEvent['auth'] {
  const s = str(n);
  if (s === undefined) return 'unknown';
  if (s === 'NONE') return 'none';
  if (s === 'AWS_IAM') return 'iam';
  return 'authorizer';
}

/**
 * Auth of a SAM `Api`/`HttpApi` event: its own `Auth.Authorizer` (`NONE` wins over any default), else
 * the API's `Auth.DefaultAuthorizer` (an `AWS::Serverless::Api`/`HttpApi` of this template with
 * Globals merged, or `Globals.Api`/`Globals.HttpApi` for the implicit API). An API defined elsewhere,
 * or one with an OpenAPI definition and no default authorizer, is 'unknown'. `ApiKeyRequired` without
 * an authorizer is 'private'.
 */
function samHttpAuth(st: State, rest: boolean, p: MapNode | undefined): FnEvent['auth'] {
  const evAuth = get(p, 'Auth');
  const apiRef = get(p, rest ? 'RestApiId' : 'ApiId');
  let api: { auth: Node | undefined; definition: boolean; endpoint: EndpointKind } | undefined;
  if (apiRef) {
    const id = refName(apiRef);
    const target = id ? st.resources.get(id) : undefined;
    if (target && target.type === (rest ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi'))
      api = {
        auth: get(target.props, 'Auth'),
        definition: !!(get(target.props, 'DefinitionBody') || get(target.props, 'DefinitionUri')),
        endpoint: endpointKind(get(target.props, 'EndpointConfiguration') ?? get(resolvedGlobals(st, 'Api'), 'EndpointConfiguration')),
      };
  } else {
    const g = resolvedGlobals(st, rest ? 'Api' : 'HttpApi');
    api = { auth: get(g, 'Auth'), definition: !!get(g, 'DefinitionUri'), endpoint: endpointKind(get(g, 'EndpointConfiguration')) };
  }
  const own = get(evAuth, 'Authorizer');
  let auth: FnEvent['auth'];
  if (own) auth = authorizerKind(own);
  else if (!api) auth = 'unknown';
  else {
    const def = get(api.auth, 'DefaultAuthorizer');
    auth = def ? authorizerKind(def) : api.definition ? 'unknown' : 'none';
  }
  // a PRIVATE endpoint is reachable only through VPC endpoints, not from the internet
  if (auth === 'none' && rest && api?.endpoint === 'PRIVATE') auth = 'private';
  else if (auth === 'none' && rest && api?.endpoint === 'unknown') auth = 'unknown';
  if (auth === 'none' && rest) {
    const key = get(evAuth, 'ApiKeyRequired') ?? get(api?.auth, 'ApiKeyRequired');
    const b = key ? bool(key) : false;
    if (b === true) auth = 'private';
    else if (b === undefined) auth = 'unknown';
  }
  return auth;
}

type EndpointKind = 'PRIVATE' | 'public' | 'unknown';

/**
 * `EndpointConfiguration` of a REST API: `PRIVATE` (reachable only through VPC endpoints), `public`
 * (EDGE/REGIONAL, or not set), or `unknown` when it is not a literal. SAM takes a string or
 * `{Type: …}`; `AWS::ApiGateway::RestApi` takes `{Types: [...]}`.
 */
function endpointKind(n: Node | undefined): EndpointKind {
  if (!n) return 'public';
  const t = n.kind === 'map' ? get(n, 'Type') ?? get(n, 'Types') : n;
  const items = t?.kind === 'seq' ? t.items : t ? [t] : [];
  if (!items.length) return 'public';
  const names = items.map((i) => str(i));
  if (names.some((x) => x === undefined)) return 'unknown';
  return names.every((x) => x!.toUpperCase() === 'PRIVATE') ? 'PRIVATE' : 'public';
}

function buildLambdaUrl(st: State, rr: RawResource): void {
  const p = rr.props;
  if (!p) return;
  for (const name of functionsReferencedBy(st.app, get(p, 'TargetFunctionArn'))) {
    const fn = st.app.functions.find((f) => f.name === name);
    if (fn) addUrlEvent(fn, p, rr.type, rr.resource.typeLoc);
  }
}

/** `AuthorizationType` of an API Gateway method / route. */
function gatewayAuth(p: MapNode, apiKey: boolean): FnEvent['auth'] {
  const at = get(p, 'AuthorizationType');
  if (!at) return apiKey ? 'private' : 'none';
  const s = str(at);
  if (s === undefined) return 'unknown';
  if (s === 'NONE') return apiKey ? 'private' : 'none';
  if (s === 'AWS_IAM') return 'iam';
  return 'authorizer'; // CUSTOM, COGNITO_USER_POOLS, JWT
}

function fnsOf(st: State, node: Node | undefined): Fn[] {
  return functionsReferencedBy(st.app, node)
    .map((n) => st.app.functions.find((f) => f.name === n))
    .filter((f): f is Fn => !!f);
}

/** `AWS::ApiGateway::Method` integrating a function: an 'http' event with the method's auth and path. */
function buildRestMethod(st: State, rr: RawResource): void {
  const p = rr.props;
  if (!p) return;
  const fns = fnsOf(st, get(p, 'Integration', 'Uri'));
  if (!fns.length) return;
  const key = get(p, 'ApiKeyRequired');
  let auth = key && bool(key) === undefined ? 'unknown' : gatewayAuth(p, bool(key) === true);
  const restApiId = refName(get(p, 'RestApiId'));
  const restApi = restApiId ? st.resources.get(restApiId) : undefined;
  if (auth === 'none' && restApi?.type === 'AWS::ApiGateway::RestApi') {
    const kind = endpointKind(get(restApi.props, 'EndpointConfiguration'));
    if (kind !== 'public') auth = kind === 'PRIVATE' ? 'private' : 'unknown';
  }
  const at = get(p, 'AuthorizationType');
  const method = get(p, 'HttpMethod');
  const route = restPath(st, get(p, 'ResourceId'));
  for (const fn of fns) {
    const ev = newEvent(fn, 'http', rr.type, at?.loc ?? rr.resource.typeLoc, p, auth);
    if (method) ev.method = toValue(method);
    if (route) ev.path = route;
  }
}

/**
 * The path of an `AWS::ApiGateway::Resource` chain (`PathPart`s up to the API's root), as a literal
 * located at the innermost `PathPart`; a ref when any part is not known.
 */
function restPath(st: State, resourceId: Node | undefined): Value | undefined {
  if (!resourceId) return undefined;
  const parts: string[] = [];
  let cur: Node | undefined = resourceId;
  let loc: Loc | undefined;
  for (let i = 0; cur && i < 64; i++) {
    const att = getAttTarget(cur);
    if (att?.attr === 'RootResourceId') return { kind: 'literal', value: `/${parts.reverse().join('/')}`, loc: loc ?? resourceId.loc };
    const id = refName(cur);
    const res = id ? st.resources.get(id) : undefined;
    if (!res || res.type !== 'AWS::ApiGateway::Resource') break;
    const part = get(res.props, 'PathPart');
    const s = scalarText(part);
    if (s === undefined) break;
    parts.push(s);
    loc ??= part!.loc;
    cur = get(res.props, 'ParentId');
  }
  return { kind: 'ref', text: resourceId.kind === 'ref' ? resourceId.text : describe(resourceId), loc: loc ?? resourceId.loc };
}

/** `AWS::ApiGatewayV2::Route` → its integration → the function. */
function buildV2Route(st: State, rr: RawResource): void {
  const p = rr.props;
  if (!p) return;
  const fns: Fn[] = [];
  for (const ref of referencedIds(get(p, 'Target'))) {
    const integ = st.resources.get(ref.id);
    if (integ?.type !== 'AWS::ApiGatewayV2::Integration') continue;
    for (const fn of fnsOf(st, get(integ.props, 'IntegrationUri'))) if (!fns.includes(fn)) fns.push(fn);
  }
  if (!fns.length) return;
  const apiId = refName(get(p, 'ApiId'));
  const api = apiId ? st.resources.get(apiId) : undefined;
  const websocket = str(get(api?.props, 'ProtocolType')) === 'WEBSOCKET';
  const key = get(p, 'ApiKeyRequired');
  const auth = key && bool(key) === undefined ? 'unknown' : gatewayAuth(p, bool(key) === true);
  const at = get(p, 'AuthorizationType');
  const routeKey = get(p, 'RouteKey');
  const rk = str(routeKey);
  const m = rk ? /^(\S+)\s+(\S.*)$/.exec(rk) : null;
  for (const fn of fns) {
    const ev = newEvent(fn, websocket ? 'websocket' : 'httpApi', rr.type, at?.loc ?? routeKey?.loc ?? rr.resource.typeLoc, p, auth);
    if (m) {
      ev.method = { kind: 'literal', value: m[1]!, loc: routeKey!.loc };
      ev.path = { kind: 'literal', value: m[2]!, loc: routeKey!.loc };
    } else if (routeKey && routeKey.kind === 'ref') {
      ev.path = toValue(routeKey);
    }
  }
}

/**
 * HTTP API quick create (`Target` on `AWS::ApiGatewayV2::Api`): a `$default` route, without auth unless
 * an `AWS::ApiGatewayV2::ApiGatewayManagedOverrides` of this API sets the route's `AuthorizationType`.
 */
function buildV2QuickApi(st: State, rr: RawResource): void {
  const target = get(rr.props, 'Target');
  if (!target || !rr.props) return;
  let auth: FnEvent['auth'] = 'none';
  for (const other of st.resources.values()) {
    if (other.type !== 'AWS::ApiGatewayV2::ApiGatewayManagedOverrides') continue;
    const apiId = refName(get(other.props, 'ApiId'));
    if (apiId === undefined) auth = auth === 'none' ? 'unknown' : auth; // an override of some API: cannot tell
    else if (apiId === rr.resource.id) {
      const route = get(other.props, 'Route');
      if (route?.kind === 'map') auth = gatewayAuth(route, false);
    }
  }
  for (const fn of fnsOf(st, target)) newEvent(fn, 'httpApi', rr.type, target.loc, rr.props, auth);
}

function buildEventSourceMapping(st: State, rr: RawResource): void {
  const p = rr.props;
  if (!p) return;
  const fns = fnsOf(st, get(p, 'FunctionName'));
  if (!fns.length) return;
  const source = get(p, 'EventSourceArn');
  let type: EventType = 'other';
  const ref = referencedIds(source)[0];
  const srcType = ref ? st.resources.get(ref.id)?.type : undefined;
  const arn = str(source) ?? '';
  if (srcType === 'AWS::SQS::Queue' || /^arn:[^:]*:sqs:/.test(arn)) type = 'sqs';
  else if (srcType === 'AWS::Kinesis::Stream' || srcType === 'AWS::DynamoDB::Table' || /^arn:[^:]*:(kinesis|dynamodb):/.test(arn)) type = 'stream';
  for (const fn of fns) newEvent(fn, type, rr.type, source?.loc ?? rr.resource.typeLoc, p, 'none');
}

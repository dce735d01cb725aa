import { buildServerlessAzure } from '../../azure/serverless.js';
import { buildServerlessGoogle } from '../../gcp/serverless.js';
import { EVENT_CATEGORY } from '../events.js';
import * as path from 'node:path';
import type {
  App,
  EnvVar,
  EventType,
  Fn,
  FnEvent,
  IamSource,
  IamStatement,
  ImplicitGrant,
  ManagedPolicyRef,
  Role,
} from '../../../model/types.js';
import { LIFT_GRANTS, WEBSOCKET_GRANT } from '../../../knowledge/aws/deploy-grants.js';
import type { Document, Loc, MapNode, Node, ScalarNode, Value } from '../../../core/types.js';
import type { BuildContext } from '../../context.js';
import { addCloudFormationResources, findRoleByRef } from '../template.js';
import { endpointKind, type EndpointKind } from '../cloudformation/events.js';
import { IntrinsicResolver, intrinsic } from '../cloudformation/intrinsics.js';
import { serverlessResourceParts } from '../cloudformation/template.js';
import { attachRole } from '../cloudformation/roles.js';
import { SERVERLESS_PROVIDER_ROLE_ID, serverlessLogicalId } from '../naming.js';
import { statementFromNode } from '../iam.js';
import { bool, describe, entry, get, isMap, seqItems, str, toValue, valueOf } from '../../../core/node.js';
import { VariableResolver } from './variables.js';
import { newApp } from '../../../model/app.js';
import { fileLoc } from '../../../core/loc.js';
import { addServerlessCostFacts } from './cost-facts.js';
import { addAppSyncEvents } from './appsync.js';

/**
 * The Serverless Framework (v1–v4) model builder: serverless.yml / .yaml / .json → `App`.
 *
 * Variables are resolved statically first (src/model/variables.ts); everything below works on the
 * resolved tree, so a value is a literal we know (located where it is written) or a ref.
 *
 * IAM, as the framework deploys it:
 *  - one shared execution role for every function without a `role:` of its own, holding
 *    `provider.iam.role.statements` / `managedPolicies` and the legacy `provider.iamRoleStatements` /
 *    `iamManagedPolicies` (synthetic role `serverless:provider`);
 *  - `provider.iam.role: <arn | !GetAtt R.Arn | logical id>` or the legacy `provider.role` replaces
 *    that role (provider statements are then not deployed); a function's `role:` replaces it for that
 *    function. Such a role is linked to the CloudFormation role of `resources` it names, else it is
 *    external and unknown (`Fn.role` null);
 *  - function-level `iamRoleStatements` (the serverless-iam-roles-per-function plugin) gives the
 *    function a role of its own (`serverless:function:<name>`), inheriting the provider's statements
 *    with `iamRoleStatementsInherit: true`.
 *
 * Malformed parts are skipped with a `parse-error` warning; nothing here throws on odd input.
 */

/** Id of the synthetic role of a function with its own `iamRoleStatements`. */
export function serverlessFunctionRoleId(fnName: string): string {
  return `serverless:function:${fnName}`;
}

/** The serverless function whose generated logical id is `logicalId` (`ApiLambdaFunction` → `api`). */
export function findServerlessFunction(app: App, logicalId: string): Fn | undefined {
  if (app.origin !== 'serverless') return undefined;
  return app.functions.find((f) => serverlessLogicalId(f.id) === logicalId);
}

/** Event keys as written in serverless.yml → the model's event types. */
const EVENT_TYPES: Record<string, EventType> = {
  http: 'http',
  httpApi: 'httpApi',
  websocket: 'websocket',
  alb: 'alb',
  sqs: 'sqs',
  sns: 'sns',
  s3: 's3',
  stream: 'stream',
  schedule: 'schedule',
  eventBridge: 'eventBridge',
  cloudwatchEvent: 'cloudwatchEvent',
  cloudwatchLog: 'cloudwatchLog',
  iot: 'iot',
  cognitoUserPool: 'cognito',
};

type Auth = FnEvent['auth'];

/** Builds an App from a serverless.yml/json document, resolving variables statically and safely. */
export function buildServerlessApp(doc: Document, ctx: BuildContext): App | null {
  if (!doc.root) return null; // empty, or a parse error already reported by the parser
  try {
    return new Builder(doc, ctx).build();
  } catch (e) {
    // A bug or a pathological input must not end the run: report and skip this manifest.
    ctx.notice({
      id: 'parse-error',
      level: 'warning',
      message: `could not build the serverless model of ${doc.file}: ${(e as Error).message}`,
      loc: fileLoc(doc.file),
    });
    return null;
  }
}

/** A function definition as found under `functions:` (map or list form). */
interface FnDef {
  name: string;
  keyLoc: Loc;
  node: MapNode;
}

class Builder {
  private readonly resolver: VariableResolver;
  private app!: App;
  private provider: MapNode | null = null;

  constructor(
    private readonly doc: Document,
    private readonly ctx: BuildContext,
  ) {
    this.resolver = new VariableResolver(doc, ctx);
  }

  private warn(message: string, loc: Loc): void {
    this.ctx.notice({ id: 'parse-error', level: 'warning', message, loc });
  }

  build(): App | null {
    const root = this.resolver.resolveRoot();
    if (!root) return null;
    if (!isMap(root)) {
      this.warn(`${this.doc.file}: a serverless service must be a map of settings`, root.loc);
      return null;
    }
    const providerEntry = entry(root, 'provider');
    if (!providerEntry) {
      this.ctx.notice({
        id: 'file-skipped',
        level: 'note',
        message: `${this.doc.file} has no provider: not a Serverless Framework service`,
        loc: fileLoc(this.doc.file),
      });
      return null;
    }
    const pv = providerEntry.value;
    if (isMap(pv)) this.provider = pv;
    const providerName = pv.kind === 'scalar' ? str(pv) : str(get(pv, 'name'));
    if (providerName === undefined) {
      this.warn('provider.name is missing or not a literal: the service is not analysed', isMap(pv) ? providerEntry.keyLoc : pv.loc);
      return null;
    }
    // other clouds have builders of their own
    if (providerName === 'azure') return buildServerlessAzure(this.doc, root, this.provider ?? null, this.ctx.stage);
    if (providerName === 'google') return buildServerlessGoogle(this.doc, root, this.provider ?? null, this.ctx.stage);
    if (providerName !== 'aws') return null;

    const app: App = newApp(this.doc, 'serverless', root, serviceName(get(root, 'service')));
    app.serverless = {
      provider: this.provider,
      plugins: pluginNames(get(root, 'plugins')),
      custom: get(root, 'custom') ?? null,
      stage: this.ctx.stage,
      package: packageInfo(get(root, 'package')),
    };
    this.app = app;

    const providerEnv = this.environment(get(this.provider, 'environment'), 'provider', []);
    const defs = this.functionDefs(get(root, 'functions'));
    for (const def of defs) app.functions.push(this.fn(def, providerEnv));
    this.roles(defs);
    addAppSyncEvents(app, root);
    this.implicitGrants(root);
    addServerlessCostFacts(app);
    this.resources(get(root, 'resources'));
    this.linkCustomRoles(defs);
    return app;
  }

  // -------------------------------------------------------------------------------------------------
  // Functions

  private functionDefs(node: Node | undefined): FnDef[] {
    if (!node || node.kind === 'ref' || (node.kind === 'scalar' && node.value === null)) return [];
    const byName = new Map<string, FnDef>();
    const addMap = (m: MapNode) => {
      for (const e of m.entries) {
        const v = e.value;
        if (isMap(v)) byName.set(e.key, { name: e.key, keyLoc: e.keyLoc, node: v });
        else if (v.kind !== 'ref')
          this.warn(`function "${e.key}" must be a map of settings`, v.kind === 'scalar' && v.value === null ? e.keyLoc : v.loc);
        // a ref (e.g. `${file(./fn.js)}`) is a definition we cannot see: left out
      }
    };
    if (isMap(node)) addMap(node);
    else if (node.kind === 'seq') {
      // `functions: [ {a: …}, ${file(./more.yml)} ]`: later definitions of a name replace earlier ones
      for (const item of node.items) {
        if (isMap(item)) addMap(item);
        else if (item.kind !== 'ref') this.warn('functions: each list item must be a map of functions', item.loc);
      }
    } else this.warn('functions must be a map (or a list of maps) of functions', node.loc);
    return [...byName.values()];
  }

  private fn(def: FnDef, providerEnv: EnvVar[]): Fn {
    const n = def.node;
    const p = this.provider;
    const fn: Fn = {
      name: def.name,
      id: def.name,
      origin: 'serverless',
      platform: 'aws',
      app: this.app,
      loc: def.keyLoc,
      node: n,
      // the function's own setting, else the provider's default (each located where it is written)
      runtime: valueOf(own(n, 'runtime') ?? own(p, 'runtime')),
      architecture: valueOf(own(n, 'architecture') ?? own(p, 'architecture')),
      memory: valueOf(own(n, 'memorySize') ?? own(p, 'memorySize')),
      timeout: valueOf(own(n, 'timeout') ?? own(p, 'timeout')),
      reservedConcurrency: valueOf(own(n, 'reservedConcurrency')),
      tracing: valueOf(own(n, 'tracing') ?? own(get(p, 'tracing'), 'lambda')),
      logRetention: valueOf(own(n, 'logRetentionInDays') ?? own(p, 'logRetentionInDays')),
      // function layers replace the provider's (they are not merged)
      layers: seqItems(own(n, 'layers') ?? own(p, 'layers')).map(toValue),
      entry: this.handler(def),
      env: [],
      events: [],
      role: null,
      url: null,
    };

    const fnEnv = this.environment(get(n, 'environment'), 'function', [def.name]);
    const overridden = new Set(fnEnv.map((v) => v.name));
    for (const v of providerEnv) {
      if (overridden.has(v.name)) continue; // the function's value wins; the provider's does not reach it
      v.functions.push(def.name);
      fn.env.push(v);
    }
    fn.env.push(...fnEnv);

    this.events(fn, get(n, 'events'));
    this.url(fn, entry(n, 'url'));
    return fn;
  }

  private handler(def: FnDef): Fn['entry'] {
    const h = own(def.node, 'handler');
    if (!h) return null; // container image functions have none
    if ((h.kind === 'scalar' && typeof h.value === 'string') || h.kind === 'ref') return { kind: 'handler', text: toValue(h) };
    this.warn(`function "${def.name}": handler must be a string like "src/file.export"`, h.loc);
    return null;
  }

  /** Declared environment variables (once each, in `app.envVars`). */
  private environment(node: Node | undefined, scope: 'provider' | 'function', functions: string[]): EnvVar[] {
    if (!node || node.kind === 'ref' || (node.kind === 'scalar' && node.value === null)) return [];
    if (!isMap(node)) {
      this.warn(`${scope === 'provider' ? 'provider.' : ''}environment must be a map of variables`, node.loc);
      return [];
    }
    const out = node.entries.map((e): EnvVar => ({
      name: e.key,
      nameLoc: e.keyLoc,
      // literals and refs as Values; an intrinsic (`!Ref X`, `!GetAtt …`) kept as its node
      value: e.value.kind === 'scalar' || e.value.kind === 'ref' ? toValue(e.value) : e.value,
      scope,
      functions: [...functions],
      app: this.app,
    }));
    this.app.envVars.push(...out);
    return out;
  }

  // -------------------------------------------------------------------------------------------------
  // Events

  private events(fn: Fn, node: Node | undefined): void {
    if (!node || node.kind === 'ref' || (node.kind === 'scalar' && node.value === null)) return;
    if (node.kind !== 'seq') {
      this.warn(`function "${fn.name}": events must be a list`, node.loc);
      return;
    }
    for (const item of node.items) {
      if (item.kind === 'ref') continue; // an event we cannot see
      if (!isMap(item) || item.entries.length === 0) {
        this.warn(`function "${fn.name}": each event must be a map like "- http: …"`, item.loc);
        continue;
      }
      if (item.entries.length > 1) {
        // `- http:` followed by mis-indented `path:`/`method:` parses as siblings of the type key
        this.warn(
          `function "${fn.name}": an event item has several keys (${item.entries.map((e) => e.key).join(', ')}); its settings may be mis-indented`,
          item.loc,
        );
      }
      const e = item.entries[0]!;
      const ev = this.event(fn, e.key, e.keyLoc, e.value);
      if (!ev) continue;
      // a REST API with a PRIVATE endpoint is reachable only through VPC endpoints
      if (ev.service === 'http' && ev.auth === 'none') {
        const endpoint = this.restEndpointType();
        if (endpoint !== 'public') ev.auth = endpoint === 'PRIVATE' ? 'private' : 'unknown';
      }
      fn.events.push(ev);
    }
  }

  /** `provider.endpointType` (also under `provider.apiGateway`): PRIVATE, public (EDGE/REGIONAL/unset) or unknown. */
  private restEndpointType(): EndpointKind {
    const n = get(this.provider, 'endpointType') ?? get(this.provider, 'apiGateway', 'endpointType');
    return notNull(n) ? endpointKind(n) : 'public';
  }

  private event(fn: Fn, rawType: string, loc: Loc, v: Node): FnEvent | null {
    const type = (Object.hasOwn(EVENT_TYPES, rawType) ? EVENT_TYPES[rawType] : undefined) ?? 'other';
    if (v.kind === 'scalar' && v.value === null) {
      this.warn(`function "${fn.name}": the ${rawType} event has no settings`, loc);
      return null;
    }
    const ev: FnEvent = { category: EVENT_CATEGORY[type], service: type, raw: rawType, loc, node: v, auth: 'none', fn };
    if (v.kind === 'ref') {
      // settings known only at deploy time: whether the route is protected cannot be decided
      if (type === 'http' || type === 'httpApi' || type === 'websocket' || type === 'alb') ev.auth = 'unknown';
      return ev;
    }
    switch (type) {
      case 'http':
      case 'httpApi': {
        if (v.kind === 'scalar') {
          // `http: GET /users`, `httpApi: 'GET /users'`, `httpApi: '*'` (every method and path)
          const text = String(v.value).trim();
          if (type === 'httpApi' && text === '*') {
            ev.method = toValue(v);
            ev.path = toValue(v);
            return ev;
          }
          const parts = this.shorthand(v as ScalarNode);
          if (!parts) {
            this.warn(`function "${fn.name}": ${rawType} event "${text}" must be "METHOD path"`, v.loc);
            return null;
          }
          ev.method = parts[0];
          ev.path = parts[1];
          return ev;
        }
        if (!isMap(v)) break;
        setIf(ev, 'method', get(v, 'method'));
        setIf(ev, 'path', get(v, 'path'));
        // REST: `authorizer`, else `private: true` (an API key). HTTP API: `authorizer` only —
        // provider.httpApi.authorizers merely define authorizers, and neither API type has a
        // provider-level default authorizer, so an event without one is not authorized.
        ev.auth = authorizerAuth(get(v, 'authorizer')) ?? (type === 'http' ? privateAuth(get(v, 'private')) : 'none');
        return ev;
      }
      case 'websocket': {
        // authorizers run on `$connect` only; other routes carry no authorizer of their own
        if (v.kind === 'scalar') {
          ev.path = toValue(v);
          return ev;
        }
        if (!isMap(v)) break;
        setIf(ev, 'path', get(v, 'route'));
        ev.auth = authorizerAuth(get(v, 'authorizer')) ?? 'none';
        return ev;
      }
      case 'alb': {
        if (!isMap(v)) break;
        setIf(ev, 'path', seqItems(get(v, 'conditions', 'path'))[0]);
        setIf(ev, 'method', seqItems(get(v, 'conditions', 'method'))[0]);
        ev.auth = authorizerAuth(get(v, 'authorizer')) ?? 'none';
        return ev;
      }
      default:
        // queues, topics, buckets, streams, schedules, …: not reachable from the internet; kept whole
        return ev;
    }
    this.warn(`function "${fn.name}": the ${rawType} event must be a map of settings`, v.loc);
    return null;
  }

  /** `GET /users` → [method, path] Values, each located on its own part of the string when possible. */
  private shorthand(v: ScalarNode): [Value, Value] | undefined {
    const text = String(v.value);
    const m = /^(\s*)(\S+)(\s+)(\S+)\s*$/.exec(text);
    if (!m) return undefined;
    const mStart = m[1]!.length;
    const pStart = mStart + m[2]!.length + m[3]!.length;
    return [
      { kind: 'literal', value: m[2]!, loc: this.subLoc(v, mStart, mStart + m[2]!.length) },
      { kind: 'literal', value: m[4]!, loc: this.subLoc(v, pStart, pStart + m[4]!.length) },
    ];
  }

  /**
   * The location of `[start, end)` of a scalar's value, when the scalar is written on one line as a
   * plain or simply quoted string (the text in the file is the value itself); else the scalar's loc.
   */
  private subLoc(v: ScalarNode, start: number, end: number): Loc {
    const l = v.loc;
    const lines = this.resolver.documents.get(l.file)?.lines;
    if (!lines || l.line !== l.endLine) return l;
    const raw = lines[l.line - 1]?.slice(l.column - 1, l.endColumn - 1);
    const s = String(v.value);
    let offset: number;
    if (raw === s) offset = 0;
    else if (raw === `'${s}'` || raw === `"${s}"`) offset = 1;
    else return l;
    return { ...l, column: l.column + offset + start, endColumn: l.column + offset + end };
  }

  /** `url: true` / `url: {authorizer: aws_iam, cors: …}`: a function URL (public unless aws_iam). */
  private url(fn: Fn, e: ReturnType<typeof entry>): void {
    if (!e) return;
    const v = e.value;
    const ev: FnEvent = { category: 'http', service: 'url', raw: 'url', loc: e.keyLoc, node: v, auth: 'none', fn };
    if (v.kind === 'ref') ev.auth = 'unknown';
    else if (v.kind === 'scalar') {
      const b = bool(v);
      if (b === false || v.value === null) return;
      if (b !== true) {
        this.warn(`function "${fn.name}": url must be true or a map of settings`, v.loc);
        return;
      }
    } else if (isMap(v)) {
      const a = get(v, 'authorizer');
      if (a && !(a.kind === 'scalar' && a.value === null)) {
        ev.authType = toValue(a);
        if (a.kind === 'ref') ev.auth = 'unknown';
        else if (str(a)?.toLowerCase() === 'aws_iam') ev.auth = 'iam';
        else ev.auth = 'unknown'; // the framework accepts only aws_iam here
      }
    } else {
      this.warn(`function "${fn.name}": url must be true or a map of settings`, v.loc);
      return;
    }
    fn.url = ev;
    fn.events.push(ev);
  }

  // -------------------------------------------------------------------------------------------------
  // IAM

  /** Synthetic roles (provider's shared role, per-function roles) and their statements. */
  private roles(defs: FnDef[]): void {
    const app = this.app;
    const p = this.provider;
    const iamRole = get(p, 'iam', 'role');
    const roleSettings = isMap(iamRole) && !intrinsic(iamRole) ? iamRole : undefined;
    const customRole = this.providerCustomRole() !== undefined;

    const ownRole = new Set<string>(); // functions with `role:`
    const perFunction: FnDef[] = []; // functions with their own iamRoleStatements
    const inheriting: string[] = [];
    for (const d of defs) {
      if (notNull(own(d.node, 'role'))) ownRole.add(d.name);
      else if (notNull(own(d.node, 'iamRoleStatements'))) {
        perFunction.push(d);
        if (bool(get(d.node, 'iamRoleStatementsInherit')) === true) inheriting.push(d.name);
      }
    }
    const perFunctionNames = new Set(perFunction.map((d) => d.name));
    const defaultUsers = defs.filter((d) => !ownRole.has(d.name) && !perFunctionNames.has(d.name)).map((d) => d.name);

    const stmtNodes = [get(roleSettings, 'statements'), own(p, 'iamRoleStatements')];
    const policyNodes = [get(roleSettings, 'managedPolicies'), own(p, 'iamManagedPolicies')];
    const declaresIam = stmtNodes.some(notNull) || policyNodes.some(notNull);

    // The shared role exists when some function uses it; when none does (no function known, or every
    // function has a role of its own) the provider's IAM settings are still kept so they get linted:
    // they are written in the manifest and apply to the next function added.
    let providerRole: Role | undefined;
    if (!customRole && (defaultUsers.length > 0 || declaresIam)) {
      const iamEntry = entry(p, 'iam');
      providerRole = {
        id: SERVERLESS_PROVIDER_ROLE_ID,
        loc: iamEntry?.value.loc ?? p?.loc ?? fileLoc(app.file),
        statements: [],
        managedPolicies: [],
        trust: [],
        functions: [...defaultUsers],
        isProviderRole: true,
        app,
      };
      const boundary = get(roleSettings, 'permissionsBoundary') ?? own(p, 'rolePermissionsBoundary');
      if (notNull(boundary)) providerRole.permissionsBoundary = toValue(boundary);
      app.roles.push(providerRole);
    }
    const providerFns = [...(providerRole ? defaultUsers : []), ...inheriting];
    let providerStatements: IamStatement[] = [];
    let providerPolicies: ManagedPolicyRef[] = [];
    if (providerRole || inheriting.length > 0) {
      const source: IamSource = { kind: 'provider' };
      providerStatements = stmtNodes.flatMap((n) => this.statements(n, source, providerFns, providerRole));
      providerPolicies = policyNodes.flatMap((n) => this.managedPolicies(n, providerFns, providerRole));
      app.statements.push(...providerStatements);
      if (providerRole) {
        providerRole.statements.push(...providerStatements);
        providerRole.managedPolicies.push(...providerPolicies);
      }
    }

    for (const d of perFunction) {
      const fn = app.functions.find((f) => f.name === d.name);
      if (!fn) continue;
      const stmts = own(d.node, 'iamRoleStatements')!;
      const role: Role = {
        id: serverlessFunctionRoleId(d.name),
        loc: stmts.loc,
        statements: [],
        managedPolicies: [],
        trust: [],
        functions: [d.name],
        app,
      };
      const mine = this.statements(stmts, { kind: 'function', name: d.name }, [d.name], role);
      app.statements.push(...mine);
      role.statements.push(...mine);
      if (inheriting.includes(d.name)) {
        // the same statement objects: their `functions` already list this function
        role.statements.push(...providerStatements);
        role.managedPolicies.push(...providerPolicies);
      }
      app.roles.push(role);
      fn.role = role;
    }
    if (providerRole) for (const fn of app.functions) if (defaultUsers.includes(fn.name)) fn.role = providerRole;
  }

  /**
   * What the framework and serverless-lift add to the roles they create (see `Role.implicitGrants`):
   * the synthetic roles only; a role of the user's own (`role:`) is deployed as written.
   */
  private implicitGrants(root: Node): void {
    const roles = this.app.roles.filter((r) => r.isProviderRole || r.id.startsWith(serverlessFunctionRoleId('')));
    if (!roles.length) return;
    const grants: ImplicitGrant[] = [];
    const ws = this.app.functions.flatMap((f) => f.events).find((e) => e.service === 'websocket');
    if (ws)
      grants.push({
        ...WEBSOCKET_GRANT,
        actions: [...WEBSOCKET_GRANT.actions],
        resources: [...WEBSOCKET_GRANT.resources],
        by: 'the Serverless Framework (websocket events)',
        loc: ws.loc,
      });
    const lift = get(root, 'lift');
    const lifted = this.app.serverless?.plugins.includes('serverless-lift') && bool(get(lift, 'automaticPermissions')) !== false;
    const constructs = get(root, 'constructs');
    if (lifted && isMap(constructs))
      for (const c of constructs.entries) {
        const type = str(get(c.value, 'type'));
        const g = type && Object.hasOwn(LIFT_GRANTS, type) ? LIFT_GRANTS[type]! : undefined;
        if (g) grants.push({ actions: [...g.actions], construct: c.key, by: `serverless-lift ${type} "${c.key}"`, loc: c.keyLoc });
      }
    if (grants.length) for (const r of roles) r.implicitGrants = [...grants];
  }

  /** IAM statements of a statement list (each with its own copy of `functions`). */
  private statements(node: Node | undefined, source: IamSource, functions: string[], role: Role | undefined): IamStatement[] {
    if (!notNull(node) || node.kind === 'ref') return [];
    // a policy document (`{Version, Statement: […]}`) is accepted as well as a bare list
    const list = isMap(node) && !intrinsic(node) ? get(node, 'Statement') : node;
    if (!list || list.kind !== 'seq') {
      this.warn('IAM role statements must be a list of statements', node.loc);
      return [];
    }
    const out: IamStatement[] = [];
    for (const item of list.items) {
      if (isMap(item)) out.push(statementFromNode(this.resolveResources(item), source, this.app, [...functions], role));
      else if (item.kind !== 'ref') this.warn('an IAM statement must be a map (Effect, Action, Resource)', item.loc);
    }
    return out;
  }

  private intrinsics: IntrinsicResolver | undefined;

  /**
   * The statement with its `Resource`/`NotResource` intrinsics evaluated as CloudFormation will
   * (`Fn::Sub`, `Fn::Join` of pseudo parameters, `Ref` to a `resources.Parameters` default), so an
   * ARN built that way is read as the ARN it becomes; other keys stay as written.
   */
  private resolveResources(item: MapNode): MapNode {
    if (!item.entries.some((e) => /^(not)?resource$/i.test(e.key) && e.value.kind !== 'scalar')) return item;
    this.intrinsics ??= new IntrinsicResolver(serverlessResourceParts(get(this.app.root, 'resources'))[0] ?? null);
    const r = this.intrinsics;
    return {
      ...item,
      entries: item.entries.map((e) => {
        if (!/^(not)?resource$/i.test(e.key) || e.value.kind === 'scalar') return e;
        const v = r.resolve(e.value);
        return v ? { ...e, value: v } : e;
      }),
    };
  }

  private managedPolicies(node: Node | undefined, functions: string[], role: Role | undefined): ManagedPolicyRef[] {
    if (!notNull(node)) return [];
    return seqItems(node)
      .filter(notNull)
      .map((n): ManagedPolicyRef => {
        const m: ManagedPolicyRef = { value: toValue(n), functions: [...functions], app: this.app };
        if (role) m.role = role;
        return m;
      });
  }

  /** `resources:` (a map, or a list of maps as the framework merges): raw CloudFormation. */
  private resources(node: Node | undefined): void {
    for (const part of serverlessResourceParts(node)) {
      const res = get(part, 'Resources');
      if (!res || res.kind === 'ref' || isNull(res)) continue;
      if (!isMap(res)) {
        this.warn('resources.Resources must be a map of CloudFormation resources', res.loc);
        continue;
      }
      try {
        addCloudFormationResources(this.app, res, this.ctx);
      } catch (e) {
        // the raw CloudFormation part failing must not lose the functions already built
        this.warn(`resources.Resources could not be analysed: ${(e as Error).message}`, res.loc);
      }
    }
  }

  /**
   * `provider.iam.role: <arn | !GetAtt R.Arn | logical id>` or the legacy `provider.role`: the shared
   * role is the user's own (and the provider's statements are not deployed).
   */
  private providerCustomRole(): Node | undefined {
    const iamRole = own(get(this.provider, 'iam'), 'role');
    if (iamRole && !(isMap(iamRole) && !intrinsic(iamRole))) return iamRole;
    return own(this.provider, 'role');
  }

  /** Functions (and the shared role) pointing at a role by ARN / `!GetAtt` / logical id. */
  private linkCustomRoles(defs: FnDef[]): void {
    const app = this.app;
    const providerCustom = this.providerCustomRole();
    for (const d of defs) {
      const fn = app.functions.find((f) => f.name === d.name);
      if (!fn || fn.role) continue; // a synthetic role is already set
      const ref = own(d.node, 'role') ?? providerCustom;
      if (!ref) continue;
      const role = findRoleByRef(app, ref);
      if (!role) continue; // an external role (ARN, import): unknown
      attachRole(fn, role);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

function isNull(n: Node | undefined): boolean {
  return !!n && n.kind === 'scalar' && n.value === null;
}

function notNull(n: Node | undefined): n is Node {
  return !!n && !isNull(n);
}

/** A key's value unless absent or empty (`runtime:` with no value falls back like an absent one). */
function own(n: Node | null | undefined, key: string): Node | undefined {
  const v = get(n, key);
  return notNull(v) ? v : undefined;
}

function setIf(ev: FnEvent, key: 'method' | 'path', n: Node | undefined): void {
  if (notNull(n)) ev[key] = toValue(n);
}

/**
 * What an `authorizer:` setting makes of an API event: `aws_iam` (string or `type:`) → 'iam', any
 * other authorizer (name, ARN, `{name|arn|id|authorizerId}`, an intrinsic) → 'authorizer', a value
 * known only at deploy time → 'unknown'; undefined when there is no authorizer.
 */
function authorizerAuth(n: Node | undefined): Auth | undefined {
  if (!notNull(n)) return undefined;
  if (n.kind === 'ref') return 'unknown';
  if (n.kind === 'scalar') {
    if (n.value === false || n.value === '') return undefined;
    return String(n.value).toLowerCase() === 'aws_iam' ? 'iam' : 'authorizer';
  }
  if (isMap(n)) {
    if (n.entries.length === 0) return undefined;
    return str(get(n, 'type'))?.toLowerCase() === 'aws_iam' ? 'iam' : 'authorizer';
  }
  return seqItems(n).some(notNull) ? 'authorizer' : undefined; // alb: a list of authorizer names
}

/** REST `private: true` requires an API key. */
function privateAuth(n: Node | undefined): Auth {
  if (!notNull(n)) return 'none';
  if (n.kind === 'ref') return 'unknown';
  return bool(n) === true ? 'private' : 'none';
}

function serviceName(n: Node | undefined): string {
  const v = isMap(n) ? get(n, 'name') : n;
  if (!v) return '';
  return v.kind === 'scalar' ? String(v.value ?? '') : describe(v);
}

/** `plugins: [a, b]` or the older `plugins: {localPath, modules: [a, b]}`. */
function pluginNames(n: Node | undefined): string[] {
  const list = isMap(n) ? get(n, 'modules') : n;
  return seqItems(list)
    .map((i) => str(i))
    .filter((s): s is string => s !== undefined);
}

function packageInfo(n: Node | undefined): NonNullable<App['serverless']>['package'] {
  if (!isMap(n)) return null;
  return {
    node: n,
    individually: valueOf(own(n, 'individually')),
    patterns: seqItems(own(n, 'patterns')).map(toValue),
  };
}

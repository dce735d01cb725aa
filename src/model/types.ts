import type { Loc, MapNode, Node, Value, Document } from '../core/types.js';

/** The manifest format an app was built from; each platform adapter adds its own. */
export type Origin =
  | 'serverless'
  | 'sam'
  | 'cloudformation'
  // Azure: a legacy function.json, local.settings.json, an ARM template
  | 'azure-functions'
  | 'azure-settings'
  | 'azure-arm'
  // Google Cloud Functions / Firebase: firebase.json (functions registered in code), a deploy script
  // (`gcloud functions deploy`), Firebase security rules, a functions folder's .runtimeconfig.json
  | 'firebase'
  | 'gcloud'
  | 'firebase-rules'
  | 'firebase-runtimeconfig'
  // Vercel, Netlify and the instant hosts
  | 'vercel'
  | 'netlify'
  | 'render'
  | 'railway'
  | 'heroku';

export interface EnvVar {
  name: string;
  nameLoc: Loc;
  value: Value | Node;
  /** where the variable was declared */
  scope: 'provider' | 'function' | 'globals' | 'resource';
  /** functions the variable reaches (names) */
  functions: string[];
  app: App;
}

export type IamSourceKind =
  | 'provider' // serverless provider.iam.role.statements / iamRoleStatements
  | 'function' // per-function iamRoleStatements (serverless-iam-roles-per-function)
  | 'role' // AWS::IAM::Role inline policy, AWS::IAM::Policy / ManagedPolicy attached to a role
  | 'sam-policy' // SAM Policies inline statement
  | 'sam-template' // SAM policy template expansion
  | 'managed-policy' // AWS managed policy (statements known from data)
  | 'trust' // AssumeRolePolicyDocument
  | 'resource-policy'; // bucket/queue/topic policies

export interface IamSource {
  kind: IamSourceKind;
  /** logical id, function name or policy name for messages */
  name?: string;
}

export interface IamStatement {
  effect: Value | null;
  actions: Value[] | null;
  notActions: Value[] | null;
  resources: Value[] | null;
  notResources: Value[] | null;
  principal: Node | null;
  notPrincipal: Node | null;
  condition: Node | null;
  /** the whole statement node */
  loc: Loc;
  source: IamSource;
  /** names of the functions this statement applies to (empty for resource policies / trust) */
  functions: string[];
  /** the role this statement belongs to, when it belongs to one */
  role?: Role;
  /** for a statement expanded from a SAM policy template / managed policy: where the template was named */
  via?: Value;
  app: App;
  /** `Resource` entries as what they name (one per entry, in order), when the statement was written as a node */
  resourceRefs?: ResourceRef[];
}

export interface ManagedPolicyRef {
  /** a literal name or ARN, or a ref */
  value: Value;
  functions: string[];
  role?: Role;
  app: App;
}

export interface Role {
  /** logical id, or a synthetic id such as 'serverless:provider' */
  id: string;
  loc: Loc;
  statements: IamStatement[];
  managedPolicies: ManagedPolicyRef[];
  trust: IamStatement[];
  /** function names using this role */
  functions: string[];
  /**
   * Other resources the role is the service role of (a state machine, an instance profile, a
   * CodeBuild project…): `kind` says what the resource is, `id` is its logical id.
   */
  usedBy?: { kind: string; id: string }[];
  /** `PermissionsBoundary` of the role (CloudFormation role, SAM function), when set */
  permissionsBoundary?: Value;
  /** the role a platform creates for every function without a role of its own (serverless `provider.iam`) */
  isProviderRole?: boolean;
  /**
   * What the deploy tool adds to the role that the manifest does not write (the Serverless Framework's
   * `execute-api:ManageConnections` for WebSocket functions, serverless-lift constructs' permissions):
   * they allow calls, and are not statements other IAM rules lint.
   */
  implicitGrants?: ImplicitGrant[];
  app: App;
}

/** One grant a deploy tool adds to a role (see `Role.implicitGrants`). */
export interface ImplicitGrant {
  actions: string[];
  /** ARN patterns it allows; undefined with `construct`: the construct's resources */
  resources?: string[];
  /** the serverless-lift construct (`constructs.<name>`) whose resources it is on */
  construct?: string;
  /** who adds it, for notes: `the Serverless Framework (websocket events)`, `serverless-lift storage "avatars"` */
  by: string;
  /** where it comes from in the manifest (the event, the construct) */
  loc: Loc;
}

export type EventType =
  | 'http'
  | 'httpApi'
  | 'websocket'
  | 'alb'
  | 'url'
  | 'sqs'
  | 'sns'
  | 's3'
  | 'stream'
  | 'schedule'
  | 'eventBridge'
  | 'cloudwatchLog'
  | 'cloudwatchEvent'
  | 'iot'
  | 'cognito'
  | 'cloudformation'
  // an AppSync Lambda data source: a GraphQL field's resolver (the client's arguments, behind the API's auth)
  | 'appsync'
  // an Azure Functions HTTP trigger
  | 'azureHttp'
  // a Google Cloud Functions / Firebase HTTPS function (`onRequest`, `onCall`, `--trigger-http`)
  | 'gcpHttp'
  | 'other';

/**
 * What kind of caller a trigger is, across platforms: an HTTP request (API gateway, function URL,
 * load balancer, WebSocket), a message from a queue or topic, a change in a stream or a store, a
 * schedule, an identity-service hook, a deployment hook (a CloudFormation custom resource, invoked
 * by the stack with properties the template writes), or something else.
 */
export type EventCategory = 'http' | 'queue' | 'pubsub' | 'stream' | 'storage' | 'schedule' | 'auth' | 'deploy' | 'other';

export interface FnEvent {
  category: EventCategory;
  /** the service that triggers the function (`http` is API Gateway REST, `httpApi` HTTP API, …) */
  service: EventType;
  /** the event's type key as written (`http`, `Api`, `HttpApi`, `SQS`, `AWS::Lambda::Url`, …) */
  raw: string;
  /** location of the event's type key (for http: the `http:` key; for SAM: the `Type` value) */
  loc: Loc;
  /** the event's properties (a map node, or a scalar for the `http: GET /x` shorthand) */
  node: Node;
  method?: Value;
  path?: Value;
  /**
   * Authentication as configured on the event: `none` when the event explicitly or implicitly has no
   * authorizer, `unknown` when it cannot be decided statically.
   */
  auth: 'none' | 'authorizer' | 'iam' | 'private' | 'unknown';
  /** for url events */
  authType?: Value;
  fn: Fn;
  /** filled by the AWS platforms for queues, streams, buckets, topics and schedules */
  cost?: EventCostFacts;
  /**
   * The caller gets an immediate answer and the function runs on without it (a Netlify background
   * function: 202, then up to 15 minutes), so its response never reaches the caller.
   */
  async?: true;
}

/**
 * Where a function's code starts, as its platform names it: a handler string in the manifest
 * (`src/a.main`), a file by convention (`api/users.ts`), or a registration in code (`app.http(…)`).
 * `file` and `exportName` are filled in when the code layer finds them.
 */
export interface EntryPoint {
  kind: 'handler' | 'convention' | 'registration';
  /** as written: the handler string, the conventional path, or the registration's name */
  text: Value;
  /** resolved source file path (posix, relative to srcroot), when found */
  file?: string;
  exportName?: string;
  /**
   * A registration's handler as its call passes it, when the taint analysis cannot start at the export:
   * `name`, a top-level name of `file` (a function declared or imported there, or an HTTP framework app
   * such as express behind `onRequest(app)`), or `loc`, a function written inline in the call.
   */
  registered?: { name?: string; loc: Loc };
  /** SAM `CodeUri` (Globals merged): the directory/archive the handler path is relative to */
  codeUri?: Value;
  /**
   * The code folder the handler path is relative to (posix, relative to srcroot; '' for the root):
   * the serverless.yml folder, or the template's folder joined with `CodeUri` / `Code`. What an
   * unbundled deploy zips is this folder. Set with `file` by the AWS handler resolution.
   */
  base?: string;
  /** CloudFormation `Code.ZipFile` / SAM `InlineCode`: the function's source written in the template */
  inlineCode?: Value;
}

export interface Fn {
  name: string;
  /** logical id for SAM/CFN, function key for serverless */
  id: string;
  origin: Origin;
  /** the cloud it deploys to (`aws`, …): rules and knowledge that apply to one cloud check it */
  platform: string;
  app: App;
  loc: Loc;
  /** the function's own node (properties for CFN/SAM) */
  node: Node;
  runtime: Value | null;
  architecture: Value | null;
  memory: Value | null;
  timeout: Value | null;
  reservedConcurrency: Value | null;
  entry: EntryPoint | null;
  env: EnvVar[];
  events: FnEvent[];
  role: Role | null;
  layers: Value[];
  url: FnEvent | null;
  tracing: Value | null;
  logRetention: Value | null;
  /** filled by the AWS platforms */
  cost?: FnCostFacts;
  /** filled by the Google Cloud / Firebase platform */
  gcp?: GcpFnFacts;
}

/**
 * A Google Cloud function's deployment settings, from its options in code (`onRequest({ … })`,
 * `runWith({ … })`, `setGlobalOptions`) or the flags of its `gcloud functions deploy` command.
 * Each is null when not set (the platform default applies).
 */
export interface GcpFnFacts {
  /** 1st or 2nd generation (Cloud Functions / Cloud Run functions), when known */
  generation?: 1 | 2;
  /** `invoker` (`'public'`, `'private'`, service accounts); `--allow-unauthenticated` is the literal `public` */
  invoker: Value | null;
  maxInstances: Value | null;
  minInstances: Value | null;
  concurrency: Value | null;
  /** `ingressSettings` / `--ingress-settings` */
  ingress: Value | null;
  serviceAccount: Value | null;
  /** Secret Manager secrets bound to the function (`secrets: [...]`, `--set-secrets`) */
  secrets: Value[];
  /** where the function is declared (its registration's callee, the deploy command's name): a missing setting is reported here */
  keyLoc: Loc;
  /** the options written for it (merged global, per-function), or the deploy command's flags */
  options: MapNode;
  /**
   * An IAM binding of the same deploy script that lets `allUsers` or `allAuthenticatedUsers` invoke
   * the function (`gcloud functions add-iam-policy-binding NAME --member=allUsers
   * --role=roles/cloudfunctions.invoker`, the `run services` form on its Cloud Run service)
   */
  publicBinding?: GcpBinding;
  /**
   * Code of the handler that authenticates the caller (`request.auth`/`context.auth` read by a
   * callable, `verifyIdToken`/`verifySessionCookie` called), when found; undefined: none seen.
   */
  authCheck?: Loc;
}

/** One `allow` statement of a Firestore or Storage security rules file, or a `.read`/`.write` of Realtime Database rules. */
export interface SecurityRule {
  service: 'firestore' | 'storage' | 'database';
  /** the path of the enclosing `match` blocks, joined (`/databases/{database}/documents/users/{uid}`) */
  path: string;
  /** `read`, `write`, `get`, `list`, `create`, `update`, `delete` */
  methods: string[];
  /** the condition as written (`true` when there is none: `allow read;`) */
  condition: string;
  /** the statement (`allow read, write: if true;`) */
  loc: Loc;
  /** the condition, or the statement when it has none */
  conditionLoc: Loc;
}

/** An IAM policy binding a deploy script adds (`gcloud projects|functions|run … add-iam-policy-binding`). */
export interface GcpBinding {
  /** `project`, `function` or `service` (Cloud Run) */
  target: string;
  /** the project, function or service named */
  name: string;
  member: Value;
  role: Value;
  loc: Loc;
  /** the member when it is everyone (`allUsers`) or every Google account (`allAuthenticatedUsers`) and the role lets it invoke the target */
  publicInvoker?: 'allUsers' | 'allAuthenticatedUsers';
  /** the function of the same script the binding opens, when it names one deployed there */
  fn?: string;
}

export interface Resource {
  id: string;
  idLoc: Loc;
  type: string;
  typeLoc: Loc;
  properties: MapNode | null;
  /** the whole resource node */
  node: MapNode;
  /** `Metadata: { sls-lint: { ignore: [{id, reason}] } }` */
  ignore: { id: string; reason?: string }[];
  /** for an `AWS::Lambda::Permission`: names of the app's functions its `FunctionName` points at */
  targetFunctions?: string[];
  /**
   * ARM: the nested deployment's template the resource is written in (its `$schema`, `parameters` and
   * `variables`), when that is not the app's root
   */
  template?: MapNode;
  app: App;
}

export interface App {
  /** path of the manifest (posix, relative to srcroot) */
  file: string;
  origin: Origin;
  /** the cloud it deploys to (absent: `aws`); rules declaring `meta.platforms` visit only their clouds' apps */
  platform?: string;
  /** directory of the manifest, relative to srcroot ('' for root) */
  dir: string;
  doc: Document;
  /** the resolved tree (variables resolved for serverless; intrinsics kept for CFN) */
  root: MapNode;
  functions: Fn[];
  resources: Resource[];
  roles: Role[];
  /** every IAM statement in the app, including trust and resource policies */
  statements: IamStatement[];
  /** every environment variable where it is declared (once each; `Fn.env` holds the merged view) */
  envVars: EnvVar[];
  /** serverless service name / template description */
  name: string;
  /** Azure Functions v4 (`host.json` + `package.json` `main`): the files that register functions, and the local settings they read */
  azure?: { mainFiles: string[]; settings: EnvVar[] };
  /** Google Cloud / Firebase: security rules of a rules file, IAM bindings of a deploy script, the code of a firebase.json codebase */
  gcp?: { rules?: SecurityRule[]; bindings?: GcpBinding[]; codebases?: GcpCodebase[] };
  /** serverless-specific facts */
  serverless?: {
    provider: MapNode | null;
    plugins: string[];
    custom: Node | null;
    stage: string;
    /** service-level `package:` (`individually`, `patterns`), when written as a map */
    package?: { node: MapNode; individually: Value | null; patterns: Value[] } | null;
  };
}

/** A firebase.json functions codebase: its folder, the entry file of its package.json `main`, its runtime. */
export interface GcpCodebase {
  name: string;
  /** the `source` folder (posix, relative to srcroot) */
  dir: string;
  /** the main module without extension (`functions/lib/index` → read from `functions/src/index.ts` when present) */
  main: string;
  runtime: Value | null;
  /** the firebase-functions major version its package.json asks for, when literal */
  sdkMajor?: number;
  /** the codebase's settings: `.runtimeconfig.json`, `.env` files */
  env: EnvVar[];
  loc: Loc;
}

export interface ImportInfo {
  source: string;
  loc: Loc;
  /** resolved project file, posix relative to srcroot */
  resolved?: string;
  kind: 'import' | 'require' | 'dynamic' | 'export-from';
  typeOnly: boolean;
  /** a `require()` or `import()` inside a function: loaded on the first call that reaches it, not at init */
  lazy?: true;
}

export interface StringLiteralInfo {
  value: string;
  loc: Loc;
  /** the name the literal is bound to: variable, property or parameter name, when there is one */
  name?: string;
  /**
   * The call whose object-literal argument holds the literal (`s3.putObject({ ACL: 'x' })`): the
   * callee's last name, whether it is `new`, and the property path from the argument to the literal.
   */
  call?: { callee: string; construct: boolean; path: string[] };
}

export interface SourceFile {
  path: string;
  text: string;
  lines: string[];
  /**
   * the typescript-estree Program. Its nodes keep `range` and `parent`; their `loc` is dropped at the
   * parse (comments keep theirs): `nodeLoc` gives a node's location
   */
  ast: import('@typescript-eslint/typescript-estree').TSESTree.Program;
  comments: Map<number, string>;
  imports: ImportInfo[];
  exports: string[];
  /** string literals and expression-free template literals, with the name they are bound to */
  strings: StringLiteralInfo[];
  /** functions whose handler is in this file */
  handlerOf: Fn[];
  /** webhook signature checks (Stripe, GitHub, Slack, Twilio, Svix, or an HMAC compared in constant time) */
  signatureChecks?: SignatureCheck[];
  /** JSON Web Tokens decoded and verified in this file */
  jwt?: JwtFacts;
}

/** JWT calls of one file. `token` is the token argument's source text. */
export interface JwtFacts {
  /** claims read without a signature check: `jsonwebtoken` decode, `jwt-decode`, or `base64` (a split token decoded by hand) */
  decodes: { kind: string; loc: Loc; token: string; used: boolean; source?: string }[];
  /** `none`: the 'none' element of `algorithms`; `noAlgorithms`: a string or environment secret and no `algorithms` */
  verifies: { kind: string; loc: Loc; token: string; none?: Loc; noAlgorithms?: true }[];
}

/** Code that verifies a webhook sender's signature: the sender, and where the check is made. */
export interface SignatureCheck {
  provider: string;
  loc: Loc;
  /** false for a hand-written HMAC check compared with `===`/`!==` (not in constant time) */
  constantTime?: false;
}

/** A plain file read for text rules (`.env` files, handler code of runtimes that are not parsed). */
export interface TextFile {
  path: string;
  /** `code`: a Python, Ruby, Go, Java, C# or PHP file in the directory of a function's handler */
  kind: 'dotenv' | 'code';
  /** for `code`: the functions whose handler directory holds it (names) */
  functions?: string[];
  text: string;
  lines: string[];
  comments: Map<number, string>;
}

export interface Project {
  /** absolute directory all paths are relative to */
  srcRoot: string;
  apps: App[];
  sourceFiles: SourceFile[];
  textFiles: TextFile[];
  /** every file read, by path: its lines and comments (for suppressions, code frames, snippets) */
  files: Map<string, { lines: string[]; comments: Map<number, string> }>;
}

/**
 * What a manifest value names, in one form for every format: `text` is the value with each
 * reference written `${Id}` / `${Id.Attr}` (`!GetAtt Up.Arn` → `${Up.Arn}`, `!Sub ${Up.Arn}/in/*`
 * → `${Up.Arn}/in/*`, a literal ARN or name as written); `ids` are the logical ids it refers to.
 * `text` is undefined when the value cannot be read (a parameter, an import, a join of unknowns).
 */
export interface ResourceRef {
  text?: string;
  ids: string[];
  loc: Loc;
}

/** Facts of a function's deployment that bear on its bill and on runaway invocations. */
export interface FnCostFacts {
  /** provisioned concurrency (serverless `provisionedConcurrency`, SAM `ProvisionedConcurrencyConfig`, `AWS::Lambda::Version`/`Alias`) */
  provisionedConcurrency: Value | null;
  /** where failed asynchronous invocations go: a DLQ (`onError`, `DeadLetterConfig`) or an on-failure destination */
  onFailure: Value | null;
  /** `maximumRetryAttempts` of asynchronous invocations, when set */
  maxRetries: Value | null;
  /** the `AWS::Logs::LogGroup` of the function in the template, when there is one */
  logGroup: Resource | null;
  /** where a missing setting is reported: the function's key (serverless) or its `Type` (templates) */
  keyLoc: Loc;
}

/** Facts of an event that bear on cost and loops (queues, streams, buckets, topics, schedules). */
export interface EventCostFacts {
  /** the queue, stream, table, topic or bucket that triggers the function */
  source?: ResourceRef;
  /** SQS/stream `batchSize` and `maximumBatchingWindow` (seconds), when written */
  batchSize?: Value;
  batchWindow?: Value;
  /** `ReportBatchItemFailures` in the event's function response types */
  reportsItemFailures?: boolean;
  /** an S3 trigger's object key filter, and its event types when literal (`s3:ObjectCreated:*`) */
  filter?: { prefix?: string; suffix?: string };
  s3Events?: string[];
  /** a schedule's `rate(…)` / `cron(…)` expressions, and whether the schedule is disabled */
  schedules?: Value[];
  disabled?: boolean;
}

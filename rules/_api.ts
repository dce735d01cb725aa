// The one `src` surface rules see: rules and rules/_shared import the engine, the model and the
// knowledge libraries only through this module (test/meta.test.ts checks it). When a layer moves,
// this file changes and the rules do not.

// the rule contract
export { defineRule } from '../src/engine/rule.js';
export type { At, ReportDescriptor, Rule, RuleContext, RuleMeta, Visitors } from '../src/engine/rule.js';

// model entities and queries
export type {
  App,
  EnvVar,
  EventType,
  Fn,
  FnEvent,
  GcpBinding,
  IamStatement,
  ManagedPolicyRef,
  Project,
  Resource,
  Role,
  SecurityRule,
  SignatureCheck,
  SourceFile,
  StringLiteralInfo,
} from '../src/model/types.js';
export type { Loc, MapEntry, MapNode, Node, Severity, Value } from '../src/core/types.js';
export { isAllow, literalStrings } from '../src/model/queries.js';
export { bool, describe, entry, entryCI, get, isMap, mapEntries, seqItems, spanLoc, str } from '../src/core/node.js';
export { LineIndex } from '../src/core/loc.js';

// IAM knowledge
export {
  accessLevel,
  actionMatches,
  anyActionMatcher,
  allActions,
  classifyManagedPolicy,
  classifyRisk,
  expandActionPattern,
  expandSamPolicyTemplate,
  findEscalations,
  hasWildcard,
  isKnownService,
  isWildcardOnlyAction,
  managedPolicyGrants,
  serviceActions,
  splitAction,
} from '../src/knowledge/aws/iam/index.js';
export type { EscalationMethod, ManagedPolicyInfo } from '../src/knowledge/aws/iam/index.js';
export {
  arnResource,
  everyResourceFor,
  hasCondition,
  isAllActions,
  isEveryResource,
  isTypeWildcardResource,
  knownResourceStrings,
  presentValues,
  resourceServesAction,
  splitArn,
} from '../src/knowledge/aws/iam/policy.js';
export type { EveryResource } from '../src/knowledge/aws/iam/policy.js';

// secrets knowledge
export {
  classifyNamedValue,
  isNonSecretFiller,
  isPairedAwsSecretKey,
  maskSecret,
  parseDotenv,
  scanText,
  secretHash,
  secretKindOfName,
} from '../src/knowledge/secrets/index.js';
export type { SecretClassification, SecretMatch } from '../src/knowledge/secrets/index.js';
export {
  awsCredentialPart,
  classifyManifestValue,
  hasAccessSecretKeyPair,
  isEnumLikeValue,
  isSecretSettingsName,
  isStaticAwsCredentialValue,
} from '../src/knowledge/secrets/index.js';

// S3 public-access knowledge
export {
  ACL_PARAMS,
  GRANT_PARAMS,
  isReadOnlyObjectAction,
  PUBLIC_BUCKET_ACCESS_CONTROL,
  PUBLIC_CANNED_ACLS,
  PUBLIC_GRANTEE_GROUP,
  S3_ACL_CALLEES,
  S3_PACKAGES,
} from '../src/knowledge/aws/s3-access.js';

// code analyses
export type { Flow } from '../src/analysis/taint/index.js';
export type { SinkClass } from '../src/knowledge/sinks.js';
export { CALLER_KEYS, conditionRestricts, isOwnAccountOnly, keySet, publicPrincipals } from '../src/knowledge/aws/iam/principals.js';
export type { PublicPrincipal, Restriction } from '../src/knowledge/aws/iam/principals.js';
export { REQUEST_DATA_PATHS } from '../src/knowledge/sources.js';

// lock-in knowledge (the inventory itself is the `lockin` analysis)
export { SERVICES as LOCKIN_SERVICES } from '../src/knowledge/lockin/index.js';
export type { ArnFinding, FileRole, LayoutGlobs } from '../src/analysis/lockin/index.js';
// cost: the estimate, schedules, trigger loops, Lambda limits
export type { CostAnalysis, CostLine, FnEstimate } from '../src/analysis/cost/index.js';
export { numberOf } from '../src/analysis/cost/index.js';
export { scheduleRate } from '../src/analysis/cost/schedule.js';
export type { ScheduleRate } from '../src/analysis/cost/schedule.js';
export {
  iamWrites,
  LOOP_DETECTION_SERVICES,
  otherWriter,
  s3EventsMatch,
  triggerResource,
  writeReaches,
} from '../src/analysis/cost/writes.js';
export type { LoopResource, LoopService, Write, WriteSource } from '../src/analysis/cost/writes.js';
export { LAMBDA_LIMITS } from '../src/knowledge/aws/prices.js';
export { literalString, valueOf } from '../src/core/node.js';
export { inPackageList, NATIVE_PACKAGES, NETWORK_PACKAGES } from '../src/knowledge/packages-cost.js';
// least privilege: the SDK calls of each function's code (the `sdkCalls` analysis) and their actions
export { sdkWrites } from '../src/analysis/sdk-calls/index.js';
export { reachableFiles } from '../src/code/reach.js';
export type { CallResource, SdkCall, SdkCallsRun, Visibility } from '../src/analysis/sdk-calls/index.js';
export { sdkActions } from '../src/knowledge/aws/sdk/index.js';
// cold start: what each function loads at init (the `coldstart` analysis) and the runtimes' facts
export type {
  ClientSite,
  ColdstartRun,
  FnInitCost,
  InvocationClient,
  PackageCost,
  PackageImport,
  ShipAnswer,
  Shipping,
  ShipSize,
} from '../src/analysis/coldstart/index.js';
export { bundlerOf, packagingLoc, runtimeOf, sizeText } from '../src/analysis/coldstart/index.js';
export { nodeMajor, runtimeProvides } from '../src/knowledge/runtimes.js';
export { WHOLE_IMPORTS, wholeImport } from '../src/knowledge/packages-init.js';
export type { WholeImport } from '../src/knowledge/packages-init.js';
export { daysBetween, deprecatedRuntime, DEPRECATED_RUNTIMES } from '../src/knowledge/aws/lambda-runtimes.js';
export type { DeprecatedRuntime } from '../src/knowledge/aws/lambda-runtimes.js';
export { checksCaller, codeWrite } from '../src/analysis/code-writes.js';
export type { CodeWrite } from '../src/analysis/code-writes.js';

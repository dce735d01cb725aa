// The rule registry: one import line per rule, sorted by id. test/meta.test.ts checks that every
// rule folder is registered here and that the README rule table matches this list.
import type { Rule } from './_api.js';
import azureHttpsOnly from './azure/https-only/index.js';
import azureMinTlsVersion from './azure/min-tls-version/index.js';
import azureNoAdminAuthLevel from './azure/no-admin-auth-level/index.js';
import azureNoAnonymousHttp from './azure/no-anonymous-http/index.js';
import azureNoCorsWildcardCredentials from './azure/no-cors-wildcard-credentials/index.js';
import azureNoFtp from './azure/no-ftp/index.js';
import azureNoPrivilegedRoleAssignment from './azure/no-privileged-role-assignment/index.js';
import coldstartAwsSdkV2 from './coldstart/aws-sdk-v2/index.js';
import coldstartClientInHandler from './coldstart/client-in-handler/index.js';
import coldstartDevDependencies from './coldstart/dev-dependencies/index.js';
import coldstartEolRuntime from './coldstart/eol-runtime/index.js';
import coldstartHeavyInit from './coldstart/heavy-init/index.js';
import coldstartModuleScopeWork from './coldstart/module-scope-work/index.js';
import coldstartMonoPackage from './coldstart/mono-package/index.js';
import coldstartNoBundlerLargeNodeModules from './coldstart/no-bundler-large-node-modules/index.js';
import coldstartNoSnapstart from './coldstart/no-snapstart/index.js';
import coldstartSmallMemoryHeavyInit from './coldstart/small-memory-heavy-init/index.js';
import coldstartWholePackageImport from './coldstart/whole-package-import/index.js';
import costApiThrottling from './cost/api-throttling/index.js';
import costAsyncNoFailureDestination from './cost/async-no-failure-destination/index.js';
import costDebugLogging from './cost/debug-logging/index.js';
import costDefaultTimeoutNetwork from './cost/default-timeout-network/index.js';
import costLogRetention from './cost/log-retention/index.js';
import costMemorySize from './cost/memory-size/index.js';
import costNoRecursiveTrigger from './cost/no-recursive-trigger/index.js';
import costPreferArm64 from './cost/prefer-arm64/index.js';
import costProvisionedConcurrency from './cost/provisioned-concurrency/index.js';
import costScheduleFrequency from './cost/schedule-frequency/index.js';
import costSqsBatching from './cost/sqs-batching/index.js';
import costSqsVisibilityTimeout from './cost/sqs-visibility-timeout/index.js';
import costTimeoutAboveCaller from './cost/timeout-above-caller/index.js';
import costUnboundedPublicFunction from './cost/unbounded-public-function/index.js';
import gcpCallableAuthCheck from './gcp/callable-auth-check/index.js';
import gcpEventFunctionIngress from './gcp/event-function-ingress/index.js';
import gcpMaxInstances from './gcp/max-instances/index.js';
import gcpMinInstances from './gcp/min-instances/index.js';
import gcpNoDefaultServiceAccount from './gcp/no-default-service-account/index.js';
import gcpNoPublicInvoker from './gcp/no-public-invoker/index.js';
import gcpOpenSecurityRules from './gcp/open-security-rules/index.js';
import iamNoAdminPolicy from './iam/no-admin-policy/index.js';
import iamNoFullAccessManagedPolicy from './iam/no-full-access-managed-policy/index.js';
import iamNoNotAction from './iam/no-not-action/index.js';
import iamNoOpenTrustPolicy from './iam/no-open-trust-policy/index.js';
import iamNoPassroleStar from './iam/no-passrole-star/index.js';
import iamNoPrivilegeEscalation from './iam/no-privilege-escalation/index.js';
import iamNoPublicBucket from './iam/no-public-bucket/index.js';
import iamNoPublicFunctionUrl from './iam/no-public-function-url/index.js';
import iamNoPublicLambdaPermission from './iam/no-public-lambda-permission/index.js';
import iamNoPublicResourcePolicy from './iam/no-public-resource-policy/index.js';
import iamNoResourceWildcard from './iam/no-resource-wildcard/index.js';
import iamNoSensitiveActionOnStar from './iam/no-sensitive-action-on-star/index.js';
import iamNoSharedRole from './iam/no-shared-role/index.js';
import iamNoUnauthenticatedApi from './iam/no-unauthenticated-api/index.js';
import iamNoUnauthenticatedHttp from './iam/no-unauthenticated-http/index.js';
import iamNoUngrantedCall from './iam/no-ungranted-call/index.js';
import iamNoUnknownAction from './iam/no-unknown-action/index.js';
import iamNoUnusedGrant from './iam/no-unused-grant/index.js';
import iamNoWildcardAction from './iam/no-wildcard-action/index.js';
import inputCodeInjection from './input/code-injection/index.js';
import inputCommandInjection from './input/command-injection/index.js';
import inputCorsCredentialsWildcard from './input/cors-credentials-wildcard/index.js';
import inputCronUnverified from './input/cron-unverified/index.js';
import inputDynamicRequire from './input/dynamic-require/index.js';
import inputJwtUnverified from './input/jwt-unverified/index.js';
import inputMissingValidation from './input/missing-validation/index.js';
import inputNosqlInjection from './input/nosql-injection/index.js';
import inputOpenRedirect from './input/open-redirect/index.js';
import inputPathTraversal from './input/path-traversal/index.js';
import inputPrototypePollution from './input/prototype-pollution/index.js';
import inputRegexInjection from './input/regex-injection/index.js';
import inputS3KeyInjection from './input/s3-key-injection/index.js';
import inputSqlInjection from './input/sql-injection/index.js';
import inputSsrf from './input/ssrf/index.js';
import inputUnsafeDeserialization from './input/unsafe-deserialization/index.js';
import inputWebhookUnverified from './input/webhook-unverified/index.js';
import inputXss from './input/xss/index.js';
import lockinContextInSharedCode from './lockin/context-in-shared-code/index.js';
import lockinEventBeyondHandler from './lockin/event-beyond-handler/index.js';
import lockinHardcodedRegion from './lockin/hardcoded-region/index.js';
import lockinProprietaryOrchestration from './lockin/proprietary-orchestration/index.js';
import lockinSdkOutsideAdapter from './lockin/sdk-outside-adapter/index.js';
import netlifyHeadersOnFunction from './netlify/headers-on-function/index.js';
import secretsNoDotenvSecret from './secrets/no-dotenv-secret/index.js';
import secretsNoHardcodedSecret from './secrets/no-hardcoded-secret/index.js';
import secretsNoPlaintextEnv from './secrets/no-plaintext-env/index.js';
import secretsNoPublicEnvSecret from './secrets/no-public-env-secret/index.js';
import secretsNoTemplateSecret from './secrets/no-template-secret/index.js';
import secretsPreferSecretReference from './secrets/prefer-secret-reference/index.js';

export const rules: Rule<any>[] = [
  azureHttpsOnly,
  azureMinTlsVersion,
  azureNoAdminAuthLevel,
  azureNoAnonymousHttp,
  azureNoCorsWildcardCredentials,
  azureNoFtp,
  azureNoPrivilegedRoleAssignment,
  coldstartAwsSdkV2,
  coldstartClientInHandler,
  coldstartDevDependencies,
  coldstartEolRuntime,
  coldstartHeavyInit,
  coldstartModuleScopeWork,
  coldstartMonoPackage,
  coldstartNoBundlerLargeNodeModules,
  coldstartNoSnapstart,
  coldstartSmallMemoryHeavyInit,
  coldstartWholePackageImport,
  costApiThrottling,
  costAsyncNoFailureDestination,
  costDebugLogging,
  costDefaultTimeoutNetwork,
  costLogRetention,
  costMemorySize,
  costNoRecursiveTrigger,
  costPreferArm64,
  costProvisionedConcurrency,
  costScheduleFrequency,
  costSqsBatching,
  costSqsVisibilityTimeout,
  costTimeoutAboveCaller,
  costUnboundedPublicFunction,
  gcpCallableAuthCheck,
  gcpEventFunctionIngress,
  gcpMaxInstances,
  gcpMinInstances,
  gcpNoDefaultServiceAccount,
  gcpNoPublicInvoker,
  gcpOpenSecurityRules,
  iamNoAdminPolicy,
  iamNoFullAccessManagedPolicy,
  iamNoNotAction,
  iamNoOpenTrustPolicy,
  iamNoPassroleStar,
  iamNoPrivilegeEscalation,
  iamNoPublicBucket,
  iamNoPublicFunctionUrl,
  iamNoPublicLambdaPermission,
  iamNoPublicResourcePolicy,
  iamNoResourceWildcard,
  iamNoSensitiveActionOnStar,
  iamNoSharedRole,
  iamNoUnauthenticatedApi,
  iamNoUnauthenticatedHttp,
  iamNoUngrantedCall,
  iamNoUnknownAction,
  iamNoUnusedGrant,
  iamNoWildcardAction,
  inputCodeInjection,
  inputCommandInjection,
  inputCorsCredentialsWildcard,
  inputCronUnverified,
  inputDynamicRequire,
  inputJwtUnverified,
  inputMissingValidation,
  inputNosqlInjection,
  inputOpenRedirect,
  inputPathTraversal,
  inputPrototypePollution,
  inputRegexInjection,
  inputS3KeyInjection,
  inputSqlInjection,
  inputSsrf,
  inputUnsafeDeserialization,
  inputWebhookUnverified,
  inputXss,
  lockinContextInSharedCode,
  lockinEventBeyondHandler,
  lockinHardcodedRegion,
  lockinProprietaryOrchestration,
  lockinSdkOutsideAdapter,
  netlifyHeadersOnFunction,
  secretsNoDotenvSecret,
  secretsNoHardcodedSecret,
  secretsNoPlaintextEnv,
  secretsNoPublicEnvSecret,
  secretsNoTemplateSecret,
  secretsPreferSecretReference,
];

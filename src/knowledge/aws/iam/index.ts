/** The IAM knowledge library: AWS actions, SAM policy templates, managed policies, risky actions. */
export {
  accessLevel,
  actionInfo,
  actionMatches,
  anyActionMatcher,
  allActions,
  canonicalAction,
  expandActionPattern,
  hasWildcard,
  isKnownAction,
  isKnownService,
  isWildcardOnlyAction,
  serviceActions,
  splitAction,
} from './actions.js';
export type { AccessLevel, ActionInfo } from './actions.js';
export { expandSamPolicyTemplate, samPolicyTemplateNames, samPolicyTemplateParameters } from './sam-templates.js';
export { classifyManagedPolicy, knownManagedPolicyNames, managedPolicyAllows, managedPolicyGrants } from './managed-policies.js';
export type { ManagedGrant, ManagedPolicyInfo, ManagedPolicyKind } from './managed-policies.js';
export { escalationMethods, findEscalations, PRIVESC_ACTIONS } from './privesc.js';
export type { EscalationCategory, EscalationMethod, FindEscalationsOptions } from './privesc.js';
export { classifyRisk, CREDENTIALS_EXPOSURE_ACTIONS, DATA_EXFILTRATION_ACTIONS } from './sensitive.js';
export type { ActionRisk } from './sensitive.js';

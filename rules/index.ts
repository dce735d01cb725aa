// The rule registry: one import line per rule, sorted by id. test/meta.test.ts checks that every
// rule folder is registered here and that the README rule table matches this list.
import type { Rule } from '../src/engine/rule.js';
import iamNoAdminPolicy from './iam/no-admin-policy/index.js';
import iamNoWildcardAction from './iam/no-wildcard-action/index.js';
import secretsNoPlaintextEnv from './secrets/no-plaintext-env/index.js';

export const rules: Rule<any>[] = [iamNoAdminPolicy, iamNoWildcardAction, secretsNoPlaintextEnv];

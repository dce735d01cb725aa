/** How the Serverless Framework names what it generates in the CloudFormation template. */

/**
 * The framework's normalisation of a name inside logical ids: `-` → `Dash`, `_` → `Underscore`,
 * first letter upper-cased (`get-user_v2` → `GetDashuserUnderscorev2`).
 */
export function normalizeServerlessName(name: string): string {
  const s = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Logical id of a function's `AWS::Lambda::Function` in the generated template (`<Name>LambdaFunction`). */
export function serverlessLogicalId(fnKey: string): string {
  return `${normalizeServerlessName(fnKey)}LambdaFunction`;
}

/** Id of the synthetic role standing for the framework's shared execution role. */
export const SERVERLESS_PROVIDER_ROLE_ID = 'serverless:provider';
/** CloudFormation logical id the framework gives its shared execution role (`resources` may extend it). */
export const SERVERLESS_DEFAULT_ROLE_LOGICAL_ID = 'IamRoleLambdaExecution';

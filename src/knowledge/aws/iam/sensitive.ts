import { accessLevel } from './actions.js';
import { escalationMethods } from './privesc.js';

/**
 * Lists of sensitive actions, and a per-action risk summary.
 *
 * Sources: Cloudsplaining (`READ_ONLY_DATA_EXFILTRATION_ACTIONS`, its DataExfiltration risk text,
 * `ACTIONS_THAT_RETURN_CREDENTIALS`, itself from Kinnaird McQuade's list of AWS API calls that return
 * credentials) and Parliament's `CREDENTIALS_EXPOSURE_ACTIONS`. Names are in canonical case;
 * matching is case-insensitive.
 */

/**
 * Reads that hand out stored data (objects, parameters, secrets, table items) or copy it out of its
 * store (database snapshots, table exports), or decrypt it.
 */
export const DATA_EXFILTRATION_ACTIONS: readonly string[] = [
  // Cloudsplaining's read-only data exfiltration list
  's3:GetObject',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'secretsmanager:GetSecretValue',
  // named in Cloudsplaining's DataExfiltration definition
  'rds:CopyDBSnapshot',
  'rds:CreateDBSnapshot',
  // the same reach through sibling APIs
  's3:GetObjectVersion',
  'ssm:GetParameterHistory',
  'secretsmanager:BatchGetSecretValue',
  'rds:CopyDBClusterSnapshot',
  'rds:CreateDBClusterSnapshot',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PartiQLSelect',
  'dynamodb:ExportTableToPointInTime',
  'kms:Decrypt',
];

/**
 * API calls whose response contains credentials (keys, tokens, passwords). Left out of the source
 * lists: `cognito-idp:GetSigningCertificate`, which returns the user pool's public SAML signing
 * certificate, no secret.
 */
export const CREDENTIALS_EXPOSURE_ACTIONS: readonly string[] = [
  'airflow:CreateCliToken',
  'airflow:CreateWebLoginToken',
  'appsync:CreateApiKey',
  'chime:CreateApiKey',
  'cloud9:CreateEnvironmentToken',
  'codeartifact:GetAuthorizationToken',
  'codepipeline:PollForJobs',
  'cognito-identity:GetCredentialsForIdentity',
  'cognito-identity:GetOpenIdToken',
  'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
  'cognito-idp:AssociateSoftwareToken',
  'connect:GetFederationToken',
  'ec2:GetPasswordData',
  'ecr-public:GetAuthorizationToken',
  'ecr:GetAuthorizationToken',
  'emr-containers:GetManagedEndpointSessionCredentials',
  'finspace-api:GetProgrammaticAccessCredentials',
  'gamelift:GetComputeAccess',
  'gamelift:GetComputeAuthToken',
  'gamelift:GetInstanceAccess',
  'gamelift:RequestUploadCredentials',
  'grafana:CreateWorkspaceApiKey',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'iam:UpdateAccessKey',
  'license-manager:GetAccessToken',
  'lightsail:CreateBucketAccessKey',
  'lightsail:DownloadDefaultKeyPair',
  'lightsail:GetInstanceAccessDetails',
  'lightsail:GetRelationalDatabaseMasterUserPassword',
  'mediapackage:RotateChannelCredentials',
  'mediapackage:RotateIngestEndpointCredentials',
  'rds-db:connect',
  'redshift-serverless:GetCredentials',
  'redshift:GetClusterCredentials',
  'redshift:GetClusterCredentialsWithIAM',
  // the IAM Identity Center portal API: absent from the IAM dataset, still listed by both tools
  'sso:GetRoleCredentials',
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:GetFederationToken',
  'sts:GetSessionToken',
];

const EXFIL = new Set(DATA_EXFILTRATION_ACTIONS.map((a) => a.toLowerCase()));
const CREDS = new Set(CREDENTIALS_EXPOSURE_ACTIONS.map((a) => a.toLowerCase()));
let singleActionEscalations: Set<string> | undefined;

export interface ActionRisk {
  /** reads or copies stored data (DATA_EXFILTRATION_ACTIONS) */
  exfiltration?: true;
  /** returns credentials (CREDENTIALS_EXPOSURE_ACTIONS) */
  credentialsExposure?: true;
  /** AWS rates it "Permissions management" (changes who may do what: IAM, resource policies, grants) */
  permissionsManagement?: true;
  /** on its own a privilege-escalation method (iam:CreatePolicyVersion, lambda:UpdateFunctionCode…) */
  privilegeEscalation?: true;
}

/**
 * The risks of one concrete action (case-insensitive). An empty object when none apply or the text
 * is not an action; patterns are not expanded here (use expandActionPattern first).
 */
export function classifyRisk(action: string): ActionRisk {
  if (typeof action !== 'string') return {};
  const lower = action.toLowerCase();
  const out: ActionRisk = {};
  if (EXFIL.has(lower)) out.exfiltration = true;
  if (CREDS.has(lower)) out.credentialsExposure = true;
  if (accessLevel(action) === 'Permissions management') out.permissionsManagement = true;
  singleActionEscalations ??= new Set(
    escalationMethods()
      .filter((x) => x.actions.length === 1)
      .map((x) => x.actions[0]!.toLowerCase()),
  );
  if (singleActionEscalations.has(lower)) out.privilegeEscalation = true;
  return out;
}

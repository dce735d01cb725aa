import { actionMatches } from './actions.js';

/**
 * AWS IAM privilege-escalation methods, as data: each is a set of actions that, granted together
 * (on `*` or on the right resources), lets a principal gain more privileges.
 *
 * Sources:
 *  - Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (parts 1 and 2) and
 *    their AWS-IAM-Privilege-Escalation list (methods 1–28), the set Parliament and Cloudsplaining
 *    started from;
 *  - Cloudsplaining's `PRIVILEGE_ESCALATION_METHODS` (which adds the pathfinding.cloud paths).
 * Where the sources differ on one method we follow Rhino's write-up and say so in the description
 * (e.g. UpdateRolePolicyToAssumeIt needs sts:AssumeRole; Data Pipeline needs PutPipelineDefinition).
 */

export type EscalationCategory =
  | 'iam-principals' // permissions on other users / groups
  | 'iam-policies' // permissions on policies
  | 'assume-role' // updating a trust policy
  | 'pass-role' // iam:PassRole to a new compute resource
  | 'service'; // taking over an existing resource that runs with a role

export interface EscalationMethod {
  /** stable id (the name Cloudsplaining/Parliament use where they have one) */
  id: string;
  /** a short human title */
  name: string;
  /** every action is required (canonical case) */
  actions: string[];
  description: string;
  category: EscalationCategory;
}

const m = (id: string, category: EscalationCategory, name: string, actions: string[], description: string): EscalationMethod => ({
  id,
  name,
  actions,
  description,
  category,
});

const PASS = 'iam:PassRole';

const METHODS: readonly EscalationMethod[] = [
  // 1. Permissions on other principals
  m(
    'CreateAccessKey',
    'iam-principals',
    'Create an access key for another user',
    ['iam:CreateAccessKey'],
    'Creating an access key for another IAM user gives its permissions to whoever holds the key',
  ),
  m(
    'CreateLoginProfile',
    'iam-principals',
    'Create a console password for another user',
    ['iam:CreateLoginProfile'],
    'Setting a console password on a user without one lets the caller sign in as that user',
  ),
  m(
    'UpdateLoginProfile',
    'iam-principals',
    "Change another user's console password",
    ['iam:UpdateLoginProfile'],
    "Changing an existing user's console password lets the caller sign in as that user",
  ),
  m(
    'AddUserToGroup',
    'iam-principals',
    'Add a user to a group',
    ['iam:AddUserToGroup'],
    "Adding oneself to an existing group (an admin group, say) grants the group's policies",
  ),
  m(
    'CreateAndRotateAccessKey',
    'iam-principals',
    'Delete then create access keys of another user',
    ['iam:CreateAccessKey', 'iam:DeleteAccessKey'],
    "Deleting one of a user's two keys makes room to create a new key for that user",
  ),

  // 2. Permissions on policies
  m(
    'CreateNewPolicyVersion',
    'iam-policies',
    'Create a new policy version',
    ['iam:CreatePolicyVersion'],
    'A new default version of a policy attached to the caller can grant any permission (--set-as-default needs no other permission)',
  ),
  m(
    'SetExistingDefaultPolicyVersion',
    'iam-policies',
    'Set an older policy version as default',
    ['iam:SetDefaultPolicyVersion'],
    'Switching a policy to a non-default version may enable more permissive statements kept in it',
  ),
  m(
    'AttachUserPolicy',
    'iam-policies',
    'Attach a managed policy to a user',
    ['iam:AttachUserPolicy'],
    'Attaching AdministratorAccess (or any policy) to oneself grants its permissions',
  ),
  m(
    'AttachGroupPolicy',
    'iam-policies',
    'Attach a managed policy to a group',
    ['iam:AttachGroupPolicy'],
    'Attaching a policy to a group the caller belongs to grants its permissions',
  ),
  m(
    'AttachRolePolicy',
    'iam-policies',
    'Attach a managed policy to a role',
    ['iam:AttachRolePolicy'],
    'Attaching a policy to a role the caller can use (its own, or one it can assume) grants its permissions',
  ),
  m(
    'PutUserPolicy',
    'iam-policies',
    'Write an inline policy on a user',
    ['iam:PutUserPolicy'],
    'An inline policy written on oneself can grant any permission',
  ),
  m(
    'PutGroupPolicy',
    'iam-policies',
    'Write an inline policy on a group',
    ['iam:PutGroupPolicy'],
    'An inline policy written on a group the caller belongs to can grant any permission',
  ),
  m(
    'PutRolePolicy',
    'iam-policies',
    'Write an inline policy on a role',
    ['iam:PutRolePolicy'],
    'An inline policy written on a role the caller can use can grant any permission',
  ),
  m(
    'AttachUserPolicyThenCreateAccessKey',
    'iam-policies',
    'Attach a policy to a user, then create its access key',
    ['iam:AttachUserPolicy', 'iam:CreateAccessKey'],
    'Elevating another user and minting a key for it (pathfinding.cloud iam-015)',
  ),
  m(
    'PutUserPolicyThenCreateAccessKey',
    'iam-policies',
    'Write an inline policy on a user, then create its access key',
    ['iam:PutUserPolicy', 'iam:CreateAccessKey'],
    'Elevating another user and minting a key for it (pathfinding.cloud iam-018)',
  ),
  m(
    'CreatePolicyVersionThenAssumeRole',
    'iam-policies',
    "Rewrite a role's policy, then assume the role",
    ['iam:CreatePolicyVersion', 'sts:AssumeRole'],
    'A new version of a policy attached to an assumable role, then assuming it (pathfinding.cloud iam-016)',
  ),

  // 3. Trust policies
  m(
    'UpdateRolePolicyToAssumeIt',
    'assume-role',
    "Rewrite a role's trust policy, then assume it",
    ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
    "Changing a role's trust policy to trust oneself, then assuming it (Rhino; Cloudsplaining lists UpdateAssumeRolePolicy alone)",
  ),
  m(
    'AttachRolePolicyThenUpdateAssumeRolePolicy',
    'assume-role',
    'Attach a policy to a role and trust oneself in it',
    ['iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy'],
    'Elevating any role and making it assumable (pathfinding.cloud iam-019)',
  ),
  m(
    'CreatePolicyVersionThenUpdateAssumeRolePolicy',
    'assume-role',
    "Rewrite a role's policy and trust oneself in it",
    ['iam:CreatePolicyVersion', 'iam:UpdateAssumeRolePolicy'],
    'Elevating a role through its policy and making it assumable (pathfinding.cloud iam-020)',
  ),
  m(
    'PutRolePolicyThenUpdateAssumeRolePolicy',
    'assume-role',
    "Write a role's inline policy and trust oneself in it",
    ['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'],
    'Elevating any role and making it assumable (pathfinding.cloud iam-021)',
  ),

  // 4. iam:PassRole to new compute
  m(
    'CreateEC2WithExistingIP',
    'pass-role',
    'Launch an EC2 instance with an existing instance profile',
    [PASS, 'ec2:RunInstances'],
    "An instance launched with a privileged instance profile exposes the role's credentials to whoever controls the instance",
  ),
  m(
    'PassExistingRoleToNewEC2SpotInstance',
    'pass-role',
    'Request a spot instance with an existing role',
    [PASS, 'ec2:RequestSpotInstances'],
    'As CreateEC2WithExistingIP, through a spot request (pathfinding.cloud ec2-003)',
  ),
  m(
    'PassExistingRoleToNewLambdaThenInvoke',
    'pass-role',
    'Create a Lambda function with an existing role and invoke it',
    [PASS, 'lambda:CreateFunction', 'lambda:InvokeFunction'],
    "New function code runs with the passed role's permissions when invoked",
  ),
  m(
    'PassExistingRoleToNewLambdaThenAddPermission',
    'pass-role',
    'Create a Lambda function with an existing role and allow another account to invoke it',
    [PASS, 'lambda:CreateFunction', 'lambda:AddPermission'],
    'New function code runs with the passed role, invoked cross-account after AddPermission (Rhino 16)',
  ),
  m(
    'PassExistingRoleToNewLambdaThenTriggerWithNewDynamo',
    'pass-role',
    'Create a Lambda function with an existing role, triggered by a new DynamoDB table',
    [PASS, 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping', 'dynamodb:CreateTable', 'dynamodb:PutItem'],
    'Without InvokeFunction, an event source mapping on a new table runs the function',
  ),
  m(
    'PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo',
    'pass-role',
    'Create a Lambda function with an existing role, triggered by an existing stream',
    [PASS, 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
    'Without InvokeFunction, an event source mapping on an existing stream runs the function',
  ),
  m(
    'PassExistingRoleToNewGlueDevEndpoint',
    'pass-role',
    'Create a Glue development endpoint with an existing role',
    [PASS, 'glue:CreateDevEndpoint'],
    "SSH into the new endpoint gives the passed role's credentials",
  ),
  m(
    'PassExistingRoleToNewGlueJobThenRun',
    'pass-role',
    'Create a Glue job with an existing role and run it',
    [PASS, 'glue:CreateJob', 'glue:StartJobRun'],
    'Job code runs with the passed role (pathfinding.cloud glue-003)',
  ),
  m(
    'PassExistingRoleToNewGlueJobViaTrigger',
    'pass-role',
    'Create a Glue job with an existing role and a trigger',
    [PASS, 'glue:CreateJob', 'glue:CreateTrigger'],
    'Job code runs with the passed role (pathfinding.cloud glue-004)',
  ),
  m(
    'PassExistingRoleToUpdatedGlueJobThenRun',
    'pass-role',
    'Give a Glue job an existing role and run it',
    [PASS, 'glue:UpdateJob', 'glue:StartJobRun'],
    'Job code runs with the passed role (pathfinding.cloud glue-005)',
  ),
  m(
    'PassExistingRoleToUpdatedGlueJobViaTrigger',
    'pass-role',
    'Give a Glue job an existing role and a trigger',
    [PASS, 'glue:UpdateJob', 'glue:CreateTrigger'],
    'Job code runs with the passed role (pathfinding.cloud glue-006)',
  ),
  m(
    'PassExistingRoleToCloudFormation',
    'pass-role',
    'Create a CloudFormation stack with an existing role',
    [PASS, 'cloudformation:CreateStack'],
    'The stack creates any resource the passed role may create',
  ),
  m(
    'PassExistingRoleToNewCloudFormationStackSet',
    'pass-role',
    'Create a CloudFormation StackSet with an existing role',
    [PASS, 'cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'],
    'StackSet instances deploy with the passed role (pathfinding.cloud cloudformation-003)',
  ),
  m(
    'PassRoleToUpdateCloudFormationStackSet',
    'pass-role',
    'Update a CloudFormation StackSet with an existing role',
    [PASS, 'cloudformation:UpdateStackSet'],
    'StackSet updates deploy with the passed role (pathfinding.cloud cloudformation-004)',
  ),
  m(
    'PassExistingRoleToNewDataPipeline',
    'pass-role',
    'Create a Data Pipeline with an existing role',
    [PASS, 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'],
    'A pipeline definition runs arbitrary commands with the passed role (Rhino; Cloudsplaining omits PutPipelineDefinition)',
  ),
  m(
    'PassExistingRoleToNewCodeStarProject',
    'pass-role',
    'Create a CodeStar project with an existing role',
    [PASS, 'codestar:CreateProject'],
    'The project deploys its resources with the passed role (Rhino 24)',
  ),
  m(
    'PassExistingRoleToNewCodeBuildProjectThenBuild',
    'pass-role',
    'Create a CodeBuild project with an existing role and build',
    [PASS, 'codebuild:CreateProject', 'codebuild:StartBuild'],
    'Build commands run with the passed role (pathfinding.cloud codebuild-001)',
  ),
  m(
    'PassExistingRoleToNewCodeBuildProjectThenBuildBatch',
    'pass-role',
    'Create a CodeBuild project with an existing role and batch-build',
    [PASS, 'codebuild:CreateProject', 'codebuild:StartBuildBatch'],
    'Build commands run with the passed role (pathfinding.cloud codebuild-004)',
  ),
  m(
    'PassExistingRoleToNewAppRunnerService',
    'pass-role',
    'Create an App Runner service with an existing role',
    [PASS, 'apprunner:CreateService'],
    'Service code runs with the passed role (pathfinding.cloud apprunner-001)',
  ),
  m(
    'PassExistingRoleToNewECSClusterServiceTask',
    'pass-role',
    'Create an ECS cluster, task definition and service with an existing role',
    [PASS, 'ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:CreateService'],
    'Task code runs with the passed role (pathfinding.cloud ecs-001)',
  ),
  m(
    'PassExistingRoleToNewECSClusterRunTask',
    'pass-role',
    'Create an ECS cluster and task definition with an existing role, then run it',
    [PASS, 'ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:RunTask'],
    'Task code runs with the passed role (pathfinding.cloud ecs-002)',
  ),
  m(
    'PassExistingRoleToNewECSService',
    'pass-role',
    'Register a task definition with an existing role and create a service',
    [PASS, 'ecs:RegisterTaskDefinition', 'ecs:CreateService'],
    'Task code runs with the passed role (pathfinding.cloud ecs-003)',
  ),
  m(
    'PassExistingRoleToNewECSTaskViaRunTask',
    'pass-role',
    'Register a task definition with an existing role and run it',
    [PASS, 'ecs:RegisterTaskDefinition', 'ecs:RunTask'],
    'Task code runs with the passed role (pathfinding.cloud ecs-004)',
  ),
  m(
    'PassExistingRoleToNewECSTaskViaStartTask',
    'pass-role',
    'Register a task definition with an existing role and start it',
    [PASS, 'ecs:RegisterTaskDefinition', 'ecs:StartTask'],
    'Task code runs with the passed role (pathfinding.cloud ecs-005)',
  ),
  m(
    'PassRoleToNewSageMakerNotebook',
    'pass-role',
    'Create a SageMaker notebook instance with an existing role',
    [PASS, 'sagemaker:CreateNotebookInstance'],
    "The notebook (opened through a presigned URL or a lifecycle script) holds the passed role's credentials (Rhino 27, pathfinding.cloud sagemaker-001)",
  ),
  m(
    'PassExistingRoleToNewSageMakerTrainingJob',
    'pass-role',
    'Create a SageMaker training job with an existing role',
    [PASS, 'sagemaker:CreateTrainingJob'],
    'Training code runs with the passed role (pathfinding.cloud sagemaker-002)',
  ),
  m(
    'PassExistingRoleToNewSageMakerProcessingJob',
    'pass-role',
    'Create a SageMaker processing job with an existing role',
    [PASS, 'sagemaker:CreateProcessingJob'],
    'Processing code runs with the passed role (pathfinding.cloud sagemaker-003)',
  ),
  m(
    'PassExistingRoleToNewBedrockCodeInterpreter',
    'pass-role',
    'Create a Bedrock AgentCore code interpreter with an existing role',
    [
      PASS,
      'bedrock-agentcore:CreateCodeInterpreter',
      'bedrock-agentcore:StartCodeInterpreterSession',
      'bedrock-agentcore:InvokeCodeInterpreter',
    ],
    'Interpreted code runs with the passed role (pathfinding.cloud bedrock-001)',
  ),

  // 5. Existing resources that run with a role
  m(
    'EditExistingLambdaFunctionWithRole',
    'service',
    'Replace the code of an existing Lambda function',
    ['lambda:UpdateFunctionCode'],
    "New code runs with the function's role the next time it is invoked",
  ),
  m(
    'UpdateAndInvokeLambdaFunction',
    'service',
    'Replace the code of a Lambda function and invoke it',
    ['lambda:UpdateFunctionCode', 'lambda:InvokeFunction'],
    'As EditExistingLambdaFunctionWithRole, invoked at will (pathfinding.cloud lambda-004)',
  ),
  m(
    'UpdateLambdaFunctionAndAddPermission',
    'service',
    'Replace the code of a Lambda function and allow another account to invoke it',
    ['lambda:UpdateFunctionCode', 'lambda:AddPermission'],
    'As EditExistingLambdaFunctionWithRole, invoked cross-account (pathfinding.cloud lambda-005)',
  ),
  m(
    'AddExistingLambdaLayerToLambdaFunctionWithRole',
    'service',
    'Attach a layer to an existing Lambda function',
    ['lambda:UpdateFunctionConfiguration'],
    "A layer that overrides a library the function imports runs with the function's role (Rhino 26)",
  ),
  m(
    'UpdateExistingGlueDevEndpoint',
    'service',
    'Replace the SSH key of an existing Glue development endpoint',
    ['glue:UpdateDevEndpoint'],
    "SSH into the endpoint gives its role's credentials",
  ),
  m(
    'CreateCodeStarProjectFromTemplate',
    'service',
    'Create a CodeStar project from a template',
    ['codestar:CreateProjectFromTemplate'],
    "An undocumented CodeStar API creates resources under the project's CloudFormation role (Rhino 23)",
  ),
  m(
    'CreateCodeStarProjectThenAssociateTeamMember',
    'service',
    'Create a CodeStar project and make oneself its owner',
    ['codestar:CreateProject', 'codestar:AssociateTeamMember'],
    'Project ownership attaches a project policy to the caller (Rhino 25)',
  ),
  m(
    'CreatePresignedSageMakerNotebookUrl',
    'service',
    'Open an existing SageMaker notebook through a presigned URL',
    ['sagemaker:CreatePresignedNotebookInstanceUrl'],
    "The notebook's terminal holds its role's credentials (Rhino 28)",
  ),
  m(
    'UpdateSageMakerNotebookLifecycleConfig',
    'service',
    'Give an existing SageMaker notebook a new lifecycle script',
    [
      'sagemaker:CreateNotebookInstanceLifecycleConfig',
      'sagemaker:StopNotebookInstance',
      'sagemaker:UpdateNotebookInstance',
      'sagemaker:StartNotebookInstance',
    ],
    "The lifecycle script runs with the notebook's role on restart (pathfinding.cloud sagemaker-005)",
  ),
  m(
    'ExecuteCloudFormationChangeSet',
    'service',
    'Create and execute a change set on an existing stack',
    ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'],
    "The change set deploys with the stack's service role (pathfinding.cloud cloudformation-005)",
  ),
  m(
    'ModifyEC2InstanceUserDataThenRestart',
    'service',
    'Change the user data of an existing instance and restart it',
    ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'],
    'New user data runs as root with the instance profile on the next boot (pathfinding.cloud ec2-002)',
  ),
  m(
    'ModifyExistingEC2LaunchTemplate',
    'service',
    'Change the default version of a launch template',
    ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
    'Instances launched from the template run the new user data with its role (pathfinding.cloud ec2-004)',
  ),
  m(
    'EC2InstanceConnectSendSSHPublicKey',
    'service',
    'Push an SSH key to an existing instance',
    ['ec2-instance-connect:SendSSHPublicKey', 'ec2:DescribeInstances'],
    "Shell access to an instance gives its profile's credentials (pathfinding.cloud ec2instanceconnect-003)",
  ),
  m(
    'ECSExecuteCommandOnRunningTask',
    'service',
    'Run a command in an existing ECS task',
    ['ecs:ExecuteCommand', 'ecs:DescribeTasks'],
    "A shell in the task gives its task role's credentials (pathfinding.cloud ecs-006)",
  ),
  m(
    'AccessExistingBedrockCodeInterpreterSession',
    'service',
    'Run code in an existing Bedrock AgentCore code interpreter',
    ['bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'],
    "Interpreted code runs with the interpreter's role (pathfinding.cloud bedrock-002)",
  ),
];

/** Every method (shared objects: do not mutate). */
export function escalationMethods(): readonly EscalationMethod[] {
  return METHODS;
}

/** Every action that takes part in some method, lowercase: a cheap pre-filter. */
export const PRIVESC_ACTIONS: ReadonlySet<string> = new Set(METHODS.flatMap((x) => x.actions.map((a) => a.toLowerCase())));

export interface FindEscalationsOptions {
  /**
   * Also report methods whose actions are a strict superset of another matched method's
   * (UpdateAndInvokeLambdaFunction when EditExistingLambdaFunctionWithRole matched). Default false:
   * one finding per independent path.
   */
  includeRedundant?: boolean;
}

/**
 * The methods whose actions are all granted, in table order.
 *
 * `granted` is either a predicate over a concrete action (called with canonical names such as
 * `iam:PassRole`; it should compare case-insensitively), or the granted action patterns themselves
 * (`['iam:*', 'lambda:Create*']`, `['*']`), matched as IAM does: case-insensitive globs.
 */
export function findEscalations(
  granted: ((action: string) => boolean) | Iterable<string>,
  options: FindEscalationsOptions = {},
): EscalationMethod[] {
  let allows: (action: string) => boolean;
  if (typeof granted === 'function') {
    const cache = new Map<string, boolean>();
    allows = (a) => {
      let v = cache.get(a);
      if (v === undefined) {
        try {
          v = granted(a) === true;
        } catch {
          v = false;
        }
        cache.set(a, v);
      }
      return v;
    };
  } else {
    const patterns = [...granted].filter((p): p is string => typeof p === 'string');
    allows = (a) => patterns.some((p) => actionMatches(p, a));
  }
  const matched = METHODS.filter((x) => x.actions.every(allows));
  if (options.includeRedundant) return matched;
  const sets = matched.map((x) => new Set(x.actions.map((a) => a.toLowerCase())));
  return matched.filter((_, i) => {
    const mine = sets[i]!;
    return !sets.some((other, j) => j !== i && other.size < mine.size && [...other].every((a) => mine.has(a)));
  });
}

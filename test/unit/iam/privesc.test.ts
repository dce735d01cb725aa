import { describe, expect, it } from 'vitest';
import { escalationMethods, findEscalations, PRIVESC_ACTIONS } from '../../../src/knowledge/aws/iam/privesc.js';
import { isKnownAction } from '../../../src/knowledge/aws/iam/actions.js';
import { managedPolicyAllows } from '../../../src/knowledge/aws/iam/managed-policies.js';

const ids = (granted: Parameters<typeof findEscalations>[0], opts?: Parameters<typeof findEscalations>[1]) =>
  findEscalations(granted, opts).map((m) => m.id);

describe('escalation methods table', () => {
  const methods = escalationMethods();

  it("has unique ids, Rhino's and Cloudsplaining's methods, and real actions", () => {
    expect(new Set(methods.map((m) => m.id)).size).toBe(methods.length);
    for (const id of [
      'CreateNewPolicyVersion',
      'SetExistingDefaultPolicyVersion',
      'CreateEC2WithExistingIP',
      'CreateAccessKey',
      'CreateLoginProfile',
      'UpdateLoginProfile',
      'AttachUserPolicy',
      'AttachGroupPolicy',
      'AttachRolePolicy',
      'PutUserPolicy',
      'PutGroupPolicy',
      'PutRolePolicy',
      'AddUserToGroup',
      'UpdateRolePolicyToAssumeIt',
      'PassExistingRoleToNewLambdaThenInvoke',
      'PassExistingRoleToNewLambdaThenTriggerWithNewDynamo',
      'PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo',
      'PassExistingRoleToNewGlueDevEndpoint',
      'UpdateExistingGlueDevEndpoint',
      'PassExistingRoleToCloudFormation',
      'PassExistingRoleToNewDataPipeline',
      'EditExistingLambdaFunctionWithRole',
      'UpdateAndInvokeLambdaFunction',
      'PassExistingRoleToNewCodeStarProject',
      'PassRoleToNewSageMakerNotebook',
      'CreatePresignedSageMakerNotebookUrl',
      'PassExistingRoleToNewECSTaskViaRunTask',
      'PassExistingRoleToNewCodeBuildProjectThenBuild',
    ]) {
      expect(
        methods.some((m) => m.id === id),
        id,
      ).toBe(true);
    }
    // codestar:CreateProjectFromTemplate is an undocumented API (Rhino 23): absent from the IAM dataset
    const undocumented = new Set(['codestar:CreateProjectFromTemplate']);
    for (const m of methods) {
      expect(m.actions.length, m.id).toBeGreaterThan(0);
      expect(m.name.length, m.id).toBeGreaterThan(0);
      expect(m.description.length, m.id).toBeGreaterThan(0);
      for (const a of m.actions) expect(isKnownAction(a) || undocumented.has(a), `${m.id}: ${a}`).toBe(true);
    }
    expect(PRIVESC_ACTIONS.has('iam:passrole')).toBe(true);
    expect(PRIVESC_ACTIONS.has('s3:getobject')).toBe(false);
  });
});

describe('findEscalations', () => {
  it('detects single-action methods from concrete actions, case-insensitively', () => {
    expect(ids(['iam:CreatePolicyVersion'])).toEqual(['CreateNewPolicyVersion']);
    expect(ids(['IAM:PUTROLEPOLICY'])).toEqual(['PutRolePolicy']);
    expect(ids(['lambda:UpdateFunctionCode'])).toEqual(['EditExistingLambdaFunctionWithRole']);
  });

  it('detects PassRole combinations', () => {
    expect(ids(['iam:PassRole', 'ec2:RunInstances'])).toEqual(['CreateEC2WithExistingIP']);
    expect(ids(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'])).toEqual(['PassExistingRoleToNewLambdaThenInvoke']);
    expect(ids(['iam:PassRole', 'cloudformation:CreateStack'])).toEqual(['PassExistingRoleToCloudFormation']);
    expect(ids(['iam:PassRole', 'glue:CreateDevEndpoint'])).toEqual(['PassExistingRoleToNewGlueDevEndpoint']);
  });

  it('detects through wildcard patterns', () => {
    expect(ids(['iam:Pass*', 'lambda:Create*', 'lambda:Invoke*'])).toEqual([
      'PassExistingRoleToNewLambdaThenInvoke',
      'PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo',
    ]);
    expect(ids(['iam:Update*', 'sts:AssumeRole'])).toEqual(['UpdateLoginProfile', 'UpdateRolePolicyToAssumeIt']);
    const everything = ids(['*']);
    expect(everything).toContain('CreateAccessKey');
    expect(everything).toContain('CreateEC2WithExistingIP');
    // with everything granted, combinations that contain a smaller matched method are redundant
    expect(everything).not.toContain('UpdateAndInvokeLambdaFunction');
    expect(everything).not.toContain('CreateAndRotateAccessKey');
    expect(ids(['*'], { includeRedundant: true })).toHaveLength(escalationMethods().length);
  });

  it('keeps the combined method when the smaller one is not granted', () => {
    expect(
      ids(['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping', 'dynamodb:CreateTable', 'dynamodb:PutItem']),
    ).toEqual(['PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo']);
    expect(
      ids(['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping', 'dynamodb:CreateTable', 'dynamodb:PutItem'], {
        includeRedundant: true,
      }),
    ).toEqual(['PassExistingRoleToNewLambdaThenTriggerWithNewDynamo', 'PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo']);
  });

  it('does not report near misses', () => {
    expect(ids(['iam:PassRole'])).toEqual([]);
    expect(ids(['lambda:CreateFunction', 'lambda:InvokeFunction'])).toEqual([]);
    expect(ids(['iam:PassRole', 'lambda:CreateFunction'])).toEqual([]);
    expect(ids(['iam:PassRole', 'ec2:RunInstance'])).toEqual([]);
    expect(ids(['iam:UpdateAssumeRolePolicy'])).toEqual([]);
    expect(ids(['sts:AssumeRole'])).toEqual([]);
    expect(ids(['iam:PassRole', 'datapipeline:CreatePipeline'])).toEqual([]);
    expect(ids(['iam:Get*', 'iam:List*', 's3:*', 'dynamodb:*'])).toEqual([]);
    expect(ids(['iam:CreatePolicy'])).toEqual([]);
    expect(ids([])).toEqual([]);
  });

  it('accepts a predicate, e.g. over a managed policy', () => {
    expect(ids((a) => managedPolicyAllows('IAMFullAccess', a) === true)).toContain('CreateNewPolicyVersion');
    // AWSLambda_FullAccess passes roles only to Lambda (a limited statement): no PassRole path
    expect(ids((a) => managedPolicyAllows('AWSLambda_FullAccess', a) === true)).toEqual([
      'EditExistingLambdaFunctionWithRole',
      'AddExistingLambdaLayerToLambdaFunctionWithRole',
    ]);
    const powerUser = ids((a) => managedPolicyAllows('PowerUserAccess', a) === true);
    expect(powerUser).toContain('EditExistingLambdaFunctionWithRole');
    expect(powerUser).not.toContain('CreateNewPolicyVersion');
    expect(powerUser).not.toContain('CreateEC2WithExistingIP');
    // a throwing predicate counts as "not granted"
    expect(
      ids(() => {
        throw new Error('x');
      }),
    ).toEqual([]);
  });
});

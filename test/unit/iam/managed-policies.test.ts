import { describe, expect, it } from 'vitest';
import {
  classifyManagedPolicy,
  knownManagedPolicyNames,
  managedPolicyAllows,
  managedPolicyGrants,
} from '../../../src/knowledge/aws/iam/managed-policies.js';
import { expandActionPattern, isKnownAction } from '../../../src/knowledge/aws/iam/actions.js';

describe('classifyManagedPolicy', () => {
  it('classifies by bare name', () => {
    expect(classifyManagedPolicy('AdministratorAccess')).toEqual({ name: 'AdministratorAccess', kind: 'admin' });
    expect(classifyManagedPolicy('PowerUserAccess')).toEqual({ name: 'PowerUserAccess', kind: 'power-user' });
    expect(classifyManagedPolicy('IAMFullAccess')).toEqual({ name: 'IAMFullAccess', kind: 'iam-full', service: 'iam' });
    expect(classifyManagedPolicy('AmazonS3FullAccess')).toEqual({ name: 'AmazonS3FullAccess', kind: 'full-access', service: 's3' });
    expect(classifyManagedPolicy('AWSLambda_FullAccess')).toEqual({ name: 'AWSLambda_FullAccess', kind: 'full-access', service: 'lambda' });
    expect(classifyManagedPolicy('SecretsManagerReadWrite')).toEqual({
      name: 'SecretsManagerReadWrite',
      kind: 'broad',
      service: 'secretsmanager',
    });
    expect(classifyManagedPolicy('AWSXRayDaemonWriteAccess')).toEqual({ name: 'AWSXRayDaemonWriteAccess', kind: 'basic', service: 'xray' });
    expect(classifyManagedPolicy('ReadOnlyAccess')).toEqual({ name: 'ReadOnlyAccess', kind: 'read-only' });
    expect(classifyManagedPolicy('AmazonS3ReadOnlyAccess')).toEqual({ name: 'AmazonS3ReadOnlyAccess', kind: 'read-only', service: 's3' });
  });

  it('knows the service-role path of the Lambda execution roles', () => {
    expect(classifyManagedPolicy('AWSLambdaBasicExecutionRole')).toEqual({
      name: 'AWSLambdaBasicExecutionRole',
      kind: 'basic',
      service: 'logs',
      path: 'service-role/',
    });
    expect(classifyManagedPolicy('AWSLambdaVPCAccessExecutionRole')?.kind).toBe('basic');
  });

  it('classifies by ARN in any partition, including ${AWS::Partition} and !Sub text', () => {
    expect(classifyManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess')).toEqual({ name: 'AdministratorAccess', kind: 'admin' });
    expect(classifyManagedPolicy('arn:aws-us-gov:iam::aws:policy/PowerUserAccess')?.kind).toBe('power-user');
    expect(classifyManagedPolicy('arn:aws-cn:iam::aws:policy/AmazonDynamoDBFullAccess')).toEqual({
      name: 'AmazonDynamoDBFullAccess',
      kind: 'full-access',
      service: 'dynamodb',
    });
    expect(classifyManagedPolicy('arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')).toEqual({
      name: 'AWSLambdaBasicExecutionRole',
      kind: 'basic',
      service: 'logs',
      path: 'service-role/',
    });
    expect(classifyManagedPolicy('!Sub arn:${AWS::Partition}:iam::aws:policy/AmazonSQSFullAccess')).toEqual({
      name: 'AmazonSQSFullAccess',
      kind: 'full-access',
      service: 'sqs',
    });
    expect(classifyManagedPolicy('Fn::Sub arn:${AWS::Partition}:iam::aws:policy/job-function/ViewOnlyAccess')).toEqual({
      name: 'ViewOnlyAccess',
      kind: 'read-only',
      path: 'job-function/',
    });
    expect(classifyManagedPolicy('  arn:aws:iam::aws:policy/IAMFullAccess  ')?.kind).toBe('iam-full');
  });

  it('is lenient about the name case and returns the canonical name', () => {
    expect(classifyManagedPolicy('administratoraccess')).toEqual({ name: 'AdministratorAccess', kind: 'admin' });
  });

  it('gives null for customer-managed ARNs and non-references', () => {
    expect(classifyManagedPolicy('arn:aws:iam::123456789012:policy/AdministratorAccess')).toBeNull();
    expect(classifyManagedPolicy('arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/MyPolicy')).toBeNull();
    expect(classifyManagedPolicy('arn:aws:s3:::bucket')).toBeNull();
    expect(classifyManagedPolicy('arn:aws:iam::aws:role/AdministratorAccess')).toBeNull();
    expect(classifyManagedPolicy('')).toBeNull();
    expect(classifyManagedPolicy('not a policy')).toBeNull();
    expect(classifyManagedPolicy('!Ref MyPolicy')).toBeNull();
    expect(classifyManagedPolicy(undefined as unknown as string)).toBeNull();
  });

  it('classifies unknown AWS policies from their name', () => {
    expect(classifyManagedPolicy('AmazonMQFullAccess')).toEqual({ name: 'AmazonMQFullAccess', kind: 'full-access', service: 'mq' });
    expect(classifyManagedPolicy('AmazonECS_FullAccess')).toEqual({ name: 'AmazonECS_FullAccess', kind: 'full-access', service: 'ecs' });
    expect(classifyManagedPolicy('AWSGlueConsoleFullAccess')).toEqual({ name: 'AWSGlueConsoleFullAccess', kind: 'full-access' });
    expect(classifyManagedPolicy('AmazonAthenaReadOnlyAccess')).toEqual({
      name: 'AmazonAthenaReadOnlyAccess',
      kind: 'read-only',
      service: 'athena',
    });
    expect(classifyManagedPolicy('AWSCodeCommitPowerUser')).toEqual({
      name: 'AWSCodeCommitPowerUser',
      kind: 'broad',
      service: 'codecommit',
    });
    expect(classifyManagedPolicy('AdministratorAccess-Amplify')).toEqual({ name: 'AdministratorAccess-Amplify', kind: 'broad' });
    expect(classifyManagedPolicy('arn:aws:iam::aws:policy/service-role/AWSIoTLogging')).toEqual({
      name: 'AWSIoTLogging',
      kind: 'other',
      path: 'service-role/',
    });
  });
});

describe('managedPolicyGrants', () => {
  it('AdministratorAccess grants *', () => {
    expect(managedPolicyGrants('AdministratorAccess')).toEqual([{ actions: ['*'] }]);
  });

  it('PowerUserAccess is a NotAction statement plus a few IAM/Organizations/Account actions', () => {
    const g = managedPolicyGrants('arn:aws:iam::aws:policy/PowerUserAccess')!;
    expect(g[0]).toEqual({ notActions: ['iam:*', 'organizations:*', 'account:*'] });
    expect(g[1]!.actions).toContain('iam:CreateServiceLinkedRole');
    expect(managedPolicyAllows('PowerUserAccess', 'lambda:CreateFunction')).toBe(true);
    expect(managedPolicyAllows('PowerUserAccess', 'iam:PassRole')).toBe(false);
    expect(managedPolicyAllows('PowerUserAccess', 'IAM:ListRoles')).toBe(true);
    expect(managedPolicyAllows('PowerUserAccess', 'organizations:LeaveOrganization')).toBe(false);
  });

  it('AmazonS3FullAccess and AWSLambdaBasicExecutionRole', () => {
    expect(managedPolicyGrants('AmazonS3FullAccess')).toEqual([{ actions: ['s3:*', 's3-object-lambda:*'] }]);
    expect(managedPolicyGrants('arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')).toEqual([
      { actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'] },
    ]);
  });

  it('marks conditioned or resource-limited statements', () => {
    const g = managedPolicyGrants('AWSLambda_FullAccess')!;
    expect(g.find((x) => x.actions?.includes('iam:PassRole'))).toEqual({ actions: ['iam:PassRole'], limited: true });
    expect(managedPolicyAllows('AWSLambda_FullAccess', 'iam:PassRole')).toBe(false);
    expect(managedPolicyAllows('AWSLambda_FullAccess', 'iam:PassRole', { includeLimited: true })).toBe(true);
    expect(managedPolicyAllows('AWSLambda_FullAccess', 'lambda:UpdateFunctionCode')).toBe(true);
    // the deprecated policy passes any role
    expect(managedPolicyAllows('AWSLambdaFullAccess', 'iam:PassRole')).toBe(true);
  });

  it('returns copies', () => {
    managedPolicyGrants('AmazonS3FullAccess')![0]!.actions!.push('iam:*');
    expect(managedPolicyGrants('AmazonS3FullAccess')).toEqual([{ actions: ['s3:*', 's3-object-lambda:*'] }]);
  });

  it('is null when the statements are unknown or customer-managed', () => {
    expect(managedPolicyGrants('ReadOnlyAccess')).toBeNull();
    expect(managedPolicyGrants('AmazonMQFullAccess')).toBeNull();
    expect(managedPolicyGrants('arn:aws:iam::123456789012:policy/AdministratorAccess')).toBeNull();
    expect(managedPolicyAllows('AmazonMQFullAccess', 'mq:CreateBroker')).toBeUndefined();
  });

  it('covers the common policies, and every carried action is real', () => {
    const names = knownManagedPolicyNames();
    expect(names.length).toBeGreaterThanOrEqual(40);
    let withGrants = 0;
    for (const n of names) {
      const grants = managedPolicyGrants(n);
      if (!grants) continue;
      withGrants++;
      for (const g of grants) {
        expect(!!g.actions !== !!g.notActions, n).toBe(true);
        for (const a of g.actions ?? g.notActions!) {
          const ok = a.includes('*') ? expandActionPattern(a).length > 0 : isKnownAction(a);
          expect(ok, `${n}: ${a}`).toBe(true);
        }
      }
    }
    expect(withGrants).toBeGreaterThanOrEqual(35);
  });
});

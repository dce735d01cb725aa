import { describe, expect, it } from 'vitest';
import { classifyRisk, CREDENTIALS_EXPOSURE_ACTIONS, DATA_EXFILTRATION_ACTIONS } from '../../../src/knowledge/aws/iam/sensitive.js';
import { canonicalAction } from '../../../src/knowledge/aws/iam/actions.js';

describe('classifyRisk', () => {
  it('flags data exfiltration reads', () => {
    expect(classifyRisk('s3:GetObject')).toEqual({ exfiltration: true });
    expect(classifyRisk('SSM:GetParametersByPath')).toEqual({ exfiltration: true });
    expect(classifyRisk('secretsmanager:getsecretvalue')).toEqual({ exfiltration: true });
    expect(classifyRisk('rds:CopyDBSnapshot')).toEqual({ exfiltration: true });
    expect(classifyRisk('dynamodb:Scan')).toEqual({ exfiltration: true });
    expect(classifyRisk('kms:Decrypt')).toEqual({ exfiltration: true });
  });

  it('flags credentials exposure, with escalation and permissions management where they apply', () => {
    expect(classifyRisk('ecr:GetAuthorizationToken')).toEqual({ credentialsExposure: true });
    expect(classifyRisk('sts:AssumeRole')).toEqual({ credentialsExposure: true });
    expect(classifyRisk('redshift:GetClusterCredentials')).toEqual({ credentialsExposure: true });
    expect(classifyRisk('lightsail:GetInstanceAccessDetails')).toEqual({ credentialsExposure: true });
    expect(classifyRisk('sso:GetRoleCredentials')).toEqual({ credentialsExposure: true });
    expect(classifyRisk('iam:CreateAccessKey')).toEqual({ credentialsExposure: true, privilegeEscalation: true });
    // "Permissions management, Write" in the dataset
    expect(classifyRisk('rds-db:connect')).toEqual({ credentialsExposure: true, permissionsManagement: true });
  });

  it('flags permissions management from the AWS access level', () => {
    expect(classifyRisk('s3:PutBucketPolicy')).toEqual({ permissionsManagement: true });
    expect(classifyRisk('iam:PassRole')).toEqual({});
    expect(classifyRisk('iam:PutRolePolicy')).toEqual({ permissionsManagement: true, privilegeEscalation: true });
    expect(classifyRisk('lambda:UpdateFunctionCode')).toEqual({ privilegeEscalation: true });
  });

  it('is empty for harmless, unknown and malformed input', () => {
    expect(classifyRisk('s3:PutObject')).toEqual({});
    expect(classifyRisk('xray:PutTraceSegments')).toEqual({});
    expect(classifyRisk('s3:*')).toEqual({});
    expect(classifyRisk('nope')).toEqual({});
    expect(classifyRisk(null as unknown as string)).toEqual({});
  });
});

describe('the lists', () => {
  it('name real actions in canonical case (except the portal API the dataset lacks)', () => {
    for (const a of [...DATA_EXFILTRATION_ACTIONS, ...CREDENTIALS_EXPOSURE_ACTIONS]) {
      if (a === 'sso:GetRoleCredentials') continue;
      expect(canonicalAction(a), a).toBe(a);
    }
    expect(new Set(CREDENTIALS_EXPOSURE_ACTIONS).size).toBe(CREDENTIALS_EXPOSURE_ACTIONS.length);
    expect(new Set(DATA_EXFILTRATION_ACTIONS).size).toBe(DATA_EXFILTRATION_ACTIONS.length);
  });
});

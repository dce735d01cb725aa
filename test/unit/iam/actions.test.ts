import { describe, expect, it } from 'vitest';
import {
  accessLevel,
  actionInfo,
  actionMatches,
  allActions,
  anyActionMatcher,
  MAX_ACTION_LENGTH,
  canonicalAction,
  expandActionPattern,
  isKnownAction,
  isKnownService,
  isWildcardOnlyAction,
  serviceActions,
  splitAction,
} from '../../../src/knowledge/aws/iam/actions.js';

describe('splitAction', () => {
  it('splits service and name as written', () => {
    expect(splitAction('s3:GetObject')).toEqual({ service: 's3', name: 'GetObject' });
    expect(splitAction('S3:getobject')).toEqual({ service: 'S3', name: 'getobject' });
    expect(splitAction('execute-api:Invoke')).toEqual({ service: 'execute-api', name: 'Invoke' });
    expect(splitAction('s3:Get*')).toEqual({ service: 's3', name: 'Get*' });
    expect(splitAction('*:Get?bject')).toEqual({ service: '*', name: 'Get?bject' });
  });

  it('rejects malformed strings', () => {
    for (const bad of ['', 's3', '*', 's3:', ':GetObject', 's3 :GetObject', 's3:Get Object', ' s3:GetObject', 's3:a:b', 's3:Get$']) {
      expect(splitAction(bad), bad).toBeNull();
    }
    expect(splitAction(42 as unknown as string)).toBeNull();
  });
});

describe('known services and actions', () => {
  it('knows services case-insensitively', () => {
    expect(isKnownService('s3')).toBe(true);
    expect(isKnownService('DynamoDB')).toBe(true);
    expect(isKnownService('execute-api')).toBe(true);
    expect(isKnownService('s4')).toBe(false);
    expect(isKnownService('')).toBe(false);
    expect(isKnownService('../s3')).toBe(false);
  });

  it('knows actions case-insensitively and gives their canonical name', () => {
    expect(isKnownAction('s3:GetObject')).toBe(true);
    expect(isKnownAction('S3:GETOBJECT')).toBe(true);
    expect(canonicalAction('s3:getobject')).toBe('s3:GetObject');
    expect(canonicalAction('IAM:passrole')).toBe('iam:PassRole');
    expect(canonicalAction('dynamodb:partiqlselect')).toBe('dynamodb:PartiQLSelect');
  });

  it('answers unknown for unknown services, unknown actions, patterns and garbage', () => {
    expect(isKnownAction('s3:GetObjects')).toBe(false);
    expect(isKnownAction('s4:GetObject')).toBe(false);
    expect(isKnownAction('s3:Get*')).toBe(false);
    expect(isKnownAction('s3')).toBe(false);
    expect(isKnownAction('../../etc/passwd:x')).toBe(false);
    expect(canonicalAction('s3:Nope')).toBeUndefined();
    expect(accessLevel('s4:GetObject')).toBeUndefined();
    expect(actionInfo('s3:*')).toBeUndefined();
  });
});

describe('accessLevel', () => {
  it('gives the AWS access level, the more specific one for dual levels', () => {
    expect(accessLevel('s3:GetObject')).toBe('Read');
    expect(accessLevel('s3:PutObject')).toBe('Write');
    expect(accessLevel('s3:ListAllMyBuckets')).toBe('List');
    expect(accessLevel('ec2:DescribeNetworkInterfaces')).toBe('List');
    // dataset: "Permissions management, Write"
    expect(accessLevel('iam:AttachRolePolicy')).toBe('Permissions management');
    expect(accessLevel('s3:PutBucketPolicy')).toBe('Permissions management');
    // dataset: "Tagging, Write"
    expect(accessLevel('s3:PutObjectTagging')).toBe('Tagging');
    expect(accessLevel('lambda:tagresource')).toBe('Tagging');
  });
});

describe('isWildcardOnlyAction', () => {
  it('is true for actions without resource types', () => {
    for (const a of [
      'xray:PutTraceSegments',
      'ec2:DescribeNetworkInterfaces',
      'sts:GetCallerIdentity',
      's3:ListAllMyBuckets',
      'XRAY:puttracesegments',
    ]) {
      expect(isWildcardOnlyAction(a), a).toBe(true);
    }
  });

  it('is false for scopable actions, including those whose resource types are all optional', () => {
    for (const a of ['s3:GetObject', 'dynamodb:GetItem', 'iam:PassRole', 'lambda:InvokeFunction', 's3:ListBucket']) {
      expect(isWildcardOnlyAction(a), a).toBe(false);
    }
  });

  it('is false for unknown actions and patterns', () => {
    expect(isWildcardOnlyAction('xray:PutTraceSegmentz')).toBe(false);
    expect(isWildcardOnlyAction('xray:*')).toBe(false);
  });
});

describe('expandActionPattern', () => {
  it('expands a prefix wildcard within one service', () => {
    const put = expandActionPattern('s3:Put*');
    expect(put).toContain('s3:PutObject');
    expect(put).toContain('s3:PutBucketPolicy');
    expect(put).not.toContain('s3:GetObject');
    expect(put.every((a) => a.startsWith('s3:Put'))).toBe(true);
    expect([...put]).toEqual([...put].sort());
  });

  it('is case-insensitive and returns canonical names', () => {
    expect(expandActionPattern('S3:put*')).toEqual(expandActionPattern('s3:Put*'));
    expect(expandActionPattern('s3:getobject')).toEqual(['s3:GetObject']);
    // SendMessageBatch is authorized by sqs:SendMessage: IAM has no separate action for it
    expect(expandActionPattern('SQS:SendMessage*')).toEqual(['sqs:SendMessage']);
  });

  it('supports infix wildcards and ?', () => {
    const roles = expandActionPattern('iam:*Role*');
    expect(roles).toContain('iam:PassRole');
    expect(roles).toContain('iam:CreateRole');
    expect(roles).toContain('iam:AttachRolePolicy');
    expect(roles).not.toContain('iam:CreateUser');
    expect(expandActionPattern('s3:GetObjec?')).toEqual(['s3:GetObject']);
  });

  it('expands a service wildcard to exactly the service actions', () => {
    const s3 = expandActionPattern('s3:*');
    expect(s3).toEqual(serviceActions('s3'));
    expect(s3.length).toBeGreaterThan(100);
    expect(s3).not.toContain('s3-object-lambda:GetObject');
  });

  it('lets a wildcard span the colon, as IAM matching does', () => {
    const gets = expandActionPattern('*:GetObject');
    expect(gets).toContain('s3:GetObject');
    expect(gets).toContain('s3-object-lambda:GetObject');
    expect(gets).not.toContain('s3:PutObject');
  });

  it('expands * (and *:*) to every action of every service, fast on repeat', () => {
    const all = expandActionPattern('*');
    expect(all.length).toBeGreaterThan(10_000);
    expect(all).toBe(allActions());
    expect(expandActionPattern('*:*')).toBe(all);
    expect(all).toContain('s3:GetObject');
    expect(all).toContain('iam:PassRole');
    expect(new Set(all).size).toBe(all.length);
    // cached: the same array comes back, so per-statement calls are cheap
    expect(expandActionPattern('*')).toBe(all);
    expect(expandActionPattern('s3:Put*')).toBe(expandActionPattern('s3:Put*'));
  });

  it('gives nothing for unknown services, unknown actions and malformed strings', () => {
    expect(expandActionPattern('s4:*')).toEqual([]);
    expect(expandActionPattern('s3:Nope*')).toEqual([]);
    expect(expandActionPattern('s3:NoSuchAction')).toEqual([]);
    expect(expandActionPattern('s3*')).toEqual([]);
    expect(expandActionPattern('s3:Get Object')).toEqual([]);
    expect(expandActionPattern('')).toEqual([]);
    expect(expandActionPattern('s3:(.*)')).toEqual([]);
  });
});

describe('actionMatches', () => {
  it('matches IAM globs case-insensitively', () => {
    expect(actionMatches('*', 'iam:PassRole')).toBe(true);
    expect(actionMatches('iam:*', 'IAM:PASSROLE')).toBe(true);
    expect(actionMatches('iam:Pass*', 'iam:passrole')).toBe(true);
    expect(actionMatches('iam:P?ssRole', 'iam:PassRole')).toBe(true);
    expect(actionMatches('iam:PassRole', 'iam:passrole')).toBe(true);
    expect(actionMatches('iam:Pass', 'iam:PassRole')).toBe(false);
    expect(actionMatches('ia*:PassRole', 'iam:PassRole')).toBe(true);
    expect(actionMatches('s3:Get.bject', 's3:GetObject')).toBe(false);
    expect(actionMatches('lambda:*', 'lambda-x:Invoke')).toBe(false);
  });

  it('anyActionMatcher answers as some(actionMatches) does, for every pattern and action kind', () => {
    const long = `s3:${'A'.repeat(MAX_ACTION_LENGTH)}`;
    const patterns = ['*', 'iam:PassRole', 'S3:GETOBJECT', 's3:Put*', 'ec2:Describe?etworkInterfaces', long, `${long}*`, '', 'logs:*'];
    const actions = [
      'iam:passrole',
      'IAM:PassRole',
      's3:GetObject',
      's3:PutObject',
      's3:DeleteObject',
      'ec2:DescribeNetworkInterfaces',
      'logs:PutLogEvents',
      long,
      long.toLowerCase(),
      '',
      ...serviceActions('s3').slice(0, 50),
    ];
    const sets = [[], ['*'], patterns, patterns.filter((p) => p !== '*'), [long], ['S3:GETOBJECT', 'iam:PassRole'], ['s3:Put*']];
    for (const list of sets) {
      const any = anyActionMatcher(list);
      for (const a of actions) expect(any(a), `${JSON.stringify(list)} ${a}`).toBe(list.some((p) => actionMatches(p, a)));
    }
    expect(anyActionMatcher(['S3:GETOBJECT'])('s3:getobject')).toBe(true);
    expect(anyActionMatcher([long])(long)).toBe(false); // over the length cap, as actionMatches
  });
});

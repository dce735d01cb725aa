import { describe, expect, it } from 'vitest';
import { everyResourceFor, resourceServesAction } from '../../../src/knowledge/aws/iam/policy.js';
import { actionResourceArns } from '../../../src/knowledge/aws/iam/actions.js';

describe('everyResourceFor', () => {
  it('"*" is every resource of any action', () => {
    expect(everyResourceFor('*', 'dynamodb:PutItem')).toEqual({ wildcard: '*', what: 'every resource' });
  });

  it('a type wildcard is every resource of that type, with its scope', () => {
    expect(everyResourceFor('arn:aws:dynamodb:*:*:table/*', 'dynamodb:PutItem')).toEqual({
      wildcard: 'table/*',
      what: 'every dynamodb table in every account',
    });
    expect(everyResourceFor('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*', 'dynamodb:Query')?.what).toBe(
      'every dynamodb table of the account',
    );
    expect(everyResourceFor('arn:aws:lambda:*:*:function:*', 'lambda:InvokeFunction')?.wildcard).toBe('function:*');
    expect(everyResourceFor('arn:aws:s3:::*/*', 's3:GetObject')?.what).toBe('every s3 object');
    // all wildcards: named for the service, not for one of the action's types
    expect(everyResourceFor('arn:aws:s3:::*', 's3:GetObject')?.what).toBe('every s3 resource');
    expect(everyResourceFor('arn:aws:sqs:*:*:*', 'sqs:SendMessage')?.what).toBe('every sqs resource in every account');
    // wildcards and a separator: the type whose names can have that shape
    expect(everyResourceFor('arn:aws:secretsmanager:us-east-1:123456789012:*/*', 'secretsmanager:GetSecretValue')?.what).toBe(
      'every secretsmanager secret of the account',
    );
    expect(everyResourceFor('arn:aws:secretsmanager:us-east-1:123456789012:secret:*', 'secretsmanager:GetSecretValue')?.what).toBe(
      'every secretsmanager secret of the account',
    );
  });

  it('a name prefix, a named resource or another type is a scope', () => {
    expect(everyResourceFor('arn:aws:dynamodb:*:*:table/orders-*', 'dynamodb:PutItem')).toBeUndefined();
    expect(everyResourceFor('arn:aws:dynamodb:*:*:table/orders', 'dynamodb:PutItem')).toBeUndefined();
    expect(everyResourceFor('arn:aws:s3:::reports/*', 's3:GetObject')).toBeUndefined();
    // a bucket name holds no slash: an object wildcard designates no bucket
    expect(everyResourceFor('arn:aws:s3:::*/*', 's3:PutBucketTagging')).toBeUndefined();
    expect(everyResourceFor('arn:aws:lambda:*:*:function:*', 'lambda:PublishLayerVersion')).toBeUndefined();
  });

  it('never pairs an action with another service’s ARN', () => {
    expect(everyResourceFor('arn:aws:dynamodb:*:*:table/*', 's3:PutObject')).toBeUndefined();
    expect(everyResourceFor('arn:aws:sqs:*:*:*', 'ec2:TerminateInstances')).toBeUndefined();
    expect(everyResourceFor('arn:aws:ec2:*:*:*/*', 'secretsmanager:GetSecretValue')).toBeUndefined();
  });

  it('an unknown action is judged only on an all-wildcard ARN', () => {
    expect(everyResourceFor('arn:aws:foo:*:*:*', 'foo:Bar')?.what).toBe('every foo resource in every account');
    expect(everyResourceFor('arn:aws:foo:*:*:thing/*', 'foo:Bar')).toBeUndefined();
  });
});

describe('resourceServesAction', () => {
  it('accepts a resource type of another service the action names', () => {
    expect(actionResourceArns('ssm:SendCommand').some((t) => t.type === 'instance')).toBe(true);
    expect(resourceServesAction('arn:aws:ec2:us-east-1:123456789012:instance/*', 'ssm:SendCommand')).toBe(true);
    expect(resourceServesAction('arn:aws:ec2:us-east-1:123456789012:instance/*', 'ssm:GetParameter')).toBe(false);
    expect(resourceServesAction('arn:aws:kinesis:us-east-1:123456789012:stream/x', 'dynamodb:*')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { tmpTree } from '../helpers/tmp.js';

/** Findings as `file:line:col-endLine:endCol rule`, for exact region checks. */
function regions(dir: string, only?: string[]) {
  const { result } = lint({ cwd: dir, noConfig: true, only });
  return result.diagnostics.map((d) => `${d.loc.file}:${d.loc.line}:${d.loc.column}-${d.loc.endLine}:${d.loc.endColumn} ${d.ruleId}`);
}

describe('every finding covers the exact offending value', () => {
  it('serverless.yml: provider statements, per-function statements, ${self:} and aliases', () => {
    const dir = tmpTree({
      'serverless.yml': [
        'service: s', //                                    1
        'provider:', //                                     2
        '  name: aws', //                                   3
        '  runtime: nodejs20.x', //                         4
        '  iam:', //                                        5
        '    role:', //                                     6
        '      statements:', //                             7
        '        - Effect: Allow', //                       8
        '          Action: ${self:custom.everything}', //   9
        '          Resource: "*"', //                       10
        '        - &stmt', //                               11
        '          Effect: Allow', //                       12
        '          Action: [sqs:SendMessage, "sns:*"]', //  13
        '          Resource: arn:aws:sns:eu-west-1:1:t', // 14
        'custom:', //                                       15
        '  everything: "s3:*"', //                          16
        'functions:', //                                    17
        '  a:', //                                          18
        '    handler: a.handler', //                        19
        '    iamRoleStatements:', //                        20
        '      - *stmt', //                                 21
        '',
      ].join('\n'),
    });
    expect(regions(dir, ['iam/no-wildcard-action'])).toEqual([
      // the aliased statement is in the provider role and in function a's own role: two grants
      'serverless.yml:13:37-13:44 iam/no-wildcard-action',
      'serverless.yml:13:37-13:44 iam/no-wildcard-action',
      // ${self:custom.everything} points where the literal is written
      'serverless.yml:16:15-16:21 iam/no-wildcard-action',
    ]);
  });

  it('keeps every finding on an aliased value when they say different things', () => {
    const dir = tmpTree({
      'serverless.yml': [
        'service: s',
        'custom:',
        '  star: &star "*"', //                                                   3
        'provider:',
        '  name: aws',
        '  runtime: nodejs20.x',
        '  iam:',
        '    role:',
        '      statements:',
        '        - { Effect: Allow, Action: ec2:DeleteVolume, Resource: *star }',
        '        - { Effect: Allow, Action: sns:Publish, Resource: *star }',
        'functions:',
        '  a:',
        '    handler: a.handler',
        '',
      ].join('\n'),
    });
    const { result } = lint({ cwd: dir, noConfig: true, only: ['iam/no-resource-wildcard'] });
    expect(result.diagnostics.map((d) => `${d.loc.line}:${d.loc.column} ${d.message.match(/"(ec2|sns):\w+"/)?.[0]}`)).toEqual([
      '3:15 "ec2:DeleteVolume"',
      '3:15 "sns:Publish"',
    ]);
  });

  it('serverless.yml: ${file()} values point into the included file', () => {
    const dir = tmpTree({
      'serverless.yml':
        'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  iam:\n    role:\n      statements: ${file(./iam.yml):statements}\nfunctions:\n  a:\n    handler: a.handler\n',
      'iam.yml': 'statements:\n  - Effect: Allow\n    Action: "dynamodb:*"\n    Resource: "*"\n',
    });
    expect(regions(dir, ['iam/no-wildcard-action'])).toEqual(['iam.yml:3:13-3:25 iam/no-wildcard-action']);
  });

  it('SAM YAML with short tags and CloudFormation JSON', () => {
    const dir = tmpTree({
      'template.yaml': [
        'Transform: AWS::Serverless-2016-10-31', //   1
        'Resources:', //                              2
        '  Fn:', //                                   3
        '    Type: AWS::Serverless::Function', //     4
        '    Properties:', //                         5
        '      Handler: app.handler', //              6
        '      Runtime: nodejs20.x', //               7
        '      Policies:', //                         8
        '        - Statement:', //                    9
        '            - Effect: Allow', //             10
        '              Action: !Ref Actions', //  11
        '              Resource: !Sub "arn:${AWS::Partition}:iam::*"', // 12
        '            - Effect: Allow', //             13
        "              Action: 'kms:*'", //           14
        '              Resource: !GetAtt Key.Arn', // 15
        'Parameters:',
        '  Actions:',
        '    Type: CommaDelimitedList',
        '',
      ].join('\n'),
      'cfn.json': [
        '{', //                                                                    1
        '  "Resources": {', //                                                     2
        '    "P": {', //                                                           3
        '      "Type": "AWS::IAM::Policy",', //                                    4
        '      "Properties": {', //                                                5
        '        "PolicyName": "p",', //                                           6
        '        "Roles": [{ "Ref": "R" }],', //                                   7
        '        "PolicyDocument": { "Statement": [', //                           8
        '          { "Effect": "Allow", "Action": "lambda:*", "Resource": "*" }', // 9
        '        ] }', //                                                          10
        '      }', //
        '    },',
        '    "R": { "Type": "AWS::IAM::Role", "Properties": { "AssumeRolePolicyDocument": {} } }',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    // a parameter without a default is unknown: no finding on line 11
    expect(regions(dir, ['iam/no-wildcard-action'])).toEqual([
      'cfn.json:9:42-9:52 iam/no-wildcard-action',
      'template.yaml:14:23-14:30 iam/no-wildcard-action',
    ]);
  });
});

describe('tagged and long-form intrinsic values', () => {
  it('points at the string inside !Sub / Fn::Sub, in YAML and JSON', () => {
    const dir = tmpTree({
      'template.yaml': [
        'AWSTemplateFormatVersion: "2010-09-09"', //                                     1
        'Resources:', //                                                                  2
        '  Role:', //                                                                     3
        '    Type: AWS::IAM::Role', //                                                    4
        '    Properties:', //                                                             5
        '      AssumeRolePolicyDocument: {}', //                                          6
        '      ManagedPolicyArns:', //                                                    7
        '        - !Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess', //  8
        '        - Fn::Sub: arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess', //  9
        '',
      ].join('\n'),
      'template.json':
        '{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {},\n  "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess"}]}}}}\n',
    });
    expect(regions(dir, ['iam/no-admin-policy'])).toEqual([
      'template.json:2:37-2:96 iam/no-admin-policy',
      'template.yaml:8:16-8:73 iam/no-admin-policy',
      'template.yaml:9:20-9:73 iam/no-admin-policy',
    ]);
  });
});

describe('YAML that the deploy tools accept but strict YAML 1.2 does not', () => {
  it('parses under-indented flow-collection and quoted-scalar closers, with locations in the file as written', () => {
    const dir = tmpTree({
      'template.yaml': [
        "AWSTemplateFormatVersion: '2010-09-09'", //            1
        'Resources:', //                                         2
        '  Role:', //                                            3
        '    Type: AWS::IAM::Role', //                           4
        '    Properties:', //                                    5
        '      AssumeRolePolicyDocument:', //                    6
        '        Statement: [{', //                              7
        '          "Effect": "Allow",', //                       8
        '          "Principal": { "AWS": "*" },', //             9
        '          "Action": "sts:AssumeRole"', //               10
        '        }]', //                                         11
        "      Description: !Sub '{", //                        12
        '        "a": 1', //                                     13
        "      }'", //                                           14
        '      Policies:', //                                    15
        '        - PolicyName: p', //                            16
        '          PolicyDocument:', //                          17
        '            Statement:', //                             18
        '              - Effect: Allow', //                      19
        '                Action: "sqs:*"', //                    20
        '                Resource: arn:aws:sqs:eu-west-1:1:q', // 21
        '',
      ].join('\n'),
    });
    const { result } = lint({ cwd: dir, noConfig: true, only: ['iam/no-open-trust-policy', 'iam/no-wildcard-action'] });
    expect(result.notices).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.loc.line}:${d.loc.column}-${d.loc.endLine}:${d.loc.endColumn} ${d.ruleId}`)).toEqual([
      '9:33-9:36 iam/no-open-trust-policy',
      '20:25-20:32 iam/no-wildcard-action',
    ]);
  });
});

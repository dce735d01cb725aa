import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { tmpTree } from '../helpers/tmp.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../rules/iam/no-resource-wildcard/fixtures');

function messages(file: string, only: string[]): string[] {
  const dir = tmpTree({ 'template.yaml': fs.readFileSync(path.join(FIXTURES, file), 'utf8') });
  return lint({ cwd: dir, noConfig: true, only }).result.diagnostics.map((d) => `${d.loc.line} ${d.message}`);
}

describe('IAM findings on roles that serve no function', () => {
  it('name the resource the role serves, once per statement', () => {
    const m = messages('cloudformation-service-roles.yaml', ['iam/no-resource-wildcard']);
    expect(m).toHaveLength(3);
    expect(m[0]).toContain('for role OrderStateMachineRole (used by state machine OrderFlow)');
    // the policy attached to two roles: one finding, naming the first
    expect(m[1]).toMatch(/^42 .*for role HostRole \(used by instance profile HostProfile\)/);
    expect(m[2]).toContain('for role BuildRole (used by CodeBuild project Build)');
  });

  it('name the SAM state machine whose generated role it is, and the wildcard', () => {
    const m = messages('sam-state-machine.yaml', ['iam/no-resource-wildcard']);
    expect(m[0]).toContain('to every dynamodb table of the account (wildcard "table/*", from policy template "DynamoDBWritePolicy")');
    expect(m[0]).toContain('for role OrderFlowRole (used by state machine OrderFlow)');
    expect(m[2]).toContain('for role RefundRole (used by state machine RefundFlow)');
  });

  it('call a policy attached to no role of the template a policy', () => {
    const dir = tmpTree({
      'template.yaml': [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Resources:',
        '  Extra:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        '        Statement:',
        '          - { Effect: Allow, Action: "sqs:*", Resource: "*" }',
      ].join('\n'),
    });
    const m = lint({ cwd: dir, noConfig: true, only: ['iam/no-wildcard-action'] }).result.diagnostics.map((d) => d.message);
    expect(m).toEqual(['Action "sqs:*" allows every action of sqs in policy Extra; list the actions that are needed']);
  });
});

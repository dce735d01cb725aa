import { describe, expect, it, vi } from 'vitest';
import type { App, Role } from '../../../src/model/types.js';
import type { MapNode, Node } from '../../../src/core/types.js';

// The CloudFormation side is another module; a small stand-in shows what the builder hands it and
// how it links roles that `resources` define.
const calls = vi.hoisted(() => ({ add: [] as { functions: string[]; ids: string[] }[], find: [] as unknown[] }));
vi.mock('../../../src/platforms/aws/template.js', async () => {
  const { get, str } = await import('../../../src/core/node.js');
  const { statementsFromDocument } = await import('../../../src/platforms/aws/iam.js');
  return {
    addCloudFormationResources(app: App, resources: MapNode) {
      calls.add.push({ functions: app.functions.map((f) => f.name), ids: resources.entries.map((e) => e.key) });
      for (const e of resources.entries) {
        if (str(get(e.value, 'Type')) !== 'AWS::IAM::Role') continue;
        const role: Role = { id: e.key, loc: e.keyLoc, statements: [], managedPolicies: [], trust: [], functions: [], app };
        for (const p of (get(e.value, 'Properties', 'Policies') as { items?: Node[] } | undefined)?.items ?? []) {
          role.statements.push(...statementsFromDocument(get(p, 'PolicyDocument'), { kind: 'role', name: e.key }, app, [], role));
        }
        app.roles.push(role);
        app.statements.push(...role.statements);
      }
    },
    findRoleByRef(app: App, node: Node | undefined) {
      calls.find.push(node);
      const id = str(node) ?? str(get(node, 'Ref')) ?? str((get(node, 'Fn::GetAtt') as { items?: Node[] } | undefined)?.items?.[0]);
      return app.roles.find((r) => r.id === id);
    },
  };
});

import { buildServerlessApp } from '../../../src/platforms/aws/serverless/build.js';
import { memoryContext, parse, yaml } from './helpers.js';

describe('roles defined in resources', () => {
  it('links function and provider custom roles to the CloudFormation role they name', () => {
    const text = yaml(
      'custom:',
      '  roleArn: !GetAtt SharedRole.Arn',
      'provider:',
      '  name: aws',
      '  iam:',
      '    role: ${self:custom.roleArn}',
      'functions:',
      '  a: { handler: a.h }',
      '  b: { handler: b.h, role: AdminRole }',
      '  c: { handler: c.h, role: { Ref: AdminRole } }',
      '  d: { handler: d.h, role: arn:aws:iam::1:role/elsewhere }',
      'resources:',
      '  Resources:',
      '    SharedRole:',
      '      Type: AWS::IAM::Role',
      '      Properties:',
      '        Policies:',
      '          - PolicyName: p',
      '            PolicyDocument: { Statement: [{ Effect: Allow, Action: "dynamodb:*", Resource: "*" }] }',
      '    AdminRole:',
      '      Type: AWS::IAM::Role',
      '      Properties:',
      '        Policies:',
      '          - PolicyName: admin',
      '            PolicyDocument: { Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] }',
    );
    const ctx = memoryContext({ 'serverless.yml': text });
    const app = buildServerlessApp(parse('serverless.yml', text), ctx)!;
    expect(ctx.notices).toEqual([]);
    // called once, after the functions exist, with the Resources map
    expect(calls.add).toEqual([{ functions: ['a', 'b', 'c', 'd'], ids: ['SharedRole', 'AdminRole'] }]);
    expect(app.roles.map((r) => [r.id, r.functions])).toEqual([
      ['SharedRole', ['a']],
      ['AdminRole', ['b', 'c']],
    ]);
    const fn = (n: string) => app.functions.find((f) => f.name === n)!;
    expect(fn('a').role?.id).toBe('SharedRole');
    expect(fn('b').role?.id).toBe('AdminRole');
    expect(fn('c').role?.id).toBe('AdminRole');
    expect(fn('d').role).toBeNull();
    // the role's statements now apply to the functions using it
    expect(app.statements.map((s) => [s.role?.id, s.functions])).toEqual([
      ['SharedRole', ['a']],
      ['AdminRole', ['b', 'c']],
    ]);
  });
});

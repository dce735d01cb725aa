import { describe, expect, it } from 'vitest';
import { addCloudFormationResources, attachRole, findRoleByRef, functionsReferencedBy } from '../../../src/platforms/aws/template.js';
import { serverlessLogicalId as serverlessLambdaLogicalId } from '../../../src/platforms/aws/naming.js';
import { get } from '../../../src/core/node.js';
import type { App, Fn, Role } from '../../../src/model/types.js';
import type { MapNode } from '../../../src/core/types.js';
import { memoryContext, parse, show, span } from './helpers.js';

const TEXT = `service: shop
provider:
  name: aws
  runtime: nodejs20.x
functions:
  hello-world:
    handler: src/hello.main
  create_user:
    handler: src/users.create
resources:
  Conditions:
    IsProd: !Equals [dev, prod]
  Resources:
    IamRoleLambdaExecution:
      Properties:
        Description: overridden by serverless, not a template resource of its own
    ExtraPolicy:
      Type: AWS::IAM::Policy
      Properties:
        PolicyName: extra
        Roles:
          - !Ref IamRoleLambdaExecution
        PolicyDocument:
          Statement:
            - Effect: Allow
              Action: kms:Decrypt
              Resource: !If [IsProd, arn:aws:kms:us-east-1:1:key/prod, '*']
    HelloPermission:
      Type: AWS::Lambda::Permission
      Properties:
        FunctionName: !GetAtt HelloDashworldLambdaFunction.Arn
        Action: lambda:InvokeFunction
        Principal: s3.amazonaws.com
    CreateUserUrl:
      Type: AWS::Lambda::Url
      Properties:
        TargetFunctionArn: !Ref CreateUnderscoreuserLambdaFunction
        AuthType: NONE
    CustomRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Statement:
            - Effect: Allow
              Principal: {Service: lambda.amazonaws.com}
              Action: sts:AssumeRole
`;

/** A serverless app as the serverless builder hands it over: functions and the default role exist. */
function serverlessApp(): { app: App; provider: Role } {
  const doc = parse('serverless.yml', TEXT);
  const root = doc.root as MapNode;
  const app: App = {
    file: 'serverless.yml',
    origin: 'serverless',
    dir: '',
    doc,
    root,
    functions: [],
    resources: [],
    roles: [],
    statements: [],
    envVars: [],
    name: 'shop',
  };
  const provider: Role = {
    id: 'IamRoleLambdaExecution',
    loc: root.loc,
    statements: [],
    managedPolicies: [],
    trust: [],
    functions: [],
    app,
  };
  app.roles.push(provider);
  for (const key of ['hello-world', 'create_user']) {
    const node = get(root, 'functions', key)!;
    const fn: Fn = {
      name: `shop-dev-${key}`,
      id: key,
      origin: 'serverless',
      platform: 'aws',
      app,
      loc: node.loc,
      node,
      runtime: null,
      architecture: null,
      memory: null,
      timeout: null,
      reservedConcurrency: null,
      entry: null,
      env: [],
      events: [],
      role: null,
      layers: [],
      url: null,
      tracing: null,
      logRetention: null,
    };
    app.functions.push(fn);
    attachRole(fn, provider);
  }
  return { app, provider };
}

describe('addCloudFormationResources on a serverless app', () => {
  it('names serverless functions like the framework does', () => {
    expect(serverlessLambdaLogicalId('hello-world')).toBe('HelloDashworldLambdaFunction');
    expect(serverlessLambdaLogicalId('create_user')).toBe('CreateUnderscoreuserLambdaFunction');
    expect(serverlessLambdaLogicalId('api')).toBe('ApiLambdaFunction');
  });

  it('adds resources, links policies to the default role and URLs/permissions to the functions', () => {
    const { app, provider } = serverlessApp();
    const { ctx, notices } = memoryContext();
    addCloudFormationResources(app, get(app.root, 'resources', 'Resources') as MapNode, ctx);
    expect(notices).toEqual([]);
    // a Type-less entry overrides a generated resource: not a resource of its own, not an error
    expect(app.resources.map((r) => r.id)).toEqual(['ExtraPolicy', 'HelloPermission', 'CreateUserUrl', 'CustomRole']);

    const s = provider.statements[0]!;
    expect(provider.statements).toHaveLength(1);
    expect(s.source).toEqual({ kind: 'role', name: 'extra' });
    expect(s.functions).toEqual(['shop-dev-hello-world', 'shop-dev-create_user']);
    expect(s.role).toBe(provider);
    // the resources section's Conditions are used: IsProd is false → '*'
    expect(s.resources!.map(show)).toEqual(['"*"@27:72-27:75']);
    expect(app.statements).toContain(s);

    const perm = app.resources.find((r) => r.id === 'HelloPermission')!;
    expect(functionsReferencedBy(app, get(perm.node, 'Properties', 'FunctionName'))).toEqual(['shop-dev-hello-world']);

    const create = app.functions[1]!;
    expect(create.url?.auth).toBe('none');
    expect(span(create.url?.loc)).toBe('38:19-38:23');
    expect(app.functions[0]!.url).toBeNull();
  });

  it('lets the serverless builder find roles of the resources section', () => {
    const { app } = serverlessApp();
    const { ctx } = memoryContext();
    addCloudFormationResources(app, get(app.root, 'resources', 'Resources') as MapNode, ctx);
    const refs = parse(
      'r.yaml',
      'a: CustomRole\nb: !GetAtt CustomRole.Arn\nc: {Fn::GetAtt: [CustomRole, Arn]}\nd: !Ref IamRoleLambdaExecution\ne: NoSuchRole\n',
    );
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => findRoleByRef(app, get(refs.root, k))?.id ?? null)).toEqual([
      'CustomRole',
      'CustomRole',
      'CustomRole',
      'IamRoleLambdaExecution',
      null,
    ]);
    const custom = app.roles.find((r) => r.id === 'CustomRole')!;
    attachRole(app.functions[0]!, custom);
    expect(custom.functions).toEqual(['shop-dev-hello-world']);
    expect(app.functions[0]!.role).toBe(custom);
    expect(custom.trust[0]!.functions).toEqual([]);
  });

  it('reads Conditions of another part when resources is a list of parts', () => {
    const doc = parse(
      'serverless.yml',
      [
        'service: s',
        'resources:',
        '  - Conditions:',
        '      Never: !Equals [a, b]',
        '  - Resources:',
        '      Q:',
        '        Type: AWS::SQS::Queue',
        '        Properties:',
        '          DelaySeconds: !If [Never, 5, 0]',
      ].join('\n'),
    );
    const root = doc.root as MapNode;
    const app: App = {
      file: 'serverless.yml',
      origin: 'serverless',
      dir: '',
      doc,
      root,
      functions: [],
      resources: [],
      roles: [],
      statements: [],
      envVars: [],
      name: 's',
    };
    const { ctx, notices } = memoryContext();
    const part = get(root, 'resources');
    const resources = part?.kind === 'seq' ? (get(part.items[1], 'Resources') as MapNode) : undefined;
    addCloudFormationResources(app, resources!, ctx);
    expect(notices).toEqual([]);
    expect(show(get(app.resources[0]!.properties, 'DelaySeconds'))).toBe('0@9:40-9:41');
  });
});

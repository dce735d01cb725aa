import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../../src/model/types.js';
import type { Loc, Node, ToolNotice } from '../../../src/core/types.js';

// The policy-template expander is another module (src/iam): stub it so these tests pin what *this*
// builder does with its answer (wrap each statement node, mark it 'sam-template' with `via`).
vi.mock('../../../src/knowledge/aws/iam/sam-templates.js', () => ({
  expandSamPolicyTemplate: vi.fn((name: string, params: Node | null, at: Loc): Node[] | null => {
    if (name !== 'DynamoDBCrudPolicy') return null;
    const table = params && params.kind === 'map' ? params.entries.find((e) => e.key === 'TableName')?.value : undefined;
    const scalar = (value: string): Node => ({ kind: 'scalar', value, loc: at });
    return [
      {
        kind: 'map',
        loc: at,
        entries: [
          { key: 'Effect', keyLoc: at, value: scalar('Allow') },
          { key: 'Action', keyLoc: at, value: { kind: 'seq', loc: at, items: [scalar('dynamodb:GetItem'), scalar('dynamodb:PutItem')] } },
          { key: 'Resource', keyLoc: at, value: table ?? scalar('*') },
        ],
      },
    ];
  }),
}));

const { expandSamPolicyTemplate } = await import('../../../src/knowledge/aws/iam/sam-templates.js');
const { findRoleByRef, functionsReferencedBy } = await import('../../../src/platforms/aws/template.js');
const { buildFixture, show, span, parse } = await import('./helpers.js');

describe('SAM template (YAML)', () => {
  let app: App;
  let notices: ToolNotice[];
  beforeAll(() => {
    ({ app, notices } = buildFixture('sam-app.yaml'));
  });
  const fn = (id: string) => app.functions.find((f) => f.id === id)!;

  it('detects SAM and names the app after its Description', () => {
    expect(app.origin).toBe('sam');
    expect(app.name).toBe('Orders service');
    expect(app.file).toBe('fixtures/sam-app.yaml');
    expect(app.dir).toBe('fixtures');
    expect(app.functions.map((f) => f.name)).toEqual(['orders-handler', 'ReportsFunction']);
  });

  it('reads function properties with Globals merged (the function wins)', () => {
    const f = fn('OrdersFunction');
    expect(f.name).toBe('orders-handler');
    expect(span(f.loc)).toBe('29:3-29:17');
    expect(show(f.runtime)).toBe('"nodejs20.x"@13:14-13:24'); // from Globals
    expect(show(f.timeout)).toBe('30@35:16-35:18'); // own value overrides Globals
    expect(show(f.memory)).toBe('512@15:17-15:20');
    expect(show(f.architecture)).toBe('"arm64"@34:23-34:28');
    expect(show(f.tracing)).toBe('"Active"@36:16-36:22');
    expect(f.reservedConcurrency).toBeNull();
    expect(show(f.entry!.text)).toBe('"orders.handler"@33:16-33:30');
    expect(show(f.entry!.codeUri)).toBe('"src/"@16:14-16:18');
    // lists concatenate, Globals first
    expect(f.layers.map(show)).toEqual([
      '"arn:aws:lambda:us-east-1:123456789012:layer:shared:1"@18:9-18:61',
      'ref(!Ref LocalLayer)@38:11-38:26',
    ]);
    expect(show(fn('ReportsFunction').timeout)).toBe('10@14:14-14:16');
  });

  it('declares each environment variable once and merges the view per function', () => {
    expect(app.envVars.map((e) => `${e.name}:${e.scope}:${e.functions.join('+')}`)).toEqual([
      'TABLE:globals:orders-handler+ReportsFunction',
      'SHARED:globals:ReportsFunction',
      'SHARED:function:orders-handler',
      'STAGE_NAME:function:orders-handler',
      'REGION:function:orders-handler',
      'EXTRA:function:ReportsFunction',
    ]);
    const env = fn('OrdersFunction').env.map((e) => `${e.name}@${span(e.nameLoc)}=${show(e.value as never)}`);
    expect(env).toEqual([
      'TABLE@21:9-21:14="orders"@10:14-10:20', // !Ref TableName → the parameter default
      'SHARED@41:11-41:17="from-function"@41:19-41:32',
      'STAGE_NAME@42:11-42:21="dev-orders"@42:28-42:45', // !Sub with a parameter → the Sub string
      'REGION@43:11-43:17=ref(${AWS::Region})@43:24-43:40',
    ]);
    expect(fn('ReportsFunction').env.map((e) => e.name)).toEqual(['TABLE', 'SHARED', 'EXTRA']);
    expect(fn('ReportsFunction').env[1]!.scope).toBe('globals');
  });

  it('builds the SAM-generated role from Policies: managed names and ARNs, inline statements', () => {
    const f = fn('OrdersFunction');
    const role = f.role!;
    expect(role.id).toBe('OrdersFunctionRole');
    expect(span(role.loc)).toBe('44:7-44:15');
    expect(role.functions).toEqual(['orders-handler']);
    expect(app.roles).toContain(role);
    expect(role.managedPolicies.map((m) => show(m.value))).toEqual([
      '"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"@30:11-30:36',
      '"arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"@36:16-36:22',
      '"AmazonDynamoDBReadOnlyAccess"@45:11-45:39',
      '"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"@46:11-46:57',
    ]);
    expect(role.managedPolicies.every((m) => m.role === role && m.functions.join() === 'orders-handler')).toBe(true);
    const inline = role.statements.find((s) => s.source.kind === 'sam-policy')!;
    expect(inline.source.name).toBe('OrdersFunction');
    expect(span(inline.loc)).toBe('49:15-51:70');
    expect(inline.actions!.map(show)).toEqual(['"s3:GetObject"@50:23-50:35']);
    // a resource reference stays a ref, never "*"
    expect(inline.resources!.map(show)).toEqual(['ref(arn:${AWS::Partition}:s3:::${Bucket}/*)@51:30-51:70']);
    expect(inline.functions).toEqual(['orders-handler']);
    expect(inline.role).toBe(role);
  });

  it('calls the policy template expander and wraps each statement it returns', () => {
    const calls = vi.mocked(expandSamPolicyTemplate).mock.calls;
    const crud = calls.find((c) => c[0] === 'DynamoDBCrudPolicy')!;
    expect(span(crud[2])).toBe('52:11-52:29');
    const params = crud[1]!;
    expect(params.kind).toBe('map');
    // parameters arrive resolved: !Ref TableName → the default
    expect(show(params.kind === 'map' ? params.entries[0]!.value : null)).toBe('"orders"@10:14-10:20');
    const role = fn('OrdersFunction').role!;
    const templ = role.statements.filter((s) => s.source.kind === 'sam-template');
    expect(templ).toHaveLength(1);
    const s = templ[0]!;
    expect(s.source.name).toBe('DynamoDBCrudPolicy');
    expect(show(s.via)).toBe('"DynamoDBCrudPolicy"@52:11-52:29');
    expect(s.actions!.map((a) => a.kind === 'literal' && a.value)).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(s.resources!.map(show)).toEqual(['"orders"@10:14-10:20']);
    expect(s.functions).toEqual(['orders-handler']);
    expect(app.statements).toContain(s);
  });

  it('reports an unknown policy template and ignores Policies in Globals', () => {
    expect(vi.mocked(expandSamPolicyTemplate).mock.calls.some((c) => c[0] === 'NoSuchTemplate')).toBe(true);
    expect(notices.map((n) => `${n.id}:${n.level}:${span(n.loc)}:${n.message}`)).toEqual([
      'parse-error:warning:23:5-23:13:SAM does not accept "Policies" in "Globals.Function"; it is ignored',
      'parse-error:warning:54:11-54:25:unknown SAM policy template "NoSuchTemplate" in "OrdersFunction"; its permissions are not checked',
    ]);
    expect(
      app.roles.flatMap((r) => r.managedPolicies).some((m) => m.value.kind === 'literal' && m.value.value === 'AdministratorAccess'),
    ).toBe(false);
  });

  it('links an explicit Role (SAM then ignores Policies) and managed policies attached by reference', () => {
    const f = fn('ReportsFunction');
    const role = f.role!;
    expect(role.id).toBe('ReportsRole');
    expect(role.functions).toEqual(['ReportsFunction']);
    expect(app.roles.some((r) => r.id === 'ReportsFunctionRole')).toBe(false);
    expect(role.trust.map((s) => `${s.source.kind}@${span(s.loc)}`)).toEqual(['trust@140:13-143:35']);
    expect(role.trust[0]!.functions).toEqual([]);
    // ManagedPolicyArns: [!Ref SharedPolicy] → the ManagedPolicy's statements apply to the role
    expect(role.managedPolicies.map((m) => show(m.value))).toEqual(['ref(!Ref SharedPolicy)@145:11-145:28']);
    const shared = role.statements.find((s) => s.source.name === 'SharedPolicy')!;
    expect(shared.source.kind).toBe('role');
    expect(shared.actions!.map(show)).toEqual(['"dynamodb:*"@152:21-152:33']);
    expect(shared.resources!.map(show)).toEqual(['"*"@153:23-153:26']);
    expect(shared.functions).toEqual(['ReportsFunction']);
    expect(shared.role).toBe(role);
  });

  it('keeps every statement once in app.statements', () => {
    const all = app.statements;
    expect(new Set(all).size).toBe(all.length);
    for (const r of app.roles) for (const s of [...r.statements, ...r.trust]) expect(all).toContain(s);
    expect(all).toHaveLength(4);
  });

  it('models the function URL', () => {
    const f = fn('OrdersFunction');
    expect(f.url).not.toBeNull();
    expect(f.url!.service).toBe('url');
    expect(f.url!.auth).toBe('none');
    expect(show(f.url!.authType)).toBe('"NONE"@56:19-56:23');
    expect(span(f.url!.loc)).toBe('56:19-56:23');
    expect(f.events).toContain(f.url);
  });

  it('models events with their auth: API default authorizer, NONE and AWS_IAM overrides', () => {
    const evs = fn('OrdersFunction').events.filter((e) => e.service !== 'url');
    expect(evs.map((e) => `${e.service}/${e.raw}@${span(e.loc)}:${e.auth}:${show(e.method)}:${show(e.path)}`)).toEqual([
      'http/Api@59:17-59:20:authorizer:"get"@62:21-62:24:"/orders"@61:19-61:26', // Globals.Api DefaultAuthorizer
      'http/Api@64:17-64:20:none:"get"@67:21-67:24:"/health"@66:19-66:26', // Authorizer: NONE beats the default
      'http/Api@71:17-71:20:iam:"post"@74:21-74:25:"/admin"@73:19-73:25',
      'sqs/SQS@78:17-78:20:none:undefined:undefined',
      'schedule/Schedule@82:17-82:25:none:undefined:undefined',
      'httpApi/HttpApi@86:17-86:24:none:undefined:undefined', // implicit HTTP API, no Globals.HttpApi auth
    ]);
    expect(evs.every((e) => e.fn === fn('OrdersFunction'))).toBe(true);
  });

  it('takes auth from the referenced API resource, and unknown for an API outside the template', () => {
    const evs = fn('ReportsFunction').events;
    expect(evs.map((e) => `${e.path && show(e.path)}:${e.auth}`)).toEqual([
      '"/reports"@108:19-108:27:iam', // PrivateApi DefaultAuthorizer AWS_IAM
      '"/keyed"@114:19-114:25:private', // KeyedApi: no authorizer, ApiKeyRequired
      '"/ext"@120:19-120:23:unknown', // !ImportValue
    ]);
  });

  it('reads Metadata sls-lint ignores in both forms', () => {
    const r = app.resources.find((x) => x.id === 'ReportsFunction')!;
    expect(r.ignore).toEqual([{ id: 'iam/no-wildcard-action', reason: 'reports need it' }, { id: 'cost/no-timeout' }]);
  });

  it('keeps every resource with resolved, Globals-merged properties', () => {
    expect(app.resources.map((r) => `${r.id}:${r.type}@${span(r.idLoc)}/${span(r.typeLoc)}`)).toEqual([
      'OrdersFunction:AWS::Serverless::Function@29:3-29:17/30:11-30:36',
      'ReportsFunction:AWS::Serverless::Function@87:3-87:18/88:11-88:36',
      'PrivateApi:AWS::Serverless::Api@122:3-122:13/123:11-123:31',
      'KeyedApi:AWS::Serverless::Api@128:3-128:11/129:11-129:31',
      'ReportsRole:AWS::IAM::Role@135:3-135:14/136:11-136:25',
      'SharedPolicy:AWS::IAM::ManagedPolicy@146:3-146:15/147:11-147:34',
      'LocalLayer:AWS::Serverless::LayerVersion@154:3-154:13/155:11-155:40',
      'Queue:AWS::SQS::Queue@158:3-158:8/159:11-159:26',
      'Bucket:AWS::S3::Bucket@160:3-160:9/161:11-161:26',
    ]);
    const orders = app.resources[0]!;
    expect(orders.properties!.entries.map((e) => e.key)).toContain('CodeUri'); // from Globals
    // Policies are per function: the merged map holds the function's own, never Globals'
    expect(span(orders.properties!.entries.find((e) => e.key === 'Policies')!.keyLoc)).toBe('44:7-44:15');
    expect(orders.node.kind).toBe('map');
  });

  it('finds roles from written and resolved references', () => {
    const doc = parse(
      'refs.yaml',
      [
        'A: !GetAtt ReportsRole.Arn',
        'B: {Fn::GetAtt: [ReportsRole, Arn]}',
        'C: !Ref ReportsRole',
        'D: ReportsRole',
        "E: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${ReportsRole}'",
        'F: arn:aws:iam::123456789012:role/unknown',
        'G: !GetAtt Queue.Arn',
      ].join('\n'),
    );
    const ids = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((k) => {
      const e = doc.root!.kind === 'map' ? doc.root!.entries.find((x) => x.key === k)!.value : undefined;
      return findRoleByRef(app, e)?.id ?? null;
    });
    expect(ids).toEqual(['ReportsRole', 'ReportsRole', 'ReportsRole', 'ReportsRole', 'ReportsRole', null, null]);
    expect(findRoleByRef(app, undefined)).toBeUndefined();
  });

  it('finds functions referenced by logical id, name, Ref, GetAtt and ARN', () => {
    const doc = parse(
      'fns.yaml',
      "A: !GetAtt OrdersFunction.Arn\nB: !Ref ReportsFunction\nC: orders-handler\nD: arn:aws:lambda:us-east-1:1:function:orders-handler:live\nE: !Sub '${OrdersFunction.Arn}'\nF: !GetAtt Queue.Arn\n",
    );
    const names = ['A', 'B', 'C', 'D', 'E', 'F'].map((k) =>
      functionsReferencedBy(app, doc.root!.kind === 'map' ? doc.root!.entries.find((x) => x.key === k)!.value : undefined),
    );
    expect(names).toEqual([['orders-handler'], ['ReportsFunction'], ['orders-handler'], ['orders-handler'], ['orders-handler'], []]);
  });
});

describe('SAM template (JSON)', () => {
  it('builds the same model from JSON', async () => {
    const { parse: p, memoryContext } = await import('./helpers.js');
    const { buildCloudFormationApp } = await import('../../../src/platforms/aws/template.js');
    const text = `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Globals": { "Function": { "Environment": { "Variables": { "G": "g" } } }, "HttpApi": { "Auth": { "DefaultAuthorizer": "Jwt" } } },
  "Resources": {
    "Fn": {
      "Type": "AWS::Serverless::Function",
      "Properties": {
        "Handler": "a.b",
        "Policies": "AWSLambdaExecute",
        "Events": {
          "Open": { "Type": "HttpApi", "Properties": { "Path": "/open", "Method": "GET", "Auth": { "Authorizer": "NONE" } } },
          "Closed": { "Type": "HttpApi", "Properties": { "Path": "/closed", "Method": "GET" } }
        }
      }
    }
  }
}`;
    const { ctx, notices } = memoryContext();
    const app = buildCloudFormationApp(p('t.json', text), ctx)!;
    expect(notices).toEqual([]);
    expect(app.origin).toBe('sam');
    expect(app.name).toBe('t.json');
    const f = app.functions[0]!;
    expect(f.env.map((e) => `${e.name}:${e.scope}@${span(e.nameLoc)}`)).toEqual(['G:globals@3:62-3:65']);
    expect(f.role!.managedPolicies.map((m) => show(m.value))[1]).toBe('"AWSLambdaExecute"@9:21-9:39');
    expect(f.events.map((e) => `${e.service}:${e.auth}@${span(e.loc)}`)).toEqual([
      'httpApi:none@11:29-11:38',
      'httpApi:authorizer@12:31-12:40',
    ]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { buildCloudFormationApp, functionsReferencedBy } from '../../../src/platforms/aws/template.js';
import { get } from '../../../src/core/node.js';
import type { App } from '../../../src/model/types.js';
import type { ToolNotice } from '../../../src/core/types.js';
import { buildFixture, memoryContext, parse, show, span } from './helpers.js';

describe('CloudFormation template (JSON)', () => {
  let app: App;
  let notices: ToolNotice[];
  beforeAll(() => {
    ({ app, notices } = buildFixture('cfn-app.json'));
  });
  const fn = (id: string) => app.functions.find((f) => f.id === id)!;
  const res = (id: string) => app.resources.find((r) => r.id === id)!;

  it('builds a plain CloudFormation app without notices', () => {
    expect(notices).toEqual([]);
    expect(app.origin).toBe('cloudformation');
    expect(app.name).toBe('fixtures/cfn-app.json');
    expect(app.resources).toHaveLength(17);
    expect(app.functions.map((f) => `${f.id}=${f.name}`)).toEqual(['WorkerFunction=WorkerFunction', 'NamedFunction=named-fn']);
  });

  it('reads AWS::Lambda::Function properties', () => {
    const f = fn('WorkerFunction');
    expect(f.origin).toBe('cloudformation');
    expect(span(f.loc)).toBe('4:5-4:21');
    expect(show(f.runtime)).toBe('"python3.12"@8:20-8:32');
    expect(show(f.memory)).toBe('1024@9:23-9:27');
    expect(show(f.timeout)).toBe('900@10:20-10:23');
    expect(show(f.reservedConcurrency)).toBe('5@11:41-11:42');
    expect(show(f.architecture)).toBe('"x86_64"@12:27-12:35');
    expect(show(f.tracing)).toBe('"Active"@13:36-13:44');
    expect(f.layers.map(show)).toEqual(['ref(!Ref DepsLayer)@14:20-14:42']);
    expect(show(f.entry!.text)).toBe('"index.handler"@7:20-7:35');
    expect(show(f.entry!.inlineCode)).toBe('"def handler(event, context):\\n    return 1\\n"@15:30-15:76');
    expect(f.env.map((e) => `${e.name}:${e.scope}@${span(e.nameLoc)}=${show(e.value as never)}`)).toEqual([
      'QUEUE_URL:function@17:41-17:52=ref(!Ref Jobs)@17:54-17:71',
      'MODE:function@17:73-17:79="batch"@17:81-17:88',
    ]);
    expect(fn('NamedFunction').entry!.inlineCode).toBeUndefined();
  });

  it('links roles both ways, by GetAtt and by a literal ARN matching RoleName', () => {
    const role = app.roles.find((r) => r.id === 'WorkerRole')!;
    expect(fn('WorkerFunction').role).toBe(role);
    expect(fn('NamedFunction').role).toBe(role);
    expect(role.functions).toEqual(['WorkerFunction', 'named-fn']);
    expect(span(role.loc)).toBe('30:5-30:17');
    expect(show(role.permissionsBoundary)).toBe('"arn:aws:iam::123456789012:policy/boundary"@34:32-34:75');
    expect(role.managedPolicies.map((m) => `${show(m.value)} ${m.functions.join('+')}`)).toEqual([
      '"arn:aws:iam::aws:policy/AdministratorAccess"@38:31-38:76 WorkerFunction+named-fn',
    ]);
  });

  it('collects role, attached-policy, trust and resource-policy statements once each', () => {
    expect(
      app.statements.map((s) => `${s.source.kind}:${s.source.name}@${span(s.loc)} fns=${s.functions.join('+')} role=${s.role?.id ?? '-'}`),
    ).toEqual([
      'trust:WorkerRole@36:25-36:126 fns= role=WorkerRole',
      'role:queue-access@43:29-43:118 fns=WorkerFunction+named-fn role=WorkerRole',
      'role:extra@55:25-55:81 fns=WorkerFunction+named-fn role=WorkerRole',
      'resource-policy:JobsPolicy@129:25-129:140 fns= role=-',
    ]);
    const role = app.roles[0]!;
    expect(role.statements).toEqual([app.statements[1], app.statements[2]]);
    expect(role.trust).toEqual([app.statements[0]]);
    const inline = app.statements[1]!;
    expect(inline.actions!.map(show)).toEqual(['"sqs:*"@43:61-43:68']);
    expect(inline.resources!.map(show)).toEqual(['ref(!GetAtt Jobs.Arn)@43:83-43:116']);
    const rp = app.statements[3]!;
    expect(show(rp.principal)).toBe('"*"@129:59-129:62');
    expect(rp.resources!.map(show)).toEqual(['ref(!GetAtt Jobs.Arn)@129:105-129:138']);
  });

  it('links Lambda permissions, URLs and event source mappings to functions', () => {
    expect(functionsReferencedBy(app, get(res('InvokePermission').node, 'Properties', 'FunctionName'))).toEqual(['WorkerFunction']);
    const url = fn('WorkerFunction').url!;
    expect(`${url.service}/${url.raw}@${span(url.loc)}:${url.auth}:${show(url.authType)}`).toBe(
      'url/AWS::Lambda::Url@71:21-71:30:iam:"AWS_IAM"@71:21-71:30',
    );
    const sqs = fn('WorkerFunction').events.find((e) => e.service === 'sqs')!;
    expect(`${sqs.raw}@${span(sqs.loc)}`).toBe('AWS::Lambda::EventSourceMapping@137:27-137:60');
  });

  it('derives API Gateway routes: REST method path through the resource chain, HTTP API route key', () => {
    const get1 = fn('NamedFunction').events[0]!;
    expect(`${get1.service}@${span(get1.loc)}:${get1.auth}:${show(get1.method)}:${show(get1.path)}`).toBe(
      'http@97:30-97:36:none:"GET"@96:23-96:28:"/items/{id}"@88:21-88:27',
    );
    const route = fn('WorkerFunction').events.find((e) => e.service === 'httpApi')!;
    expect(`${route.raw}@${span(route.loc)}:${route.auth}:${show(route.method)}:${show(route.path)}`).toBe(
      'AWS::ApiGatewayV2::Route@119:30-119:35:authorizer:"POST"@118:21-118:34:"/items"@118:21-118:34',
    );
  });

  it('keeps resources with resolved properties and the written node', () => {
    const r = res('WorkerFunction');
    expect(`${span(r.idLoc)} ${span(r.typeLoc)}`).toBe('4:5-4:21 5:15-5:38');
    expect(show(get(r.properties, 'Role'))).toBe('ref(!GetAtt WorkerRole.Arn)@16:17-16:56');
    expect(get(r.node, 'Properties', 'Role')?.kind).toBe('map'); // the written intrinsic
    expect(res('Jobs').properties).toBeNull();
  });
});

describe('template detection and malformed input', () => {
  const build = (file: string, text: string) => {
    const { ctx, notices } = memoryContext();
    return { app: buildCloudFormationApp(parse(file, text), ctx), notices };
  };

  it('returns null for documents that are not templates', () => {
    expect(build('a.yaml', 'foo: bar\n').app).toBeNull();
    expect(build('b.yaml', 'Resources:\n  cpu: 2\n  memory: 4Gi\n').app).toBeNull();
    expect(build('c.yaml', '- a\n- b\n').app).toBeNull();
    expect(build('d.json', '{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}').app?.origin).toBe('cloudformation');
  });

  it('reports a declared template whose Resources is not a map', () => {
    const { app, notices } = build('e.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources: [a]\n");
    expect(app).toBeNull();
    expect(notices.map((n) => `${n.id}:${n.level}@${span(n.loc)}`)).toEqual(['parse-error:warning@2:12-2:15']);
  });

  it('skips malformed pieces with located warnings and models the rest', () => {
    const { app, notices } = buildFixture('malformed.yaml');
    expect(notices.map((n) => `${span(n.loc)} ${n.message}`)).toEqual([
      '6:12-6:13 resource "NotAMap" is not a map; skipped',
      '7:3-7:9 resource "NoType" has no literal "Type"; skipped',
      '10:11-10:25 resource "RefType" has no literal "Type"; skipped',
      '13:17-13:23 "Properties" of resource "ListProps" must be a map',
      '4:13-4:22 "Globals.Function" must be a map',
      '19:13-19:15 Metadata sls-lint ignore of "BadFunction": expected a rule id or {id, reason}',
      '45:11-45:34 a policy of role "BadRole" has no "PolicyDocument"; skipped',
      '25:20-25:26 "Environment.Variables" of "BadFunction" must be a map',
      '27:11-27:13 a policy of "BadFunction" is neither a managed policy, a policy document nor a policy template; skipped',
      '29:9-29:15 event "NoType" of "BadFunction" has no literal "Type"; skipped',
      '40:15-40:18 "Events" of "EventsNotMap" must be a map',
      '47:11-47:27 policy "BadPolicy" has no "PolicyDocument"',
    ]);
    expect(notices.every((n) => n.id === 'parse-error' && n.level === 'warning')).toBe(true);
    expect(app.resources.map((r) => r.id)).toEqual(['ListProps', 'BadFunction', 'EventsNotMap', 'BadRole', 'BadPolicy', 'Topic']);
    expect(app.resources[0]!.properties).toBeNull();
    const bad = app.functions.find((f) => f.id === 'BadFunction')!;
    expect(bad.env).toEqual([]);
    expect(bad.events.map((e) => `${e.service}@${span(e.loc)}`)).toEqual(['sns@33:17-33:20']);
    expect(app.resources[1]!.ignore).toEqual([{ id: 'iam/no-admin-policy' }]);
  });

  it('never throws on odd shapes', () => {
    const odd = [
      'Resources: {A: {Type: AWS::Lambda::Function, Properties: {Role: [1], Environment: 5, Layers: x, Code: 3}}}',
      'Transform: AWS::Serverless-2016-10-31\nResources: {F: {Type: AWS::Serverless::Function, Properties: {Policies: {Statement: 5}, Events: {E: {Type: Api, Properties: 4}}, FunctionUrlConfig: 3}}}',
      'Transform: AWS::Serverless-2016-10-31\nGlobals: 5\nResources: {F: {Type: AWS::Serverless::Function, Properties: !If [X, {}, {}]}}',
      'Resources: {P: {Type: AWS::IAM::Policy, Properties: {PolicyDocument: {Statement: [1, {Effect: Allow}]}, Roles: {Ref: [1]}}}}',
      'Resources: {M: {Type: AWS::ApiGateway::Method, Properties: {ResourceId: {Ref: M}, Integration: {Uri: {Fn::Sub: "${M.Arn}"}}}}}',
      'Resources: {"Fn::ForEach::Loop": [x, [a], {}], B: {Type: AWS::S3::BucketPolicy, Properties: {PolicyDocument: "{}"}}}',
    ];
    for (const text of odd) {
      const { app, notices } = build('odd.yaml', text);
      expect(app).not.toBeNull();
      // the last-resort catch in addCloudFormationResources must not have fired
      expect(notices.filter((n) => n.message.startsWith('could not model'))).toEqual([]);
    }
  });
});

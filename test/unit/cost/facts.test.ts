import { describe, expect, it } from 'vitest';
import { buildProject } from '../../../src/pipeline.js';
import { keysMayMatch, loopResource } from '../../../src/analysis/cost/writes.js';
import { tmpTree } from '../../helpers/tmp.js';

function apps(files: Record<string, string>) {
  const dir = tmpTree(files);
  return buildProject({ srcRoot: dir, paths: [dir], ignore: [], stage: 'dev', allowEnv: false, env: {} }).project.apps;
}

describe('cost facts of the model', () => {
  it('serverless: provisioned concurrency, destinations, sources, batching, filters and schedules', () => {
    const [app] = apps({
      'serverless.yml': [
        'service: s',
        'custom: { bucket: up }',
        'provider: { name: aws, runtime: nodejs20.x }',
        'functions:',
        '  f:',
        '    handler: h.f',
        '    provisionedConcurrency: 3',
        '    destinations: { onFailure: arn:aws:sqs:us-east-1:1:dlq }',
        '    events:',
        '      - sqs: { arn: !GetAtt Q.Arn, batchSize: 5, maximumBatchingWindow: 2, functionResponseType: ReportBatchItemFailures }',
        '      - s3: { bucket: "${self:custom.bucket}", event: "s3:ObjectCreated:*", rules: [{ prefix: in/ }, { suffix: .jpg }] }',
        '      - schedule: { rate: [rate(5 minutes), cron(0 3 * * ? *)], enabled: false }',
        '',
      ].join('\n'),
    });
    const fn = app!.functions[0]!;
    expect(fn.cost).toMatchObject({ provisionedConcurrency: { value: 3 }, onFailure: { value: 'arn:aws:sqs:us-east-1:1:dlq' } });
    const [sqs, s3, sched] = fn.events;
    expect(sqs!.cost).toMatchObject({
      source: { text: '${Q.Arn}', ids: ['Q'] },
      batchSize: { value: 5 },
      batchWindow: { value: 2 },
      reportsItemFailures: true,
    });
    expect(s3!.cost).toMatchObject({ source: { text: 'up' }, filter: { prefix: 'in/', suffix: '.jpg' }, s3Events: ['s3:ObjectCreated:*'] });
    expect(sched!.cost!.schedules!.map((v) => (v as { value: unknown }).value)).toEqual(['rate(5 minutes)', 'cron(0 3 * * ? *)']);
    expect(sched!.cost!.disabled).toBe(true);
  });

  it('templates: provisioned concurrency of an alias, invoke configs, log groups and their retention, bucket notifications, rules', () => {
    const [app] = apps({
      'template.yaml': [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Lambda::Function',
        '    Properties: { Handler: i.h, Runtime: nodejs20.x, Role: arn:aws:iam::1:role/r, Code: { S3Bucket: b, S3Key: k } }',
        '  V: { Type: AWS::Lambda::Version, Properties: { FunctionName: !Ref Fn } }',
        '  A:',
        '    Type: AWS::Lambda::Alias',
        '    Properties: { FunctionName: !Ref Fn, FunctionVersion: !GetAtt V.Version, Name: live, ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 4 } }',
        '  C: { Type: AWS::Lambda::EventInvokeConfig, Properties: { FunctionName: !Ref Fn, Qualifier: $LATEST, MaximumRetryAttempts: 0 } }',
        '  Logs: { Type: AWS::Logs::LogGroup, Properties: { LogGroupName: !Sub "/aws/lambda/${Fn}", RetentionInDays: 7 } }',
        '  B:',
        '    Type: AWS::S3::Bucket',
        '    Properties:',
        '      NotificationConfiguration:',
        '        LambdaConfigurations:',
        '          - { Event: "s3:ObjectCreated:Put", Function: !GetAtt Fn.Arn, Filter: { S3Key: { Rules: [{ Name: prefix, Value: raw/ }] } } }',
        '  R: { Type: AWS::Events::Rule, Properties: { ScheduleExpression: rate(1 hour), Targets: [{ Id: t, Arn: !GetAtt Fn.Arn }] } }',
        '',
      ].join('\n'),
    });
    const fn = app!.functions[0]!;
    expect(fn.cost).toMatchObject({ provisionedConcurrency: { value: 4 }, maxRetries: { value: 0 }, logGroup: { id: 'Logs' } });
    expect(fn.logRetention).toMatchObject({ value: 7 });
    expect(fn.events.map((e) => [e.service, e.raw])).toEqual([
      ['s3', 'AWS::S3::Bucket'],
      ['schedule', 'AWS::Events::Rule'],
    ]);
    expect(fn.events[0]!.cost).toMatchObject({ source: { ids: ['B'] }, filter: { prefix: 'raw/' }, s3Events: ['s3:ObjectCreated:Put'] });
  });

  it('grant targets: Sub, Join, literal ARNs and SAM policy template parameters', () => {
    const [app] = apps({
      'template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  T: { Type: AWS::DynamoDB::Table, Properties: { TableName: orders } }',
        '  F:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Handler: h.f',
        '      Runtime: nodejs20.x',
        '      Policies:',
        '        - DynamoDBWritePolicy: { TableName: !Ref T }',
        '        - Statement:',
        '            - Effect: Allow',
        '              Action: s3:PutObject',
        '              Resource: [!Join ["", [!GetAtt B.Arn, "/out/*"]], "arn:aws:s3:::lit/x/*", !ImportValue other]',
        '',
      ].join('\n'),
    });
    const refs = app!.statements.flatMap((s) => s.resourceRefs ?? []).map((r) => r.text ?? null);
    expect(refs).toContain('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${T}');
    expect(refs).toEqual(expect.arrayContaining(['${B.Arn}/out/*', 'arn:aws:s3:::lit/x/*', null]));
    const table = loopResource(app!, { text: 'arn:aws:dynamodb:us-east-1:1:table/${T}/index/*', ids: ['T'], loc: app!.functions[0]!.loc });
    expect(table).toMatchObject({ service: 'dynamodb', ids: ['T'], names: ['orders'] });
  });

  it('object key patterns against S3 filters', () => {
    expect(keysMayMatch('out/*', { prefix: 'in/' })).toBe(false);
    expect(keysMayMatch('in/resized/*', { prefix: 'in/' })).toBe(true);
    expect(keysMayMatch('*', { prefix: 'in/' })).toBe(true);
    expect(keysMayMatch('*.png', { suffix: '.jpg' })).toBe(false);
    expect(keysMayMatch('thumbs/*', { suffix: '.jpg' })).toBe(true);
    expect(keysMayMatch('a.txt', { prefix: 'a', suffix: '.csv' })).toBe(false);
    expect(keysMayMatch('${aws:username}/*', { prefix: 'in/' })).toBe(true);
  });
});

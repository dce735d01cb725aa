import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { tmpTree } from '../helpers/tmp.js';

/** The message of input/missing-validation for one function triggered as the template says. */
function message(resources: string): string[] {
  const dir = tmpTree({
    'template.yaml': ['Transform: AWS::Serverless-2016-10-31', 'Resources:', resources].join('\n'),
    'src/app.js': 'exports.handler = async (event) => { await send(JSON.parse(event.body).data); };\n',
  });
  const run = lint({ cwd: dir, srcRoot: dir, noConfig: true, stage: 'dev', only: ['input/missing-validation'] });
  return run.result.diagnostics.filter((r) => r.ruleId === 'input/missing-validation').map((r) => r.message.split(' of function')[0]!);
}

const FN = [
  '  Fn:',
  '    Type: AWS::Serverless::Function',
  '    Properties: { Runtime: nodejs20.x, CodeUri: src/, Handler: app.handler }',
].join('\n');

describe('input/missing-validation route names', () => {
  it('names a WebSocket route as one, not as an HTTP route', () => {
    const api = '  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: { Name: a, ProtocolType: WEBSOCKET }';
    const route = (key: string) =>
      `  Route:\n    Type: AWS::ApiGatewayV2::Route\n    Properties:\n      ApiId: !Ref Api\n      RouteKey: ${key}\n      AuthorizationType: NONE\n      Target: !Sub integrations/\${Integration}`;
    const integration =
      '  Integration:\n    Type: AWS::ApiGatewayV2::Integration\n    Properties:\n      ApiId: !Ref Api\n      IntegrationType: AWS_PROXY\n      IntegrationUri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations';
    expect(message([FN, api, integration, route('sendmessage')].join('\n'))).toEqual(['The WebSocket route']);
  });

  it('names an HTTP API route by its method and path', () => {
    const api = '  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: { Name: a, ProtocolType: HTTP }';
    const route =
      '  Route:\n    Type: AWS::ApiGatewayV2::Route\n    Properties:\n      ApiId: !Ref Api\n      RouteKey: POST /items\n      Target: !Sub integrations/${Integration}';
    const integration =
      '  Integration:\n    Type: AWS::ApiGatewayV2::Integration\n    Properties:\n      ApiId: !Ref Api\n      IntegrationType: AWS_PROXY\n      IntegrationUri: !GetAtt Fn.Arn';
    expect(message([FN, api, integration, route].join('\n'))).toEqual(['`POST /items`']);
  });
});

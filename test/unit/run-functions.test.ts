/**
 * `RunResult.functions`: what the html report lists, from a real run over serverless.yml and a SAM
 * template (region from the function's key to the end of its definition, handler and its file).
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { functionsOfFinding } from '../../src/formatters/html.js';
import { tmpTree } from '../helpers/tmp.js';

const SERVERLESS = [
  'service: shop',
  'provider:',
  '  name: aws',
  '  runtime: nodejs20.x',
  'functions:',
  '  api:',
  '    handler: src/api.handler',
  '    timeout: 900',
  '    events:',
  '      - httpApi: GET /',
  '  missing:',
  '    handler: src/nowhere.handler',
  '',
].join('\n');

const SAM = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Worker:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  '      Handler: worker.handler',
  '      CodeUri: jobs/',
  '',
].join('\n');

describe('RunResult.functions', () => {
  const dir = tmpTree({
    'serverless.yml': SERVERLESS,
    'src/api.ts': 'export const handler = async () => ({ statusCode: 200 });\n',
    'sam/template.yaml': SAM,
    'sam/jobs/worker.js': 'exports.handler = async () => {};\n',
  });
  const { result } = lint({ cwd: dir });

  it('lists every function with platform, manifest, region and handler, sorted', () => {
    expect(
      result.functions!.map((f) => [f.id, f.platform, f.origin, f.manifest, f.region.line, f.region.endLine, f.handler, f.entryFile]),
    ).toEqual([
      ['Worker', 'aws', 'sam', 'sam/template.yaml', 4, 9, 'worker.handler', 'sam/jobs/worker.js'],
      ['api', 'aws', 'serverless', 'serverless.yml', 6, 10, 'src/api.handler', 'src/api.ts'],
      ['missing', 'aws', 'serverless', 'serverless.yml', 11, 12, 'src/nowhere.handler', undefined],
    ]);
  });

  it('a finding inside a function’s definition is that function’s', () => {
    expect(result.diagnostics.map((d) => [d.ruleId, d.loc.file, d.loc.line])).toEqual([
      // 900 s behind an HTTP API that waits 30 s
      ['cost/timeout-above-caller', 'serverless.yml', 8],
      ['iam/no-unauthenticated-http', 'serverless.yml', 10],
    ]);
    expect(functionsOfFinding(result.diagnostics[0]!.loc, result.functions!).map((f) => f.id)).toEqual(['api']);
    expect(functionsOfFinding(result.diagnostics[1]!.loc, result.functions!).map((f) => f.id)).toEqual(['api']);
  });
});

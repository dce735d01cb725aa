// A repeated key does not drop the document: the last value is modelled (as PyYAML, JSON.parse and
// the deploy tools load it), with a warning at each repeated key; findings of the whole file remain.
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint.js';
import { parseJson } from '../../../src/parse/json.js';
import { parseYaml } from '../../../src/parse/yaml.js';
import { tmpTree } from '../../helpers/tmp.js';

const ONLY = ['iam/no-admin-policy', 'iam/no-wildcard-action'];
const WARN = 'map keys must be unique: the last value of a repeated key is analysed, as the deploy tools load it';

function run(files: Record<string, string>) {
  const { result } = lint({ cwd: tmpTree(files), noConfig: true, only: ONLY });
  return {
    notices: result.notices.filter((n) => n.id === 'parse-error').map((n) => [n.level, n.message, n.loc?.file, n.loc?.line, n.loc?.column]),
    findings: result.diagnostics.map((d) => [d.ruleId, d.loc.file, d.loc.line, d.loc.column]).sort(),
  };
}

describe('duplicate keys', () => {
  it('YAML: the last value wins, at the first key’s place, and each repeat is located', () => {
    const r = parseYaml('t.yml', 'a: 1\nb: 2\na: 3\nb: [x]\na: 4\n');
    expect(r.errors.map((e) => [e.level, e.loc.line, e.loc.column, e.loc.endColumn])).toEqual([
      ['warning', 3, 1, 2],
      ['warning', 4, 1, 2],
      ['warning', 5, 1, 2],
    ]);
    const root = r.doc.root;
    expect(root?.kind === 'map' && root.entries.map((e) => [e.key, e.keyLoc.line])).toEqual([
      ['a', 5],
      ['b', 4],
    ]);
  });

  it('YAML: an explicit repeated key still beats a merged one', () => {
    const r = parseYaml('t.yml', 'base: &b {x: 1, y: 1}\nm:\n  <<: *b\n  x: 2\n  x: 3\n');
    const m = r.doc.root?.kind === 'map' ? r.doc.root.entries.find((e) => e.key === 'm')!.value : null;
    expect(m?.kind === 'map' && m.entries.map((e) => [e.key, e.value.kind === 'scalar' && e.value.value])).toEqual([
      ['y', 1],
      ['x', 3],
    ]);
    expect(r.errors.map((e) => [e.level, e.loc.line])).toEqual([['warning', 5]]);
  });

  it('JSON: the last value wins and each repeat is located at its key', () => {
    const r = parseJson('t.json', '{\n  "a": 1,\n  "a": {"b": 1, "b": 2},\n  "c": 0\n}\n');
    expect(r.errors.map((e) => [e.level, e.message, e.loc.line, e.loc.column, e.loc.endColumn]).sort()).toEqual([
      ['warning', `JSON: ${WARN}`, 3, 17, 20],
      ['warning', `JSON: ${WARN}`, 3, 3, 6],
    ]);
    const root = r.doc.root;
    const a = root?.kind === 'map' ? root.entries[0]! : null;
    expect(root?.kind === 'map' && root.entries.map((e) => e.key)).toEqual(['a', 'c']);
    expect(a?.value.kind === 'map' && a.value.entries.map((e) => [e.key, e.value.kind === 'scalar' && e.value.value])).toEqual([['b', 2]]);
  });

  it('a real syntax error still drops the file at error level', () => {
    expect(parseYaml('t.yml', 'a: 1\na: 2\nb: [\n').errors.every((e) => e.level === undefined)).toBe(true);
    expect(parseJson('t.json', '{"a": 1, "a": }').errors.every((e) => e.level === undefined)).toBe(true);
  });

  it('serverless.yml with a repeated function and a repeated resource keeps its findings', () => {
    const sls = [
      'service: s',
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      '  iam:',
      '    role:',
      '      statements:',
      '        - Effect: Allow',
      '          Action: "dynamodb:*"',
      '          Resource: "*"',
      'functions:',
      '  a:',
      '    handler: a.handler',
      '  a:',
      '    handler: b.handler',
      'resources:',
      '  Resources:',
      '    R:',
      '      Type: AWS::IAM::ManagedPolicy',
      '      Properties: {}',
      '    R:',
      '      Type: AWS::IAM::ManagedPolicy',
      '      Properties:',
      '        PolicyDocument:',
      '          Statement:',
      '            - {Effect: Allow, Action: "*", Resource: "*"}',
      '',
    ].join('\n');
    expect(run({ 'serverless.yml': sls })).toEqual({
      notices: [
        ['warning', `YAML: ${WARN}`, 'serverless.yml', 14, 3],
        ['warning', `YAML: ${WARN}`, 'serverless.yml', 21, 5],
      ],
      findings: [
        ['iam/no-admin-policy', 'serverless.yml', 26, 39],
        ['iam/no-wildcard-action', 'serverless.yml', 26, 39],
        ['iam/no-wildcard-action', 'serverless.yml', 9, 19],
      ],
    });
  });

  it('SAM YAML with short intrinsics and CloudFormation JSON: the last definition is the one judged', () => {
    const sam = [
      'Transform: AWS::Serverless-2016-10-31',
      'Parameters:',
      '  Act: {Type: String, Default: "s3:*"}',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: index.handler',
      '      Runtime: nodejs20.x',
      '      Policies:',
      '        - Statement: [{Effect: Allow, Action: "*", Resource: "*"}]',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: index.handler',
      '      Runtime: nodejs20.x',
      '      Policies:',
      '        - Statement: [{Effect: Allow, Action: !Ref Act, Resource: !Sub "arn:${AWS::Partition}:s3:::b/*"}]',
      '',
    ].join('\n');
    const cfn = JSON.stringify({ Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: {} } } }).replace(
      '"Properties":{}',
      '"Properties":{},\n"Properties":{"PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}',
    );
    expect(run({ 'sam/template.yaml': sam, 'cfn/stack.template.json': cfn })).toEqual({
      notices: [
        ['warning', `JSON: ${WARN}`, 'cfn/stack.template.json', 2, 1],
        ['warning', `YAML: ${WARN}`, 'sam/template.yaml', 12, 3],
      ],
      findings: [
        ['iam/no-admin-policy', 'cfn/stack.template.json', 2, 73],
        ['iam/no-wildcard-action', 'cfn/stack.template.json', 2, 73],
        ['iam/no-wildcard-action', 'sam/template.yaml', 3, 32],
      ],
    });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSarif, pascalCase, pathToUri, toSarif } from '../../src/formatters/sarif.js';
import { firstParagraph, inlineToText, markdownToText, truncate } from '../../src/formatters/markdown.js';
import { multitoolPath, runMultitool, validateSarifSchema } from '../helpers/sarif.js';
import { makeResult, RULES, SECRET_KEY, SECRET_PASSWORD } from './fixture.js';
import { rules as registry } from '../../rules/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-sarif-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function parse(text: string): Sarif.Log {
  return JSON.parse(text) as Sarif.Log;
}

describe('sarif formatter', () => {
  const log = parse(formatSarif(makeResult()));
  const run = log.runs[0]!;

  it('validates against the official SARIF 2.1.0 schema', () => {
    expect(validateSarifSchema(log)).toEqual([]);
  });

  it('the schema check itself catches an invalid log', () => {
    const bad = parse(formatSarif(makeResult())) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    bad.runs[0]!.results[0]!.level = 'fatal';
    delete bad.runs[0]!.results[1]!.message;
    const errors = validateSarifSchema(bad);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e.startsWith('/runs/0/results/0/level'))).toBe(true);
  });

  it.skipIf(!multitoolPath())('passes the SARIF Multitool with the GitHub rules: no errors, no warnings', () => {
    const file = path.join(tmp, 'run.sarif');
    fs.writeFileSync(file, formatSarif(makeResult()));
    expect(runMultitool(file)).toEqual({ errors: [], warnings: [], notes: [] });
  });

  it.skipIf(!multitoolPath())('the Multitool check itself reports what GitHub would reject', () => {
    const bad = parse(formatSarif(makeResult()));
    bad.runs[0]!.results![0]!.locations = [];
    const file = path.join(tmp, 'bad.sarif');
    fs.writeFileSync(file, JSON.stringify(bad, null, 2));
    const report = runMultitool(file);
    expect(report.errors.length).toBeGreaterThan(0);
    expect(report.errors.some((e) => e.startsWith('GH') && e.includes("'locations' array on this 'result' object is empty"))).toBe(true);
  });

  it('has the header GitHub expects', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: 'sls-lint',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/sls-lint/sls-lint',
    });
    // only with a category given: upload-sarif's `category:` input names the analysis otherwise
    expect(run.automationDetails).toBeUndefined();
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds).toBeUndefined();
  });

  it('describes every rule with README-derived help and GitHub properties', () => {
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    expect(rules[2]).toEqual({
      id: 'iam/no-wildcard-action',
      name: 'IamNoWildcardAction',
      shortDescription: { text: 'Disallow IAM statements that allow every action of a service' },
      fullDescription: { text: 'Disallow IAM statements that allow every action of a service.' },
      help: {
        text: [
          'iam/no-wildcard-action',
          '',
          'Disallow IAM statements that allow every action of a service.',
          '',
          'Why is this bad?',
          '',
          'An Allow of "*" or "s3:*" gives a function every permission of the service, including',
          'ones it never calls. See least privilege (https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html).',
          '',
          'Examples',
          '',
          '    # failing',
          '    - Effect: Allow',
          "      Action: '*'",
          '',
          'Options',
          '',
          'None.',
          '',
          'References',
          '',
          '- https://cwe.mitre.org/data/definitions/269.html',
        ].join('\n'),
        markdown: RULES[2]!.readme!.trim(),
      },
      helpUri: 'https://github.com/sls-lint/sls-lint/blob/main/rules/iam/no-wildcard-action/README.md',
      defaultConfiguration: { level: 'error' },
      properties: {
        tags: ['security', 'CWE-269', 'external/cwe/cwe-269'],
        precision: 'high',
        'problem.severity': 'error',
        'security-severity': '8.0',
      },
    });
    // first README paragraph spanning lines, emphasis removed
    expect(rules[3]!.fullDescription!.text).toBe(
      'Credentials written into a manifest or handler end up in the deployment package, the CloudFormation template and version control; read them at runtime from SSM Parameter Store or Secrets Manager.',
    );
    expect(rules[3]!.properties!['security-severity']).toBe('9.1');
    // README with a section right after the title: full description falls back to the description
    expect(rules[0]!.fullDescription!.text).toBe('Disallow importing the monolithic AWS SDK v2');
    expect(rules[0]!.properties).toEqual({ tags: ['performance'], precision: 'high', 'problem.severity': 'recommendation' });
    // no README at all
    expect(rules[1]).toMatchObject({
      fullDescription: { text: 'Limit function timeouts' },
      help: { text: 'Limit function timeouts' },
      defaultConfiguration: { level: 'warning' },
    });
    expect(rules[1]!.help!.markdown).toBeUndefined();
  });

  it('writes results with a relative uri, a full region, snippets, fingerprints and suppressions', () => {
    const results = run.results!;
    expect(results).toHaveLength(7);
    expect(results[1]).toEqual({
      ruleId: 'secrets/no-hardcoded-secret',
      ruleIndex: 3,
      level: 'error',
      message: { text: 'Environment variable "DB_PASSWORD" holds a hardcoded secret "****"; reference it from SSM or Secrets Manager' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'serverless.yml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 6, startColumn: 18, endLine: 6, endColumn: 38, snippet: { text: '****' } },
            contextRegion: { startLine: 5, endLine: 7, snippet: { text: '  environment:\n    DB_PASSWORD: ****\n  iam:' } },
          },
        },
      ],
      partialFingerprints: { 'slsLint/v1': '5f1d6c1e2b3a4d5c' },
    });
    // multi-line region: the region text spans the lines
    expect(results[2]!.locations![0]!.physicalLocation!.region).toEqual({
      startLine: 10,
      startColumn: 11,
      endLine: 12,
      endColumn: 24,
      snippet: { text: "Effect: Allow\n          Action: '*'\n          Resource: '*'" },
    });
    expect(results[3]!.locations![0]!.physicalLocation!.region!.snippet).toEqual({ text: "'*'" });
    expect(results[0]!.suppressions).toEqual([{ kind: 'external' }]);
    expect(results[6]!.suppressions).toEqual([{ kind: 'inSource', justification: 'test fixture key' }]);
    expect(results[6]!.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'src/handler.ts', uriBaseId: '%SRCROOT%' });
    // the first line of a file has no line before it: the context starts at the region
    expect(results[5]!.locations![0]!.physicalLocation!.contextRegion).toMatchObject({ startLine: 1, endLine: 2 });
    expect(results.filter((r) => r.suppressions).length).toBe(2);
  });

  it('reports tool notices as invocation notifications', () => {
    expect(run.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'YAML: Nested mappings are not allowed in compact mappings' },
            descriptor: { id: 'parse-error' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'resources/extra.yml', uriBaseId: '%SRCROOT%' },
                  region: { startLine: 3, startColumn: 11, endLine: 3, endColumn: 29, snippet: { text: 'AWS::SQS::Queue: x' } },
                  contextRegion: { startLine: 2, endLine: 3, snippet: { text: '  Queue:\n    Type: AWS::SQS::Queue: x' } },
                },
              },
            ],
          },
          {
            level: 'note',
            message: { text: 'Handler "src/handler.main" of function "api" was not found; source rules skip it' },
            descriptor: { id: 'unresolved-handler' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'serverless.yml', uriBaseId: '%SRCROOT%' },
                  region: { startLine: 15, startColumn: 14, endLine: 15, endColumn: 30, snippet: { text: 'src/handler.main' } },
                  contextRegion: {
                    startLine: 14,
                    endLine: 16,
                    snippet: { text: '  api:\n    handler: src/handler.main\n    timeout: 900' },
                  },
                },
              },
            ],
          },
          {
            level: 'warning',
            message: { text: 'Rule "cost/max-timeout" crashed on function "api": TypeError: Cannot read properties of undefined' },
            descriptor: { id: 'rule-error' },
            associatedRule: { id: 'cost/max-timeout', index: 1 },
          },
        ],
      },
    ]);
  });

  it('gives heuristic rules (secret detectors, data flows) medium precision, exact ones high', () => {
    const infos = registry.map((r) => ({ meta: r.meta, level: r.meta.severity, helpUri: '' }));
    const log = toSarif(makeResult({ rules: infos, diagnostics: [], notices: [] }));
    const precision = new Map(log.runs[0]!.tool.driver.rules!.map((r) => [r.id, r.properties!.precision]));
    // a header setting read from vercel.json is exact, though it lives with the input rules
    const exact = new Set(['input/cors-credentials-wildcard']);
    // what a function's code calls is read statically: a grant judged against it is a heuristic too
    const fromCode = new Set(
      registry.filter((r) => r.meta.id.startsWith('iam/') && r.meta.requires?.includes('sdkCalls')).map((r) => r.meta.id),
    );
    // an import of the v2 SDK is read as written: nothing is inferred
    const veryHigh = new Set(['coldstart/aws-sdk-v2']);
    // whether an event-only function still needs its public URL is a judgement, not a reading
    const judged = new Set(['gcp/event-function-ingress']);
    for (const [id, p] of precision)
      expect(p, id).toBe(
        veryHigh.has(id)
          ? 'very-high'
          : (/^(secrets|input)\//.test(id) && !exact.has(id)) || fromCode.has(id) || judged.has(id)
            ? 'medium'
            : 'high',
      );
  });

  it('makes the category configurable and always ends it with a slash', () => {
    expect(toSarif(makeResult(), { category: 'sls-lint/backend/' }).runs[0]!.automationDetails).toEqual({ id: 'sls-lint/backend/' });
    expect(toSarif(makeResult(), { category: 'sls-lint/frontend' }).runs[0]!.automationDetails).toEqual({ id: 'sls-lint/frontend/' });
    expect(toSarif(makeResult(), { category: '  ' }).runs[0]!.automationDetails).toBeUndefined();
  });

  it('leaves semanticVersion out for a version that is not semver, and writes an empty run validly', () => {
    const empty = toSarif(makeResult({ toolVersion: 'dev', diagnostics: [], notices: [], rules: [] }));
    expect(empty.runs[0]!.tool.driver.semanticVersion).toBeUndefined();
    expect(empty.runs[0]!.results).toEqual([]);
    expect(empty.runs[0]!.invocations).toEqual([{ executionSuccessful: true }]);
    expect(validateSarifSchema(empty)).toEqual([]);
  });

  it('encodes paths as relative URI references', () => {
    expect(pathToUri('services/my api/serverless.yml')).toBe('services/my%20api/serverless.yml');
    expect(pathToUri('a#b/c?d%e.yml')).toBe('a%23b/c%3Fd%25e.yml');
    expect(pathToUri('c:/x.yml')).toBe('c%3A/x.yml');
    expect(pathToUri('fn@v1/ünï.yml')).toBe('fn@v1/%C3%BCn%C3%AF.yml');
    const r = makeResult();
    const log2 = toSarif(
      makeResult({ diagnostics: [{ ...r.diagnostics[1]!, loc: { ...r.diagnostics[1]!.loc, file: 'my dir/serverless.yml' } }] }),
    );
    expect(log2.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('my%20dir/serverless.yml');
    expect(validateSarifSchema(log2)).toEqual([]);
  });

  it('contains no raw secret and no absolute path', () => {
    const text = formatSarif(makeResult({}, { redactedLines: false }));
    expect(text).not.toContain(SECRET_PASSWORD);
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain('/home/ci');
  });
});

describe('markdown helpers', () => {
  it('pascalCase', () => {
    expect(pascalCase('iam/no-wildcard-action')).toBe('IamNoWildcardAction');
    expect(pascalCase('coldstart/no-aws-sdk-v2')).toBe('ColdstartNoAwsSdkV2');
  });

  it('inlineToText keeps code verbatim and link targets', () => {
    expect(inlineToText('Use `a*b*c` and **bold** or _em_ [docs](https://x.test/a) <https://y.test> ![img](p.png) \\*x')).toBe(
      'Use a*b*c and bold or em docs (https://x.test/a) https://y.test img *x',
    );
    expect(inlineToText('snake_case_name stays, 2*3*4 too')).toBe('snake_case_name stays, 2*3*4 too');
  });

  it('firstParagraph skips the title and stops at a heading', () => {
    expect(firstParagraph('# t\n\nOne\ntwo.\n\nThree')).toBe('One two.');
    expect(firstParagraph('# t\n## Why\ntext')).toBeUndefined();
    expect(firstParagraph('Title\n=====\n\nBody *here*.')).toBe('Body here.');
    expect(firstParagraph('')).toBeUndefined();
  });

  it('markdownToText handles fences, quotes, lists and setext headings', () => {
    expect(markdownToText('Title\n=====\n\n> quoted `x`\n\n* item **b**\n\n~~~js\nconst a = `*`;\n~~~\n\n---\nend\r\n')).toBe(
      'Title\n\nquoted x\n\n- item b\n\n    const a = `*`;\n\nend',
    );
  });

  it('truncate cuts at a word boundary with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('alpha beta gamma delta', 12)).toBe('alpha beta…');
    expect(truncate('x'.repeat(2000), 1024)).toHaveLength(1024);
  });
});

describe('inlineToText keeps stars that are not emphasis', () => {
  it('leaves quoted wildcards alone', () => {
    expect(inlineToText('Action "*" on Resource "*", or *AdministratorAccess*.')).toBe(
      'Action "*" on Resource "*", or AdministratorAccess.',
    );
    expect(inlineToText('**Never** use `s3:*` or _any_ __wild__ card')).toBe('Never use s3:* or any wild card');
  });
});

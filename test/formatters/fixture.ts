/**
 * A realistic synthetic run for the formatter tests: findings in two files (one multi-line, one
 * suppressed inline, one suppressed by config), tool notices with and without a location, rules with
 * and without security severity / README, and a redactor that knows two secrets which also appear
 * raw in the source lines.
 */
import type { Diagnostic, RuleInfo, RunResult } from '../../src/engine/result.js';
import type { RuleMeta } from '../../src/engine/rule.js';
import type { ToolNotice } from '../../src/core/types.js';

export const SECRET_PASSWORD = 'hunter2-Sup3rSecret!';
export const SECRET_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const MASK = '****';

export const SOURCES: Record<string, string[]> = {
  'serverless.yml': [
    'service: orders-api',
    'provider:',
    '  name: aws',
    '  runtime: nodejs18.x',
    '  environment:',
    `    DB_PASSWORD: ${SECRET_PASSWORD}`,
    '  iam:',
    '    role:',
    '      statements:',
    '        - Effect: Allow',
    "          Action: '*'",
    "          Resource: '*'",
    'functions:',
    '  api:',
    '    handler: src/handler.main',
    '    timeout: 900',
    '    events:',
    '      - http:',
    '          path: /orders',
    '          method: post',
  ],
  'src/handler.ts': [
    "import AWS from 'aws-sdk';",
    `const KEY = "${SECRET_KEY}"; // sls-lint-disable-line secrets/no-hardcoded-secret -- test fixture key`,
    'export const main = async () => ({ statusCode: 200 });',
  ],
  'resources/extra.yml': ['Resources:', '  Queue:', '    Type: AWS::SQS::Queue: x'],
};

function meta(id: string, severity: RuleMeta['severity'], description: string, tags: string[], securitySeverity?: number): RuleMeta {
  const m: RuleMeta = { id, description, severity, recommended: true, messages: { default: description }, tags };
  if (securitySeverity !== undefined) m.securitySeverity = securitySeverity;
  return m;
}

const README_WILDCARD = `# iam/no-wildcard-action

Disallow IAM statements that allow every action of a service.

## Why is this bad?

An \`Allow\` of \`"*"\` or \`"s3:*"\` gives a function **every** permission of the service, including
ones it never calls. See [least privilege](https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html).

## Examples

\`\`\`yaml
# failing
- Effect: Allow
  Action: '*'
\`\`\`

## Options

None.

## References

- <https://cwe.mitre.org/data/definitions/269.html>
`;

const README_SECRET = `# secrets/no-hardcoded-secret

Credentials written into a manifest or handler end up in the deployment package, the CloudFormation
template and version control; read them at runtime from _SSM Parameter Store_ or Secrets Manager.

## Why is this bad?

Anyone who can read the repository can use the credential.
`;

const README_SDK = `# coldstart/no-aws-sdk-v2

## Why is this bad?

The v2 SDK is one large package that slows cold starts.
`;

export const RULES: RuleInfo[] = [
  {
    meta: meta('coldstart/no-aws-sdk-v2', 'note', 'Disallow importing the monolithic AWS SDK v2', ['performance']),
    level: 'note',
    readme: README_SDK,
    helpUri: 'https://github.com/sls-lint/sls-lint/blob/main/rules/coldstart/no-aws-sdk-v2/README.md',
  },
  {
    meta: meta('cost/max-timeout', 'warning', 'Limit function timeouts', ['cost']),
    level: 'warning',
    helpUri: 'https://github.com/sls-lint/sls-lint/blob/main/rules/cost/max-timeout/README.md',
  },
  {
    meta: meta(
      'iam/no-wildcard-action',
      'error',
      'Disallow IAM statements that allow every action of a service',
      ['security', 'CWE-269'],
      8,
    ),
    level: 'error',
    readme: README_WILDCARD,
    helpUri: 'https://github.com/sls-lint/sls-lint/blob/main/rules/iam/no-wildcard-action/README.md',
  },
  {
    meta: meta('secrets/no-hardcoded-secret', 'error', 'Disallow hardcoded credentials', ['security', 'CWE-798'], 9.1),
    level: 'error',
    readme: README_SECRET,
    helpUri: 'https://github.com/sls-lint/sls-lint/blob/main/rules/secrets/no-hardcoded-secret/README.md',
  },
];

const loc = (file: string, line: number, column: number, endLine: number, endColumn: number) => ({
  file,
  line,
  column,
  endLine,
  endColumn,
});

export const DIAGNOSTICS: Diagnostic[] = [
  {
    ruleId: 'coldstart/no-aws-sdk-v2',
    messageId: 'runtime',
    message: 'Runtime "nodejs18.x" is deprecated; move to nodejs20.x or later',
    severity: 'note',
    loc: loc('serverless.yml', 4, 12, 4, 22),
    fingerprint: '0c5e1f0c2d7a9e51',
    suppression: { kind: 'config' },
  },
  {
    ruleId: 'secrets/no-hardcoded-secret',
    messageId: 'env',
    message: `Environment variable "DB_PASSWORD" holds a hardcoded secret "${MASK}"; reference it from SSM or Secrets Manager`,
    severity: 'error',
    loc: loc('serverless.yml', 6, 18, 6, 38),
    fingerprint: '5f1d6c1e2b3a4d5c',
  },
  {
    ruleId: 'iam/no-wildcard-action',
    messageId: 'admin',
    message: 'Allow statement grants every action on every resource; scope it to the calls the function makes',
    severity: 'error',
    loc: loc('serverless.yml', 10, 11, 12, 24),
    fingerprint: '9a8b7c6d5e4f3a2b',
  },
  {
    ruleId: 'iam/no-wildcard-action',
    messageId: 'wildcard',
    message: `Unexpected "*" in an Allow statement; list the actions the function calls`,
    severity: 'error',
    loc: loc('serverless.yml', 11, 19, 11, 22),
    fingerprint: '1b2c3d4e5f6a7b8c',
  },
  {
    ruleId: 'cost/max-timeout',
    messageId: 'tooLong',
    message: 'Timeout 900 s exceeds the limit of 30 s for an HTTP function; lower it',
    severity: 'warning',
    loc: loc('serverless.yml', 16, 14, 16, 17),
    fingerprint: 'c3d4e5f6a7b8c9d0',
  },
  {
    ruleId: 'coldstart/no-aws-sdk-v2',
    messageId: 'import',
    message: `Import of "aws-sdk" loads the whole v2 SDK; import the v3 client you need`,
    severity: 'note',
    loc: loc('src/handler.ts', 1, 17, 1, 26),
    fingerprint: 'd4e5f6a7b8c9d0e1',
  },
  {
    ruleId: 'secrets/no-hardcoded-secret',
    messageId: 'literal',
    message: `String "${MASK}" looks like an AWS access key id; read it from the environment`,
    severity: 'error',
    loc: loc('src/handler.ts', 2, 13, 2, 35),
    fingerprint: 'e5f6a7b8c9d0e1f2',
    suppression: { kind: 'inline', reason: 'test fixture key' },
  },
];

export const NOTICES: ToolNotice[] = [
  {
    id: 'parse-error',
    level: 'error',
    message: 'YAML: Nested mappings are not allowed in compact mappings',
    loc: loc('resources/extra.yml', 3, 11, 3, 29),
  },
  {
    id: 'unresolved-handler',
    level: 'note',
    message: 'Handler "src/handler.main" of function "api" was not found; source rules skip it',
    loc: loc('serverless.yml', 15, 14, 15, 30),
  },
  {
    id: 'rule-error',
    level: 'warning',
    message: 'Rule "cost/max-timeout" crashed on function "api": TypeError: Cannot read properties of undefined',
    ruleId: 'cost/max-timeout',
  },
];

/** Replaces each known secret with the mask, as the engine's redactor does. */
export function redact(text: string): string {
  let out = text;
  for (const s of [SECRET_PASSWORD, SECRET_KEY]) out = out.split(s).join(MASK);
  return out;
}

export interface FixtureOptions {
  /** when false, `sourceLine` returns raw (unredacted) text: formatters must still redact it */
  redactedLines?: boolean;
}

export function makeResult(overrides: Partial<RunResult> = {}, opts: FixtureOptions = {}): RunResult {
  return {
    toolName: 'sls-lint',
    toolVersion: '0.1.0',
    srcRoot: '/home/ci/work/orders-api',
    diagnostics: DIAGNOSTICS,
    notices: NOTICES,
    rules: RULES,
    filesScanned: 3,
    baselined: 4,
    redact,
    sourceLine(file: string, line: number) {
      const text = SOURCES[file]?.[line - 1];
      if (text === undefined) return undefined;
      return opts.redactedLines ? redact(text) : text;
    },
    lineLength(file: string, line: number) {
      return SOURCES[file]?.[line - 1]?.length;
    },
    ...overrides,
  };
}

import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tmpTree } from '../helpers/tmp.js';
import { multitoolPath, runMultitool, validateSarifSchema } from '../helpers/sarif.js';

/**
 * The checks of the suppressions themselves, through the CLI: unknown rule ids, unused directives
 * (`--report-unused-disable-directives`, config `reportUnusedDisableDirectives`) and directives
 * without a reason (`requireSuppressionReason`), in YAML, JSON, TypeScript and .env comments.
 * Every finding of the app is suppressed, so what fails a run is the directives alone.
 */
const APP: Record<string, string> = {
  'serverless.yml': [
    'service: s', // 1
    'provider:', // 2
    '  name: aws', // 3
    '  runtime: nodejs20.x', // 4
    '  iam:', // 5
    '    role:', // 6
    '      statements:', // 7
    '        - Effect: Allow', // 8
    '          # sls-lint-disable-next-line iam/no-wildcard-action, iam/no-admin-policy -- legacy bucket', // 9
    '          Action: "s3:*"', // 10
    '          Resource: arn:aws:s3:::b/* # sls-lint-disable-line secrets/*, nosuch/* -- r', // 11
    'functions:', // 12
    '  a:', // 13
    '    handler: a.handler', // 14
    '',
  ].join('\n'),
  'a.ts': [
    "const TOKEN = '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'; // sls-lint-disable-line secrets/no-hardcoded-secret -- docs bot", // 1
    '// sls-lint-disable-next-line iam/no-wildcard-actoin -- typo', // 2
    'export const handler = async () => ({ statusCode: 200, body: TOKEN.length });', // 3
    '// sls-lint-disable-next-line secrets/no-hardcoded-secret -- nothing here', // 4
    'export const x = 1;', // 5
    '',
  ].join('\n'),
  'template.json': [
    '{', // 1
    '  "AWSTemplateFormatVersion": "2010-09-09",', // 2
    '  "Resources": {', // 3
    '    "P": {', // 4
    '      "Type": "AWS::IAM::ManagedPolicy",', // 5
    '      /* sls-lint-disable-next-line iam/no-admin-policy -- reviewed */', // 6
    '      "Properties": {', // 7
    '        "PolicyDocument": {', // 8
    '          "Statement": [{ "Effect": "Allow", "Action": "sqs:*", "Resource": "arn:aws:sqs:us-east-1:123456789012:q" }] // sls-lint-disable-line iam/no-wildcard-action', // 9
    '        }', // 10
    '      }', // 11
    '    }', // 12
    '  }', // 13
    '}', // 14
    '',
  ].join('\n'),
  '.env': '# sls-lint-disable-next-line secrets/no-dotenv-secret -- r\nLOG_LEVEL=debug\n',
};

interface JsonOut {
  diagnostics: { ruleId: string; file: string; line: number; suppression?: { kind: string; reason?: string } }[];
  notices: { id: string; level: string; message: string; file?: string; line?: number; column?: number; endColumn?: number }[];
}

/** `file:line:col-endCol level id: message` of the run's directive notices. */
async function directiveNotices(dir: string, args: string[] = []): Promise<{ code: number; notices: string[]; json: JsonOut }> {
  const r = await runCli(['-f', 'json', ...args], dir);
  const json = JSON.parse(r.stdout) as JsonOut;
  const notices = json.notices
    .filter((n) => ['unknown-rule-id', 'unused-directive', 'missing-reason'].includes(n.id))
    .map((n) => `${n.file}:${n.line}:${n.column}-${n.endColumn} ${n.level} ${n.id}: ${n.message}`);
  return { code: r.code, notices, json };
}

const UNKNOWN = [
  'a.ts:2:31-53 warning unknown-rule-id: unknown rule id "iam/no-wildcard-actoin" in a disable comment; did you mean "iam/no-wildcard-action"?',
  'serverless.yml:11:73-81 warning unknown-rule-id: unknown rule id "nosuch/*" in a disable comment',
];

/** Every directive that suppressed nothing, at the id (the used ones, and `iam/no-wildcard-action` in a directive listing two, are silent). */
const UNUSED = (level: string) => [
  `.env:1:30-54 ${level} unused-directive: unused sls-lint-disable-next-line (no finding of secrets/no-dotenv-secret was suppressed)`,
  UNKNOWN[0]!,
  `a.ts:4:31-58 ${level} unused-directive: unused sls-lint-disable-next-line (no finding of secrets/no-hardcoded-secret was suppressed)`,
  `serverless.yml:9:64-83 ${level} unused-directive: unused sls-lint-disable-next-line (no finding of iam/no-admin-policy was suppressed)`,
  `serverless.yml:11:62-71 ${level} unused-directive: unused sls-lint-disable-line (no finding of secrets/* was suppressed)`,
  UNKNOWN[1]!,
  `template.json:6:37-56 ${level} unused-directive: unused sls-lint-disable-next-line (no finding of iam/no-admin-policy was suppressed)`,
];

describe('suppression checks', () => {
  it('reports an unknown rule id at the id, with the closest rule, as a warning; the suppressions still apply', async () => {
    const dir = tmpTree(APP);
    const r = await directiveNotices(dir);
    expect(r.notices).toEqual(UNKNOWN);
    expect(r.code).toBe(0);
    expect(r.json.diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId} ${d.suppression?.kind}:${d.suppression?.reason ?? ''}`)).toEqual([
      'a.ts:1 secrets/no-hardcoded-secret inline:docs bot',
      'serverless.yml:10 iam/no-wildcard-action inline:legacy bucket',
      'template.json:9 iam/no-wildcard-action inline:',
    ]);
    expect((await runCli(['--fail-on', 'warning'], dir)).code).toBe(1);
    // a wide terminal: the row on one line
    const text = await runCli(['--no-color'], dir, {}, true, 200);
    expect(text.stdout).toContain(
      '  2:31  warning  unknown rule id "iam/no-wildcard-actoin" in a disable comment; did you mean "iam/no-wildcard-action"?  unknown-rule-id\n',
    );
  });

  it('reports unused directives with --report-unused-disable-directives as errors, failing the run', async () => {
    const dir = tmpTree(APP);
    const r = await directiveNotices(dir, ['--report-unused-disable-directives']);
    expect(r.notices).toEqual(UNUSED('error'));
    expect(r.code).toBe(1);
    // the text summary of a run that fails on notices alone never reads as clean
    const text = await runCli(['--report-unused-disable-directives'], dir);
    expect(text.stdout).toMatch(/^✖ No findings, but \d+ tool notices at level error, 3 suppressed/m);
    expect(text.stdout).not.toContain('No problems found');
    // off by default
    expect((await directiveNotices(dir)).notices).toEqual(UNKNOWN);
  });

  it('takes the level from --report-unused-disable-directives-severity, or from the config, the command line first', async () => {
    const dir = tmpTree(APP);
    const warn = await directiveNotices(dir, ['--report-unused-disable-directives-severity', 'warn']);
    expect(warn.notices).toEqual(UNUSED('warning'));
    expect(warn.code).toBe(0);
    expect((await runCli(['--report-unused-disable-directives-severity', '1', '--fail-on', 'warning'], dir)).code).toBe(1);

    const configured = tmpTree({ ...APP, '.sls-lint.yml': 'reportUnusedDisableDirectives: error\n' });
    const fromConfig = await directiveNotices(configured);
    expect(fromConfig.notices).toEqual(UNUSED('error'));
    expect(fromConfig.code).toBe(1);
    const overridden = await directiveNotices(configured, ['--report-unused-disable-directives-severity', 'off']);
    expect(overridden.notices).toEqual(UNKNOWN);
    expect(overridden.code).toBe(0);
  });

  it('judges only the ids of rules that ran: a rule turned off or left out by --only is not reported', async () => {
    const dir = tmpTree(APP);
    const off = await directiveNotices(dir, ['--report-unused-disable-directives', '--rule', 'iam/no-admin-policy=off']);
    expect(off.notices).toEqual(UNUSED('error').filter((n) => !n.includes('iam/no-admin-policy')));
    const only = await directiveNotices(dir, ['--report-unused-disable-directives', '--only', 'iam/no-wildcard-action']);
    expect(only.notices).toEqual(UNKNOWN);
    expect(only.code).toBe(0);
  });

  it('rejects the two spellings together and an unknown level (exit 2)', async () => {
    const dir = tmpTree(APP);
    const both = await runCli(['--report-unused-disable-directives', '--report-unused-disable-directives-severity', 'warn'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/cannot be used together/);
    const bad = await runCli(['--report-unused-disable-directives-severity', 'loud'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--report-unused-disable-directives-severity expects .* got "loud"/);
    const badConfig = await runCli([], tmpTree({ ...APP, '.sls-lint.yml': 'reportUnusedDisableDirectives: loud\n' }));
    expect(badConfig.code).toBe(2);
  });

  it('reports a directive without a reason under requireSuppressionReason, at the directive; one with a reason is silent', async () => {
    const dir = tmpTree({ ...APP, '.sls-lint.yml': 'requireSuppressionReason: true\n' });
    const r = await directiveNotices(dir);
    expect(r.notices).toEqual([
      UNKNOWN[0]!,
      UNKNOWN[1]!,
      'template.json:9:122-166 warning missing-reason: sls-lint-disable-line has no reason; say why after "--"',
    ]);
    expect(r.code).toBe(0);
    expect(
      (
        await runCli(
          ['--fail-on', 'warning'],
          tmpTree({ ...APP, 'a.ts': APP['a.ts']!.replace(/ -- typo/, ''), '.sls-lint.yml': 'requireSuppressionReason: true\n' }),
        )
      ).code,
    ).toBe(1);
  });

  it('shows the notices in SARIF as located tool notifications, keeps reasons as justifications, and is byte-identical run to run', async () => {
    const dir = tmpTree({ ...APP, '.sls-lint.yml': 'requireSuppressionReason: true\nreportUnusedDisableDirectives: warn\n' });
    const a = await runCli(['-f', 'sarif'], dir);
    const b = await runCli(['-f', 'sarif'], dir);
    expect(a.stdout).toBe(b.stdout);
    const log = JSON.parse(a.stdout);
    expect(validateSarifSchema(log)).toEqual([]);
    if (multitoolPath()) {
      const file = path.join(dir, 'out.sarif');
      fs.writeFileSync(file, a.stdout);
      expect(runMultitool(file).errors).toEqual([]);
    }
    const run = log.runs[0];
    const notes = run.invocations[0].toolExecutionNotifications.map(
      (n: {
        level: string;
        descriptor: { id: string };
        locations: {
          physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endColumn: number } };
        }[];
      }) => {
        const p = n.locations[0]!.physicalLocation;
        return `${p.artifactLocation.uri}:${p.region.startLine}:${p.region.startColumn}-${p.region.endColumn} ${n.level} ${n.descriptor.id}`;
      },
    );
    expect(notes).toEqual([
      '.env:1:30-54 warning unused-directive',
      'a.ts:2:31-53 warning unknown-rule-id',
      'a.ts:4:31-58 warning unused-directive',
      'serverless.yml:9:64-83 warning unused-directive',
      'serverless.yml:11:62-71 warning unused-directive',
      'serverless.yml:11:73-81 warning unknown-rule-id',
      'template.json:6:37-56 warning unused-directive',
      'template.json:9:122-166 warning missing-reason',
    ]);
    expect(run.results.map((r: { suppressions?: { justification?: string }[] }) => r.suppressions?.[0]?.justification ?? null)).toEqual([
      'docs bot',
      'legacy bucket',
      null,
    ]);
    const json1 = await runCli(['-f', 'json'], dir);
    expect((await runCli(['-f', 'json'], dir)).stdout).toBe(json1.stdout);
  });

  it('checks CloudFormation Metadata ignores: unused at the id, no reason, unknown id; a used one is silent', async () => {
    const template = [
      'AWSTemplateFormatVersion: "2010-09-09"', // 1
      'Resources:', // 2
      '  P:', // 3
      '    Type: AWS::IAM::ManagedPolicy', // 4
      '    Metadata:', // 5
      '      sls-lint:', // 6
      '        ignore:', // 7
      '          - id: iam/no-wildcard-action', // 8
      '            reason: queue of the legacy importer', // 9
      '          - iam/no-admin-policy', // 10
      '          - iam/no-wildcard-actoin', // 11
      '    Properties:', // 12
      '      PolicyDocument:', // 13
      '        Statement:', // 14
      '          - Effect: Allow', // 15
      '            Action: "sqs:*"', // 16
      '            Resource: arn:aws:sqs:us-east-1:123456789012:q', // 17
      '',
    ].join('\n');
    const dir = tmpTree({ 'template.yaml': template, '.sls-lint.yml': 'requireSuppressionReason: true\n' });
    const r = await directiveNotices(dir, ['--report-unused-disable-directives']);
    expect(r.notices).toEqual([
      'template.yaml:10:13-32 warning missing-reason: Metadata sls-lint ignore of resource P has no reason; add a "reason" to it',
      'template.yaml:10:13-32 error unused-directive: unused Metadata sls-lint ignore of resource P (no finding of iam/no-admin-policy was suppressed)',
      'template.yaml:11:13-35 warning missing-reason: Metadata sls-lint ignore of resource P has no reason; add a "reason" to it',
      'template.yaml:11:13-35 warning unknown-rule-id: unknown rule id "iam/no-wildcard-actoin" in a Metadata sls-lint ignore; did you mean "iam/no-wildcard-action"?',
    ]);
    expect(r.json.diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId} ${d.suppression?.kind}:${d.suppression?.reason ?? ''}`)).toEqual([
      'template.yaml:16 iam/no-wildcard-action metadata:queue of the legacy importer',
    ]);
    expect(r.code).toBe(1);
  });
});

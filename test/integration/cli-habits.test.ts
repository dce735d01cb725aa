// CLI habits of the ecosystem: ESLint's level spellings, honest exits (a missing path, why
// --max-warnings failed, notes never failing a run), --explain and a machine-readable rule catalogue.
import { describe, expect, it } from 'vitest';
import { rules as registry } from '../../rules/index.js';
import { adminServerless } from '../helpers/manifests.js';
import { runCli, tmpTree } from '../helpers/tmp.js';

// one `"s3:*"` (iam/no-wildcard-action, an error by default) and nothing else at error level
const APP = {
  '.git/HEAD': '',
  'serverless.yml': adminServerless().replace('Action: "*"', 'Action: "s3:*"').replace('Resource: "*"', 'Resource: arn:aws:s3:::b/*'),
};
const ONLY = ['--only', 'iam/no-wildcard-action'];

describe('levels as ESLint spells them', () => {
  it('accepts warn and 0/1/2 in --rule, --fail-on, --unanalysed and the config', async () => {
    const dir = tmpTree(APP);
    expect((await runCli([...ONLY, '--rule', 'iam/no-wildcard-action=warn'], dir)).code).toBe(0);
    expect((await runCli([...ONLY, '--rule', 'iam/no-wildcard-action=warn', '--fail-on', 'warn'], dir)).code).toBe(1);
    expect((await runCli([...ONLY, '--rule', 'iam/no-wildcard-action=1', '-f', 'json'], dir)).stdout).toContain('"severity": "warning"');
    expect((await runCli([...ONLY, '--rule', 'iam/no-wildcard-action=2'], dir)).code).toBe(1);
    expect((await runCli(['--rule', 'iam/*=0', '--rule', 'secrets/*=0'], dir)).code).toBe(0);
    expect((await runCli([...ONLY, '--unanalysed', 'warn'], dir)).code).toBe(1);
    expect((await runCli(['--rule', 'iam/no-wildcard-action=loud'], dir)).stderr).toBe(
      'sls-lint: --rule expects <id>=<off|note|warning|error> (or warn, 0, 1, 2), got "iam/no-wildcard-action=loud" (see sls-lint --help)\n',
    );
    const cfg = tmpTree({ ...APP, '.sls-lint.yml': 'failOn: warn\nrules:\n  iam/no-wildcard-action: [1]\n  iam/no-admin-policy: 0\n' });
    const r = await runCli(['-f', 'json', ...ONLY], cfg);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('"severity": "warning"');
    const print = JSON.parse((await runCli(['--print-config'], cfg)).stdout) as { rules: Record<string, unknown>; failOn: string };
    expect([print.failOn, (print.rules['iam/no-wildcard-action'] as unknown[])[0], print.rules['iam/no-admin-policy']]).toEqual([
      'warning',
      'warning',
      'off',
    ]);
  });
});

describe('honest exits', () => {
  it('a path that does not exist is a usage error, not a clean run', async () => {
    const dir = tmpTree(APP);
    const r = await runCli(['serverles.yml'], dir);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'sls-lint: no such file or directory: "serverles.yml" (see sls-lint --help)\n']);
    expect((await runCli(['serverless.yml', ...ONLY], dir)).code).toBe(1);
  });

  it('--max-warnings says why it failed', async () => {
    const dir = tmpTree(APP);
    const r = await runCli([...ONLY, '--rule', 'iam/no-wildcard-action=warn', '--max-warnings', '0'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('sls-lint: 1 warning, more than --max-warnings 0\n');
    expect((await runCli([...ONLY, '--rule', 'iam/no-wildcard-action=warn', '--max-warnings', '1'], dir)).stderr).toBe('');
  });

  it('a note-level tool notice never fails the run, even at --fail-on note; a note finding does', async () => {
    // the handler is not there: an unresolved-handler note, and nothing else
    const dir = tmpTree({
      '.git/HEAD': '',
      'serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: a.handler\n',
    });
    const r = await runCli(['-f', 'json', '--fail-on', 'note'], dir);
    expect((JSON.parse(r.stdout) as { notices: { id: string; level: string }[] }).notices.map((n) => `${n.id} ${n.level}`)).toEqual([
      'unresolved-handler note',
    ]);
    expect(r.code).toBe(0);
    expect((await runCli([...ONLY, '--rule', 'iam/no-wildcard-action=note', '--fail-on', 'note'], tmpTree(APP))).code).toBe(1);
  });
});

describe('deploy-time values given on the command line', () => {
  it('--opt and --param fill ${opt:x} and ${param:x}; without them a fallback applies or the value stays unknown', async () => {
    const yml = adminServerless()
      .replace('Action: "*"', 'Action: ${opt:actions, "s3:GetObject"}')
      .replace('Resource: "*"', 'Resource: ${param:bucketArn}');
    const dir = tmpTree({ '.git/HEAD': '', 'serverless.yml': yml });
    const ids = async (args: string[]) =>
      (
        JSON.parse((await runCli(['-f', 'json', '--only', 'iam/no-admin-policy,iam/no-wildcard-action', ...args], dir)).stdout) as {
          diagnostics: { ruleId: string }[];
        }
      ).diagnostics.map((d) => d.ruleId);
    expect(await ids([])).toEqual([]);
    expect(await ids(['--opt', 'actions=*'])).toEqual(['iam/no-wildcard-action']);
    expect(await ids(['--opt', 'actions=*', '--param', 'bucketArn=*'])).toEqual(['iam/no-admin-policy', 'iam/no-wildcard-action']);
    expect((await runCli(['--opt', 'actions'], dir)).stderr).toBe(
      'sls-lint: --opt expects <key>=<value>, got "actions" (see sls-lint --help)\n',
    );
    expect((await runCli(['--param', 'a=1', '--param', 'a=2'], dir)).stderr).toBe(
      'sls-lint: --param a is given twice (see sls-lint --help)\n',
    );
  });
});

describe('paths for GitHub', () => {
  it('SARIF and github name files from the repository root when the tool runs in a subfolder; text stays relative', async () => {
    const repo = tmpTree({
      '.git/HEAD': '',
      'services/orders/serverless.yml': APP['serverless.yml'],
      'services/orders/.sls-lint.yml': 'failOn: error\n',
    });
    const cwd = `${repo}/services/orders`;
    const sarif = JSON.parse((await runCli([...ONLY, '-f', 'sarif'], cwd)).stdout) as {
      runs: {
        results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
        artifacts?: { location: { uri: string } }[];
      }[];
    };
    expect(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual([
      'services/orders/serverless.yml',
    ]);
    expect(sarif.runs[0]!.artifacts!.map((a) => a.location.uri)).toEqual(['services/orders/.sls-lint.yml']);
    expect((await runCli([...ONLY, '-f', 'github'], cwd)).stdout).toMatch(/^::error file=services\/orders\/serverless\.yml,line=9,/);
    expect((await runCli([...ONLY], cwd)).stdout.split('\n')[0]).toBe('serverless.yml');
    // at the repository root, nothing is prefixed
    const top = JSON.parse((await runCli([...ONLY, '-f', 'json'], repo)).stdout) as { diagnostics: { file: string }[] };
    expect(top.diagnostics.map((d) => d.file)).toEqual(['services/orders/serverless.yml']);
  });
});

describe('rule documentation from the terminal', () => {
  it('--explain prints the rule README as text, with its docs link', async () => {
    const r = await runCli(['--explain', 'iam/no-admin-policy'], tmpTree(APP));
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('iam/no-admin-policy');
    expect(r.stdout).toContain('Why is this bad?');
    expect(r.stdout).not.toContain('```');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^https:\/\/\S+no-admin-policy/);
    const bad = await runCli(['--explain', 'iam/no-admin-policies'], tmpTree(APP));
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'sls-lint: unknown rule "iam/no-admin-policies" (did you mean "iam/no-admin-policy"?) (see sls-lint --help)\n',
    ]);
  });

  it('--list-rules --format json is a catalogue of every rule', async () => {
    const r = await runCli(['--list-rules', '-f', 'json', '--rule', 'iam/no-admin-policy=warn'], tmpTree(APP));
    const { rules } = JSON.parse(r.stdout) as { rules: Record<string, unknown>[] };
    expect(rules.map((x) => x.id)).toEqual(registry.map((x) => x.meta.id));
    expect(rules.find((x) => x.id === 'iam/no-admin-policy')).toMatchObject({
      level: 'warning',
      recommended: true,
      platforms: ['aws'],
      tags: expect.arrayContaining(['security']),
      securitySeverity: expect.any(Number),
      precision: 'high',
      docs: expect.stringMatching(/^https:\/\/\S+no-admin-policy/),
    });
    expect(Object.keys(rules[0]!)).toEqual(
      expect.arrayContaining(['id', 'level', 'description', 'platforms', 'tags', 'precision', 'docs']),
    );
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { loadPolicies } from '../src/config/policy.js';
import { annotations, ROOT } from './helpers/fixtures.js';
import { runCli, tmpTree } from './helpers/tmp.js';

/**
 * Declarative team policies. Each folder under test/policies/fixtures/ is a project with a config
 * whose `policies` are under test; its annotations (`# expect: policy/<id>`) are the exact findings
 * of the policy rules, as in the rule fixture runner.
 */
const FIXTURES = path.join(ROOT, 'test', 'policies', 'fixtures');
const cases = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** `file:line id` of the policy findings of a case, and its error notices. */
function findings(dir: string): string[] {
  const cfg = ['.sls-lint.yml', '.sls-lint.json'].map((n) => path.join(dir, n)).find((f) => fs.existsSync(f))!;
  const { result } = lint({ cwd: dir, srcRoot: dir, configFile: cfg, only: ['policy/*'], stage: 'dev' });
  const out = result.diagnostics.filter((d) => !d.suppression).map((d) => `${d.loc.file}:${d.loc.line} ${d.ruleId}`);
  for (const n of result.notices) if (n.level === 'error' && n.loc) out.push(`${n.loc.file}:${n.loc.line} ${n.id}`);
  return out.sort();
}

describe('policy fixtures', () => {
  for (const name of cases) {
    it(name, () => {
      const dir = path.join(FIXTURES, name);
      expect(findings(dir)).toEqual(annotations(dir, dir).expect);
    });
  }
});

describe('bad policies', () => {
  it('give one located error each, in the order the config names them, and exit 2', async () => {
    const dir = path.join(ROOT, 'test', 'policies', 'bad');
    const r = await runCli([], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(fs.readFileSync(path.join(dir, 'expect-stderr.txt'), 'utf8'));
  });

  it('stop --list-rules and lint() alike', async () => {
    const dir = path.join(ROOT, 'test', 'policies', 'bad');
    expect((await runCli(['--list-rules'], dir)).code).toBe(2);
    expect(() => lint({ cwd: dir })).toThrow(ConfigError);
  });
});

/** The README's policy library: the YAML block after its marker. */
function readmeLibrary(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- policy-library[^>]*-->\n```yaml\n([\s\S]*?)\n```/.exec(readme);
  if (!m) throw new Error('README: no policy library block');
  return m[1]!;
}

describe("the README's policy library", () => {
  it('holds ten valid policies', () => {
    const dir = tmpTree({ '.sls-lint.yml': readmeLibrary() });
    const cfg = loadConfig(path.join(dir, '.sls-lint.yml'), dir);
    expect(loadPolicies(cfg).map((r) => r.meta.id)).toHaveLength(10);
  });

  // a good policy set over the realistic projects: exact findings (test/policies/projects.expect.txt)
  it('lints the test projects with exactly the expected findings', () => {
    const dir = tmpTree({ '.sls-lint.yml': readmeLibrary() });
    const projects = path.join(ROOT, 'test', 'projects');
    const actual: string[] = [];
    for (const name of fs.readdirSync(projects).sort()) {
      const cwd = path.join(projects, name);
      if (!fs.statSync(cwd).isDirectory()) continue;
      const config = loadConfig(path.join(dir, '.sls-lint.yml'), cwd, dir);
      const { result } = lint({ cwd, srcRoot: cwd, config, only: ['policy/*'], stage: 'dev' });
      for (const d of result.diagnostics)
        if (!d.suppression) actual.push(`${name}/${d.loc.file}:${d.loc.line}:${d.loc.column} ${d.ruleId} ${d.message}`);
    }
    const expected = fs
      .readFileSync(path.join(ROOT, 'test', 'policies', 'projects.expect.txt'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(actual.sort()).toEqual(expected.sort());
  });
});

describe('policies through the command', () => {
  const dir = () =>
    tmpTree({
      '.sls-lint.yml': [
        'policies:',
        '  - id: arm64-only',
        '    entity: function',
        '    require: { field: architecture, equals: arm64 }',
        '    message: Function {{name}} is not arm64',
        '    severity: error',
        '',
      ].join('\n'),
      'serverless.yml':
        'service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  a:\n    handler: a.handler\n    architecture: x86_64\n',
      'a.js': 'export const handler = async () => 1;\n',
    });

  it('apply under --no-plugins (they are data), and are off when the config or --rule says', async () => {
    const d = dir();
    const on = await runCli(['--no-plugins', '--only', 'policy/*', '-f', 'json'], d);
    expect(on.code).toBe(1);
    const [f] = JSON.parse(on.stdout).diagnostics;
    expect([f.ruleId, f.line, f.column, f.message]).toEqual(['policy/arm64-only', 8, 19, 'Function a is not arm64']);
    expect((await runCli(['--rule', 'policy/*=off', '--fail-on', 'error', '-f', 'json'], d)).stdout).not.toContain('policy/arm64-only');
  });

  it('are baselined like any other finding', async () => {
    const d = dir();
    expect((await runCli(['--only', 'policy/*', '--write-baseline', 'base.json'], d)).code).toBe(0);
    const r = await runCli(['--only', 'policy/*', '--baseline', 'base.json'], d);
    expect(r.code).toBe(0);
  });

  it('carry their tags, severity and help into SARIF', async () => {
    const d = dir();
    const sarif = JSON.parse((await runCli(['--only', 'policy/*', '-f', 'sarif'], d)).stdout);
    const rule = sarif.runs[0].tool.driver.rules[0];
    expect(rule.id).toBe('policy/arm64-only');
    expect(rule.properties.tags).toContain('policy');
    expect(rule.help.markdown).toContain('A team policy (entity: `function`)');
    expect(sarif.runs[0].results[0].level).toBe('error');
  });
});

describe('policy sources', () => {
  const APP = {
    'serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  a:\n    handler: a.handler\n',
    'a.js': 'export const handler = async () => 1;\n',
  };

  it('a policy path out of the repository is refused without being read', async () => {
    const outside = tmpTree({ 'x.policy.yml': 'id: x\nentity: app\nrequire: { field: name, exists: false }\nmessage: m\n' });
    const dir = tmpTree({
      ...APP,
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.sls-lint.yml': `policies:\n  - ${path.relative('/', outside).replace(/^/, '../'.repeat(20))}/x.policy.yml\n`,
    });
    const r = await runCli([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sls-lint: \.sls-lint\.yml:2:5: policies: ".*x\.policy\.yml" is outside the repository; not read\n$/);
  });

  it('deeply nested conditions load and decide', async () => {
    let c = '{ field: runtime, equals: nodejs22.x }';
    for (let i = 0; i < 100; i++) c = `{ not: ${c} }`; // an even number of nots: the same test
    const dir = tmpTree({
      ...APP,
      '.sls-lint.yml': `policies:\n  - id: deep\n    entity: function\n    require: { not: ${c} }\n    message: deep\n`,
    });
    const r = await runCli(['--only', 'policy/*', '-f', 'json'], dir);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).diagnostics.map((d: { ruleId: string; line: number }) => `${d.ruleId}:${d.line}`)).toEqual([
      'policy/deep:4',
    ]);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { ConfigError } from '../src/config/config.js';
import { annotations, ROOT } from './helpers/fixtures.js';
import { runCli } from './helpers/tmp.js';

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

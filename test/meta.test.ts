import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { validateOptions } from '../src/config/config.js';
import { withRuleTable } from '../src/docs/rule-table.js';
import { expectedFindings, fixtureCases, ROOT } from './helpers/fixtures.js';

const FAMILIES = ['iam', 'secrets', 'input', 'coldstart', 'lockin', 'cost', 'azure', 'gcp', 'netlify'];

function ruleFolders(): string[] {
  const out: string[] = [];
  for (const fam of fs.readdirSync(path.join(ROOT, 'rules'))) {
    const dir = path.join(ROOT, 'rules', fam);
    if (!fs.statSync(dir).isDirectory() || fam.startsWith('_')) continue;
    for (const name of fs.readdirSync(dir)) {
      if (fs.existsSync(path.join(dir, name, 'index.ts'))) out.push(`${fam}/${name}`);
    }
  }
  return out.sort();
}

describe('rule registry', () => {
  it('registers every rule folder exactly once, sorted by id', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(ruleFolders());
  });

  it('keeps the README rule table in sync with rule metadata', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(withRuleTable(readme, rules), 'run `npm run readme`').toBe(readme);
  });
});

for (const rule of rules) {
  const m = rule.meta;
  const dir = path.join(ROOT, 'rules', ...m.id.split('/'));
  describe(`meta ${m.id}`, () => {
    it('has a family, a one-line description and sane metadata', () => {
      expect(FAMILIES).toContain(m.id.split('/')[0]);
      expect(m.id).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
      expect(m.description).not.toMatch(/\n|\.$/);
      expect(['error', 'warning', 'note']).toContain(m.severity);
      expect(m.tags.length).toBeGreaterThan(0);
      if (m.securitySeverity !== undefined) {
        expect(m.securitySeverity).toBeGreaterThanOrEqual(0);
        expect(m.securitySeverity).toBeLessThanOrEqual(10);
        expect(m.tags.some((t) => /^CWE-\d+$/.test(t))).toBe(true);
      }
      for (const msg of Object.values(m.messages)) expect(msg, 'messages are one sentence without a trailing period').not.toMatch(/\.$|\n/);
    });

    it('has a README with the required sections', () => {
      const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
      const lines = readme.split('\n');
      expect(lines[0]).toBe(`# ${m.id}`);
      expect(readme).toContain(m.description);
      const sections = lines.filter((l) => l.startsWith('## '));
      expect(sections).toEqual(['## Why is this bad?', '## Examples', '## Options', '## References']);
    });

    it('uses every messageId', () => {
      const src = fs.readFileSync(path.join(dir, 'index.ts'), 'utf8');
      for (const id of Object.keys(m.messages)) expect(src, `messageId ${id} is never reported`).toMatch(new RegExp(`(['"\`])${id}\\1`));
    });

    it('names only other registered rules in defersTo and coveredBy, and asks isActive only about coveredBy', () => {
      const ids = rules.map((r) => r.meta.id);
      for (const other of [...(m.defersTo ?? []), ...(m.coveredBy ?? [])]) {
        expect(ids, `unknown rule ${other}`).toContain(other);
        expect(other).not.toBe(m.id);
      }
      const src = fs.readFileSync(path.join(dir, 'index.ts'), 'utf8');
      for (const [, other] of src.matchAll(/ctx\.isActive\('([^']+)'\)/g)) expect(m.coveredBy ?? []).toContain(other);
    });

    it('has defaultOptions that validate against its options schema', () => {
      expect(validateOptions(rule, { ...(m.defaultOptions ?? {}) })).toBeNull();
    });

    it('has a failing and a clean fixture case', () => {
      const cases = fixtureCases(dir);
      const base = path.join(dir, 'fixtures');
      const annotated = cases.filter((c) => expectedFindings(c, base).some((e) => e.includes(` ${m.id}`)));
      const clean = cases.filter((c) => expectedFindings(c, base).length === 0);
      expect(annotated.length, 'failing cases').toBeGreaterThan(0);
      expect(clean.length, 'clean cases').toBeGreaterThan(0);
    });
  });
}

describe('README', () => {
  it('shows exactly the two set-up commands first, and a configuration example that loads', async () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const firstBlock = /```sh\n([^]*?)```/.exec(readme)![1]!;
    expect(
      firstBlock
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/\s+#.*$/, '')),
    ).toEqual(['npm ci && npx sls-lint examples/insecure-app', 'npm test']);
    const yamlBlock = /## Configuration[^]*?```yaml\n([^]*?)```/.exec(readme)![1]!;
    const { loadConfig, resolveRules } = await import('../src/config/config.js');
    const os = await import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-readme-'));
    fs.writeFileSync(path.join(dir, '.sls-lint.yml'), yamlBlock);
    const cfg = loadConfig(path.join(dir, '.sls-lint.yml'), dir);
    expect(resolveRules(rules, cfg, {}, undefined).length).toBeGreaterThan(0);
  });
});

describe('import boundaries', () => {
  it('rules import src only through rules/_api.ts', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'fixtures') walk(p);
          continue;
        }
        if (!/\.(ts|js|mts|cts)$/.test(e.name)) continue;
        const rel = path.relative(ROOT, p).split(path.sep).join('/');
        if (rel === 'rules/_api.ts') continue;
        const src = fs.readFileSync(p, 'utf8');
        for (const m of src.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) {
          const target = path
            .relative(ROOT, path.resolve(path.dirname(p), m[1]!))
            .split(path.sep)
            .join('/');
          if (m[1]!.startsWith('.') && (target === 'src' || target.startsWith('src/'))) offenders.push(`${rel}: ${m[1]}`);
        }
      }
    };
    walk(path.join(ROOT, 'rules'));
    expect(offenders).toEqual([]);
  });
});

describe('rules/_template', () => {
  it('is a rule whose fixtures pass, and is not registered', async () => {
    const { default: template } = await import('../rules/_template/index.js');
    expect(rules.map((r) => r.meta.id)).not.toContain(template.meta.id);
    const { actualFindings } = await import('./helpers/fixtures.js');
    const dir = path.join(ROOT, 'rules', '_template');
    const base = path.join(dir, 'fixtures');
    const cases = fixtureCases(dir);
    expect(cases.length).toBe(2);
    for (const c of cases)
      expect(actualFindings(template, c, base, new Set()).map((f) => f.replace(/\(.*\)$/, ''))).toEqual(
        expectedFindings(c, base).map((f) => f.replace(/\(.*\)$/, '')),
      );
  });
});

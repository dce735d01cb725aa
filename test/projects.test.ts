import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { expectedFindings, ROOT } from './helpers/fixtures.js';

/**
 * Realistic apps linted with the recommended preset and every registered rule: the guard against
 * cross-rule false positives. Each folder under test/projects/ is one project; its annotations
 * (`# expect: <rule-id>`, `// expect: …`, `expect.txt` for JSON) must equal the exact multiset of
 * `file:line rule-id` found, suppressed findings excluded and error notices (parse errors, rule
 * crashes) included, as in the fixture runner.
 */

const PROJECTS = path.join(ROOT, 'test', 'projects');

const projects = fs.existsSync(PROJECTS)
  ? fs
      .readdirSync(PROJECTS, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort()
  : [];

describe('test projects', () => {
  it('exist', () => {
    expect(projects.length).toBeGreaterThan(0);
  });

  for (const name of projects) {
    const dir = path.join(PROJECTS, name);

    describe(name, () => {
      // one lint per project, shared by the assertions below
      // a project's own `.sls-lint.yml` turns on rules outside the preset (the least-privilege pair)
      const config = fs.existsSync(path.join(dir, '.sls-lint.yml')) ? { configFile: '.sls-lint.yml' } : { noConfig: true };
      const run = () => lint({ cwd: dir, srcRoot: dir, ...config, stage: 'dev' });
      let cached: ReturnType<typeof run> | undefined;
      const output = () => (cached ??= run());

      it('reports exactly the annotated findings', () => {
        const expected = expectedFindings(dir, dir);
        // `id(messageId)` annotations pin the message of the finding on that line
        const pinned = new Set(expected.filter((e) => e.includes('(')).map((e) => e.replace(/\(.*\)$/, '')));
        const { result } = output();
        const actual: string[] = [];
        for (const d of result.diagnostics) {
          if (d.suppression) continue;
          const key = `${d.loc.file}:${d.loc.line} ${d.ruleId}`;
          actual.push(pinned.has(key) ? `${key}(${d.messageId})` : key);
        }
        for (const n of result.notices) if (n.level === 'error' && n.loc) actual.push(`${n.loc.file}:${n.loc.line} ${n.id}`);
        expect(actual.sort()).toEqual(expected);
      });

      it('models every manifest and resolves every handler without warnings', () => {
        const { result, project } = output();
        expect(project.apps.length).toBeGreaterThan(0);
        const problems = result.notices
          .filter((n) => n.level !== 'note')
          .map((n) => `${n.loc ? `${n.loc.file}:${n.loc.line} ` : ''}${n.id}: ${n.message}`);
        expect(problems).toEqual([]);
        const unresolved = project.apps.flatMap((a) =>
          a.functions
            .filter((f) => /^nodejs/.test(String(f.runtime?.kind === 'literal' ? f.runtime.value : '')) && !f.entry?.file)
            .map((f) => `${a.file}: ${f.name}`),
        );
        expect(unresolved).toEqual([]);
      });
    });
  }
});

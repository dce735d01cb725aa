/**
 * Seeded mutation fuzzing of every rule fixture case and every test project: each case gets
 * FUZZ_COUNT mutants (test/helpers/mutate.ts: structural characters, invalid bytes, line edits,
 * intrinsics, variables, anchors, odd numbers, prototype keys), each linted in-process with every
 * rule on. No mutant may throw, crash a rule or a builder, or locate a notice or finding outside the
 * scanned files; every fifth runs twice and must give byte-identical JSON, every fourth is also
 * written as text (with frames), SARIF and GitHub output without a throw. A sample also goes through
 * the built CLI, whose exit code must be 0 or 1 (2 is a tool failure). A failure prints the seed,
 * the case, the operations and the mutant's text. FUZZ_SEED changes the seed; `npm run stress` with
 * STRESS_FILTER=fuzz runs thousands.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defineRule } from '../../src/engine/rule.js';
import { ROOT } from '../helpers/fixtures.js';
import { describeMutant, donorLines, fuzzCases, lintWorkspace, mutantOf, mutantSeed, Workspace } from '../helpers/fuzz.js';
import { removeBundle, spawnCli } from './spawn.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const COUNT = Number(process.env.FUZZ_COUNT ?? 10);
const cases = fuzzCases(ROOT);
const donors = donorLines(cases);

afterAll(removeBundle);

describe('mutation fuzzing', () => {
  it('covers every fixture case and project', () => {
    expect(cases.length).toBeGreaterThan(150);
    expect(cases.filter((c) => c.name.startsWith('test/projects/')).length).toBeGreaterThan(1);
    // the mutator changes what it is given, and the same seed gives the same mutant
    const c = cases[0]!;
    expect(mutantOf(c, 1, donors)).toEqual(mutantOf(c, 1, donors));
    expect(Object.keys(mutantOf(c, 1, donors).changed).length).toBeGreaterThan(0);
  });

  it('catches what it is there to catch: a rule that throws, a finding outside the file', () => {
    const c = cases.find((x) => x.name.endsWith('/no-admin-policy/fixtures/serverless-bad'))!;
    const ws = new Workspace(c);
    try {
      const throws = defineRule({
        meta: { id: 'fuzz/throws', description: 'x', severity: 'error', recommended: true, messages: { m: 'x' }, tags: [] },
        create: () => ({
          function() {
            throw new TypeError("Cannot read properties of undefined (reading 'x')");
          },
        }),
      });
      const misplaced = defineRule({
        meta: { id: 'fuzz/misplaced', description: 'x', severity: 'error', recommended: true, messages: { m: 'x' }, tags: [] },
        create: (ctx) => ({
          function(fn) {
            ctx.report({ at: { ...fn.loc, line: 10_000, endLine: 10_000 }, messageId: 'm' });
          },
        }),
      });
      expect(lintWorkspace(ws).faults).toEqual([]);
      const faults = lintWorkspace(ws, { extra: [throws, misplaced] }).faults;
      expect(faults.some((f) => f.startsWith('notice rule-error: rule fuzz/throws failed'))).toBe(true);
      expect(faults.some((f) => /^finding fuzz\/misplaced: bad location .*:10000:/.test(f))).toBe(true);
    } finally {
      ws.remove();
    }
  });

  for (const c of cases) {
    it(c.name, () => {
      const ws = new Workspace(c);
      const failures: string[] = [];
      try {
        for (let k = 0; k < COUNT; k++) {
          const m = mutantOf(c, mutantSeed(SEED, c, k), donors);
          ws.write(m);
          // every fourth mutant is also written in text (with frames), SARIF and GitHub form
          const first = lintWorkspace(ws, { allFormats: k % 4 === 0 });
          const faults = [...first.faults];
          if (k % 5 === 0 && first.json !== undefined) {
            const again = lintWorkspace(ws);
            if (again.json !== first.json) faults.push('not deterministic: a second run gave different JSON');
          }
          if (faults.length) failures.push(describeMutant(c, m, faults));
        }
      } finally {
        ws.remove();
      }
      expect(failures, failures.join('\n\n')).toEqual([]);
    });
  }
});

describe('mutation fuzzing through the CLI', () => {
  // one mutant each of twenty cases spread over the list; JSON output, every rule on
  const sample = Array.from({ length: 20 }, (_, i) => cases[Math.floor((i * cases.length) / 20)]!);
  it('exits 0 or 1 on every mutant, never 2, and writes JSON', async () => {
    const bad: string[] = [];
    for (const c of sample) {
      const ws = new Workspace(c);
      try {
        const m = mutantOf(c, mutantSeed(SEED ^ 0xc11, c, 0), donors);
        ws.write(m);
        // every rule on, as in-process: a config at the workspace root, or the case's own
        if (!c.config) fs.writeFileSync(path.join(ws.dir, '.sls-lint.yml'), 'extends: all\n');
        // a case whose only file is one sls-lint knows and leaves alone (an Expo app.json) analyses
        // nothing: that is a usage outcome, not the tool failing
        const args = [c.entry, ...(c.config ? ['--config', c.config] : []), '-f', 'json', '--no-error-on-unmatched-pattern'];
        const r = await spawnCli(args, ws.dir);
        let parsed = false;
        try {
          parsed = Array.isArray(JSON.parse(r.stdout).diagnostics);
        } catch {
          parsed = false;
        }
        if (r.timedOut || (r.code !== 0 && r.code !== 1) || !parsed)
          bad.push(describeMutant(c, m, [`exit ${r.code}${r.timedOut ? ' (timed out)' : ''}: ${r.stderr.slice(0, 500)}`]));
      } finally {
        ws.remove();
      }
    }
    expect(bad, bad.join('\n\n')).toEqual([]);
  });
});

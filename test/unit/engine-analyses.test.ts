import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineRule } from '../../src/engine/rule.js';
import type { AnalysisName } from '../../src/analysis/index.js';
import { lint } from '../../src/lint.js';
import { ROOT } from '../helpers/fixtures.js';

const CASE = path.join(ROOT, 'rules/input/sql-injection/fixtures/serverless-esm');

/** A rule that counts the taint flows of every function, declaring (or not) that it needs them. */
function counting(requires: AnalysisName[] | undefined, seen: number[]) {
  return defineRule({
    meta: {
      id: 'test/flows',
      description: 'counts flows',
      severity: 'note',
      recommended: true,
      messages: { n: '{{n}} flows' },
      tags: [],
      ...(requires ? { requires } : {}),
    },
    create: (ctx) => ({
      function(fn) {
        seen.push(ctx.analysis('taint').flows(fn).length);
      },
    }),
  });
}

describe('analyses requested by rules', () => {
  it('are computed once per run and shared: the same flows for every rule that declares them', async () => {
    const a: number[] = [];
    const b: number[] = [];
    const out = lint({
      cwd: CASE,
      noConfig: true,
      rules: [counting(['taint'], a), { ...counting(['taint'], b), meta: { ...counting(['taint'], b).meta, id: 'test/flows2' } }],
    });
    expect(a.length).toBeGreaterThan(0);
    expect(a.reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(out.result.notices.filter((n) => n.id === 'rule-error')).toEqual([]);
  });

  it('refuse a rule that did not declare the analysis in meta.requires (a rule-error notice, the run goes on)', () => {
    const seen: number[] = [];
    const out = lint({ cwd: CASE, noConfig: true, rules: [counting(undefined, seen)] });
    expect(seen).toEqual([]);
    const errors = out.result.notices.filter((n) => n.id === 'rule-error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.message).toMatch(/analysis "taint" is not in meta\.requires/);
  });
});

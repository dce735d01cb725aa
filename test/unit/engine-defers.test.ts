import { describe, expect, it } from 'vitest';
import { defineRule, textOf } from '../../src/engine/rule.js';
import { applyDeferrals, walkRules, type ActiveRule, type RawDiagnostic } from '../../src/engine/run.js';
import type { Loc } from '../../src/core/types.js';
import { hasCodeVisitor } from '../helpers/fixtures.js';

const loc = (line: number, column: number, endColumn: number, file = 'a.yml'): Loc => ({ file, line, column, endLine: line, endColumn });
const raw = (ruleId: string, l: Loc): RawDiagnostic => ({
  ruleId,
  messageId: 'm',
  message: 'x',
  severity: 'error',
  loc: l,
  entity: 'e',
  secrets: [],
});
const rule = (id: string, defersTo?: string[]): ActiveRule => ({
  rule: defineRule({
    meta: {
      id,
      description: 'd',
      severity: 'error',
      recommended: true,
      messages: { m: 'x' },
      tags: ['t'],
      ...(defersTo ? { defersTo } : {}),
    },
    create: () => ({}),
  }),
  level: 'error',
  options: {},
});

describe('meta.defersTo', () => {
  it('drops a finding only where an active rule it defers to reported the same file and region', () => {
    const findings = [
      raw('a/x', loc(3, 5, 9)),
      raw('a/x', loc(4, 5, 9)),
      raw('a/x', loc(3, 5, 10)),
      raw('a/x', loc(3, 5, 9, 'b.yml')),
      raw('a/y', loc(3, 5, 9)),
    ];
    const kept = applyDeferrals(findings, [rule('a/x', ['a/y']), rule('a/y')]);
    expect(kept.map((r) => `${r.ruleId} ${r.loc.file}:${r.loc.line}:${r.loc.column}-${r.loc.endColumn}`)).toEqual([
      'a/x a.yml:4:5-9',
      'a/x a.yml:3:5-10',
      'a/x b.yml:3:5-9',
      'a/y a.yml:3:5-9',
    ]);
  });

  it('keeps the finding when the rule deferred to is not active', () => {
    const findings = [raw('a/x', loc(3, 5, 9)), raw('a/y', loc(3, 5, 9))];
    expect(applyDeferrals(findings, [rule('a/x', ['a/y'])])).toHaveLength(2);
  });
});

describe('meta.coveredBy and ctx.isActive', () => {
  const project = { srcRoot: '/r', apps: [], sourceFiles: [], textFiles: [], files: new Map() };
  const asking = (asks: string, coveredBy: string[]): { seen: boolean[]; active: ActiveRule } => {
    const seen: boolean[] = [];
    const active: ActiveRule = {
      rule: defineRule({
        meta: { id: 'a/x', description: 'd', severity: 'error', recommended: true, messages: { m: 'x' }, tags: ['t'], coveredBy },
        create: (ctx) => ({
          project() {
            seen.push(ctx.isActive(asks));
          },
        }),
      }),
      level: 'error',
      options: {},
    };
    return { seen, active };
  };

  it('tells a rule whether a rule it is covered by is active in this run', () => {
    const on = asking('a/y', ['a/y']);
    walkRules(project, [on.active, rule('a/y')], {});
    const off = asking('a/y', ['a/y']);
    walkRules(project, [off.active], {});
    expect([on.seen, off.seen]).toEqual([[true], [false]]);
  });

  it('refuses a question about a rule not declared in meta.coveredBy (a rule-error, the walk goes on)', () => {
    const q = asking('a/z', ['a/y']);
    const out = walkRules(project, [q.active, rule('a/z')], {});
    expect(q.seen).toEqual([]);
    expect(out.notices.map((n) => [n.id, n.message])).toEqual([
      ['rule-error', 'rule a/x failed on project: rule "a/z" is not in meta.coveredBy'],
    ]);
  });
});

describe('ctx.text', () => {
  it('returns the text of a region, across lines, end column exclusive', () => {
    const lines = ['key: value', '  more: |', '    body'];
    expect(textOf(lines, loc(1, 6, 11))).toBe('value');
    expect(textOf(lines, { file: 'a', line: 2, column: 3, endLine: 3, endColumn: 9 })).toBe('more: |\n    body');
    expect(textOf(lines, loc(7, 1, 2))).toBeUndefined();
    expect(textOf(undefined, loc(1, 1, 2))).toBeUndefined();
  });
});

describe('code visitors', () => {
  it('tells rules that read code from the others', () => {
    const code = defineRule({
      meta: { id: 'a/c', description: 'd', severity: 'error', recommended: true, messages: { m: 'x' }, tags: ['t'] },
      create: () => ({ sourceFile() {} }),
    });
    const manifest = defineRule({
      meta: { id: 'a/m', description: 'd', severity: 'error', recommended: true, messages: { m: 'x' }, tags: ['t'] },
      create: () => ({ function() {} }),
    });
    expect(hasCodeVisitor(code)).toBe(true);
    expect(hasCodeVisitor(manifest)).toBe(false);
  });
});

describe('defineRule typing', () => {
  it('checks messageIds and types options from defaultOptions (compile-time, via tsc)', () => {
    const r = defineRule({
      meta: {
        id: 'a/t',
        description: 'd',
        severity: 'error',
        recommended: true,
        messages: { one: 'x' },
        defaultOptions: { max: 3 },
        tags: ['t'],
      },
      create(ctx) {
        const max: number = ctx.options.max;
        return {
          project(p) {
            ctx.report({ at: { file: p.srcRoot, line: 1, column: 1, endLine: 1, endColumn: 2 }, messageId: 'one', data: { max } });
            // @ts-expect-error 'two' is not a key of meta.messages
            ctx.report({ at: { file: p.srcRoot, line: 1, column: 1, endLine: 1, endColumn: 2 }, messageId: 'two' });
          },
        };
      },
    });
    expect(Object.keys(r.meta.messages)).toEqual(['one']);
  });
});

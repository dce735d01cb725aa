import { describe, expect, it } from 'vitest';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { nodeLoc, parseSource, walk } from '../../../src/code/parse.js';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { Loc } from '../../../src/core/types.js';
import type { SourceFile } from '../../../src/model/types.js';

function ok(path: string, text: string): SourceFile {
  const r = parseSource(path, text);
  if ('error' in r) throw new Error(`unexpected parse error: ${r.error.message}`);
  return r.file;
}

const at = (file: string, line: number, column: number, endLine: number, endColumn: number) => ({
  file,
  line,
  column,
  endLine,
  endColumn,
});

describe('parseSource: imports', () => {
  const text = [
    "import { S3Client } from '@aws-sdk/client-s3';", // 1
    "import type { Handler } from 'aws-lambda';", // 2
    "import { type A, type B } from './types';", // 3
    "import { type C, D } from './mixed';", // 4
    "export { helper } from './helper.js';", // 5
    "export * from './all';", // 6
    "export type { T } from './t';", // 7
    "const fs = require('fs');", // 8
    'const lazy = () => import(`./lazy`);', // 9
    "import cfg = require('./cfg');", // 10
    'const dyn = require(name);', // 11
    "import './side-effect';", // 12
  ].join('\n');
  const f = ok('src/a.ts', text);

  it('lists every kind with the location of the source string', () => {
    expect(f.imports).toEqual([
      { source: '@aws-sdk/client-s3', kind: 'import', typeOnly: false, loc: at('src/a.ts', 1, 26, 1, 46) },
      { source: 'aws-lambda', kind: 'import', typeOnly: true, loc: at('src/a.ts', 2, 30, 2, 42) },
      { source: './types', kind: 'import', typeOnly: true, loc: at('src/a.ts', 3, 32, 3, 41) },
      { source: './mixed', kind: 'import', typeOnly: false, loc: at('src/a.ts', 4, 27, 4, 36) },
      { source: './helper.js', kind: 'export-from', typeOnly: false, loc: at('src/a.ts', 5, 24, 5, 37) },
      { source: './all', kind: 'export-from', typeOnly: false, loc: at('src/a.ts', 6, 15, 6, 22) },
      { source: './t', kind: 'export-from', typeOnly: true, loc: at('src/a.ts', 7, 24, 7, 29) },
      { source: 'fs', kind: 'require', typeOnly: false, loc: at('src/a.ts', 8, 20, 8, 24) },
      { source: './lazy', kind: 'dynamic', typeOnly: false, lazy: true, loc: at('src/a.ts', 9, 27, 9, 35) },
      { source: './cfg', kind: 'require', typeOnly: false, loc: at('src/a.ts', 10, 22, 10, 29) },
      { source: './side-effect', kind: 'import', typeOnly: false, loc: at('src/a.ts', 12, 8, 12, 23) },
    ]);
  });

  it('does not count module specifiers as string literals', () => {
    expect(f.strings).toEqual([]);
  });
});

describe('parseSource: exports', () => {
  it('collects ESM export names of each form, without type-only exports', () => {
    const f = ok(
      'src/e.ts',
      [
        'export const main = async () => 1;',
        'export async function other() {}',
        'export class K {}',
        'export const { a, b: [c], ...rest } = obj;',
        'const x = 1;',
        'export { x as renamed, x as "quoted name" };',
        'export * as ns from "./ns";',
        'export { y } from "./y";',
        'export type T = string;',
        'export interface I {}',
        'export type { U } from "./u";',
        'export enum E { A }',
        'export default main;',
      ].join('\n'),
    );
    expect(f.exports).toEqual(['main', 'other', 'K', 'a', 'c', 'rest', 'renamed', 'quoted name', 'ns', 'y', 'E', 'default']);
  });

  it('collects CommonJS export names', () => {
    const f = ok(
      'src/c.js',
      [
        'exports.one = () => 1;',
        'module.exports.two = function () {};',
        "exports['three'] = 3;",
        'module.exports = { four, five: 5, six() {}, ...spread };',
        'other.exports.nope = 1;',
      ].join('\n'),
    );
    expect(f.exports).toEqual(['one', 'two', 'three', 'four', 'five', 'six']);
  });

  it('reads `export = { … }` like module.exports', () => {
    expect(ok('src/x.cts', 'export = { handler, other: 1 };').exports).toEqual(['handler', 'other']);
  });
});

describe('parseSource: strings', () => {
  it('binds each literal to the name it is assigned to', () => {
    const text = [
      "const apiKey = 'k-1';", // 1
      "const cfg = { password: 'p-2', 'x-y': `t-3` };", // 2
      "x.token = 'tok-4';", // 3
      "function f(secret = 's-5') {}", // 4
      "headers['X-Api-Key'] = 'h-6';", // 5
      "call('arg-7', `with ${expr}`);", // 6
      "const fallback = process.env.KEY ?? 'fb-8';", // 7
      "class S { static pass = 'c-9'; }", // 8
      "let v = 'as-10' as const;", // 9
      "enum E { A = 'e-11' }", // 10
      "type L = 'type-level';", // 11
      '// 12', // 12
      "const { d = 'd-13' } = o;", // 13
    ].join('\n');
    const f = ok('src/s.ts', text);
    expect(f.strings).toEqual([
      { value: 'k-1', name: 'apiKey', loc: at('src/s.ts', 1, 16, 1, 21) },
      { value: 'p-2', name: 'password', loc: at('src/s.ts', 2, 25, 2, 30) },
      { value: 't-3', name: 'x-y', loc: at('src/s.ts', 2, 39, 2, 44) },
      { value: 'tok-4', name: 'token', loc: at('src/s.ts', 3, 11, 3, 18) },
      { value: 's-5', name: 'secret', loc: at('src/s.ts', 4, 21, 4, 26) },
      { value: 'h-6', name: 'X-Api-Key', loc: at('src/s.ts', 5, 24, 5, 29) },
      { value: 'arg-7', loc: at('src/s.ts', 6, 6, 6, 13) },
      { value: 'fb-8', name: 'fallback', loc: at('src/s.ts', 7, 37, 7, 43) },
      { value: 'c-9', name: 'pass', loc: at('src/s.ts', 8, 25, 8, 30) },
      { value: 'as-10', name: 'v', loc: at('src/s.ts', 9, 9, 9, 16) },
      { value: 'e-11', name: 'A', loc: at('src/s.ts', 10, 14, 10, 20) },
      { value: 'd-13', name: 'd', loc: at('src/s.ts', 13, 13, 13, 19) },
    ]);
  });

  it('names JSX attribute values and cooks template escapes', () => {
    // JSX attribute text has no JavaScript escapes: `\u0041` stays as written
    const f = ok('src/v.tsx', 'const el = <input placeholder="p\\u0041" />;\nconst t = `a\\tb`;');
    expect(f.strings).toEqual([
      { value: 'p\\u0041', name: 'placeholder', loc: at('src/v.tsx', 1, 31, 1, 40) },
      { value: 'a\tb', name: 't', loc: at('src/v.tsx', 2, 11, 2, 17) },
    ]);
  });
});

describe('parseSource: comments and lines', () => {
  it('maps line and block comments to every line they cover', () => {
    const text = [
      '// sls-lint-disable-next-line secrets/x -- test key', // 1
      "const a = 'x'; /* trailing */ // second", // 2
      '/**', // 3
      ' * Doc line', // 4
      ' */', // 5
      'const b = 1;', // 6
    ].join('\n');
    const f = ok('src/c.ts', text);
    expect([...f.comments]).toEqual([
      [1, 'sls-lint-disable-next-line secrets/x -- test key'],
      [2, 'trailing\nsecond'],
      [3, 'Doc line'],
      [4, 'Doc line'],
      [5, 'Doc line'],
    ]);
    expect(f.lines).toHaveLength(6);
    expect(f.lines[3]).toBe(' * Doc line');
  });

  it('splits lines like TypeScript, so AST lines index `lines`', () => {
    const f = ok('src/crlf.js', "const a = 1;\r\nconst b = 'B';\rconst c = 'C';");
    expect(f.lines).toEqual(['const a = 1;', "const b = 'B';", "const c = 'C';"]);
    expect(f.strings.map((s) => [s.value, s.loc.line, s.loc.column])).toEqual([
      ['B', 2, 11],
      ['C', 3, 11],
    ]);
  });
});

describe('parseSource: languages and errors', () => {
  it('parses each supported extension, JSX only where the extension allows it', () => {
    expect('file' in parseSource('a.mts', 'export const x: number = 1;')).toBe(true);
    expect('file' in parseSource('a.cts', 'const x = <number>y;')).toBe(true);
    expect('file' in parseSource('a.mjs', 'export default 1;')).toBe(true);
    expect('file' in parseSource('a.cjs', 'module.exports = 1;')).toBe(true);
    expect('file' in parseSource('a.jsx', 'const e = <div a="1" />;')).toBe(true);
    expect('file' in parseSource('a.js', 'const e = <div />;')).toBe(true);
    // in a .ts file `<div />` is a type assertion gone wrong
    expect('error' in parseSource('a.ts', 'const e = <div />;')).toBe(true);
  });

  it('returns a located error instead of throwing', () => {
    const r = parseSource('src/bad.ts', 'const ok = 1;\nconst = 2;');
    expect(r).toEqual({
      error: { message: 'Parsing error: Variable declaration expected.', loc: at('src/bad.ts', 2, 7, 2, 8) },
    });
  });

  it('locates a syntax error after a U+2028 or U+2029 in a string on the line the file has', () => {
    // TypeScript counts those as line breaks; the located error must not point past the file's end
    const r = parseSource('src/ls.ts', "const a = '\u2028\u2029';\nconst = 2;");
    expect(r).toEqual({
      error: { message: 'Parsing error: Variable declaration expected.', loc: at('src/ls.ts', 2, 7, 2, 8) },
    });
  });

  it('skips directives and type-level strings', () => {
    const f = ok('src/d.ts', "'use strict';\ntype L = 'lit';\nfunction g() { 'use strict'; return 'r'; }\n'late';");
    expect(f.strings.map((s) => [s.value, s.loc.line, s.loc.column])).toEqual([
      ['r', 3, 37],
      ['late', 4, 1],
    ]);
  });

  it('survives odd input', () => {
    expect('file' in parseSource('empty.ts', '')).toBe(true);
    const bom = parseSource('bom.js', "\uFEFF#!/usr/bin/env node\nconst s = 'x';");
    expect('file' in bom && bom.file.strings[0]?.loc).toEqual(at('bom.js', 2, 11, 2, 14));
    const nested = (n: number) => `x = ${'['.repeat(n)}'in'${']'.repeat(n)};`;
    const deep = parseSource('deep.js', nested(200));
    expect('file' in deep && deep.file.strings).toEqual([{ value: 'in', loc: at('deep.js', 1, 205, 1, 209) }]);
    // the parser's own recursion gives up on absurd nesting: a located error, not a crash
    expect(parseSource('deeper.js', nested(5000))).toEqual({
      error: { message: 'Parsing error: Maximum call stack size exceeded', loc: at('deeper.js', 1, 1, 1, 1) },
    });
  });
});

describe('walk and parent pointers', () => {
  it('visits in source order, sets parent, and can skip subtrees', () => {
    const f = ok('w.ts', 'function f(a) { return g(a); }\nconst h = () => 2;');
    const seen: string[] = [];
    walk(f.ast, (node) => {
      seen.push(node.type);
      if (node.type === 'FunctionDeclaration') return false;
    });
    expect(seen).toEqual([
      'Program',
      'FunctionDeclaration',
      'VariableDeclaration',
      'VariableDeclarator',
      'Identifier',
      'ArrowFunctionExpression',
      'Literal',
    ]);
    const ret = (f.ast.body[0] as TSESTree.FunctionDeclaration).body.body[0]!;
    expect(ret.parent?.parent?.type).toBe('FunctionDeclaration');
    expect(nodeLoc('w.ts', ret)).toEqual(at('w.ts', 1, 17, 1, 29));
  });
});

describe('walk: a whole file is walked from the order its parse recorded', () => {
  // a reference walk, recursive, over the same child keys: what any walk must enter, in that order
  const reference = (root: TSESTree.Node, skip: (n: TSESTree.Node) => boolean): [string, string | undefined][] => {
    const out: [string, string | undefined][] = [];
    const go = (n: TSESTree.Node, parent: TSESTree.Node | undefined) => {
      out.push([`${n.type}@${n.range[0]}`, parent && `${parent.type}@${parent.range[0]}`]);
      if (skip(n)) return;
      for (const k of visitorKeys[n.type] ?? []) {
        const v = (n as unknown as Record<string, unknown>)[k];
        for (const c of Array.isArray(v) ? v : [v]) if (c && typeof (c as TSESTree.Node).type === 'string') go(c as TSESTree.Node, n);
      }
    };
    go(root, undefined);
    return out;
  };
  const text = [
    "import { a } from './a';",
    'export async function handler(event: { body?: string }) {',
    '  const { x = 1, ...rest } = JSON.parse(event.body ?? "{}");',
    '  class C { m() { return () => [x, ...Object.keys(rest)]; } }',
    '  for (const k of [1, 2]) if (k > x) await a(`${k}`);',
    '  return new C().m()();',
    '}',
    'const y = (() => ({ z: 2 }))();',
  ].join('\n');
  const skips: [string, (n: TSESTree.Node) => boolean][] = [
    ['nothing', () => false],
    ['functions', (n) => n.type === 'FunctionDeclaration' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression'],
    ['classes', (n) => n.type === 'ClassBody'],
    ['every call', (n) => n.type === 'CallExpression'],
    ['the root', (n) => n.type === 'Program'],
  ];
  for (const [name, skip] of skips)
    it(`skipping ${name}: the same nodes, parents and order as a recursive walk`, () => {
      const f = ok('order.ts', text);
      const seen: [string, string | undefined][] = [];
      walk(f.ast, (n, parent) => {
        seen.push([`${n.type}@${n.range[0]}`, parent && `${parent.type}@${parent.range[0]}`]);
        if (skip(n)) return false;
      });
      expect(seen).toEqual(reference(f.ast, skip));
      // a walk from inside the file (no recorded order) agrees with the same walk of the whole file
      const fnNode = f.ast.body[1]!;
      const inner: string[] = [];
      walk(fnNode, (n) => {
        inner.push(`${n.type}@${n.range[0]}`);
        if (n !== fnNode && skip(n)) return false;
      });
      expect(inner).toEqual(reference(fnNode, (n) => n !== fnNode && skip(n)).map(([k]) => k));
    });
});

describe('nodeLoc: positions from the range and the line index, as the parser placed them', () => {
  it('every node of a file with CRLF, CR, tabs, astral characters and a template over lines', async () => {
    const { parse } = await import('@typescript-eslint/typescript-estree');
    const text =
      "import a from './a';\r\nconst s = '😀😀' + `x\r\n${a}\ny`;\r\tfunction f(\r\n  p = { q: [1, 2] },\n) { return p; }\nexport default f;\n";
    const expected = parse(text, { loc: true, range: true, filePath: 'l.ts' });
    const want: Loc[] = [];
    walk(expected as TSESTree.Node, (n) => {
      want.push({
        file: 'l.ts',
        line: n.loc.start.line,
        column: n.loc.start.column + 1,
        endLine: n.loc.end.line,
        endColumn: n.loc.end.column + 1,
      });
    });
    const f = ok('l.ts', text);
    const got: Loc[] = [];
    walk(f.ast, (n) => {
      expect(n.loc).toBeUndefined();
      got.push(nodeLoc('l.ts', n));
    });
    expect(got.length).toBeGreaterThan(25);
    expect(got).toEqual(want);
  });
});

import { describe, expect, it } from 'vitest';
import { findExport } from '../../../src/code/exports.js';
import { nodeLoc, parseSource } from '../../../src/code/parse.js';
import type { SourceFile } from '../../../src/model/types.js';

function file(path: string, text: string): SourceFile {
  const r = parseSource(path, text);
  if ('error' in r) throw new Error(r.error.message);
  return r.file;
}

/** `[type of node, line:col of node, type of fn, line:col of fn]` for a compact exact comparison. */
function shape(f: SourceFile, name: string): [string, string, string | null, string | null] | null {
  const r = findExport(f, name);
  if (!r) return null;
  const pos = (n: { loc: Parameters<typeof nodeLoc>[1]['loc'] }) => {
    const l = nodeLoc(f.path, n);
    return `${l.line}:${l.column}`;
  };
  return [r.node.type, pos(r.node), r.fn?.type ?? null, r.fn ? pos(r.fn) : null];
}

describe('findExport', () => {
  it('finds ESM exports of each form', () => {
    const f = file(
      'h.ts',
      [
        'export const main = async (event: unknown) => event;', // 1
        'export async function named() {}', // 2
        'function local() {}', // 3
        'export { local as aliased };', // 4
        'export default function () {}', // 5
        'export const typed = (async () => 1) satisfies Handler;', // 6
        "export { other } from './other';", // 7
        'class K {}', // 8
        'export { K };', // 9
      ].join('\n'),
    );
    expect(shape(f, 'main')).toEqual(['ArrowFunctionExpression', '1:21', 'ArrowFunctionExpression', '1:21']);
    expect(shape(f, 'named')).toEqual(['FunctionDeclaration', '2:8', 'FunctionDeclaration', '2:8']);
    expect(shape(f, 'aliased')).toEqual(['FunctionDeclaration', '3:1', 'FunctionDeclaration', '3:1']);
    expect(shape(f, 'default')).toEqual(['FunctionDeclaration', '5:16', 'FunctionDeclaration', '5:16']);
    expect(shape(f, 'typed')).toEqual(['ArrowFunctionExpression', '6:23', 'ArrowFunctionExpression', '6:23']);
    expect(shape(f, 'other')).toEqual(['ExportSpecifier', '7:10', null, null]);
    expect(shape(f, 'K')).toEqual(['ClassDeclaration', '8:1', null, null]);
    expect(shape(f, 'missing')).toBeNull();
  });

  it('finds CommonJS exports, the last assignment winning', () => {
    const f = file(
      'h.js',
      [
        'const base = async (event) => event;', // 1
        'exports.one = function () {};', // 2
        'module.exports.two = base;', // 3
        'module.exports = { three: base, four() {}, five: () => 5 };', // 4
        'exports.one = async () => 1;', // 5
      ].join('\n'),
    );
    expect(shape(f, 'one')).toEqual(['ArrowFunctionExpression', '5:15', 'ArrowFunctionExpression', '5:15']);
    expect(shape(f, 'two')).toEqual(['ArrowFunctionExpression', '1:14', 'ArrowFunctionExpression', '1:14']);
    expect(shape(f, 'three')).toEqual(['ArrowFunctionExpression', '1:14', 'ArrowFunctionExpression', '1:14']);
    expect(shape(f, 'four')).toEqual(['FunctionExpression', '4:37', 'FunctionExpression', '4:37']);
    expect(shape(f, 'five')).toEqual(['ArrowFunctionExpression', '4:50', 'ArrowFunctionExpression', '4:50']);
  });

  it('returns the wrapper call and the wrapped local function', () => {
    const f = file(
      'w.ts',
      [
        'const baseHandler = async (event: Event) => ({ statusCode: 200 });', // 1
        'function errorHandler() {}', // 2
        'export const main = middy(baseHandler).use(jsonBodyParser()).use(errorHandler);', // 3
        'export const v5 = middy().use(cors()).handler(baseHandler);', // 4
        'export const nested = withSentry(middy(async (e) => e));', // 5
        "import { imported } from './impl';", // 6
        'export const unknown = middy(imported);', // 7
      ].join('\n'),
    );
    expect(shape(f, 'main')).toEqual(['CallExpression', '3:21', 'ArrowFunctionExpression', '1:21']);
    expect(shape(f, 'v5')).toEqual(['CallExpression', '4:19', 'ArrowFunctionExpression', '1:21']);
    expect(shape(f, 'nested')).toEqual(['CallExpression', '5:23', 'ArrowFunctionExpression', '5:40']);
    expect(shape(f, 'unknown')).toEqual(['CallExpression', '7:24', null, null]);
  });

  it('follows local aliases and stops on cycles', () => {
    const f = file('a.js', 'const a = b;\nconst b = a;\nexports.h = a;\nconst fn = () => 1;\nconst alias = fn;\nexports.g = alias;');
    expect(shape(f, 'h')?.[2]).toBeNull();
    expect(shape(f, 'g')).toEqual(['ArrowFunctionExpression', '4:12', 'ArrowFunctionExpression', '4:12']);
  });
});

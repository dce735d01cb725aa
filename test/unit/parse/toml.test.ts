import { describe, expect, it } from 'vitest';
import { get, seqItems, str } from '../../../src/core/node.js';
import { LIMITS } from '../../../src/core/limits.js';
import { parseToml } from '../../../src/parse/toml.js';

describe('parseToml', () => {
  it('builds tables, arrays of tables, dotted keys and inline tables, each value located', () => {
    const text = [
      '# site settings',
      '[build]',
      '  functions = "fns"',
      '  env.MODE = "prod"',
      '[build.environment]',
      "  TOKEN = 'abc' # trailing",
      '[[redirects]]',
      '  from = "/a"',
      '  headers = { X-From = "x" }',
      '[[redirects]]',
      '  from = "/b"',
      '[functions."hello-world"]',
      '  schedule = "@daily"',
      'when = 1979-05-27T07:32:00Z',
    ].join('\n');
    const { doc, errors } = parseToml('netlify.toml', text);
    expect(errors).toEqual([]);
    expect(doc.format).toBe('toml');
    expect(str(get(doc.root!, 'build', 'functions'))).toBe('fns');
    expect(str(get(doc.root!, 'build', 'env', 'MODE'))).toBe('prod');
    const token = get(doc.root!, 'build', 'environment', 'TOKEN')!;
    expect(token.loc).toMatchObject({ line: 6, column: 11, endLine: 6, endColumn: 16 });
    const redirects = seqItems(get(doc.root!, 'redirects'));
    expect(redirects.map((r) => str(get(r, 'from')))).toEqual(['/a', '/b']);
    expect(str(get(redirects[0], 'headers', 'X-From'))).toBe('x');
    expect(str(get(doc.root!, 'functions', 'hello-world', 'schedule'))).toBe('@daily');
    // a date-time keeps its text; the last table holds the keys after it
    expect(str(get(doc.root!, 'functions', 'hello-world', 'when'))).toBe('1979-05-27T07:32:00Z');
    expect(doc.comments.get(1)).toBe('site settings');
    expect(doc.comments.get(6)).toBe('trailing');
  });

  it('reports malformed TOML at its place, with no tree', () => {
    for (const [text, line] of [
      ['[build]\n  command = "npm run build\n', 2],
      ['[a]\nx = 1\nx = 2\n', 3],
      ['[a]\n[a]\n', 2],
      ['x = = 1\n', 1],
    ] as const) {
      const { doc, errors } = parseToml('netlify.toml', text);
      expect(doc.root).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toMatch(/^TOML: /);
      expect(errors[0]!.loc.line).toBe(line);
    }
  });

  it('refuses nesting past maxDepth and too many values before parsing, without recursing', () => {
    const deep = parseToml('n.toml', `x = ${'['.repeat(LIMITS.maxDepth + 1)}${']'.repeat(LIMITS.maxDepth + 1)}`);
    expect(deep.errors[0]!.message).toMatch(/maxDepth/);
    const deepInline = parseToml('n.toml', `x = ${'{ a = '.repeat(20_000)}1${' }'.repeat(20_000)}`);
    expect(deepInline.errors[0]!.message).toMatch(/maxDepth/);
    const crowded = parseToml('n.toml', `x = [${'1,'.repeat(LIMITS.documentTokens + 1)}]`);
    expect(crowded.errors[0]!.message).toMatch(/documentTokens/);
    // brackets inside strings and comments are not nesting
    const quoted = parseToml('n.toml', `a = "${'['.repeat(600)}"\nb = '''${'{'.repeat(600)}'''\n# ${'['.repeat(600)}\n`);
    expect(quoted.errors).toEqual([]);
  });
});

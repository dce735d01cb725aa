import { parseTOML, type AST } from 'toml-eslint-parser';
import type { MapEntry, MapNode, Node, SeqNode } from '../core/types.js';
import { LineIndex, splitLines } from '../core/loc.js';
import { LIMITS, limitText } from '../core/limits.js';
import type { ParseResult } from './yaml.js';

/**
 * Nesting depth and a count of values (`=` and `,` outside strings and comments, and comments) of
 * TOML text, measured on characters with no recursion, before the recursive parser sees it: the
 * offset where `maxDepth` is first crossed, and where `documentTokens` is.
 */
export function tomlBudget(text: string): { deep: number; crowded: number } {
  let depth = 0;
  let counted = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (c === '#') {
      if (++counted > LIMITS.documentTokens) return { deep: -1, crowded: i };
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const multi = text.startsWith(c.repeat(3), i);
      const close = multi ? c.repeat(3) : c;
      i += close.length;
      while (i < n && !text.startsWith(close, i)) {
        if (!multi && text[i] === '\n') break; // unterminated: the parser reports it
        if (c === '"' && text[i] === '\\') i++;
        i++;
      }
      if (multi) while (text[i + 3] === c) i++; // `""""` closes with one quote inside the string
      i += close.length - 1;
    } else if (c === '[' || c === '{') {
      if (++depth > LIMITS.maxDepth) return { deep: i, crowded: -1 };
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if ((c === '=' || c === ',') && ++counted > LIMITS.documentTokens) return { deep: -1, crowded: i };
  }
  return { deep: -1, crowded: -1 };
}

/**
 * Parses TOML (1.0) into the located `Node` tree: tables and inline tables become maps, arrays of
 * tables (`[[redirects]]`) lists of maps, dotted keys nested maps; dates and times keep their text.
 * Positions come from toml-eslint-parser; a document that does not parse is one located error, as
 * the deploy tools refuse it too (a key defined twice included: TOML forbids it).
 */
export function parseToml(file: string, text: string): ParseResult {
  const index = new LineIndex(text);
  const lines = splitLines(text);
  const comments = new Map<number, string>();
  const failed = (message: string, at: number): ParseResult => ({
    doc: { file, format: 'toml', root: null, comments, lines },
    errors: [{ message, loc: index.loc(file, at, Math.min(text.length, at + 1)) }],
  });
  const { deep, crowded } = tomlBudget(text);
  if (deep >= 0) return failed(`TOML: nesting exceeds ${limitText('maxDepth')}: the file is not analysed`, deep);
  if (crowded >= 0) return failed(`TOML: more values and comments than ${limitText('documentTokens')}: the file is not analysed`, crowded);
  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(text, { tomlVersion: '1.0' });
  } catch (e) {
    const err = e as { message?: string; index?: number };
    const at = typeof err.index === 'number' ? Math.max(0, Math.min(err.index, text.length)) : 0;
    return failed(`TOML: ${e instanceof RangeError ? 'nesting too deep to read' : (err.message ?? String(e))}`, at);
  }
  for (const c of ast.comments) comments.set(c.loc.start.line, c.value.trim());
  const loc = (n: { range: [number, number] }) => index.loc(file, n.range[0], n.range[1]);
  const top = ast.body[0];
  const root: MapNode = { kind: 'map', entries: [], loc: loc(top) };
  const keys = new WeakMap<MapNode, Map<string, MapEntry>>();
  const find = (m: MapNode, key: string): MapEntry | undefined => keys.get(m)?.get(key);
  const add = (m: MapNode, e: MapEntry): void => {
    let k = keys.get(m);
    if (!k) keys.set(m, (k = new Map()));
    k.set(e.key, e);
    m.entries.push(e);
  };
  const keyName = (k: AST.TOMLBare | AST.TOMLQuoted): string => (k.type === 'TOMLBare' ? k.name : k.value);

  /** The map at `key` in `m` (the last table of an array of tables), created at `at` when missing. */
  const child = (m: MapNode, key: string, keyLoc: MapEntry['keyLoc'], at: { range: [number, number] }): MapNode => {
    const e = find(m, key);
    if (e?.value.kind === 'map') return e.value;
    if (e?.value.kind === 'seq') {
      const last = e.value.items[e.value.items.length - 1];
      if (last?.kind === 'map') return last;
    }
    const made: MapNode = { kind: 'map', entries: [], loc: loc(at) };
    add(m, { key, keyLoc, value: made });
    return made;
  };

  const convert = (v: AST.TOMLContentNode): Node => {
    if (v.type === 'TOMLArray') return { kind: 'seq', items: v.elements.map(convert), loc: loc(v) };
    if (v.type === 'TOMLInlineTable') {
      const m: MapNode = { kind: 'map', entries: [], loc: loc(v) };
      for (const kv of v.body) keyValue(m, kv);
      return m;
    }
    return { kind: 'scalar', value: typeof v.value === 'object' ? (v as AST.TOMLDateTimeValue).datetime : v.value, loc: loc(v) };
  };

  /** `a.b.c = v` in `m`: the maps of a dotted key, then the value at its last part. */
  const keyValue = (m: MapNode, kv: AST.TOMLKeyValue): void => {
    const parts = kv.key.keys;
    let at = m;
    for (const p of parts.slice(0, -1)) at = child(at, keyName(p), loc(p), kv);
    const last = parts[parts.length - 1]!;
    add(at, { key: keyName(last), keyLoc: loc(last), value: convert(kv.value) });
  };

  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') {
      keyValue(root, item);
      continue;
    }
    // `[a.b]` and `[[a.b]]`: walk the header's key, each array of tables at its latest table
    const parts = item.key.keys;
    let at = root;
    for (const p of parts.slice(0, -1)) at = child(at, keyName(p), loc(p), item);
    const last = parts[parts.length - 1]!;
    let table: MapNode;
    if (item.kind === 'array') {
      table = { kind: 'map', entries: [], loc: loc(item) };
      const e = find(at, keyName(last));
      if (e?.value.kind === 'seq') {
        e.value.items.push(table);
        e.value.loc = { ...e.value.loc, endLine: table.loc.endLine, endColumn: table.loc.endColumn };
      } else {
        const seq: SeqNode = { kind: 'seq', items: [table], loc: loc(item) };
        add(at, { key: keyName(last), keyLoc: loc(last), value: seq });
      }
    } else {
      table = child(at, keyName(last), loc(last), item);
      table.loc = loc(item);
    }
    for (const kv of item.body) keyValue(table, kv);
  }
  return { doc: { file, format: 'toml', root, comments, lines }, errors: [] };
}

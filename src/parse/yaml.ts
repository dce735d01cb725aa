import {
  Composer,
  CST,
  Lexer,
  parseDocument,
  Parser,
  YAMLParseError,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document as YDoc,
} from 'yaml';
import type { Document, Loc, MapEntry, Node } from '../core/types.js';
import { LineIndex, splitLines } from '../core/loc.js';
import { LIMITS, limitText } from '../core/limits.js';
import { BudgetExceeded, yamlCompactTooDeep, yamlTooDeep } from './budget.js';
import { yamlErrorMessage, yamlFailureMessage } from './yaml-errors.js';
import { PROTOTYPE_NAME_TAGS } from './yaml-tags.js';

export interface ParseError {
  message: string;
  loc: Loc;
  /**
   * 'warning': the document is still modelled (a duplicate key: the last one wins, as the deploy
   * tools load it); otherwise the document is not analysed.
   */
  level?: 'warning';
}

/** The notice for a repeated map key, at the repeated key. */
export const DUPLICATE_KEY_MESSAGE = 'map keys must be unique: the last value of a repeated key is analysed, as the deploy tools load it';

export interface ParseResult {
  doc: Document;
  errors: ParseError[];
}

/** CloudFormation short-form tags and the long form each becomes. */
const CFN_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
  '!ForEach': 'Fn::ForEach',
};

/**
 * `uniqueKeys: false`: `yaml` checks each key against every earlier key of its map (quadratic: 300k
 * keys never finish); duplicates are found below with a set instead, with the same message.
 */
const YAML_OPTIONS = { merge: false, prettyErrors: false, strict: false, uniqueKeys: false, customTags: PROTOTYPE_NAME_TAGS } as const;

/**
 * Parses YAML into the located `Node` tree. CloudFormation short tags become their long form
 * (`!Ref X` → `{Ref: X}`, `!GetAtt A.B` → `{'Fn::GetAtt': [A, B]}`); aliases resolve to the anchored
 * node (keeping the anchor's location: where the literal is written); `<<` merge keys are expanded
 * with explicit keys taking precedence.
 */
export function parseYaml(file: string, text: string): ParseResult {
  const index = new LineIndex(text);
  const lines = splitLines(text);
  // `yaml` composes recursively (and its CST parser recurses on compact `- - -` chains): nesting is
  // checked first, on the text and then on the CST with an explicit stack, so no depth of input
  // reaches the end of the call stack (where even compiling a regexp can abort the process)
  let cst: unknown[] = [];
  let deep = yamlCompactTooDeep(text);
  let crowded = -1;
  if (deep < 0) {
    try {
      ({ cst, crowded } = parseCst(text));
      if (crowded < 0) deep = yamlTooDeep(cst);
    } catch (e) {
      if (e instanceof RangeError) deep = 0; // the CST parser ran out of stack: only nesting does that
    }
  }
  if (crowded >= 0) {
    return {
      doc: { file, format: 'yaml', root: null, comments: new Map(), lines },
      errors: [
        {
          message: `YAML: more values and comments than ${limitText('documentTokens')}: the file is not analysed`,
          loc: index.loc(file, crowded, crowded + 1),
        },
      ],
    };
  }
  const comments = collectComments(cst, index);
  const errors: ParseError[] = [];
  if (deep >= 0) {
    return {
      doc: { file, format: 'yaml', root: null, comments, lines },
      errors: [
        { message: `YAML: nesting exceeds ${limitText('maxDepth')}: the file is not analysed`, loc: index.loc(file, deep, deep + 1) },
      ],
    };
  }
  let ydoc: YDoc.Parsed;
  let src = text;
  let orig = (offset: number) => offset;
  try {
    // composed from the CST the depth check already built: the text is parsed once
    ydoc = composeFirst(cst as Parameters<Composer['next']>[0][], text.length);
    if (ydoc.errors.length) {
      const relaxed = relaxIndentation(text);
      if (relaxed) {
        ydoc = relaxed.doc;
        src = relaxed.text;
        orig = relaxed.toOriginal;
      }
    }
  } catch (e) {
    return {
      doc: { file, format: 'yaml', root: null, comments, lines },
      errors: [{ message: yamlFailureMessage(e), loc: index.loc(file, 0, 0) }],
    };
  }
  // one broken flow collection can cascade into hundreds of errors: the first few locate it
  for (const err of ydoc.errors.slice(0, 5)) {
    const [s, e] = err.pos;
    const message = yamlErrorMessage(err.code);
    const loc = index.loc(file, s, Math.max(e, s));
    // two library errors of one kind at one place read the same in our words: say it once
    if (!errors.some((x) => x.message === message && x.loc.line === loc.line && x.loc.column === loc.column)) errors.push({ message, loc });
  }
  if (errors.length) return { doc: { file, format: 'yaml', root: null, comments, lines }, errors };

  const memo = new Map<unknown, Node>();
  const duplicates: ParseError[] = [];
  // each converted node's size and height once aliases are expanded: an alias adds its target's
  // size to what consumers will walk, and its height to the nesting they will recurse through
  const sizes = new WeakMap<Node, number>();
  const heights = new WeakMap<Node, number>();
  let aliasNodes = 0;
  const rangeStart = (n: unknown): number => (n as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
  const locOf = (range: [number, number, number] | null | undefined, tagStart?: number): Loc => {
    if (!range) return index.loc(file, 0, 0);
    return index.loc(file, orig(tagStart ?? range[0]), orig(range[1]));
  };

  const convert = (n: unknown, stack: Set<unknown>): Node => {
    if (isAlias(n)) {
      const target = n.resolve(ydoc);
      if (!target || stack.has(target)) {
        return { kind: 'ref', text: `*${n.source}`, loc: locOf(n.range) };
      }
      const out = convert(target, stack);
      aliasNodes += sizes.get(out) ?? 1;
      if (aliasNodes > LIMITS.aliasNodes)
        throw new BudgetExceeded('aliasNodes', 'YAML aliases: the nodes they expand to', orig(rangeStart(n)));
      return out;
    }
    const cached = memo.get(n);
    if (cached) return cached;
    stack.add(n);
    let out: Node;
    const tag = (n as { tag?: string }).tag;
    const range = (n as { range?: [number, number, number] }).range;
    if (isScalar(n)) {
      let v = n.value;
      if (typeof v === 'bigint') v = Number(v);
      if (v !== null && typeof v === 'object') v = String(v);
      out = { kind: 'scalar', value: v as string | number | boolean | null, loc: locOf(range) };
    } else if (isSeq(n)) {
      out = { kind: 'seq', items: n.items.map((i) => convert(i, stack)), loc: locOf(range) };
    } else if (isMap(n)) {
      const entries: MapEntry[] = [];
      const merged: MapEntry[] = [];
      const keys = new Set<string>();
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const k = pair.key;
        if (isScalar(k)) {
          // equal as `yaml` compares keys: the same scalar value (so `1` and `"1"` differ)
          const id = `${typeof k.value}:${String(k.value)}`;
          if (keys.has(id)) {
            if (duplicates.length < 5)
              duplicates.push({ message: `YAML: ${DUPLICATE_KEY_MESSAGE}`, loc: locOf(k.range), level: 'warning' });
          } else keys.add(id);
        }
        const keyText = isScalar(k) ? String(k.value) : k == null ? '' : String((k as { toString(): string }).toString());
        const keyLoc = locOf((k as { range?: [number, number, number] } | null)?.range);
        if (keyText === '<<' && isScalar(k) && k.type === 'PLAIN') {
          const v = pair.value == null ? null : convert(pair.value, stack);
          const sources = v?.kind === 'seq' ? v.items : v ? [v] : [];
          for (const s of sources) if (s.kind === 'map') merged.push(...s.entries);
          continue;
        }
        const value: Node = pair.value == null ? { kind: 'scalar', value: null, loc: keyLoc } : convert(pair.value, stack);
        entries.push({ key: keyText, keyLoc, value });
      }
      lastKeyWins(entries);
      const own = new Set(entries.map((e) => e.key));
      const seen = new Set<string>();
      const fromMerge: MapEntry[] = [];
      for (const m of merged) {
        if (own.has(m.key) || seen.has(m.key)) continue;
        seen.add(m.key);
        fromMerge.push(m);
      }
      out = { kind: 'map', entries: [...fromMerge, ...entries], loc: locOf(range) };
    } else {
      out = { kind: 'scalar', value: null, loc: locOf(range) };
    }
    if (tag && Object.hasOwn(CFN_TAGS, tag)) {
      const tagStart = range ? src.lastIndexOf(tag, range[0]) : -1;
      const loc = locOf(range, tagStart >= 0 ? tagStart : undefined);
      const tagLoc = tagStart >= 0 ? index.loc(file, orig(tagStart), orig(tagStart) + tag.length) : loc;
      let arg = out;
      if (tag === '!GetAtt' && out.kind === 'scalar' && typeof out.value === 'string') {
        const dot = out.value.indexOf('.');
        const parts = dot < 0 ? [out.value] : [out.value.slice(0, dot), out.value.slice(dot + 1)];
        arg = { kind: 'seq', items: parts.map((p) => ({ kind: 'scalar', value: p, loc: out.loc })), loc: out.loc };
      }
      out = { kind: 'map', entries: [{ key: CFN_TAGS[tag]!, keyLoc: tagLoc, value: arg }], loc };
    }
    stack.delete(n);
    measure(out, n);
    memo.set(n, out);
    return out;
  };
  const measure = (out: Node, n: unknown): void => {
    const children: Node[] = out.kind === 'map' ? out.entries.map((e) => e.value) : out.kind === 'seq' ? out.items : [];
    let size = 1;
    let height = 1;
    for (const c of children) {
      size += sizes.get(c) ?? 1;
      height = Math.max(height, 1 + (heights.get(c) ?? 1));
    }
    sizes.set(out, size);
    heights.set(out, height);
    if (height > LIMITS.maxDepth)
      throw new BudgetExceeded('maxDepth', 'YAML nesting (aliases and short-form tags expanded)', orig(rangeStart(n)));
  };

  let root: Node | null = null;
  try {
    root = ydoc.contents == null ? null : convert(ydoc.contents, new Set());
  } catch (e) {
    const at = e instanceof BudgetExceeded ? (e.at ?? 0) : 0;
    const message = e instanceof BudgetExceeded ? `${e.message}: the file is not analysed` : (e as Error).message;
    return {
      doc: { file, format: 'yaml', root: null, comments, lines },
      errors: [{ message: `YAML: ${message}`, loc: e instanceof BudgetExceeded ? index.loc(file, at, at + 1) : index.loc(file, 0, 0) }],
    };
  }
  return { doc: { file, format: 'yaml', root, comments, lines }, errors: duplicates };
}

/**
 * A key written twice keeps one entry, at the first one's place, holding the last one's key and
 * value (as PyYAML, `JSON.parse` and a JavaScript object do). In place; a map without repeats is untouched.
 */
export function lastKeyWins(entries: MapEntry[]): void {
  const at = new Map<string, number>();
  const out: MapEntry[] = [];
  for (const e of entries) {
    const i = at.get(e.key);
    if (i === undefined) {
      at.set(e.key, out.length);
      out.push(e);
    } else out[i] = e;
  }
  if (out.length !== entries.length) entries.splice(0, entries.length, ...out);
}

/**
 * CloudFormation, SAM and the Serverless Framework load their YAML with PyYAML / js-yaml, which accept
 * a flow collection or a multi-line quoted scalar whose closing line is not indented past its key:
 *
 *       Statement: [{
 *         "Effect": "Allow"
 *       }]                  <- at the key's own indentation
 *
 * `yaml` (strict YAML 1.2) rejects it. When a document fails only that way, the offending closing
 * lines are indented until it parses, and offsets are mapped back so every location still points into
 * the file as written. Returns null when that does not make the document parse.
 */
/**
 * Lexemes the documentTokens budget counts: the scalar marker before plain and block scalars, quoted
 * scalars (`'`, `"`), aliases (`*`), comments (`#`), flow collections.
 */
function isCountedLexeme(lexeme: string): boolean {
  const c = lexeme.charCodeAt(0);
  return lexeme === CST.SCALAR || c === 0x27 || c === 0x22 || c === 0x2a || c === 0x23 || lexeme === '{' || lexeme === '[';
}

/**
 * The CST of the text, counting the lexer's tokens as they come: past the documentTokens
 * budget, parsing stops there (`crowded` is that offset) rather than after building everything.
 */
function parseCst(text: string): { cst: unknown[]; crowded: number } {
  const parser = new Parser();
  const cst: unknown[] = [];
  let counted = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (isCountedLexeme(lexeme) && ++counted > LIMITS.documentTokens) return { cst: [], crowded: Math.min(parser.offset, text.length) };
    for (const token of parser.next(lexeme)) cst.push(token);
  }
  for (const token of parser.end()) cst.push(token);
  return { cst, crowded: -1 };
}

/** `parseDocument` over an existing CST: the first document; a later one is an error, as there. */
function composeFirst(tokens: Iterable<Parameters<Composer['next']>[0]>, length: number): YDoc.Parsed {
  let doc: YDoc.Parsed | null = null;
  for (const d of new Composer(YAML_OPTIONS).compose(tokens, true, length)) {
    if (!doc) doc = d as YDoc.Parsed;
    else {
      doc.errors.push(
        new YAMLParseError(
          d.range.slice(0, 2) as [number, number],
          'MULTIPLE_DOCS',
          'Source contains multiple documents; please use YAML.parseAllDocuments()',
        ),
      );
      break;
    }
  }
  return doc!;
}

function relaxIndentation(text: string): { doc: YDoc.Parsed; text: string; toOriginal(offset: number): number } | null {
  const RELAXABLE = new Set(['BAD_INDENT', 'MISSING_CHAR', 'UNEXPECTED_TOKEN']);
  const inserted: { at: number; n: number }[] = []; // positions in the CURRENT text, in insertion order
  let cur = text;
  for (let i = 0; i < 20; i++) {
    const doc = parseDocument(cur, YAML_OPTIONS);
    if (!doc.errors.length) {
      const toOriginal = (offset: number): number => {
        let o = offset;
        for (let k = inserted.length - 1; k >= 0; k--) {
          const { at, n } = inserted[k]!;
          if (o >= at + n) o -= n;
          else if (o > at) o = at;
        }
        return o;
      };
      return { doc, text: cur, toOriginal };
    }
    const first = doc.errors[0]!;
    if (!doc.errors.every((e) => RELAXABLE.has(e.code))) return null;
    // the under-indented line: where a flow collection ended too far left, or, for an unclosed quote,
    // where the stray closing token was found
    const culprit =
      first.code === 'BAD_INDENT'
        ? first
        : first.code === 'MISSING_CHAR'
          ? doc.errors.find((e) => e.pos[0] > first.pos[0] && e.code === 'UNEXPECTED_TOKEN')
          : undefined;
    if (!culprit) return null;
    const lineStart = cur.lastIndexOf('\n', culprit.pos[0] - 1) + 1;
    if (!/^[ \t]*[}\]'"]/.test(cur.slice(lineStart, lineStart + 200))) return null;
    cur = `${cur.slice(0, lineStart)}  ${cur.slice(lineStart)}`;
    inserted.push({ at: lineStart, n: 2 });
  }
  return null;
}

/** Comments by line, from the YAML CST (so '#' inside strings is never mistaken for one). */
function collectComments(cst: unknown[], index: LineIndex): Map<number, string> {
  const out = new Map<number, string>();
  const visit = (t: unknown, depth: number): void => {
    if (!t || typeof t !== 'object' || depth > 200) return;
    if (Array.isArray(t)) {
      for (const x of t) visit(x, depth + 1);
      return;
    }
    const o = t as { type?: string; offset?: number; source?: string };
    if (o.type === 'comment' && typeof o.offset === 'number' && typeof o.source === 'string') {
      const line = index.pos(o.offset).line;
      const prev = out.get(line);
      const body = o.source.replace(/^#/, '').trim();
      out.set(line, prev ? `${prev} ${body}` : body);
      return;
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'source' && typeof v === 'object') visit(v, depth + 1);
  };
  try {
    for (const tok of cst) visit(tok, 0);
  } catch {
    /* comments are best effort on broken input */
  }
  return out;
}

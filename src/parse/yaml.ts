import { parseDocument, Parser, isAlias, isMap, isPair, isScalar, isSeq, type Document as YDoc } from 'yaml';
import type { Document, Loc, MapEntry, Node } from '../core/types.js';
import { LineIndex, splitLines } from '../core/loc.js';
import { yamlErrorMessage, yamlFailureMessage } from './yaml-errors.js';
import { PROTOTYPE_NAME_TAGS } from './yaml-tags.js';

export interface ParseError {
  message: string;
  loc: Loc;
}

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

/** The longest YAML document we expand aliases into, in nodes: a guard against alias bombs. */
const MAX_NODES = 2_000_000;

/**
 * Parses YAML into the located `Node` tree. CloudFormation short tags become their long form
 * (`!Ref X` → `{Ref: X}`, `!GetAtt A.B` → `{'Fn::GetAtt': [A, B]}`); aliases resolve to the anchored
 * node (keeping the anchor's location: where the literal is written); `<<` merge keys are expanded
 * with explicit keys taking precedence.
 */
export function parseYaml(file: string, text: string): ParseResult {
  const index = new LineIndex(text);
  const lines = splitLines(text);
  const comments = collectComments(text, index);
  const errors: ParseError[] = [];
  let ydoc: YDoc.Parsed;
  let src = text;
  let orig = (offset: number) => offset;
  try {
    ydoc = parseDocument(text, { merge: false, prettyErrors: false, strict: false, customTags: PROTOTYPE_NAME_TAGS });
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
  let budget = MAX_NODES;
  const locOf = (range: [number, number, number] | null | undefined, tagStart?: number): Loc => {
    if (!range) return index.loc(file, 0, 0);
    return index.loc(file, orig(tagStart ?? range[0]), orig(range[1]));
  };

  const convert = (n: unknown, stack: Set<unknown>): Node => {
    if (--budget < 0) throw new Error('document too large after alias expansion');
    if (isAlias(n)) {
      const target = n.resolve(ydoc);
      if (!target || stack.has(target)) {
        return { kind: 'ref', text: `*${n.source}`, loc: locOf(n.range) };
      }
      return convert(target, stack);
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
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const k = pair.key;
        const keyText = isScalar(k) ? String(k.value) : k == null ? '' : String((k as { toString(): string }).toString());
        const keyLoc = locOf((k as { range?: [number, number, number] } | null)?.range);
        if (keyText === '<<' && isScalar(k) && k.type === 'PLAIN') {
          const v = pair.value == null ? null : convert(pair.value, stack);
          const sources = v?.kind === 'seq' ? v.items : v ? [v] : [];
          for (const s of sources) if (s.kind === 'map') merged.push(...s.entries);
          continue;
        }
        const value: Node =
          pair.value == null
            ? { kind: 'scalar', value: null, loc: keyLoc }
            : convert(pair.value, stack);
        entries.push({ key: keyText, keyLoc, value });
      }
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
    memo.set(n, out);
    return out;
  };

  let root: Node | null = null;
  try {
    root = ydoc.contents == null ? null : convert(ydoc.contents, new Set());
  } catch (e) {
    return {
      doc: { file, format: 'yaml', root: null, comments, lines },
      errors: [{ message: `YAML: ${(e as Error).message}`, loc: index.loc(file, 0, 0) }],
    };
  }
  return { doc: { file, format: 'yaml', root, comments, lines }, errors };
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
function relaxIndentation(text: string): { doc: YDoc.Parsed; text: string; toOriginal(offset: number): number } | null {
  const RELAXABLE = new Set(['BAD_INDENT', 'MISSING_CHAR', 'UNEXPECTED_TOKEN']);
  const inserted: { at: number; n: number }[] = []; // positions in the CURRENT text, in insertion order
  let cur = text;
  for (let i = 0; i < 20; i++) {
    const doc = parseDocument(cur, { merge: false, prettyErrors: false, strict: false, customTags: PROTOTYPE_NAME_TAGS });
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
    const culprit = first.code === 'BAD_INDENT' ? first : first.code === 'MISSING_CHAR' ? doc.errors.find((e) => e.pos[0] > first.pos[0] && e.code === 'UNEXPECTED_TOKEN') : undefined;
    if (!culprit) return null;
    const lineStart = cur.lastIndexOf('\n', culprit.pos[0] - 1) + 1;
    if (!/^[ \t]*[}\]'"]/.test(cur.slice(lineStart, lineStart + 200))) return null;
    cur = `${cur.slice(0, lineStart)}  ${cur.slice(lineStart)}`;
    inserted.push({ at: lineStart, n: 2 });
  }
  return null;
}

/** Comments by line, from the YAML CST (so '#' inside strings is never mistaken for one). */
function collectComments(text: string, index: LineIndex): Map<number, string> {
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
    for (const tok of new Parser().parse(text)) visit(tok, 0);
  } catch {
    /* comments are best effort on broken input */
  }
  return out;
}

import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node as JNode, type ParseError as JError } from 'jsonc-parser';
import type { Node } from '../core/types.js';
import { LineIndex, splitLines } from '../core/loc.js';
import { DUPLICATE_KEY_MESSAGE, lastKeyWins, type ParseError, type ParseResult } from './yaml.js';
import { LIMITS, limitText } from '../core/limits.js';

/** Tokens the documentTokens budget counts: objects, arrays, strings (keys included), numbers, keywords, comments. */
const COUNTED_TOKENS = new Set([
  SyntaxKind.LineCommentTrivia,
  SyntaxKind.BlockCommentTrivia,
  SyntaxKind.OpenBraceToken,
  SyntaxKind.OpenBracketToken,
  SyntaxKind.StringLiteral,
  SyntaxKind.NumericLiteral,
  SyntaxKind.NullKeyword,
  SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword,
]);
const isCountedToken = (k: SyntaxKind): boolean => COUNTED_TOKENS.has(k);

/** Parses JSON (comments tolerated) into the located `Node` tree; positions from jsonc-parser. */
export function parseJson(file: string, text: string): ParseResult {
  const index = new LineIndex(text);
  const lines = splitLines(text);
  const comments = new Map<number, string>();
  const scanner = createScanner(text, false);
  // nesting is measured here, on tokens, because parseTree and the conversion below recurse per level
  let depth = 0;
  let tooDeep = -1;
  let counted = 0;
  for (let k = scanner.scan(); k !== SyntaxKind.EOF; k = scanner.scan()) {
    if (isCountedToken(k) && ++counted > LIMITS.documentTokens) {
      const at = scanner.getTokenOffset();
      return {
        doc: { file, format: 'json', root: null, comments, lines },
        errors: [
          {
            message: `JSON: more values and comments than ${limitText('documentTokens')}: the file is not analysed`,
            loc: index.loc(file, at, at + 1),
          },
        ],
      };
    }
    if (k === SyntaxKind.LineCommentTrivia || k === SyntaxKind.BlockCommentTrivia) {
      const line = index.pos(scanner.getTokenOffset()).line;
      comments.set(
        line,
        scanner
          .getTokenValue()
          .replace(/^\/\/|^\/\*|\*\/$/g, '')
          .trim(),
      );
    } else if (k === SyntaxKind.OpenBraceToken || k === SyntaxKind.OpenBracketToken) {
      if (++depth > LIMITS.maxDepth) {
        // the first limit crossed is the one reported; nothing past it is read
        tooDeep = scanner.getTokenOffset();
        break;
      }
    } else if (k === SyntaxKind.CloseBraceToken || k === SyntaxKind.CloseBracketToken) depth = Math.max(0, depth - 1);
  }
  if (tooDeep >= 0) {
    return {
      doc: { file, format: 'json', root: null, comments, lines },
      errors: [
        { message: `JSON: nesting exceeds ${limitText('maxDepth')}: the file is not analysed`, loc: index.loc(file, tooDeep, tooDeep + 1) },
      ],
    };
  }
  const errs: JError[] = [];
  const tree = parseTree(text, errs, { allowTrailingComma: false, disallowComments: false });
  if (errs.length || !tree) {
    const list = errs.length ? errs : [{ error: 1, offset: 0, length: 0 } as unknown as JError];
    return {
      doc: { file, format: 'json', root: null, comments, lines },
      errors: list.slice(0, 5).map((e) => ({
        message: `JSON: ${errs.length ? printParseErrorCode(e.error) : 'empty document'}`,
        loc: index.loc(file, e.offset, e.offset + Math.max(e.length, 1)),
      })),
    };
  }
  const loc = (n: JNode) => index.loc(file, n.offset, n.offset + n.length);
  const duplicates: ParseError[] = [];
  const convert = (n: JNode): Node => {
    switch (n.type) {
      case 'object': {
        const entries = (n.children ?? []).map((p) => {
          const [k, v] = p.children as [JNode, JNode | undefined];
          return {
            key: String(k.value),
            keyLoc: loc(k),
            value: v ? convert(v) : ({ kind: 'scalar', value: null, loc: loc(k) } as Node),
          };
        });
        const count = entries.length;
        lastKeyWins(entries);
        if (entries.length !== count && duplicates.length < 5) {
          // each repeat after its first occurrence, located at its key
          const seen = new Set<string>();
          for (const p of n.children ?? []) {
            const k = p.children![0]!;
            const key = String(k.value);
            if (!seen.has(key)) seen.add(key);
            else if (duplicates.length < 5) duplicates.push({ message: `JSON: ${DUPLICATE_KEY_MESSAGE}`, loc: loc(k), level: 'warning' });
          }
        }
        return { kind: 'map', loc: loc(n), entries };
      }
      case 'array':
        return { kind: 'seq', loc: loc(n), items: (n.children ?? []).map(convert) };
      default:
        return { kind: 'scalar', value: n.value as string | number | boolean | null, loc: loc(n) };
    }
  };
  const root = convert(tree);
  return { doc: { file, format: 'json', root, comments, lines }, errors: duplicates };
}

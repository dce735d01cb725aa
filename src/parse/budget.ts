import { createScanner, SyntaxKind } from 'jsonc-parser';
import { LIMITS, limitText, type LimitName } from '../core/limits.js';

/** Thrown inside a parser or resolver when input exceeds one of the `LIMITS`; caught at its entry point. */
export class BudgetExceeded extends Error {
  constructor(
    readonly limit: LimitName,
    what: string,
    /** offset in the text, or the node location, where it was exceeded */
    readonly at?: number,
  ) {
    super(`${what} exceeds ${limitText(limit)}`);
  }
}

/**
 * Offset of the first `[` or `{` that opens a level deeper than `max` in JSON(C) text, or -1. Uses
 * the scanner only (iterative), so it is safe at any depth — unlike the recursive parsers it guards.
 */
export function jsonTooDeep(text: string, max: number = LIMITS.maxDepth): number {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let k = scanner.scan(); k !== SyntaxKind.EOF; k = scanner.scan()) {
    if (k === SyntaxKind.OpenBraceToken || k === SyntaxKind.OpenBracketToken) {
      if (++depth > max) return scanner.getTokenOffset();
    } else if (k === SyntaxKind.CloseBraceToken || k === SyntaxKind.CloseBracketToken) depth = Math.max(0, depth - 1);
  }
  return -1;
}

/** A YAML CST token, as far as nesting goes. */
interface CstToken {
  type?: string;
  offset?: number;
  value?: CstToken;
  key?: CstToken | null;
  items?: { key?: CstToken | null; value?: CstToken | null }[];
}

/**
 * Offset of the first YAML collection nested deeper than `max` in the CST tokens of a stream, or -1.
 * An explicit stack, never recursion.
 */
export function yamlTooDeep(tokens: Iterable<unknown>, max: number = LIMITS.maxDepth): number {
  const stack: [CstToken, number][] = [];
  for (const t of tokens) {
    const tok = t as CstToken;
    if (tok.type === 'document' && tok.value) stack.push([tok.value, 0]);
    while (stack.length) {
      const [n, depth] = stack.pop()!;
      if (n.type !== 'block-map' && n.type !== 'block-seq' && n.type !== 'flow-collection') continue;
      if (depth + 1 > max) return n.offset ?? 0;
      for (const it of n.items ?? []) {
        if (it.value) stack.push([it.value, depth + 1]);
        if (it.key) stack.push([it.key, depth + 1]);
      }
    }
  }
  return -1;
}

/**
 * Offset of the first line whose compact block indicators (`- - - x`, `? - x`) open more than `max`
 * levels on that one line, or -1. The CST parser recurses per such indicator, so this runs first.
 */
export function yamlCompactTooDeep(text: string, max: number = LIMITS.maxDepth): number {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lineStart = i;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    let count = 0;
    while (i + 1 < n && (text[i] === '-' || text[i] === '?' || text[i] === ':') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      if (++count > max) return lineStart;
      i += 2;
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    }
    const nl = text.indexOf('\n', i);
    if (nl < 0) break;
    i = nl + 1;
  }
  return -1;
}

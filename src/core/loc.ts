import type { Loc } from './types.js';

/**
 * The one definition of a line break, for every kind of file: CRLF, CR or LF — as SARIF, YAML, JSON
 * and editors count lines. (JavaScript also ends lines at U+2028/U+2029; editors and code scanning do
 * not, so a location never counts them.)
 */
export const LINE_BREAK = /\r\n|\r|\n/;

/** The lines of a text, by `LINE_BREAK`. */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/** Maps string offsets to 1-based line/column positions (lines as `LINE_BREAK` ends them). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  pos(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }

  /** Loc of [start, end) with trailing whitespace/newlines excluded from the end. */
  loc(file: string, start: number, end: number): Loc {
    while (end > start && /\s/.test(this.text[end - 1]!)) end--;
    const a = this.pos(start);
    const b = this.pos(end);
    return { file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

export function fileLoc(file: string): Loc {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

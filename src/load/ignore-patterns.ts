import ignore from 'ignore';
import { LineIndex } from '../core/loc.js';
import type { Loc } from '../core/types.js';

/** Pattern lines up to this long are applied as they are (no path on disk is longer). */
const LONG_PATTERN = 4096;

/**
 * The text of an ignore file without the patterns that cannot be applied: the `ignore` package
 * builds one regular expression per pattern, when a path is first tested, and V8 refuses one that is
 * too large — which would end the run from inside discovery. A long line is compiled alone first;
 * one that fails is left out and reported (`reject`) at its line.
 */
export function applicableIgnoreText(text: string, file: string, reject: (loc: Loc, message: string) => void): string {
  if (text.length <= LONG_PATTERN) return text;
  const out: string[] = [];
  let index: LineIndex | undefined;
  let offset = 0;
  // split as the ignore package splits, so each line is the pattern it would read
  for (const m of text.matchAll(/([^\n]*)(\n|$)/g)) {
    const line = m[1]!.replace(/\r$/, '');
    const at = offset;
    offset += m[0].length;
    if (line.length > LONG_PATTERN) {
      try {
        ignore().add(line).ignores('x');
      } catch (e) {
        index ??= new LineIndex(text);
        const loc = index.loc(file, at, at + 1);
        reject(
          loc,
          `${file}: a pattern of ${line.length} characters cannot be applied (${(e as Error).message.split(':').pop()!.trim()}); it is left out`,
        );
        out.push('');
        continue;
      }
    }
    out.push(line);
    if (!m[0].length) break;
  }
  return out.join('\n');
}

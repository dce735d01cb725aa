/**
 * Recognises generated JavaScript (minified bundles), which the code analysis does not parse: a parse
 * of a multi-megabyte one-line bundle costs seconds and memory, and its findings would point into
 * code nobody edits. The caller reports the file with the reason, so nothing is skipped silently.
 */

/** A line at least this long is minified code (formatters wrap far below it). */
export const MINIFIED_LINE_CHARS = 20_000;
/** With a source-map comment, lines this long already mean a bundle. */
const MAPPED_LINE_CHARS = 1_000;
/** A file this large whose lines average this long is minified too. */
const DENSE_FILE_BYTES = 200_000;
const DENSE_AVERAGE_LINE = 300;

const SOURCE_MAP = /^[ \t]*\/\/[#@][ \t]*sourceMappingURL=\S+[ \t]*$/m;

/** Why `text` looks generated, in a few words, or null for hand-written code. Linear in the text. */
export function generatedCodeReason(text: string): string | null {
  let longest = 0;
  let lines = 1;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > longest) longest = end - start;
    if (nl < 0) break;
    lines++;
    start = nl + 1;
  }
  if (longest >= MINIFIED_LINE_CHARS) return `minified (a line of ${longest} characters)`;
  const tail = text.length > 4096 ? text.slice(-4096) : text;
  if (longest >= MAPPED_LINE_CHARS && SOURCE_MAP.test(tail)) return `a bundle with a source map (a line of ${longest} characters)`;
  if (text.length >= DENSE_FILE_BYTES && text.length / lines >= DENSE_AVERAGE_LINE)
    return `minified (${Math.round(text.length / lines)} characters per line on average)`;
  return null;
}

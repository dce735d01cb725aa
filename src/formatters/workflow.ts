/**
 * GitHub Actions reads the log of a step line by line and executes workflow commands in it: a line
 * whose text, after leading whitespace, starts with `::` (`::add-mask::…`, `::error file=…::…`), and
 * the legacy `##[command]…` anywhere in a line. The tool prints names it does not control — paths
 * (a folder named `::add-mask::error`), keys, values in code frames — so every human-readable line it
 * writes goes through `neutralizeWorkflowCommands`: a leading `::` becomes `%3A%3A` and `##[`
 * becomes `##%5B`, the escapes the `github` format uses for the same characters. (The `github`
 * format itself writes commands on purpose and escapes what it puts inside them.)
 */

/** Leading whitespace and ANSI colour sequences, then `::`. */
const LEADING_COMMAND = /^((?:\s|\x1b\[[0-9;]*m)*)::/u;

/** One line (no line break inside) with nothing a runner would take for a command. */
export function neutralizeLine(line: string): string {
  let out = line.includes('##[') ? line.split('##[').join('##%5B') : line;
  if (out.includes('::')) out = out.replace(LEADING_COMMAND, '$1%3A%3A');
  return out;
}

/** Every line of a text (split at `\n`, `\r\n` and `\r`, which a log viewer also breaks at). */
export function neutralizeWorkflowCommands(text: string): string {
  if (!text.includes('::') && !text.includes('##[')) return text;
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part, i) => (i % 2 ? part : neutralizeLine(part)))
    .join('');
}

/**
 * For JSON documents (json, sarif): `##[` can only be inside a string there, and `##\u005b` is the
 * same string to a JSON reader. (No line of pretty-printed JSON starts with `::`.)
 */
export function neutralizeJson(json: string): string {
  return json.includes('##[') ? json.split('##[').join('##\\u005b') : json;
}

/**
 * Just enough Markdown handling for SARIF rule help: a plain-text rendering of a rule README
 * (`help.text`) and its first paragraph after the title (`fullDescription`). Line-based and
 * forgiving: unknown constructs pass through as text.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:\s+|$)/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)\s*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;

/** Inline Markdown to text: links keep their target, emphasis and code markers go. */
export function inlineToText(s: string): string {
  // Code spans first, set aside so that `"*"` or `<T>` inside them survive the rest verbatim.
  const codes: string[] = [];
  const text = s
    .replace(/\uE000|\uE001/g, '')
    .replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_m, _t, code: string) => `\uE000${codes.push(code.trim()) - 1}\uE001`)
    // images: keep the alt text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    // [text](url "title") -> text (url); [url](url) -> url
    .replace(/\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, url: string) =>
      label === url ? url : `${label} (${url})`,
    )
    // reference links [text][ref] / [text][]
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    // autolinks
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
    // inline HTML tags
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, '')
    // strong/emphasis/strikethrough, only around word-like content: `"*" or "s3:*"` keeps its stars
    .replace(/(\*\*|__)(?=[\p{L}\p{N}\uE000[(])([^]*?[\p{L}\p{N}\uE001.!?)\]])\1/gu, '$2')
    .replace(/(^|[^\p{L}\p{N}*])\*(?=[\p{L}\p{N}\uE000[(])([^*]*?[\p{L}\p{N}\uE001.!?)\]])\*(?![\p{L}\p{N}])/gu, '$1$2')
    .replace(/(^|[^\p{L}\p{N}_])_(?=[\p{L}\p{N}\uE000[(])([^_]*?[\p{L}\p{N}\uE001.!?)\]])_(?![\p{L}\p{N}])/gu, '$1$2')
    .replace(/~~(?=\S)([^]*?\S)~~/g, '$1')
    // backslash escapes
    .replace(/\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g, '$1');
  return text.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => codes[Number(i)] ?? '');
}

/** A README as plain text: headings, lists and code kept readable, markup removed. */
export function markdownToText(md: string): string {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && !line.slice(f[0].length).trim()) fence = null;
      else out.push('    ' + line);
      continue;
    }
    if (f) {
      fence = f[1]!;
      continue;
    }
    if (/^\s*<!--.*-->\s*$/.test(line)) continue;
    if (ATX_HEADING.test(line)) {
      out.push(inlineToText(line.replace(/^ {0,3}#{1,6}\s*/, '').replace(/\s+#+\s*$/, '')).trim());
      continue;
    }
    if (SETEXT_UNDERLINE.test(line) && out.length && out[out.length - 1]!.trim()) continue;
    if (THEMATIC_BREAK.test(line)) continue;
    const quote = /^ {0,3}>\s?(.*)$/.exec(line);
    const body = quote ? quote[1]! : line;
    const bullet = /^(\s*)[*+-]\s+(.*)$/.exec(body);
    out.push(bullet ? `${bullet[1]}- ${inlineToText(bullet[2]!)}` : inlineToText(body));
  }
  return out
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The first paragraph after the README's title, as one line of plain text; undefined when the
 * README has no such paragraph (e.g. a section heading follows the title directly).
 */
export function firstParagraph(md: string): string | undefined {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length && (!lines[i]!.trim() || /^\s*<!--.*-->\s*$/.test(lines[i]!))) i++;
  // skip the title: an ATX heading, or a setext one (text line + === underline)
  if (i < lines.length && ATX_HEADING.test(lines[i]!)) i++;
  else if (i + 1 < lines.length && /^ {0,3}=+\s*$/.test(lines[i + 1]!)) i += 2;
  while (i < lines.length && !lines[i]!.trim()) i++;
  const para: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) break;
    if (ATX_HEADING.test(line) || FENCE.test(line) || THEMATIC_BREAK.test(line)) break;
    if (para.length && SETEXT_UNDERLINE.test(line)) return undefined; // it was a heading
    para.push(line.trim());
  }
  if (!para.length) return undefined;
  const text = inlineToText(para.join(' ')).replace(/\s+/g, ' ').trim();
  return text || undefined;
}

/** Cuts text to at most `max` UTF-16 units, at a word boundary when one is near, adding `…`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.8) cut = cut.slice(0, space);
  // do not leave half a surrogate pair
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.trimEnd() + '…';
}

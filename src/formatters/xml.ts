/**
 * Escaping for the markup formats (junit, html). Text from the scanned project — paths, messages,
 * rule ids of plugins, source lines — may hold anything; what these functions return is always
 * well-formed XML 1.0 character data and safe HTML text or attribute value.
 */

/**
 * Characters XML 1.0 does not allow at all (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF;
 * lone surrogates), plus the ones it allows but a reader should never be handed raw: CR (an XML
 * parser turns it into LF, an attribute value into a space), DEL and C1 controls, and the
 * bidirectional overrides of a Trojan Source line. Each becomes a visible `\u001b`-style escape, as
 * in the text formatter, so the reader sees that something was there.
 */
const UNSAFE =
  /[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Control characters (and lone surrogates) made visible; tab and line feed kept. */
export function visibleControls(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for element content or a quoted attribute value (either quote), in XML and in HTML. In an
 * attribute a line feed is written as `&#10;`, so that it survives attribute-value normalisation.
 */
export function escapeMarkup(text: string, attribute = false): string {
  const out = visibleControls(typeof text === 'string' ? text : String(text)).replace(/[&<>"']/g, (c) => ENTITY[c]!);
  return attribute ? out.replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : out;
}

/** An https URL that may go into an `href` as it is, or undefined. */
export function safeHttpsUrl(url: unknown): string | undefined {
  return typeof url === 'string' && /^https:\/\/[^\s<>"'`\\]+$/.test(url) ? url : undefined;
}

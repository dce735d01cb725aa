/**
 * A small, strict XML 1.0 reader for tests: it throws on anything that is not well-formed (a
 * character XML 1.0 does not allow, an unknown or bare `&`, `<` in an attribute value, an unquoted
 * or repeated attribute, a tag closed out of order, text outside the one root element) and returns
 * the element tree with entities decoded. No DTD, no namespaces: the formats under test use neither.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** the element's own character data (CDATA included), decoded */
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
// eslint-disable-next-line no-control-regex
const ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`"<" in ${where}`);
  return raw.replace(/&([^;]*);|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare "&" in ${where}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ref in named) return named[ref]!;
    const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    if (!num) throw new Error(`unknown entity "${m}" in ${where}`);
    const code = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2]!, 10);
    const ch = String.fromCodePoint(code);
    if (ILLEGAL.test(ch) || (code >= 0xd800 && code <= 0xdfff)) throw new Error(`reference to an illegal character ${m}`);
    return ch;
  });
}

export function parseXml(xml: string): XmlElement {
  const bad = ILLEGAL.exec(xml);
  if (bad) throw new Error(`illegal character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${bad.index}`);
  let i = 0;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0 || !/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z0-9._-]+")?\?>$/.test(xml.slice(0, end + 2)))
      throw new Error('bad XML declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text) {
      if (!stack.length) {
        if (text.trim()) throw new Error(`text outside the root element: ${JSON.stringify(text.slice(0, 40))}`);
      } else {
        if (text.includes(']]>')) throw new Error('"]]>" in text');
        stack[stack.length - 1]!.text += decode(text, 'text');
      }
    }
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0 || xml.slice(lt + 4, end).includes('--')) throw new Error('bad comment');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      if (!stack.length) throw new Error('CDATA outside the root element');
      const end = xml.indexOf(']]>', lt);
      if (end < 0) throw new Error('unterminated CDATA');
      stack[stack.length - 1]!.text += xml.slice(lt + 9, end);
      i = end + 3;
      continue;
    }
    if (xml[lt + 1] === '/') {
      const m = /^<\/([A-Za-z_:][-A-Za-z0-9_:.]*)\s*>/.exec(xml.slice(lt));
      if (!m) throw new Error(`bad end tag at ${lt}`);
      const open = stack.pop();
      if (!open || open.name !== m[1]) throw new Error(`</${m[1]}> closes <${open?.name ?? 'nothing'}>`);
      i = lt + m[0].length;
      continue;
    }
    // a start tag
    let j = lt + 1;
    const name = NAME.exec(xml.slice(j))?.[0];
    if (!name) throw new Error(`bad tag name at ${lt}`);
    j += name.length;
    const el: XmlElement = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(j))![0];
      j += ws.length;
      if (xml.startsWith('/>', j) || xml[j] === '>') break;
      if (!ws) throw new Error(`no space before attribute at ${j}`);
      const attr = /^([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(xml.slice(j));
      if (!attr) throw new Error(`bad attribute at ${j}: ${JSON.stringify(xml.slice(j, j + 30))}`);
      if (attr[1]! in el.attrs) throw new Error(`attribute ${attr[1]} given twice`);
      el.attrs[attr[1]!] = decode(attr[3] ?? attr[4]!, `attribute ${attr[1]}`);
      j += attr[0].length;
    }
    const selfClosing = xml.startsWith('/>', j);
    i = j + (selfClosing ? 2 : 1);
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else if (root) throw new Error('a second root element');
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1]!.name}> is not closed`);
  if (!root) throw new Error('no root element');
  return root;
}

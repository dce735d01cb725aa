import type { Loc, MapEntry, Node } from '../../core/types.js';
import { parseJson } from '../../parse/json.js';
/**
 * Policy documents written as JSON text (`PolicyDocument: !Sub '{"Statement": …}'`, a plain JSON
 * string, the `Fn::Sub` list form): parsed into the located tree the builders read, each node
 * located where its text is in the manifest — inside the YAML or JSON string, across quoting,
 * escapes, folding and block indentation. A piece that cannot be found there (a substituted
 * parameter) is located at the whole string. In a `Fn::Sub`, strings with an unresolved `${…}`
 * become references, as the resolver leaves them elsewhere.
 */

/** Longest policy text parsed (IAM caps an inline policy at 10 KB, a managed one at 6 KB). */
const MAX_POLICY_TEXT = 64 * 1024;

/** The policy document a string node holds, or undefined when it holds no JSON object or list. */
export function policyFromString(n: Node, lines: readonly string[]): Node | undefined {
  const fromSub = n.kind === 'ref';
  const text =
    n.kind === 'scalar' && typeof n.value === 'string' ? n.value : n.kind === 'ref' && !n.text.startsWith('!') ? n.text : undefined;
  if (text === undefined || text.length > MAX_POLICY_TEXT || !/^\s*[{[]/.test(text)) return undefined;
  const parsed = parseJson('<policy>', text);
  const root = parsed.doc.root;
  if (parsed.errors.length || !root || (root.kind !== 'map' && root.kind !== 'seq')) return undefined;
  const at = locator(text, lines, n.loc);
  const copy = (x: Node): Node => {
    const loc = at(x.loc);
    if (x.kind === 'map')
      return { kind: 'map', loc, entries: x.entries.map((e): MapEntry => ({ ...e, keyLoc: at(e.keyLoc), value: copy(e.value) })) };
    if (x.kind === 'seq') return { kind: 'seq', loc, items: x.items.map(copy) };
    if (x.kind === 'scalar' && fromSub && typeof x.value === 'string' && x.value.includes('${')) return { kind: 'ref', text: x.value, loc };
    return { ...x, loc };
  };
  return copy(root);
}

interface Place {
  ch: string;
  line: number;
  column: number;
}

/**
 * Maps locations in `text` (the string's value) to the file: the value's characters are matched, in
 * order, with the characters of the string's region in the file, skipping what only the file has
 * (quotes, escape backslashes, indentation, line breaks) and re-synchronising after what only the
 * value has (a substituted parameter).
 */
function locator(text: string, lines: readonly string[], region: Loc): (l: Loc) => Loc {
  const places: Place[] = [];
  for (let ln = region.line; ln <= region.endLine && ln <= lines.length; ln++) {
    const s = lines[ln - 1]!;
    const from = ln === region.line ? region.column - 1 : 0;
    const to = ln === region.endLine ? Math.min(s.length, region.endColumn - 1) : s.length;
    for (let c = from; c < to; c++) places.push({ ch: s[c]!, line: ln, column: c + 1 });
    if (ln < region.endLine) places.push({ ch: '\n', line: ln, column: s.length + 1 });
  }
  const pos = new Int32Array(text.length).fill(-1);
  let j = 0;
  for (let i = 0; i < text.length && j < places.length; i++) {
    const c = text[i]!;
    let k = j;
    let skipped = 0;
    while (k < places.length && places[k]!.ch !== c && (/\s/.test(places[k]!.ch) || (skipped < 2 && /["'\\]/.test(places[k]!.ch)))) {
      if (!/\s/.test(places[k]!.ch)) skipped++;
      k++;
    }
    if (k < places.length && places[k]!.ch === c) {
      pos[i] = k;
      j = k + 1;
      continue;
    }
    if (/\s/.test(c)) continue; // a folded line break or an escaped one
    // only the value has this: find where the file picks up again
    const probe = text.slice(i + 1, i + 9).trim();
    if (!probe) continue;
    for (let q = j; q < Math.min(places.length, j + 400); q++) {
      let ok = true;
      for (let t = 0; t < probe.length && ok; t++) ok = places[q + t]?.ch === probe[t];
      if (ok) {
        j = q;
        break;
      }
    }
  }
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (line: number, column: number) => (starts[line - 1] ?? text.length) + column - 1;
  return (l) => {
    const a = pos[offset(l.line, l.column)] ?? -1;
    const b = pos[offset(l.endLine, l.endColumn) - 1] ?? -1;
    if (a < 0 || b < 0 || b < a) return region;
    const pa = places[a]!;
    const pb = places[b]!;
    return { file: region.file, line: pa.line, column: pa.column, endLine: pb.line, endColumn: pb.column + 1 };
  };
}

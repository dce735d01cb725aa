import type { Loc, MapEntry, MapNode, Node, Value } from './types.js';

/** Small helpers for walking the located tree. All are total: missing paths give undefined. */

export function isMap(n: Node | null | undefined): n is MapNode {
  return !!n && n.kind === 'map';
}

export function entry(n: Node | null | undefined, key: string): MapEntry | undefined {
  if (!isMap(n)) return undefined;
  for (let i = n.entries.length - 1; i >= 0; i--) if (n.entries[i]!.key === key) return n.entries[i];
  return undefined;
}

/** Case-insensitive key lookup (serverless.yml is lenient about `Effect`/`effect`). */
export function entryCI(n: Node | null | undefined, key: string): MapEntry | undefined {
  if (!isMap(n)) return undefined;
  const k = key.toLowerCase();
  for (let i = n.entries.length - 1; i >= 0; i--) if (n.entries[i]!.key.toLowerCase() === k) return n.entries[i];
  return undefined;
}

export function get(n: Node | null | undefined, ...path: string[]): Node | undefined {
  let cur: Node | undefined = n ?? undefined;
  for (const p of path) {
    cur = entry(cur, p)?.value;
    if (!cur) return undefined;
  }
  return cur;
}

export function getCI(n: Node | null | undefined, ...path: string[]): Node | undefined {
  let cur: Node | undefined = n ?? undefined;
  for (const p of path) {
    cur = entryCI(cur, p)?.value;
    if (!cur) return undefined;
  }
  return cur;
}

/** A literal string, or undefined (for refs, maps, sequences, non-strings). */
export function str(n: Node | null | undefined): string | undefined {
  return n && n.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined;
}

/** A scalar as string (numbers and booleans stringified), or undefined. */
export function scalarText(n: Node | null | undefined): string | undefined {
  return n && n.kind === 'scalar' && n.value !== null ? String(n.value) : undefined;
}

export function bool(n: Node | null | undefined): boolean | undefined {
  if (!n || n.kind !== 'scalar') return undefined;
  if (typeof n.value === 'boolean') return n.value;
  if (n.value === 'true') return true;
  if (n.value === 'false') return false;
  return undefined;
}

/** A node as a rule-facing Value: literal scalars, refs; maps/seqs (intrinsics) become refs. */
export function toValue(n: Node): Value {
  if (n.kind === 'scalar') return { kind: 'literal', value: n.value, loc: n.loc };
  if (n.kind === 'ref') return { kind: 'ref', text: n.text, loc: n.loc };
  return { kind: 'ref', text: describe(n), loc: n.loc };
}

export function valueOf(n: Node | null | undefined): Value | null {
  return n ? toValue(n) : null;
}

/** A scalar or a list of them as Values (`Action: s3:GetObject` and `Action: [a, b]`). */
export function values(n: Node | null | undefined): Value[] | null {
  if (!n) return null;
  if (n.kind === 'seq') return n.items.map(toValue);
  return [toValue(n)];
}

/** A short text for a non-literal node, e.g. `!Ref Bucket`, `!GetAtt Role.Arn`, `!Sub …`. */
export function describe(n: Node): string {
  if (n.kind === 'ref') return n.text;
  if (n.kind === 'scalar') return String(n.value);
  if (n.kind === 'map' && n.entries.length === 1) {
    const e = n.entries[0]!;
    const short = e.key === 'Ref' ? '!Ref' : e.key.startsWith('Fn::') ? `!${e.key.slice(4)}` : e.key;
    const v = e.value;
    if (v.kind === 'scalar') return `${short} ${String(v.value)}`;
    if (v.kind === 'seq' && e.key === 'Fn::GetAtt') return `${short} ${v.items.map((i) => describe(i)).join('.')}`;
    return `${short} …`;
  }
  return n.kind === 'seq' ? '[…]' : '{…}';
}

export function literalString(v: Value | null | undefined): string | undefined {
  return v && v.kind === 'literal' && typeof v.value === 'string' ? v.value : undefined;
}

export function mapEntries(n: Node | null | undefined): MapEntry[] {
  return isMap(n) ? n.entries : [];
}

export function seqItems(n: Node | null | undefined): Node[] {
  if (!n) return [];
  return n.kind === 'seq' ? n.items : [n];
}

export function spanLoc(a: Loc, b: Loc): Loc {
  return { file: a.file, line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
}

/** The entry of a one-key intrinsic map (`Ref`, `Fn::…`), or undefined: the one test of "is an intrinsic". */
export function intrinsicEntry(n: Node | null | undefined): MapEntry | undefined {
  if (!isMap(n) || n.entries.length !== 1) return undefined;
  const e = n.entries[0]!;
  return e.key === 'Ref' || e.key.startsWith('Fn::') ? e : undefined;
}

import type { Loc, MapEntry, MapNode, Node, RefNode, ToolNotice } from '../../../core/types.js';
import { describe, entry, get, intrinsicEntry, isMap, mapEntries, str } from '../../../core/node.js';
import { LIMITS, limitText, type LimitName } from '../../../core/limits.js';

/**
 * Static, safe evaluation of CloudFormation intrinsic functions over the located tree.
 *
 * What can be known without deploying is resolved: `Ref` to a parameter with a `Default`, `Fn::Sub`
 * over literal parameters and variables, `Fn::Join`/`Fn::Select`/`Fn::Split` of literals,
 * `Fn::FindInMap` with literal keys, `Fn::If` on a condition that evaluates statically, and
 * `AWS::NoValue` (the key or item disappears). Everything else — pseudo parameters, resource
 * references, `Fn::GetAtt`, `Fn::ImportValue`, … — becomes a `ref` node: unknown on purpose, never
 * guessed. In particular a resource reference never turns into `*`.
 *
 * Resolution builds a new tree and never mutates its input. A literal produced by resolution keeps
 * the location where it is written (the parameter default, the mapping value); a `Fn::Sub` result is
 * located at its template string; an unresolved intrinsic at the intrinsic itself.
 */

/** How deep intrinsics may nest (mappings and conditions included) before we stop evaluating. */
const MAX_DEPTH = LIMITS.intrinsicDepth;
/** Nodes one top-level `resolve` call may visit: a guard against pathological templates. */
const MAX_STEPS = LIMITS.intrinsicSteps;
/** Longest string `Fn::Sub`, `Fn::Join` or `Fn::Base64` may build. */
const MAX_STRING = LIMITS.stringLength;

/** The intrinsic a node is (`Ref`, `Fn::Sub`, …) and its argument, when it is a one-key intrinsic map. */
export function intrinsic(n: Node | null | undefined): { name: string; arg: Node; entry: MapEntry } | undefined {
  const e = intrinsicEntry(n);
  return e ? { name: e.key, arg: e.value, entry: e } : undefined;
}

/** `Ref: X` → X (also the `!Ref X` text of a ref node produced by resolution). */
export function refName(n: Node | null | undefined): string | undefined {
  if (n?.kind === 'ref') return /^!Ref ([^\s]+)$/.exec(n.text)?.[1];
  const i = intrinsic(n);
  return i?.name === 'Ref' ? str(i.arg) : undefined;
}

/**
 * `Fn::GetAtt` as `{id, attr}`: the list form `[A, B]`, the string form `A.B`, and the `!GetAtt A.B`
 * text of a ref node produced by resolution.
 */
export function getAttTarget(n: Node | null | undefined): { id: string; attr: string } | undefined {
  if (n?.kind === 'ref') {
    const m = /^!GetAtt ([^.\s]+)\.(\S+)$/.exec(n.text);
    return m ? { id: m[1]!, attr: m[2]! } : undefined;
  }
  const i = intrinsic(n);
  if (i?.name !== 'Fn::GetAtt') return undefined;
  if (i.arg.kind === 'seq') {
    const id = str(i.arg.items[0]);
    const attr = str(i.arg.items[1]);
    return id && attr ? { id, attr } : undefined;
  }
  const s = str(i.arg);
  const dot = s ? s.indexOf('.') : -1;
  return s && dot > 0 ? { id: s.slice(0, dot), attr: s.slice(dot + 1) } : undefined;
}

/** The `${…}` references of a `Fn::Sub` template string (escaped `${!…}` excluded), in order. */
export function subVariables(text: string): { name: string; attr?: string }[] {
  const out: { name: string; attr?: string }[] = [];
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = m[1]!.trim();
    if (!inner || inner.startsWith('!')) continue;
    const dot = inner.startsWith('AWS::') ? -1 : inner.indexOf('.');
    out.push(dot > 0 ? { name: inner.slice(0, dot), attr: inner.slice(dot + 1) } : { name: inner });
  }
  return out;
}

/**
 * Every logical id a node refers to, anywhere inside it: `Ref`, `Fn::GetAtt`, `${X}`/`${X.Attr}` in
 * `Fn::Sub` (minus the Sub's own variables), through `Fn::Join`, `Fn::If` (both branches), and any
 * other nesting. Pseudo parameters (`AWS::…`) are left out. In document order, may repeat.
 */
export function referencedIds(n: Node | null | undefined): { id: string; attr?: string; loc: Loc }[] {
  const out: { id: string; attr?: string; loc: Loc }[] = [];
  const visit = (x: Node | undefined, depth: number): void => {
    if (!x || depth > MAX_DEPTH) return;
    if (x.kind === 'ref') {
      // a resolved tree: `!Ref X` / `!GetAtt X.Y` texts, or the template text of an unresolved Fn::Sub
      const r = refName(x);
      const g = getAttTarget(x);
      if (r) {
        if (!r.startsWith('AWS::')) out.push({ id: r, loc: x.loc });
      } else if (g) out.push({ id: g.id, attr: g.attr, loc: x.loc });
      else if (!x.text.startsWith('!'))
        for (const v of subVariables(x.text))
          if (!v.name.startsWith('AWS::')) out.push({ id: v.name, ...(v.attr ? { attr: v.attr } : {}), loc: x.loc });
      return;
    }
    const i = intrinsic(x);
    if (i?.name === 'Ref') {
      const r = str(i.arg);
      if (r && !r.startsWith('AWS::')) out.push({ id: r, loc: x.loc });
      return;
    }
    if (i?.name === 'Fn::GetAtt') {
      const g = getAttTarget(x);
      if (g) out.push({ id: g.id, attr: g.attr, loc: x.loc });
      return;
    }
    if (i?.name === 'Fn::Sub') {
      const tmpl = i.arg.kind === 'seq' ? i.arg.items[0] : i.arg;
      const vars = i.arg.kind === 'seq' ? i.arg.items[1] : undefined;
      const own = new Set(mapEntries(vars).map((e) => e.key));
      const text = str(tmpl);
      if (text) {
        for (const v of subVariables(text)) {
          if (own.has(v.attr ? `${v.name}.${v.attr}` : v.name) || v.name.startsWith('AWS::')) continue;
          out.push(v.attr ? { id: v.name, attr: v.attr, loc: tmpl!.loc } : { id: v.name, loc: tmpl!.loc });
        }
      }
      for (const e of mapEntries(vars)) visit(e.value, depth + 1);
      return;
    }
    if (x.kind === 'map') for (const e of x.entries) visit(e.value, depth + 1);
    else if (x.kind === 'seq') for (const it of x.items) visit(it, depth + 1);
  };
  visit(n ?? undefined, 0);
  return out;
}

interface Parameter {
  type: string | undefined;
  /** the `Default` node, when the parameter has one */
  def: Node | undefined;
}

/** Outcome of condition evaluation: true/false when static, undefined when it depends on deploy time. */
export type Tristate = boolean | undefined;

export interface ResolverOptions {
  /** receives a notice when a limit stops evaluation (once per resolver) */
  notice?: (n: ToolNotice) => void;
}

/**
 * Evaluates intrinsics against one template's `Parameters`, `Mappings` and `Conditions`. Create one
 * per template; it memoises condition results. Never throws.
 */
export class IntrinsicResolver {
  private readonly params = new Map<string, Parameter>();
  private readonly mappings: Node | undefined;
  private readonly conditions: Node | undefined;
  private readonly condCache = new Map<string, Tristate>();
  private readonly condActive = new Set<string>();
  /** nodes visited by the current top-level call, and how deep public calls are nested */
  private steps = 0;
  private level = 0;
  private readonly limitsNoticed = new Set<LimitName>();

  constructor(
    template: Node | null | undefined,
    private readonly opts: ResolverOptions = {},
  ) {
    for (const e of mapEntries(get(template, 'Parameters'))) {
      if (!isMap(e.value)) continue;
      this.params.set(e.key, { type: str(get(e.value, 'Type')), def: get(e.value, 'Default') });
    }
    this.mappings = get(template, 'Mappings');
    this.conditions = get(template, 'Conditions');
  }

  /**
   * A new tree with every intrinsic evaluated as far as it statically can be. `undefined` when the
   * node itself is `AWS::NoValue` (or a branch choosing it).
   */
  resolve(node: Node): Node | undefined {
    return this.top(() => this.walk(node, 0));
  }

  /** Runs a public entry point: the step budget is per top-level call, not per nested one. */
  private top<T>(f: () => T): T {
    if (this.level === 0) this.steps = 0;
    this.level++;
    try {
      return f();
    } finally {
      this.level--;
    }
  }

  /** The static value of the named condition of `Conditions`. */
  condition(name: string): Tristate {
    if (this.condCache.has(name)) return this.condCache.get(name);
    if (this.condActive.has(name)) return undefined; // a cycle: CloudFormation rejects it; we just don't know
    const body = get(this.conditions, name);
    if (!body) return undefined;
    this.condActive.add(name);
    const v = this.top(() => this.evalCondition(body, 0));
    this.condActive.delete(name);
    this.condCache.set(name, v);
    return v;
  }

  /**
   * Selects without evaluating: follows statically decided `Fn::If` branches and `Ref`s to parameters
   * with a usable default, and returns the chosen node as written (so resource references keep their
   * `Ref`/`Fn::GetAtt` structure for linking). `undefined` for `AWS::NoValue`.
   */
  select(node: Node | null | undefined): Node | undefined {
    let cur: Node | undefined = node ?? undefined;
    for (let i = 0; cur && i < MAX_DEPTH; i++) {
      const f = intrinsic(cur);
      if (f?.name === 'Ref') {
        const name = str(f.arg);
        if (name === 'AWS::NoValue') return undefined;
        const p = name ? this.paramDefault(name) : undefined;
        return p ?? cur;
      }
      if (f?.name === 'Fn::If' && f.arg.kind === 'seq' && f.arg.items.length === 3) {
        const cond = str(f.arg.items[0]);
        const v = cond ? this.condition(cond) : undefined;
        if (v === undefined) return cur;
        cur = f.arg.items[v ? 1 : 2];
        continue;
      }
      return cur;
    }
    return cur;
  }

  /** The default of a parameter when `Ref` to it can be taken statically (not for SSM-typed parameters). */
  private paramDefault(name: string): Node | undefined {
    const p = this.params.get(name);
    if (!p || !p.def) return undefined;
    // an SSM parameter's default is the *name* of the SSM parameter, not its value
    if (p.type && p.type.startsWith('AWS::SSM::Parameter::Value')) return undefined;
    if (p.def.kind !== 'scalar' || p.def.value === null) return undefined;
    if (p.type && (p.type === 'CommaDelimitedList' || p.type.startsWith('List<'))) {
      const d = p.def;
      const items: Node[] = String(d.value)
        .split(',')
        .map((s) => ({ kind: 'scalar', value: s.trim(), loc: d.loc }));
      return { kind: 'seq', items, loc: d.loc };
    }
    return p.def;
  }

  /**
   * A value not evaluated because a limit stopped it: unknown, with an error-level notice (once per
   * limit and template) naming the limit, since what it hides is not analysed.
   */
  private overLimit(n: Node, limit: LimitName, what: string): RefNode {
    if (!this.limitsNoticed.has(limit) && this.opts.notice) {
      this.limitsNoticed.add(limit);
      this.opts.notice({
        id: 'parse-error',
        level: 'error',
        message: `${what} exceeds ${limitText(limit)}; the value is treated as unknown`,
        loc: n.loc,
      });
    }
    return { kind: 'ref', text: describe(n), loc: n.loc };
  }

  private walk(n: Node, depth: number): Node | undefined {
    if (++this.steps > MAX_STEPS) return this.overLimit(n, 'intrinsicSteps', 'intrinsic function evaluation');
    if (depth > MAX_DEPTH) return this.overLimit(n, 'intrinsicDepth', 'intrinsic function nesting');
    const f = intrinsic(n);
    if (f) return this.evalIntrinsic(n as MapNode, f.name, f.arg, depth);
    if (n.kind === 'map') {
      const entries: MapEntry[] = [];
      for (const e of n.entries) {
        const v = this.walk(e.value, depth + 1);
        if (v) entries.push({ key: e.key, keyLoc: e.keyLoc, value: v });
      }
      return { kind: 'map', entries, loc: n.loc };
    }
    if (n.kind === 'seq') {
      const items: Node[] = [];
      for (const it of n.items) {
        const v = this.walk(it, depth + 1);
        if (v) items.push(v);
      }
      return { kind: 'seq', items, loc: n.loc };
    }
    return n; // scalars and refs are immutable leaves: shared, not copied
  }

  private unknown(n: Node, text?: string): RefNode {
    return { kind: 'ref', text: text ?? describe(n), loc: n.loc };
  }

  private evalIntrinsic(n: MapNode, name: string, arg: Node, depth: number): Node | undefined {
    switch (name) {
      case 'Ref': {
        const target = str(arg);
        if (target === undefined) return this.unknown(n);
        if (target === 'AWS::NoValue') return undefined;
        const def = this.paramDefault(target);
        return def ?? this.unknown(n, `!Ref ${target}`);
      }
      case 'Fn::Sub':
        return this.sub(n, arg, depth);
      case 'Fn::Join':
        return this.join(n, arg, depth);
      case 'Fn::Select': {
        if (arg.kind !== 'seq' || arg.items.length !== 2) return this.unknown(n);
        const idx = this.walk(arg.items[0]!, depth + 1);
        const list = this.walk(arg.items[1]!, depth + 1);
        const i =
          idx?.kind === 'scalar' && (typeof idx.value === 'number' || (typeof idx.value === 'string' && /^\d+$/.test(idx.value)))
            ? Number(idx.value)
            : NaN;
        if (!list || list.kind !== 'seq' || !Number.isInteger(i) || i < 0 || i >= list.items.length) return this.unknown(n);
        return list.items[i];
      }
      case 'Fn::Split': {
        if (arg.kind !== 'seq' || arg.items.length !== 2) return this.unknown(n);
        const delim = this.walk(arg.items[0]!, depth + 1);
        const source = this.walk(arg.items[1]!, depth + 1);
        const d = str(delim);
        const s = str(source);
        if (d === undefined || d === '' || s === undefined) return this.unknown(n);
        const items: Node[] = s.split(d).map((part) => ({ kind: 'scalar', value: part, loc: source!.loc }));
        return { kind: 'seq', items, loc: n.loc };
      }
      case 'Fn::FindInMap':
        return this.findInMap(n, arg, depth);
      case 'Fn::If': {
        if (arg.kind !== 'seq' || arg.items.length !== 3) return this.unknown(n);
        const cond = str(arg.items[0]);
        const v = cond ? this.condition(cond) : undefined;
        if (v === undefined) return this.unknown(n, cond ? `!If [${cond}, …]` : undefined);
        return this.walk(arg.items[v ? 1 : 2]!, depth + 1);
      }
      case 'Fn::Base64': {
        const v = this.walk(arg, depth + 1);
        const s = str(v);
        if (s === undefined) return this.unknown(n);
        if (Math.ceil(s.length / 3) * 4 > MAX_STRING) return this.overLimit(n, 'stringLength', 'the string Fn::Base64 builds');
        return { kind: 'scalar', value: Buffer.from(s, 'utf8').toString('base64'), loc: v!.loc };
      }
      case 'Fn::Length': {
        const v = this.walk(arg, depth + 1);
        if (!v || v.kind !== 'seq') return this.unknown(n);
        return { kind: 'scalar', value: v.items.length, loc: n.loc };
      }
      default:
        // Fn::GetAtt, Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Transform, Fn::ToJsonString, …
        return this.unknown(n);
    }
  }

  /** `Fn::Sub`: `string` or `[string, {vars}]`; any `${…}` left unresolved makes the whole a ref. */
  private sub(n: MapNode, arg: Node, depth: number): Node {
    const tmpl = arg.kind === 'seq' ? arg.items[0] : arg;
    const varsNode = arg.kind === 'seq' ? arg.items[1] : undefined;
    if (!tmpl || tmpl.kind !== 'scalar' || typeof tmpl.value !== 'string') return this.unknown(n);
    if (arg.kind === 'seq' && varsNode !== undefined && !isMap(varsNode)) return this.unknown(n);
    const text = tmpl.value;
    let unresolved = false;
    let length = 0;
    // each variable is evaluated once, however often the template uses it (a map of variables
    // referring to the next level's twice would otherwise double the work at every level)
    const values = new Map<string, string | undefined>();
    const out = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (length > MAX_STRING) return '';
      if (inner.startsWith('!')) {
        length += inner.length + 2;
        return '${' + inner.slice(1) + '}';
      }
      const name = inner.trim();
      let s = values.get(name);
      if (!values.has(name)) {
        const v = entry(varsNode, name);
        let value: Node | undefined;
        if (v) value = this.walk(v.value, depth + 1);
        else if (!name.includes('.') && !name.startsWith('AWS::')) value = this.paramDefault(name);
        s = value && value.kind === 'scalar' && value.value !== null ? String(value.value) : undefined;
        values.set(name, s);
      }
      if (s !== undefined) {
        length += s.length;
        return length > MAX_STRING ? '' : s;
      }
      unresolved = true;
      return whole;
    });
    if (length + text.length > MAX_STRING) return this.overLimit(n, 'stringLength', 'the string Fn::Sub builds');
    // the parameters and variables that are known are filled in; the rest (pseudo parameters,
    // resource attributes) stay `${…}`: `arn:…:${AWS::AccountId}:table/*` from a `*` default
    if (unresolved) {
      const partial = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) =>
        inner.startsWith('!') ? whole : (values.get(inner.trim()) ?? whole),
      );
      return { kind: 'ref', text: partial, loc: tmpl.loc };
    }
    return { kind: 'scalar', value: out, loc: tmpl.loc };
  }

  /** `Fn::Join [delim, [parts]]`: a literal when every part is; else a ref written in `Fn::Sub` syntax. */
  private join(n: MapNode, arg: Node, depth: number): Node {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return this.unknown(n);
    const delim = str(this.walk(arg.items[0]!, depth + 1));
    if (delim === undefined) return this.unknown(n);
    const list = this.walk(arg.items[1]!, depth + 1);
    if (!list || list.kind !== 'seq') return this.unknown(n);
    let literal = true;
    const parts: string[] = [];
    let length = 0;
    for (const p of list.items) {
      const s = p.kind === 'scalar' && p.value !== null ? String(p.value) : subSyntax(p);
      if (!(p.kind === 'scalar' && p.value !== null)) literal = false;
      length += s.length + (parts.length ? delim.length : 0);
      if (length > MAX_STRING) return this.overLimit(n, 'stringLength', 'the string Fn::Join builds');
      parts.push(s);
    }
    if (literal) return { kind: 'scalar', value: parts.join(delim), loc: n.loc };
    return { kind: 'ref', text: parts.join(delim), loc: n.loc };
  }

  private findInMap(n: MapNode, arg: Node, depth: number): Node | undefined {
    if (arg.kind !== 'seq' || arg.items.length < 3) return this.unknown(n);
    const keys: string[] = [];
    for (const k of arg.items.slice(0, 3)) {
      const v = this.walk(k, depth + 1);
      if (!v || v.kind !== 'scalar' || v.value === null) return this.unknown(n);
      keys.push(String(v.value));
    }
    const found = get(this.mappings, ...keys);
    if (found) return this.walk(found, depth + 1);
    // AWS::LanguageExtensions: a fourth argument `{DefaultValue: x}`
    const def = get(arg.items[3], 'DefaultValue');
    if (def) return this.walk(def, depth + 1);
    return this.unknown(n);
  }

  private evalCondition(n: Node, depth: number): Tristate {
    if (depth > MAX_DEPTH) return undefined;
    if (n.kind === 'scalar' && typeof n.value === 'boolean') return n.value;
    if (isMap(n) && n.entries.length === 1 && n.entries[0]!.key === 'Condition') {
      const name = str(n.entries[0]!.value);
      return name ? this.condition(name) : undefined;
    }
    const f = intrinsic(n);
    if (!f || f.arg.kind !== 'seq') return undefined;
    const items = f.arg.items;
    switch (f.name) {
      case 'Fn::Equals': {
        if (items.length !== 2) return undefined;
        const a = this.walk(items[0]!, depth + 1);
        const b = this.walk(items[1]!, depth + 1);
        if (a?.kind === 'scalar' && b?.kind === 'scalar' && a.value !== null && b.value !== null)
          return String(a.value) === String(b.value);
        if (a?.kind === 'ref' && b?.kind === 'ref' && a.text === b.text) return true;
        return undefined;
      }
      case 'Fn::Not': {
        if (items.length !== 1) return undefined;
        const v = this.evalCondition(items[0]!, depth + 1);
        return v === undefined ? undefined : !v;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const and = f.name === 'Fn::And';
        let unknown = false;
        for (const it of items) {
          const v = this.evalCondition(it, depth + 1);
          if (v === undefined) unknown = true;
          else if (v !== and) return v; // a false in And / a true in Or decides
        }
        return unknown ? undefined : and;
      }
      default:
        return undefined;
    }
  }
}

/**
 * A resolved part of an unresolved `Fn::Join`, in `Fn::Sub` syntax: `${Bucket}` for `!Ref Bucket`,
 * `${Role.Arn}` for `!GetAtt Role.Arn`, a `Fn::Sub` result's own template text, `${…}` otherwise.
 */
function subSyntax(n: Node): string {
  const r = refName(n);
  if (r) return '${' + r + '}';
  const g = getAttTarget(n);
  if (g) return '${' + g.id + '.' + g.attr + '}';
  if (n.kind === 'ref' && !n.text.startsWith('!')) return n.text;
  return '${…}';
}

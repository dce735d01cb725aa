import path from 'node:path';
import type { Document, Loc, MapNode, Node, RefNode, ScalarNode, SeqNode } from '../../../core/types.js';
import type { BuildContext } from '../../context.js';
import { describe, entry } from '../../../core/node.js';
import { isRelativeInside } from '../../../core/paths.js';
import { LIMITS, limitText } from '../../../core/limits.js';

/** The region the Serverless Framework deploys to when neither `--region` nor `provider.region` says. */
export const DEFAULT_REGION = 'us-east-1';
/**
 * Static, safe resolution of Serverless Framework variables (`${source:address, fallback}`) over the
 * located tree of a serverless.yml/json.
 *
 * What is resolved:
 *  - `${self:a.b}` (and `${self:}`, the whole service), walking into seqs by index (`a.0`), following
 *    chains of variables and `${file()}` on the way;
 *  - `${opt:stage}`, `${sls:stage}` → the linted stage (`ctx.stage`); `${self:provider.stage}` → what
 *    `provider.stage` resolves to, or the linted stage when it is not written;
 *  - `${opt:region}` → `ctx.region` (missing when not given, so a fallback applies); `${aws:region}` →
 *    `ctx.region`, else `provider.region`, else the framework's default `us-east-1`;
 *    `${self:provider.region}` not written → `ctx.region`, else `us-east-1`; any other `${opt:x}` is the `--opt x=value`
 *    given, else missing; `${param:x}` is the `--param x=value` given, else a ref;
 *  - `${file(./x.yml)}` / `${file(./x.json):a.b}`: YAML/JSON only, relative to the file that contains
 *    the variable, loaded through `ctx.loadDocument` (which never reads outside the scan root);
 *    variables inside the loaded file are resolved too (`self:` still means the service);
 *  - `${env:X}` only when `ctx.allowEnv`: set → its value, unset → missing;
 *  - `${strToBool(…)}`; literal fallbacks (`'x'`, `"x"`, numbers, `true`/`false`/`null`);
 *  - string interpolation (`arn:aws:s3:::${self:custom.bucket}/*`).
 *
 * What stays a `ref` node (unknown on purpose, never guessed): `${ssm:…}`, `${cf:…}`, `${s3:…}`,
 * `${aws:accountId}`, `${sls:instanceId}`, `${param:…}` not given, `${file(x.js)}`/`${file(x.ts)}` and any other
 * non-YAML/JSON file (never read, never executed), `${env:…}` without `allowEnv`, any unknown source
 * (plugins' custom sources), cycles, and chains deeper than `MAX_DEPTH`.
 *
 * Fallbacks: `${a, b, 'lit'}` takes the first source that is *statically known to be missing*
 * (`${opt:foo}`, `${self:custom.nope}`, `${env:X}` unset with `allowEnv`, a `file()` that does not
 * exist). A source whose value is only known at deploy time (`${ssm:/x, 'default'}`, `${env:X, 'y'}`
 * without `allowEnv`) makes the whole variable a ref: the default is not what gets deployed.
 *
 * Locations: a scalar that is exactly one variable resolves to the target node itself, keeping the
 * target's location (the literal in `custom:` or in the `file()` document); an interpolated string,
 * and a value produced by the variable itself (stage, region, env, a fallback literal), is located at
 * the string that holds the variable. A ref produced by a deploy-time source is located at the scalar
 * that names that source.
 *
 * `${…}` text that is not a Serverless variable (`Fn::Sub`'s `${Bucket}`, `${AWS::Region}`) is left
 * alone, as the framework does.
 *
 * The parsed tree is never mutated (it may be cached and shared): resolution builds a new tree,
 * reusing unchanged scalar nodes. Nothing here throws on odd input.
 */

/** Variable hops (a variable whose value names another variable, …) before we give up. */
export const MAX_DEPTH = 20;
/** Variable evaluations per document: a guard against pathological configurations. */
const MAX_EVALUATIONS = LIMITS.variableSteps;
/** Longest string interpolation may build. */
const MAX_STRING = LIMITS.stringLength;
/** Deepest tree nesting resolved. */
const MAX_TREE_DEPTH = LIMITS.maxDepth;
/** Most nodes a resolved value may stand for once shared parts are counted each time they appear. */
const MAX_RESOLVED_NODES = LIMITS.resolvedNodes;

/** A top-level `${…}` occurrence in a string: `[start, end)` spans the `${` to the closing `}`. */
export interface VariableSpan {
  start: number;
  end: number;
  /** text between `${` and `}` */
  body: string;
}

/** What evaluating a variable source gave. */
type Target =
  /** a node of some document (`file` is the document it belongs to, for relative `file()` paths) */
  | { kind: 'node'; node: Node; file: string }
  /** statically known to have no value: a fallback applies */
  | { kind: 'missing'; what: string }
  /**
   * not knowable statically; `at` is the scalar naming a deploy-time source (the ref is located
   * there); without it (cycles, limits) the ref is located at the string being resolved
   */
  | { kind: 'unknown'; external: boolean; at?: ScalarNode };

/** The parts of one source reference: `type(params):address`. */
interface SourceRef {
  type: string;
  params?: string;
  address?: string;
}

const FILE_EXTENSIONS = new Set(['.yml', '.yaml', '.json']);

/** Resolves every Serverless variable of `doc`; null when the document has no tree or is pathological. */
export function resolveVariables(doc: Document, ctx: BuildContext): Node | null {
  return new VariableResolver(doc, ctx).resolveRoot();
}

/**
 * The top-level Serverless variables in a string, in order. Nested variables stay inside their
 * parent's body. `${…}` text that is not a Serverless variable (no `source:` / `source(…)`, or a
 * CloudFormation pseudo parameter like `${AWS::Region}`) is skipped, and so is an unterminated `${`.
 */
export function findVariables(text: string): VariableSpan[] {
  const out: VariableSpan[] = [];
  let i = 0;
  for (;;) {
    const s = text.indexOf('${', i);
    if (s < 0) break;
    const close = matchClose(text, s);
    if (close < 0) break;
    const body = text.slice(s + 2, close);
    if (isVariableBody(body)) out.push({ start: s, end: close + 1, body });
    i = close + 1;
  }
  return out;
}

/** Index of the `}` closing the `${` at `open`, honouring nested `${…}` and quoted fallbacks; -1 if none. */
function matchClose(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '$' && text[i + 1] === '{') {
      depth++;
      i += 2;
      continue;
    }
    if (c === '}') {
      depth--;
      if (depth === 0) return i;
      i++;
      continue;
    }
    if ((c === "'" || c === '"') && quoteStartsLiteral(text, i)) {
      const end = closingQuote(text, i);
      if (end < 0) return -1;
      i = end + 1;
      continue;
    }
    i++;
  }
  return -1;
}

/** A quote opens a literal only where a fallback or parameter can start (after `${`, `,` or `(`). */
function quoteStartsLiteral(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  return j >= 0 && (text[j] === ',' || text[j] === '{' || text[j] === '(');
}

function closingQuote(text: string, open: number): number {
  const q = text[open];
  for (let j = open + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === q) return j;
  }
  return -1;
}

/** Splits a variable body at its top-level commas (not inside nested `${}`, parentheses or quotes). */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let parens = 0;
  let start = 0;
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === '$' && body[i + 1] === '{') {
      const close = matchClose(body, i);
      if (close < 0) {
        depth++;
        i += 2;
        continue;
      }
      i = close + 1;
      continue;
    }
    if ((c === "'" || c === '"') && (i === 0 || quoteStartsLiteral(body, i) || /^\s*$/.test(body.slice(start, i)))) {
      const end = closingQuote(body, i);
      if (end >= 0) {
        i = end + 1;
        continue;
      }
    }
    if (c === '(') parens++;
    else if (c === ')') parens = Math.max(0, parens - 1);
    else if (c === ',' && depth === 0 && parens === 0) {
      parts.push(body.slice(start, i).trim());
      start = i + 1;
    }
    i++;
  }
  parts.push(body.slice(start).trim());
  return parts;
}

/** `type(params):address`, `type:address` or `type(params)`; undefined when the text is not one. */
function parseSource(text: string): SourceRef | undefined {
  const m = /^[A-Za-z][A-Za-z0-9_-]*/.exec(text);
  if (!m) return undefined;
  const type = m[0];
  let i = type.length;
  let params: string | undefined;
  if (text[i] === '(') {
    let depth = 0;
    let j = i;
    for (; j < text.length; j++) {
      const c = text[j]!;
      if (c === '$' && text[j + 1] === '{') {
        const close = matchClose(text, j);
        if (close < 0) return undefined;
        j = close;
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    if (j >= text.length) return undefined;
    params = text.slice(i + 1, j);
    i = j + 1;
  }
  if (i === text.length) return params === undefined ? undefined : { type, params };
  if (text[i] !== ':' || text[i + 1] === ':') return undefined; // `${AWS::Region}` is CloudFormation's
  return { type, params, address: text.slice(i + 1) };
}

function isVariableBody(body: string): boolean {
  const first = splitTopLevel(body)[0] ?? '';
  return wholeVariable(first) !== undefined || parseSource(first) !== undefined;
}

/** The body when `text` is exactly one `${…}` variable, else undefined. */
function wholeVariable(text: string): string | undefined {
  if (!text.startsWith('${')) return undefined;
  const close = matchClose(text, 0);
  if (close !== text.length - 1) return undefined;
  const body = text.slice(2, close);
  return isVariableBody(body) ? body : undefined;
}

/**
 * A variable's text for a message: quoted literals (fallbacks may hold secrets) are elided and long
 * texts shortened, so a notice never prints a value.
 */
function shown(text: string): string {
  const t = text.replace(/'[^']*'|"[^"]*"/g, "'…'");
  return t.length > 120 ? `${t.slice(0, 119)}…` : t;
}

/** `body` → `${body}` */
function wrap(body: string): string {
  return '${' + body + '}';
}

/** posix directory of a posix path ('' for the root). */
function dirOf(file: string): string {
  const d = path.posix.dirname(file);
  return d === '.' ? '' : d;
}

/** Resolver state for one service document (memo tables, cycle detection, notices). */
export class VariableResolver {
  /** original node → resolved node */
  private readonly memo = new Map<Node, Node>();
  /** nodes produced by resolution: never resolved again */
  private readonly produced = new WeakSet<Node>();
  /** nodes being resolved right now: meeting one again is a cycle */
  private readonly active = new Set<Node>();
  /** `${self:address}` → target, for walks that met no cycle or limit */
  private readonly selfMemo = new Map<string, Target>();
  /** documents loaded through `file()`, by their `file` (for sub-locations in their lines) */
  readonly documents = new Map<string, Document>();
  /** `file()` paths asked of the context (each once) */
  private readonly loaded = new Map<string, Document | null>();
  private readonly noticed = new Set<string>();
  /** size of each produced map/seq with shared parts counted where they appear (what consumers walk) */
  private readonly sizes = new WeakMap<Node, number>();
  /** cycles and limits met so far; results computed while this changed are not memoized */
  private failures = 0;
  private evaluations = 0;
  private readonly root: Node | null;
  private readonly file: string;

  constructor(
    doc: Document,
    private readonly ctx: BuildContext,
  ) {
    this.root = doc.root;
    this.file = doc.file;
    this.documents.set(doc.file, doc);
  }

  /** The resolved tree of the service document (null when empty, or on a pathological document). */
  resolveRoot(): Node | null {
    if (!this.root) return null;
    try {
      return this.resolve(this.root, this.file, 0, 0);
    } catch (e) {
      // Only reachable on pathological input (e.g. a stack overflow on absurd nesting).
      this.note(`Variables not resolved: ${(e as Error).message}`, this.root.loc, 'error');
      return null;
    }
  }

  private note(message: string, loc: Loc, level: 'note' | 'warning' | 'error' = 'note'): void {
    const key = `${loc.file}:${loc.line}:${loc.column}:${message}`;
    if (this.noticed.has(key)) return;
    this.noticed.add(key);
    this.ctx.notice({ id: 'unresolved-variable', level, message, loc });
  }

  private literal(value: string | number | boolean | null, loc: Loc): ScalarNode {
    const n: ScalarNode = { kind: 'scalar', value, loc };
    this.produced.add(n);
    return n;
  }

  private ref(text: string, loc: Loc): RefNode {
    const n: RefNode = { kind: 'ref', text, loc };
    this.produced.add(n);
    return n;
  }

  /** A ref standing for a scalar (its own text and location). */
  private refOf(n: ScalarNode): RefNode {
    return this.ref(String(n.value), n.loc);
  }

  /**
   * The resolved form of `node` (which belongs to document `file`). `via` is the string whose
   * variable led here: a cycle is reported there.
   */
  private resolve(node: Node, file: string, depth: number, treeDepth: number, via?: ScalarNode): Node {
    if (this.produced.has(node)) return node;
    const memo = this.memo.get(node);
    if (memo) return memo;
    if (node.kind === 'ref') return node;
    if (node.kind === 'scalar' && (typeof node.value !== 'string' || !node.value.includes('${'))) return node;
    if (this.active.has(node)) {
      this.failures++;
      const at = via ?? (node.kind === 'scalar' ? node : undefined);
      const loc = at?.loc ?? node.loc;
      this.note(`Variable cycle: ${at ? shown(String(at.value)) : describe(node)} refers back to itself`, loc);
      return at ? this.refOf(at) : this.ref(describe(node), node.loc);
    }
    if (treeDepth > MAX_TREE_DEPTH) {
      this.failures++;
      this.note(`Document nesting exceeds ${limitText('maxDepth')}: variables below this point are not resolved`, node.loc, 'error');
      return this.ref(describe(node), node.loc);
    }
    const before = this.failures;
    let out: Node;
    if (node.kind === 'scalar') {
      out = this.resolveString(node as ScalarNode & { value: string }, file, depth, treeDepth);
    } else {
      this.active.add(node);
      try {
        if (node.kind === 'map') {
          const m: MapNode = {
            kind: 'map',
            loc: node.loc,
            entries: node.entries.map((e) => ({
              key: e.key,
              keyLoc: e.keyLoc,
              value: this.resolve(e.value, file, depth, treeDepth + 1),
            })),
          };
          out = m;
        } else {
          const s: SeqNode = {
            kind: 'seq',
            loc: node.loc,
            items: node.items.map((i) => this.resolve(i, file, depth, treeDepth + 1)),
          };
          out = s;
        }
      } finally {
        this.active.delete(node);
      }
      // `${self:}` shares resolved objects wherever they are referenced: objects referring to each
      // other several times per level multiply what every later walk visits. The size depends only on
      // the content, so an over-limit result is memoized like any other.
      let size = 1;
      for (const c of out.kind === 'map' ? out.entries.map((e) => e.value) : (out as SeqNode).items) size += this.sizes.get(c) ?? 1;
      if (size > MAX_RESOLVED_NODES) {
        this.note(`Variables: the resolved value exceeds ${limitText('resolvedNodes')} and is treated as unknown`, node.loc, 'error');
        out = this.ref(describe(node), node.loc);
      } else this.sizes.set(out, size);
      this.produced.add(out);
    }
    if (this.failures === before) this.memo.set(node, out);
    return out;
  }

  private resolveString(node: ScalarNode & { value: string }, file: string, depth: number, treeDepth: number): Node {
    const text = node.value;
    const vars = findVariables(text);
    if (vars.length === 0) return node;
    const only = vars[0]!;
    if (vars.length === 1 && only.start === 0 && only.end === text.length) {
      // The whole scalar is one variable: it becomes the target node, with the target's location.
      const t = this.derefScalar(node, file, depth);
      if (t.kind === 'node') return this.resolve(t.node, t.file, depth + 1, treeDepth, node);
      if (t.kind === 'missing') {
        this.note(`Variable ${shown(text)} cannot be resolved: ${t.what}`, node.loc);
        return this.refOf(node);
      }
      return this.refOf(t.at ?? node);
    }
    // Interpolation: a literal when every part resolves to a scalar, else a ref of the whole string.
    this.active.add(node);
    try {
      let out = '';
      let last = 0;
      for (const v of vars) {
        out += text.slice(last, v.start);
        last = v.end;
        const t = this.evaluate(v.body, node, file, depth + 1);
        if (t.kind === 'missing') {
          this.note(`Variable ${shown(wrap(v.body))} cannot be resolved: ${t.what}`, node.loc);
          return this.refOf(node);
        }
        if (t.kind === 'unknown') return this.refOf(node);
        const r = this.resolve(t.node, t.file, depth + 1, treeDepth, node);
        if (r.kind !== 'scalar' || r.value === null) {
          if (r.kind === 'map' || r.kind === 'seq') {
            this.note(`Variable ${shown(wrap(v.body))} is an object or a list and cannot be part of a string`, node.loc);
          }
          return this.refOf(node);
        }
        out += String(r.value);
        if (out.length > MAX_STRING) {
          // depends only on the content: memoized (not a failure), so levels above stay linear
          this.note(
            `Variable interpolation builds a string that exceeds ${limitText('stringLength')}; it is treated as unknown`,
            node.loc,
            'error',
          );
          return this.refOf(node);
        }
      }
      out += text.slice(last);
      return this.literal(out, node.loc);
    } finally {
      this.active.delete(node);
    }
  }

  /**
   * Follows a whole-variable scalar to what it names (through chains of variables), without
   * resolving the target's contents. Other nodes are their own target.
   */
  private deref(t: Target, depth: number): Target {
    if (t.kind !== 'node') return t;
    const n = t.node;
    if (n.kind === 'scalar' && typeof n.value === 'string' && !this.produced.has(n) && n.value.startsWith('${')) {
      if (wholeVariable(n.value) !== undefined) return this.derefScalar(n as ScalarNode & { value: string }, t.file, depth);
    }
    return t;
  }

  private derefScalar(node: ScalarNode & { value: string }, file: string, depth: number): Target {
    if (this.active.has(node)) {
      this.failures++;
      this.note(`Variable cycle: ${shown(node.value)} refers back to itself`, node.loc);
      return { kind: 'unknown', external: false };
    }
    const body = wholeVariable(node.value);
    if (body === undefined) return { kind: 'node', node, file };
    this.active.add(node);
    try {
      const t = this.evaluate(body, node, file, depth + 1);
      if (t.kind === 'unknown' && t.external && !t.at) return { ...t, at: node };
      return t;
    } finally {
      this.active.delete(node);
    }
  }

  /** Evaluates a variable body (`source, fallback, …`) written in scalar `at` of document `file`. */
  private evaluate(body: string, at: ScalarNode, file: string, depth: number): Target {
    if (++this.evaluations > MAX_EVALUATIONS) {
      this.failures++;
      this.note(`Variable evaluations exceed ${limitText('variableSteps')}: the rest are left unresolved`, at.loc, 'error');
      return { kind: 'unknown', external: false };
    }
    if (depth > MAX_DEPTH) {
      this.failures++;
      this.note(`Variable ${shown(wrap(body))} nests more than ${MAX_DEPTH} levels deep and is not resolved`, at.loc);
      return { kind: 'unknown', external: false };
    }
    const parts = splitTopLevel(body);
    let firstMissing: string | undefined;
    for (const part of parts) {
      const t = this.evaluatePart(part, at, file, depth);
      if (t.kind !== 'missing') return t;
      firstMissing ??= t.what;
    }
    return { kind: 'missing', what: firstMissing ?? 'empty variable' };
  }

  /** One source or literal of a variable body. */
  private evaluatePart(part: string, at: ScalarNode, file: string, depth: number): Target {
    const lit = (v: string | number | boolean | null): Target => ({ kind: 'node', node: this.literal(v, at.loc), file });
    if (part === '') return { kind: 'missing', what: 'empty source' };
    const q = part[0];
    if ((q === "'" || q === '"') && part.length >= 2 && part.endsWith(q)) {
      return lit(part.slice(1, -1).replace(/\\(.)/g, '$1'));
    }
    const inner = wholeVariable(part);
    if (inner !== undefined) return this.evaluate(inner, at, file, depth + 1);
    if (/^-?\d+(\.\d+)?$/.test(part)) return lit(Number(part));
    if (part === 'true' || part === 'false') return lit(part === 'true');
    if (part === 'null') return lit(null);
    const src = parseSource(part);
    if (!src) return lit(part); // a bare word as fallback: lenient, taken as the string it reads
    return this.evaluateSource(src, part, at, file, depth);
  }

  /** Substitutes nested variables in a source's parameters or address; a Target on failure. */
  private interpolate(text: string, at: ScalarNode, file: string, depth: number): string | Target {
    const vars = findVariables(text);
    if (vars.length === 0) return text;
    let out = '';
    let last = 0;
    for (const v of vars) {
      out += text.slice(last, v.start);
      last = v.end;
      const t = this.evaluate(v.body, at, file, depth + 1);
      if (t.kind === 'missing') {
        this.note(`Variable ${shown(wrap(v.body))} cannot be resolved: ${t.what}`, at.loc);
        return { kind: 'unknown', external: false };
      }
      if (t.kind === 'unknown') return { kind: 'unknown', external: t.external };
      const r = this.resolve(t.node, t.file, depth + 1, 0, at);
      if (r.kind !== 'scalar' || r.value === null) return { kind: 'unknown', external: r.kind === 'ref' };
      out += String(r.value);
      if (out.length > MAX_STRING) {
        this.note(
          `Variable interpolation builds a string that exceeds ${limitText('stringLength')}; it is treated as unknown`,
          at.loc,
          'error',
        );
        return { kind: 'unknown', external: false };
      }
    }
    return out + text.slice(last);
  }

  private evaluateSource(src: SourceRef, text: string, at: ScalarNode, file: string, depth: number): Target {
    const unknown: Target = { kind: 'unknown', external: true };
    const lit = (v: string | number | boolean | null): Target => ({ kind: 'node', node: this.literal(v, at.loc), file });
    let params: string | undefined;
    let address: string | undefined;
    if (src.params !== undefined) {
      const p = this.interpolate(src.params, at, file, depth);
      if (typeof p !== 'string') return p;
      params = p.trim();
    }
    if (src.address !== undefined) {
      const a = this.interpolate(src.address, at, file, depth);
      if (typeof a !== 'string') return a;
      address = a.trim();
    }
    switch (src.type) {
      case 'self': {
        if (address === undefined) return unknown;
        const t = this.walkSelf(address, depth);
        if (t.kind === 'missing' && address === 'provider.stage') return lit(this.ctx.stage);
        // the framework's own default, as the AWS provider applies it when provider.region is not written
        if (t.kind === 'missing' && address === 'provider.region') return lit(this.ctx.region ?? DEFAULT_REGION);
        return t;
      }
      case 'opt':
        if (address === 'stage') return lit(this.ctx.stage);
        if (address === 'region') return this.ctx.region ? lit(this.ctx.region) : { kind: 'missing', what: 'no --region given' };
        if (address !== undefined && this.ctx.options && Object.hasOwn(this.ctx.options, address)) return lit(this.ctx.options[address]!);
        return { kind: 'missing', what: `no option "${address ?? ''}" is given when linting (--opt ${address ?? 'name'}=value)` };
      case 'param':
        // a Serverless Dashboard / `--param` value: known only when given
        if (address !== undefined && this.ctx.params && Object.hasOwn(this.ctx.params, address)) return lit(this.ctx.params[address]!);
        return unknown;
      case 'sls':
        if (address === 'stage') return lit(this.ctx.stage);
        return unknown;
      case 'aws': {
        if (address !== 'region') return unknown;
        if (this.ctx.region) return lit(this.ctx.region);
        const t = this.walkSelf('provider.region', depth);
        return t.kind === 'node' ? t : t.kind === 'missing' ? lit(DEFAULT_REGION) : unknown;
      }
      case 'env': {
        if (!this.ctx.allowEnv || !address) return unknown;
        const v = Object.hasOwn(this.ctx.env, address) ? this.ctx.env[address] : undefined;
        return v === undefined ? { kind: 'missing', what: `environment variable ${address} is not set` } : lit(v);
      }
      case 'strToBool': {
        const v = (params ?? '').trim().replace(/^(['"])(.*)\1$/, '$2');
        if (v === 'true' || v === '1') return lit(true);
        if (v === 'false' || v === '0') return lit(false);
        this.note(`${shown(wrap(text))}: strToBool expects true, false, 1 or 0`, at.loc);
        return { kind: 'unknown', external: false };
      }
      case 'file':
        return this.evaluateFile(params ?? '', address, at, file, depth);
      default:
        // ssm, cf, s3, param, aws:accountId, sls:instanceId, plugins' sources: deploy-time values.
        return unknown;
    }
  }

  private evaluateFile(rawPath: string, address: string | undefined, at: ScalarNode, file: string, depth: number): Target {
    const unknown: Target = { kind: 'unknown', external: true };
    const p = rawPath
      .replace(/^(['"])(.*)\1$/, '$2')
      .trim()
      .replace(/\\/g, '/');
    // Only YAML and JSON are data; anything else (.js, .ts, text) would be executed or read raw.
    if (!p || p.startsWith('~') || !FILE_EXTENSIONS.has(path.posix.extname(p).toLowerCase())) return unknown;
    let rel: string;
    if (path.posix.isAbsolute(p) || /^[A-Za-z]:\//.test(p)) {
      rel = path.relative(this.ctx.srcRoot, p).split(path.sep).join('/');
    } else {
      rel = path.posix.normalize(path.posix.join(dirOf(file), p));
    }
    // inside a scanned root, whatever the srcroot: with `cd b && sls-lint ../a`, `../a/iam.yml` is inside
    if (path.posix.isAbsolute(rel) || /^[A-Za-z]:/.test(rel) || !(this.ctx.inside ? this.ctx.inside(rel) : isRelativeInside(rel))) {
      this.note(`\${file(${rawPath})} is outside the scanned root and is not read`, at.loc);
      return unknown;
    }
    let doc = this.loaded.get(rel);
    if (doc === undefined) {
      doc = this.ctx.loadDocument(rel);
      this.loaded.set(rel, doc);
      if (doc) this.documents.set(doc.file, doc);
    }
    if (!doc || doc.root === null) return { kind: 'missing', what: `file ${rel} not found or empty` };
    if (address === undefined || address === '') return this.deref({ kind: 'node', node: doc.root, file: rel }, depth);
    return this.walk({ kind: 'node', node: doc.root, file: rel }, address, depth);
  }

  private walkSelf(address: string, depth: number): Target {
    const cached = this.selfMemo.get(address);
    if (cached) return cached;
    if (!this.root) return { kind: 'missing', what: 'empty service' };
    const before = this.failures;
    const t = this.walk({ kind: 'node', node: this.root, file: this.file }, address, depth);
    if (this.failures === before && t.kind !== 'unknown') this.selfMemo.set(address, t);
    return t;
  }

  /** Walks a dotted address (`custom.a.0.b`) from a target, following variables met on the way. */
  private walk(start: Target, address: string, depth: number): Target {
    let cur = start;
    const segments = address === '' ? [] : address.split('.');
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      cur = this.deref(cur, depth);
      if (cur.kind !== 'node') return cur;
      const n = cur.node;
      const here = segments.slice(0, i + 1).join('.');
      if (n.kind === 'ref') return { kind: 'unknown', external: true };
      let next: Node | undefined;
      if (n.kind === 'map') next = entry(n, seg)?.value;
      else if (n.kind === 'seq' && /^\d+$/.test(seg)) next = n.items[Number(seg)];
      if (!next) return { kind: 'missing', what: `"${here}" not found` };
      cur = { kind: 'node', node: next, file: cur.file };
    }
    return this.deref(cur, depth);
  }
}

import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { SourceFile } from '../../model/types.js';
import type { FunctionNode } from '../../code/ast.js';
import type { SinkClass } from '../../knowledge/sinks.js';
import { NON_CARRYING_PROPERTIES } from '../../knowledge/sanitisers.js';
import { STRING_EVENT_PATHS } from '../../knowledge/sources.js';
import type { Fact, Step } from './types.js';

/**
 * Abstract values of the taint analysis: the facts (labels) a value depends on, the known properties
 * of an object literal, and what the value is when it is code: a project function, a package export
 * (`child_process.exec`) or a project module's namespace.
 */

export interface FnRef {
  node: FunctionNode;
  file: SourceFile;
  /** the scope a nested function closes over; null for a top-level function (analysed by summary) */
  env: Env | null;
  name: string;
}

/** A class the project declares, where it is declared. */
export interface ClassRef {
  node: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
  file: SourceFile;
}

export interface AVal {
  facts: Fact[];
  props?: Map<string, AVal>;
  fn?: FnRef;
  ref?: { module: string; path: string[] };
  mod?: SourceFile;
  /**
   * What a checked value stands for: `path.relative(base, target)` (`relative`) or `new URL(target)`
   * (`url`), so a check of it (`rel.startsWith('..')`, `u.host === 'x'`) also proves `target`.
   */
  of?: { kind: 'relative' | 'url'; names: string[] };
  /** a class declared in the project, and an object made with `new` from one: its methods are the project's */
  cls?: ClassRef;
  instance?: true;
  /** an object without a prototype (`Object.create(null)`): `o['__proto__']` is a plain key */
  nullProto?: true;
  /** read with a key from the event (`cur = obj[key]`): the facts of that key */
  viaKey?: Fact[];
  /** the result of a validator whose result must be checked (`await validate(dto)`): what it proves, see guards.ts */
  checks?: { names: string[]; result: 'errors' | 'valid' | 'report' };
  /** a property made by a guard (`event.query.sort` proven): its facts are the object's own, narrowed */
  derived?: true;
}

export const CLEAN: AVal = Object.freeze({ facts: [] }) as AVal;

/** Scope of a function being analysed; the root resolves names in the file's module scope. */
export class Env {
  constructor(
    readonly vars: Map<string, AVal>,
    readonly parent: Env | null,
    readonly moduleLookup: ((name: string) => AVal | undefined) | null,
  ) {}

  lookup(name: string): AVal | undefined {
    for (let e: Env | null = this; e; e = e.parent) {
      const v = e.vars.get(name);
      if (v) return v;
      if (!e.parent && e.moduleLookup) return e.moduleLookup(name);
    }
    return undefined;
  }

  clone(): Env {
    return new Env(new Map(this.vars), this.parent, this.moduleLookup);
  }

  /** After two branches: a variable holds what either branch left in it. */
  static merge(a: Env, b: Env): Env {
    const vars = new Map(a.vars);
    for (const [k, v] of b.vars) {
      const other = vars.get(k);
      vars.set(k, other === undefined || other === v ? v : union([other, v]));
    }
    return new Env(vars, a.parent, a.moduleLookup);
  }
}

const MAX_FACTS = 16;
const MAX_STEPS = 24;
const MAX_SEGS = 10;
const MAX_DEPTH = 4;

function labelKey(f: Fact): string {
  const l = f.label;
  const base = l.kind === 'source' ? `s:${l.root}` : `p:${l.index}`;
  return `${base}:${l.segs.join('\u0001')}:${[...f.cleared].sort().join(',')}`;
}

export function dedupeFacts(facts: Fact[]): Fact[] {
  if (facts.length <= 1) return facts;
  const seen = new Map<string, Fact>();
  for (const f of facts) {
    const k = labelKey(f);
    if (!seen.has(k)) seen.set(k, f);
    if (seen.size >= MAX_FACTS) break;
  }
  return [...seen.values()];
}

/** Every fact of a value, its properties included. */
export function flatten(v: AVal, depth = 0): Fact[] {
  if (!v.props || depth >= MAX_DEPTH) return v.facts;
  const out = [...v.facts];
  for (const p of v.props.values()) if (!p.derived) out.push(...flatten(p, depth + 1));
  return dedupeFacts(out);
}

/** A value that may be any of `vals` (branches, `a || b`, `a + b` as far as taint goes). */
export function union(vals: AVal[]): AVal {
  const live = vals.filter((v) => v.facts.length || v.props);
  if (live.length === 0) return vals.find((v) => v.fn || v.ref || v.mod || v.cls || v.instance || v.viaKey) ?? CLEAN;
  if (live.length === 1) return live[0]!;
  const facts = dedupeFacts(live.flatMap((v) => flatten(v)));
  const via = live.flatMap((v) => v.viaKey ?? []);
  return via.length ? { facts, viaKey: dedupeFacts(via) } : { facts };
}

export function clampSteps(steps: Step[]): Step[] {
  return steps.length <= MAX_STEPS ? steps : [...steps.slice(0, 4), ...steps.slice(steps.length - (MAX_STEPS - 4))];
}

/** The same value, each of its facts having taken one more step. */
export function withStep(v: AVal, step: Step): AVal {
  if (!v.facts.length) return v;
  return {
    ...v,
    facts: v.facts.map((f) => {
      const last = f.steps[f.steps.length - 1];
      // `'a' + x + 'b'` is one concatenation as far as a reader is concerned
      if (last && last.message === step.message && last.loc.file === step.loc.file && last.loc.line === step.loc.line) return f;
      return { ...f, steps: clampSteps([...f.steps, step]) };
    }),
  };
}

export function withCleared(v: AVal, classes: readonly SinkClass[]): AVal {
  const facts = flatten(v).map((f) => ({ ...f, cleared: [...new Set([...f.cleared, ...classes])] }));
  return { facts };
}

function trusted(f: Fact, segs: string[]): boolean {
  if (f.label.kind !== 'source') return false;
  return f.label.trusted.some((t) => t.length <= segs.length && t.every((s, i) => segs[i] === s));
}

/**
 * A URL's base (`new URL(path, base)`): the result keeps the base's origin unless the path is a full
 * URL, so the base's facts whose origin the platform fills in (`request.url`) no longer choose where
 * the URL points (the `url` and `redirect` classes); the others keep every class.
 */
export function asUrlBase(v: AVal): AVal {
  const facts = flatten(v).map((f) => {
    if (!trusted(f, [...f.label.segs, 'origin'])) return f;
    return { ...f, cleared: [...new Set([...f.cleared, 'url' as const, 'redirect' as const])] };
  });
  return { facts };
}

function stringPath(f: Fact, segs: string[]): boolean {
  if (f.label.kind !== 'source') return false;
  return STRING_EVENT_PATHS.some((p) => p.length === segs.length && p.every((s, i) => s === '*' || s === segs[i]));
}

/** The same value with `classes` no longer cleared (`JSON.parse` of a string may give an object). */
export function withoutCleared(v: AVal, classes: readonly SinkClass[]): AVal {
  if (!v.facts.some((f) => f.cleared.some((c) => classes.includes(c)))) return v;
  return { ...v, facts: v.facts.map((f) => ({ ...f, cleared: f.cleared.filter((c) => !classes.includes(c)) })) };
}

/** Reading property `key` (null: a computed key) of a value. */
export function getProp(v: AVal, key: string | null, exportOf: (mod: SourceFile, name: string) => AVal): AVal {
  if (key !== null && v.props?.has(key)) return v.props.get(key)!;
  if (key !== null && v.mod) return exportOf(v.mod, key);
  const ref = v.ref && key !== null ? { module: v.ref.module, path: [...v.ref.path, key] } : undefined;
  // `length` of a value is a number, but `event.queryStringParameters.size` is a parameter named `size`
  if (key !== null && NON_CARRYING_PROPERTIES.has(key) && !v.facts.some(namesParameters)) return ref ? { facts: [], ref } : CLEAN;
  const seg = key ?? '[]';
  const facts: Fact[] = [];
  for (const f of key === null ? flatten(v) : v.facts) {
    const segs = f.label.segs.length >= MAX_SEGS ? f.label.segs : [...f.label.segs, seg];
    if (trusted(f, segs)) continue;
    const cleared = stringPath(f, segs) && !f.cleared.includes('nosql-filter') ? [...f.cleared, 'nosql-filter' as const] : f.cleared;
    facts.push({ ...f, label: { ...f.label, segs }, cleared });
  }
  const out: AVal = { facts: dedupeFacts(facts) };
  if (ref) out.ref = ref;
  return out;
}

/** A fact that is one of the event's maps of named strings (`queryStringParameters`, `headers`, …). */
function namesParameters(f: Fact): boolean {
  return (
    f.label.kind === 'source' &&
    STRING_EVENT_PATHS.some(
      (p) =>
        p.length > f.label.segs.length &&
        p[f.label.segs.length] === '*' &&
        p.slice(0, f.label.segs.length).every((s, i) => s === f.label.segs[i]),
    )
  );
}

import type { Loc } from '../../core/types.js';
import { pathText, type Fact, type Step } from './types.js';
import { clampSteps, dedupeFacts, flatten, type AVal, type FnRef } from './values.js';

/**
 * Event data handed across a module boundary: a call, in the handler or anything it calls, of a
 * project function declared in another file, with an argument that carries the event (or part of
 * it). Recorded by the taint engine as it runs (through summaries like every other fact), so the
 * lock-in analysis reads where the provider's event shape travels without a walk of its own.
 */

/** A crossing as the engine keeps it: the facts are instantiated at each call of a summary. */
export interface Crossing {
  loc: Loc;
  /** the callee's name as the project declares it */
  callee: string;
  /** the file the callee is declared in (posix, relative to the srcroot) */
  target: string;
  /** argument index → the facts of that argument */
  args: { index: number; facts: Fact[] }[];
}

/** A crossing of the handler's event: which part of it went where. */
export interface EventCrossing {
  /** the call */
  loc: Loc;
  callee: string;
  target: string;
  /** the argument's position in the call */
  index: number;
  /** the event path passed (`event`, `event.Records[…]`, `event.body`) */
  source: string;
  /** its property names from the event root (`[]` for the whole event) */
  segs: readonly string[];
  steps: Step[];
}

const MAX_CROSSINGS = 32;

/** The crossing a call of `fn` (declared in another file) makes, or undefined when no argument carries a label. */
export function crossingOf(loc: Loc, fn: FnRef, args: AVal[]): Crossing | undefined {
  const out: Crossing['args'] = [];
  args.forEach((a, index) => {
    const facts = flatten(a).filter((f) => f.label.kind === 'source' || f.label.kind === 'param');
    if (facts.length) out.push({ index, facts: dedupeFacts(facts) });
  });
  return out.length ? { loc, callee: fn.name, target: fn.file.path, args: out } : undefined;
}

export function addCrossing(list: Crossing[], c: Crossing | undefined): void {
  if (c && c.args.some((a) => a.facts.length) && list.length < MAX_CROSSINGS) list.push(c);
}

/** The crossings of the handler's event, one per call, argument and event path, in order. */
export function eventCrossings(list: readonly Crossing[]): EventCrossing[] {
  const out: EventCrossing[] = [];
  const seen = new Set<string>();
  for (const c of list)
    for (const a of c.args)
      for (const f of a.facts) {
        if (f.label.kind !== 'source') continue;
        const source = pathText(f.label.root, f.label.segs);
        const key = `${c.loc.file}:${c.loc.line}:${c.loc.column}:${a.index}:${source}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          loc: c.loc,
          callee: c.callee,
          target: c.target,
          index: a.index,
          source,
          segs: f.label.segs,
          steps: clampSteps([...f.steps, { loc: c.loc, message: `passed to \`${c.callee}\` in ${c.target}` }]),
        });
      }
  return out;
}

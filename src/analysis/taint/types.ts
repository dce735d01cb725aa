import type { Loc, LocatedMessage } from '../../core/types.js';
import type { SinkClass } from '../../knowledge/sinks.js';
import type { SourceLevel } from '../../knowledge/sources.js';

/** One located step of a flow, for messages and SARIF `codeFlows`. */
export type Step = LocatedMessage;

/** Where a tainted value came from: the handler's event (a source) or, inside a summary, a parameter. */
export type Label =
  | { kind: 'source'; level: SourceLevel; trigger: string; trusted: readonly (readonly string[])[]; root: string; segs: string[] }
  | { kind: 'param'; index: number; segs: string[] };

/** A value's dependency on one label, with the steps it took and the sink classes it was encoded for. */
export interface Fact {
  label: Label;
  steps: Step[];
  cleared: readonly SinkClass[];
}

/** A flow from the event of a function to a sink. */
export interface Flow {
  class: SinkClass;
  /** the sink as written (`pool.query`) or its canonical name (`child_process.exec`) */
  sink: string;
  /** the sink argument */
  loc: Loc;
  /** the source path (`event.queryStringParameters.id`) */
  source: string;
  level: SourceLevel;
  /** what triggers the function (`an HTTP request`) */
  trigger: string;
  /** source → … → sink */
  steps: Step[];
}

export interface TaintNote {
  loc?: Loc;
  message: string;
}

export interface Budget {
  /** expressions and statements evaluated per analysed handler (callees included) */
  perFunction: number;
  /** the same, for the whole run */
  perRun: number;
  /** nested calls followed from one handler */
  callDepth: number;
}

export const DEFAULT_BUDGET: Budget = { perFunction: 200_000, perRun: 5_000_000, callDepth: 12 };

export function pathText(root: string, segs: readonly string[]): string {
  let out = root;
  for (const s of segs)
    out += s === '[]' ? '[…]' : /^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  return out;
}

/** The first uses of event data that reached a call or the handler's return without a validator. */
export interface UnvalidatedUse {
  loc: Loc;
  /** the source path (`event.body`) */
  source: string;
  /** the source path's property names from the event root */
  segs: readonly string[];
  level: SourceLevel;
  steps: Step[];
}

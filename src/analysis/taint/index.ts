import type { Loc, ToolNotice } from '../../core/types.js';
import type { Fn, Project, SourceFile } from '../../model/types.js';
import type { SinkClass } from '../../knowledge/sinks.js';
import { TaintAnalysis } from './engine.js';
import { verifiedByHelper } from './jwt-helpers.js';
import { DEFAULT_BUDGET, type Budget, type Flow, type UnvalidatedUse } from './types.js';
import type { EventCrossing } from './crossings.js';

/**
 * The taint analysis of a project, computed once per run and shared by the `input/*` rules: each
 * function is analysed on first request for every sink class at once.
 */

export class TaintRun {
  private readonly analysis: TaintAnalysis;
  private readonly byFn = new Map<Fn, Flow[]>();

  constructor(project: Project, budget: Budget = DEFAULT_BUDGET) {
    this.analysis = new TaintAnalysis(project, budget);
  }

  /** Flows from the event of `fn` to sinks of `cls` (every class when omitted). */
  flows(fn: Fn, cls?: SinkClass): Flow[] {
    let flows = this.byFn.get(fn);
    if (!flows) this.byFn.set(fn, (flows = this.analysis.analyseFunction(fn)));
    return cls ? flows.filter((f) => f.class === cls) : flows;
  }

  /** The first uses of the function's event data that no validator checked (analysed with the flows). */
  unvalidatedUses(fn: Fn): UnvalidatedUse[] {
    this.flows(fn);
    return this.analysis.unvalidatedUses(fn);
  }

  /** Where the function's event, or part of it, is passed to a function declared in another project file. */
  crossings(fn: Fn): EventCrossing[] {
    this.flows(fn);
    return this.analysis.crossings(fn);
  }

  /** Where a project function the token (its text in `sf`) is passed to verifies it, through the module graph. */
  tokenVerifiedByHelper(sf: SourceFile, token: string): Loc | undefined {
    return verifiedByHelper(this.analysis.modules, sf, token);
  }

  /** What the analysis could not do (budgets, unreadable handlers), as tool notes. */
  notices(): ToolNotice[] {
    return this.analysis.notes.map((n) => ({
      id: 'analysis-incomplete',
      level: 'note',
      message: n.message,
      ...(n.loc ? { loc: n.loc } : {}),
    }));
  }
}

export { TaintAnalysis } from './engine.js';
export type { Budget, Flow, Step, UnvalidatedUse } from './types.js';
export type { EventCrossing } from './crossings.js';
export { DEFAULT_BUDGET } from './types.js';

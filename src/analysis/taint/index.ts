import type { ToolNotice } from '../../core/types.js';
import type { Fn, Project } from '../../model/types.js';
import type { SinkClass } from '../../knowledge/sinks.js';
import { TaintAnalysis } from './engine.js';
import { DEFAULT_BUDGET, type Budget, type Flow } from './types.js';

/**
 * The taint analysis of a project, computed once per run and shared by the `input/*` rules: each
 * function is analysed on first request for every sink class at once.
 */

interface Run {
  analysis: TaintAnalysis;
  flows: Map<Fn, Flow[]>;
}

const runs = new WeakMap<Project, Run>();

function runOf(project: Project, budget?: Budget): Run {
  let run = runs.get(project);
  if (!run) runs.set(project, (run = { analysis: new TaintAnalysis(project, budget ?? DEFAULT_BUDGET), flows: new Map() }));
  return run;
}

/** Flows from the event of `fn` to sinks of `cls` (every class when omitted). */
export function taintFlows(project: Project, fn: Fn, cls?: SinkClass): Flow[] {
  const run = runOf(project);
  let flows = run.flows.get(fn);
  if (!flows) run.flows.set(fn, (flows = run.analysis.analyseFunction(fn)));
  return cls ? flows.filter((f) => f.class === cls) : flows;
}

/** What the analysis could not do (budgets, unreadable handlers), as tool notes; empty if it never ran. */
export function taintNotices(project: Project): ToolNotice[] {
  const run = runs.get(project);
  if (!run) return [];
  return run.analysis.notes.map((n) => ({
    id: 'analysis-incomplete',
    level: 'note',
    message: n.message,
    ...(n.loc ? { loc: n.loc } : {}),
  }));
}

export { TaintAnalysis } from './engine.js';
export type { Budget, Flow, Step } from './types.js';
export { DEFAULT_BUDGET } from './types.js';

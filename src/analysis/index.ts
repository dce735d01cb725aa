import type { ToolNotice } from '../core/types.js';
import type { Project } from '../model/types.js';
import { TaintRun } from './taint/index.js';
import { WebhookRun } from './webhooks.js';

/**
 * The analyses rules can ask for (`meta.requires`), each computed lazily and once per run by the
 * engine's `Analyses`, and only when an active rule requires it.
 */
export interface AnalysisResults {
  taint: TaintRun;
  webhooks: WebhookRun;
}

export type AnalysisName = keyof AnalysisResults;

const FACTORIES: { [K in AnalysisName]: (project: Project) => AnalysisResults[K] } = {
  taint: (project) => new TaintRun(project),
  webhooks: (project) => new WebhookRun(project),
};

export const ANALYSIS_NAMES = Object.keys(FACTORIES) as AnalysisName[];

/** One run's analyses: created on first request, kept for the run, their notices collected at the end. */
export class Analyses {
  private readonly done = new Map<AnalysisName, AnalysisResults[AnalysisName]>();

  constructor(private readonly project: Project) {}

  get<K extends AnalysisName>(name: K): AnalysisResults[K] {
    let r = this.done.get(name) as AnalysisResults[K] | undefined;
    if (!r) this.done.set(name, (r = FACTORIES[name](this.project)));
    return r;
  }

  /** Tool notices of the analyses that ran, in a stable order. */
  notices(): ToolNotice[] {
    return ANALYSIS_NAMES.flatMap((n) => this.done.get(n)?.notices() ?? []);
  }
}

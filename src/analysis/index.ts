import type { ToolNotice } from '../core/types.js';
import type { Project } from '../model/types.js';
import { TaintRun } from './taint/index.js';
import { LockinInventory } from './lockin/index.js';
import { WebhookRun } from './webhooks.js';
import { CostAnalysis } from './cost/index.js';
import { SdkCallsRun } from './sdk-calls/index.js';
import { ColdstartRun } from './coldstart/index.js';
import type { BundleMeasure } from '../core/bundle.js';

/**
 * The analyses rules can ask for (`meta.requires`), each computed lazily and once per run by the
 * engine's `Analyses`, and only when an active rule requires it.
 */
export interface AnalysisResults {
  taint: TaintRun;
  lockin: LockinInventory;
  webhooks: WebhookRun;
  cost: CostAnalysis;
  sdkCalls: SdkCallsRun;
  coldstart: ColdstartRun;
}

export type AnalysisName = keyof AnalysisResults;

/** What an analysis may read besides the project: the run's settings and region. */
export interface AnalysisContext {
  /** config `settings` */
  settings: Record<string, unknown>;
  /** `--region`, when given (an analysis falls back to the manifest's region, then us-east-1) */
  region?: string;
  /** config `traffic:` (the cost estimate's requests and durations, by function name) */
  traffic?: Record<string, { requestsPerMonth?: number; averageDurationMs?: number; logBytesPerRequest?: number }>;
  /** the loading stage's bundler (esbuild), for the cold-start bytes; absent, they are not measured */
  measure?: BundleMeasure;
}

const FACTORIES: { [K in AnalysisName]: (project: Project, ctx: AnalysisContext, analyses: Analyses) => AnalysisResults[K] } = {
  taint: (project) => new TaintRun(project),
  lockin: (project, ctx, analyses) => new LockinInventory(project, ctx.settings, () => analyses.get('taint')),
  webhooks: (project) => new WebhookRun(project),
  cost: (project, ctx) => new CostAnalysis(project, ctx),
  sdkCalls: (project) => new SdkCallsRun(project),
  coldstart: (project, ctx, analyses) => new ColdstartRun(project, ctx.settings, ctx.measure, () => analyses.get('sdkCalls')),
};

export const ANALYSIS_NAMES = Object.keys(FACTORIES) as AnalysisName[];

/** One run's analyses: created on first request, kept for the run, their notices collected at the end. */
export class Analyses {
  private readonly done = new Map<AnalysisName, AnalysisResults[AnalysisName]>();

  constructor(
    private readonly project: Project,
    private readonly ctx: AnalysisContext = { settings: {} },
  ) {}

  get<K extends AnalysisName>(name: K): AnalysisResults[K] {
    let r = this.done.get(name) as AnalysisResults[K] | undefined;
    if (!r) this.done.set(name, (r = FACTORIES[name](this.project, this.ctx, this)));
    return r;
  }

  /** Tool notices of the analyses that ran, in a stable order. */
  notices(): ToolNotice[] {
    return ANALYSIS_NAMES.flatMap((n) => this.done.get(n)?.notices() ?? []);
  }
}

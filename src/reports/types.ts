import type { Analyses } from '../analysis/index.js';
import type { Project } from '../model/types.js';
import type { ReportStyle } from '../engine/result.js';

/** What a report is built from: the run's project and the analyses the rules shared. */
export interface ReportContext {
  project: Project;
  /** the run's analyses: an analysis a rule already computed is not computed again */
  analyses: Analyses;
  /** config `settings` */
  settings: Record<string, unknown>;
  /** `--region`, when given (an analysis falls back to the manifest's region, then us-east-1) */
  region?: string;
}

/**
 * One `--report <name>`: a table computed from an analysis, drawn by the text formatter after the
 * findings and written by the json formatter under the top-level key `name`
 * (`schemas/reports/<name>.schema.json`).
 */
export interface ReportDef<T = unknown> {
  /** the `--report` value and the JSON key */
  name: string;
  /** one line, for `--help` and a usage error */
  description: string;
  /** deterministic and JSON-serialisable: no Map, no undefined in arrays, nothing of time or machine */
  build(ctx: ReportContext): T;
  /** the lines of the text table */
  text(data: T, style: ReportStyle): string[];
}

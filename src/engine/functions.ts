/**
 * The functions of a run as reports list them (`RunResult.functions`): plain data, nothing of the
 * model's trees, so a formatter stays a function of the result.
 */
import type { Loc } from '../core/types.js';
import type { Project } from '../model/types.js';

export interface RunFunction {
  /** the function's key (serverless) or logical id (SAM, CloudFormation) */
  id: string;
  /** its deployed name as far as it is known */
  name: string;
  /** the cloud it deploys to (`aws`, …) */
  platform: string;
  /** `serverless`, `sam`, `cloudformation` */
  origin: string;
  /** the manifest or template that defines it (posix, relative to the source root) */
  manifest: string;
  /** where it is written there: from its key to the end of its definition */
  region: Loc;
  /** the handler as written, when it is a literal */
  handler?: string;
  /** the source file of its handler, when found */
  entryFile?: string;
}

export function runFunctions(project: Project): RunFunction[] {
  const out: RunFunction[] = [];
  for (const app of project.apps) {
    for (const fn of app.functions) {
      const end = fn.node?.loc && fn.node.loc.file === fn.loc.file ? fn.node.loc : fn.loc;
      const after = end.endLine > fn.loc.endLine || (end.endLine === fn.loc.endLine && end.endColumn > fn.loc.endColumn);
      const text = fn.entry?.text;
      out.push({
        id: fn.id,
        name: fn.name,
        platform: fn.platform,
        origin: fn.origin,
        manifest: app.file,
        region: { ...fn.loc, ...(after ? { endLine: end.endLine, endColumn: end.endColumn } : {}) },
        ...(text?.kind === 'literal' && text.value !== null ? { handler: String(text.value) } : {}),
        ...(fn.entry?.file ? { entryFile: fn.entry.file } : {}),
      });
    }
  }
  return out.sort(compareRunFunctions);
}

/** By manifest, position, id: the order of `RunResult.functions`. */
export function compareRunFunctions(a: RunFunction, b: RunFunction): number {
  return cmp(a.manifest, b.manifest) || a.region.line - b.region.line || a.region.column - b.region.column || cmp(a.id, b.id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

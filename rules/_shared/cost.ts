import { inPackageList, LAMBDA_LIMITS, numberOf, reachableFiles } from '../_api.js';
import type { Fn, Loc, Project } from '../_api.js';

/** Where a finding about a missing function setting goes: the function's key (serverless) or its `Type` (templates). */
export function missingAt(fn: Fn): Loc {
  return fn.cost?.keyLoc ?? fn.loc;
}

/** The function's timeout in seconds: its literal value, else the platform default; undefined when given by reference. */
export function timeoutSeconds(fn: Fn): number | undefined {
  if (!fn.timeout) return fn.origin === 'serverless' ? LAMBDA_LIMITS.serverlessDefaultTimeoutSeconds : LAMBDA_LIMITS.defaultTimeoutSeconds;
  return numberOf(fn.timeout);
}

/** The function's memory in MB: its literal value, else the platform default; undefined when given by reference. */
export function memoryMb(fn: Fn): number | undefined {
  if (!fn.memory) return fn.origin === 'serverless' ? LAMBDA_LIMITS.serverlessDefaultMemoryMb : LAMBDA_LIMITS.defaultMemoryMb;
  return numberOf(fn.memory);
}

/** `SAM`/`CloudFormation`/`serverless` wording of a setting, for messages. */
export function settingName(fn: Fn, serverless: string, template: string): string {
  return fn.origin === 'serverless' ? serverless : template;
}

export { reachableFiles };

/** The first package of a list the function's reachable code imports (not type-only), with where. */
export function importedPackage(project: Project, fn: Fn, list: readonly string[]): { pkg: string; loc: Loc } | undefined {
  for (const f of reachableFiles(project, fn))
    for (const i of f.imports) {
      if (i.typeOnly) continue;
      const pkg = inPackageList(i.source, list);
      if (pkg) return { pkg, loc: i.loc };
    }
  return undefined;
}

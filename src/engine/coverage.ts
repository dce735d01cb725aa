/**
 * What a run analysed and what it did not, counted from the model and the notices: the summary of
 * every format says it, so "no problems" is never read as "all was checked" when little was.
 */
import { literalString } from '../core/node.js';
import type { ToolNotice } from '../core/types.js';
import type { Project } from '../model/types.js';

export interface Coverage {
  /** manifests, templates and .env files the paths held (read or not) and files named on the command line */
  found: number;
  /** serverless.yml, SAM and CloudFormation files modelled */
  manifests: number;
  functions: number;
  /** functions whose handler file was found and parsed */
  functionsWithCode: number;
  /** JavaScript/TypeScript files parsed: handlers, what they import, files named on the command line */
  codeFiles: number;
  envFiles: number;
  /** code files named on the command line (or given on stdin) and parsed or read */
  namedFiles: number;
  /** manifests read only to place the named files (not reported on, not counted above) */
  contextManifests: number;
  /** what was left out, by reason; sorted by reason */
  notAnalysed: NotAnalysed[];
}

export interface NotAnalysed {
  reason: 'other-runtime' | 'handler-not-analysed' | 'unsupported' | 'skipped' | 'parse-error' | 'named-file';
  /** functions or files */
  count: number;
  /** what the reason means for the findings, one sentence */
  detail: string;
  /** up to five examples: files, or `function (runtime)` */
  examples: string[];
}

const EXAMPLES = 5;

/**
 * What coverage is counted from, as plain data: the facts of the model (the notices are the run's).
 * Builds of parts of the paths (`--shard`, `--jobs`, `--cache`) each give theirs; `mergeCoverageFacts`
 * adds them up to what one build of the whole would have given.
 */
export interface CoverageFacts {
  /** discovered manifests, templates and .env files of what was asked (read or not) */
  candidates: number;
  /** files named on the command line */
  named: string[];
  /** the named files parsed as code or read as text */
  namedParsed: string[];
  manifests: number;
  functions: number;
  functionsWithCode: number;
  /** the code files parsed, in what was asked */
  codeFiles: string[];
  envFiles: number;
  contextManifests: number;
  /** `function (runtime)` of the functions of another runtime */
  otherRuntime: string[];
  /** `function (manifest)` of the functions whose handler was not analysed */
  unresolved: string[];
}

/** The coverage facts of a build. `named`, `found`, `reportable`: as `coverageOf`. */
export function coverageFacts(
  project: Project,
  named: string[],
  found: number,
  reportable: (file: string) => boolean = () => true,
): CoverageFacts {
  const withCode = new Set(project.sourceFiles.flatMap((f) => f.handlerOf));
  const apps = project.apps.filter((a) => reportable(a.file));
  const functions = apps.flatMap((a) => a.functions);
  const otherRuntime: string[] = [];
  const unresolved: string[] = [];
  for (const fn of functions) {
    if (withCode.has(fn)) continue;
    const runtime = literalString(fn.runtime);
    if (runtime !== undefined && !/^nodejs/i.test(runtime)) otherRuntime.push(`${fn.name} (${runtime})`);
    else unresolved.push(`${fn.name} (${fn.app.file})`);
  }
  // parsed as code, or read as text (sources of the other runtimes, scanned for secrets)
  const parsed = new Set([...project.sourceFiles.map((f) => f.path), ...project.textFiles.map((f) => f.path)]);
  return {
    candidates: found - named.length,
    named: [...named],
    namedParsed: named.filter((f) => parsed.has(f)),
    manifests: apps.length,
    functions: functions.length,
    functionsWithCode: functions.filter((f) => withCode.has(f)).length,
    codeFiles: project.sourceFiles.filter((f) => reportable(f.path)).map((f) => f.path),
    envFiles: project.textFiles.filter((f) => f.kind === 'dotenv').length,
    contextManifests: project.apps.length - apps.length,
    otherRuntime,
    unresolved,
  };
}

/** The facts of builds of disjoint sets of candidates as one build of them all would count them. */
export function mergeCoverageFacts(parts: CoverageFacts[]): CoverageFacts {
  const union = (pick: (f: CoverageFacts) => string[]): string[] => [...new Set(parts.flatMap(pick))].sort();
  const sum = (pick: (f: CoverageFacts) => number): number => parts.reduce((a, f) => a + pick(f), 0);
  return {
    candidates: sum((f) => f.candidates),
    named: union((f) => f.named),
    namedParsed: union((f) => f.namedParsed),
    manifests: sum((f) => f.manifests),
    functions: sum((f) => f.functions),
    functionsWithCode: sum((f) => f.functionsWithCode),
    codeFiles: union((f) => f.codeFiles),
    envFiles: sum((f) => f.envFiles),
    // every build reads the same manifests to place the named files
    contextManifests: Math.max(0, ...parts.map((f) => f.contextManifests)),
    otherRuntime: parts.flatMap((f) => f.otherRuntime),
    unresolved: parts.flatMap((f) => f.unresolved),
  };
}

/**
 * Counts the run's coverage. `named`: files named on the command line that no platform claims (those
 * not parsed as code are counted as not analysed).
 */
export function coverageOf(
  project: Project,
  notices: ToolNotice[],
  named: string[],
  found: number,
  reportable: (file: string) => boolean = () => true,
): Coverage {
  return coverageFromFacts(coverageFacts(project, named, found, reportable), notices);
}

/** The coverage of a run from its facts and its notices. */
export function coverageFromFacts(facts: CoverageFacts, notices: ToolNotice[]): Coverage {
  const out: NotAnalysed[] = [];
  const add = (reason: NotAnalysed['reason'], detail: string, items: string[]): void => {
    if (!items.length) return;
    const unique = [...new Set(items)];
    out.push({ reason, count: items.length, detail, examples: unique.slice(0, EXAMPLES) });
  };

  add('other-runtime', 'manifest rules and the secrets scan apply; code rules read Node.js handlers only', [...facts.otherRuntime].sort());
  add(
    'handler-not-analysed',
    'handler code not found, not static, inline or not in the repository (see the notes)',
    [...facts.unresolved].sort(),
  );
  const parsed = new Set(facts.namedParsed);
  add(
    'named-file',
    'named on the command line, but not a file sls-lint reads',
    facts.named.filter((f) => !parsed.has(f)),
  );

  // the file a notice is about; one without a file (a directory that cannot be read) by its message
  const files = (pred: (n: ToolNotice) => boolean): string[] => [...new Set(notices.filter(pred).map((n) => n.loc?.file ?? n.message))];
  add(
    'unsupported',
    'recognised, but sls-lint does not read this kind of file (see the notes)',
    notices.filter((n) => n.id === 'not-analysed').flatMap((n) => n.files ?? (n.loc ? [n.loc.file] : [])),
  );
  add(
    'skipped',
    'not read: too big, binary, not a regular file or outside the scanned root',
    files((n) => n.id === 'file-skipped'),
  );
  add(
    'parse-error',
    'could not be parsed; its findings are missing',
    files((n) => n.id === 'parse-error' && n.level === 'error'),
  );
  out.sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));

  return {
    found: facts.candidates + facts.named.length,
    manifests: facts.manifests,
    functions: facts.functions,
    functionsWithCode: facts.functionsWithCode,
    codeFiles: facts.codeFiles.length,
    envFiles: facts.envFiles,
    namedFiles: facts.namedParsed.length,
    contextManifests: facts.contextManifests,
    notAnalysed: out,
  };
}

/**
 * Did the paths hold anything to analyse: a manifest, template or env file (even one that could not
 * be read or parsed: its notice fails the gate on its own), or a file named one by one (pre-commit
 * passes whatever changed; a file sls-lint does not read is counted as not analysed, not an error)?
 */
export function analysedAnything(c: Coverage): boolean {
  return c.found + c.codeFiles > 0 || c.notAnalysed.some((n) => n.reason === 'skipped' || n.reason === 'parse-error');
}

/** What a run that analysed nothing says instead of "no problems". */
export const NOTHING_FOUND = 'no serverless.yml, SAM or CloudFormation template, .env file or named code file was found';
export const NOTHING_ANALYSED = `Nothing analysed: ${NOTHING_FOUND}`;

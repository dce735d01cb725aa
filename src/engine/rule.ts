import type {
  App,
  EnvVar,
  Fn,
  FnEvent,
  IamStatement,
  ManagedPolicyRef,
  Project,
  Resource,
  Role,
  SourceFile,
  TextFile,
} from '../model/types.js';
import type { Loc, Node, Severity, Value } from '../core/types.js';
import type { AnalysisName, AnalysisResults } from '../analysis/index.js';

export type Family = 'iam' | 'secrets' | 'input' | 'coldstart' | 'lockin' | 'cost';

export interface RuleMeta<M extends string = string, O = Record<string, unknown>> {
  /** `<family>/<name>`, equal to the rule's folder under rules/ */
  id: string;
  /** one line, used in --list-rules, README tables and SARIF shortDescription */
  description: string;
  /** default level; config overrides */
  severity: Severity;
  /** on in the `recommended` preset */
  recommended: boolean;
  /** messageId → template with `{{placeholders}}` */
  messages: Record<M, string>;
  /** JSON Schema of the options object */
  options?: Record<string, unknown>;
  /** every option's default; the engine merges the configured options over it, once */
  defaultOptions?: O;
  /** e.g. ['security', 'CWE-269'] → SARIF properties.tags */
  tags: string[];
  /**
   * How often a finding is right (SARIF `precision`; code scanning sorts and filters by it): `high`
   * (default) for exact checks of what is written; `medium` for heuristics — secret detectors that
   * judge a value's shape, data flows that can miss a sanitiser.
   */
  precision?: 'very-high' | 'high' | 'medium' | 'low';
  /** CVSS-like 0.0–10.0 → SARIF properties["security-severity"] */
  securitySeverity?: number;
  /**
   * Rules that report the same thing better. When one of them is active and reported a finding at
   * the same place — same file and the same region (start and end line and column) — the engine
   * drops this rule's finding there; when they are off, this rule's finding stays.
   */
  defersTo?: string[];
  /**
   * Rules that report some of what this rule would, but not as a finding at the same region: a part
   * of a finding (an action in a list that the other rule reports on its own) or the same fact at
   * another place. The rule asks `ctx.isActive(id)` and leaves that out only while the other is on.
   */
  coveredBy?: string[];
  /** analyses this rule needs (computed once, only when an active rule requires them) */
  requires?: AnalysisName[];
  /** platforms the rule applies to (`aws`, …); absent: every platform */
  platforms?: string[];
  /**
   * Documentation of a rule that is not one of this package's folders (a plugin's rule, a team
   * policy): Markdown for `--explain` and SARIF help, and a link. Built-in rules have a README.
   */
  docs?: { markdown?: string; url?: string };
  /**
   * What the rule's findings depend on beyond its id, options and the package's code (a team policy's
   * definition): part of the `--cache` key, so a changed policy file is never served stale results.
   */
  cacheKey?: string;
}

/** Anything with a location can be reported at. */
export type At = Loc | { loc: Loc };

export interface ReportDescriptor<M extends string = string> {
  at: At;
  /** a key of the rule's `meta.messages` (checked by the compiler for rules made with `defineRule`) */
  messageId: M;
  data?: Record<string, string | number>;
  /**
   * Raw secret values this finding is about. They are never printed: the engine masks them in the
   * message, and formatters mask them in any source text they show. Fingerprints use a hash.
   */
  secrets?: string[];
  /**
   * A stable name of what the finding is about within its file (e.g. `function:api/env:DB_PASSWORD`),
   * used for the fingerprint in place of the line number. Defaults to the visited entity's key.
   */
  entity?: string;
  /**
   * Other places that explain the finding (the role a statement belongs to, the parameter a value
   * comes from), each with a short message: SARIF `relatedLocations`, JSON `related`.
   */
  related?: { at: At; message: string }[];
  /** The path from a source to the finding, in order (SARIF `codeFlows`, JSON `flow`). */
  flow?: { at: At; message: string }[];
  /** Override the rule's configured level for this one finding (e.g. secrets in test fixtures). */
  severity?: Severity;
  /**
   * The finding is allowed by configuration (e.g. `settings.secrets.allow`): it is kept, marked as
   * suppressed (kind `config`, with the reason), so SARIF and JSON still account for it.
   */
  suppressed?: { reason?: string };
}

export interface RuleContext<O = Record<string, unknown>, M extends string = string> {
  readonly id: string;
  /** defaultOptions merged with the configured options */
  readonly options: O;
  /** free-form settings from the config (e.g. `secrets.allow`) */
  readonly settings: Record<string, unknown>;
  readonly project: Project;
  report(d: ReportDescriptor<M>): void;
  /**
   * The source text of a location (from `project.files`): the region from its start to its end
   * column, lines joined with `\n`; undefined when the file was not read or the region is outside it.
   */
  text(at: At): string | undefined;
  /**
   * An analysis the rule declares in `meta.requires`, computed once per run for every rule that asks
   * (asking for one not declared throws: the declaration is what lets the engine skip the work).
   */
  analysis<K extends AnalysisName>(name: K): AnalysisResults[K];
  /**
   * Whether a rule listed in `meta.coveredBy` is active in this run, so that this rule leaves out
   * what that one reports (asking about a rule not listed there throws: the declaration is what tells
   * readers and the fixture runner about the overlap).
   */
  isActive(ruleId: string): boolean;
}

/** Visitors are keyed by model entity; the engine walks the project once and calls each rule's. */
export interface Visitors {
  project?(p: Project): void;
  app?(a: App): void;
  function?(fn: Fn): void;
  role?(r: Role): void;
  iamStatement?(s: IamStatement): void;
  managedPolicy?(m: ManagedPolicyRef): void;
  envVar?(e: EnvVar): void;
  event?(e: FnEvent): void;
  resource?(r: Resource): void;
  sourceFile?(f: SourceFile): void;
  textFile?(f: TextFile): void;
}

export interface Rule<O = Record<string, unknown>, M extends string = string> {
  meta: RuleMeta<M, O>;
  create(ctx: RuleContext<O, M>): Visitors;
}

/**
 * Defines a rule. The message ids are taken from `meta.messages` (so `ctx.report({ messageId })`
 * only accepts its keys) and the type of `ctx.options` from `meta.defaultOptions`, which the
 * engine merges under the configured options once, before `create`.
 */
export function defineRule<O extends object = Record<string, never>, M extends string = string>(rule: {
  meta: RuleMeta<M, O>;
  create(ctx: RuleContext<O, M>): Visitors;
}): Rule<O, M> {
  return rule;
}

/** The text of `loc` in `lines` (1-based lines, 1-based columns, end column exclusive). */
export function textOf(lines: readonly string[] | undefined, loc: Loc): string | undefined {
  if (!lines || loc.line < 1 || loc.endLine < loc.line || loc.endLine > lines.length) return undefined;
  if (loc.line === loc.endLine) return lines[loc.line - 1]!.slice(loc.column - 1, loc.endColumn - 1);
  const out = [lines[loc.line - 1]!.slice(loc.column - 1)];
  for (let l = loc.line + 1; l < loc.endLine; l++) out.push(lines[l - 1]!);
  out.push(lines[loc.endLine - 1]!.slice(0, loc.endColumn - 1));
  return out.join('\n');
}

/** Format `{{name}}` placeholders. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (Object.hasOwn(data, k) ? String(data[k]) : m));
}

export function locOf(at: At): Loc {
  return 'loc' in at ? at.loc : at;
}

export type { Value, Node };

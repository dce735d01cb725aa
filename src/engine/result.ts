import type { Coverage } from './coverage.js';
import type { Loc, LocatedMessage, Severity, ToolNotice } from '../core/types.js';
import type { RuleMeta } from './rule.js';
import type { RunFunction } from './functions.js';

export interface Suppression {
  /** inline comment, CloudFormation Metadata, or config/path based */
  kind: 'inline' | 'metadata' | 'config';
  reason?: string;
}

export interface Diagnostic {
  ruleId: string;
  messageId: string;
  /** already masked: never contains a raw secret */
  message: string;
  severity: Severity;
  loc: Loc;
  /** stable across line moves: sha256 of rule + file + entity + message (+ occurrence) */
  fingerprint: string;
  suppression?: Suppression;
  /** other places that explain the finding, messages masked */
  related?: LocatedMessage[];
  /** source → … → the finding, in order, messages masked */
  flow?: LocatedMessage[];
}

export interface RuleInfo {
  meta: RuleMeta;
  /** effective level for this run */
  level: Severity;
  /** README.md of the rule, if found (for SARIF help) */
  readme?: string;
  helpUri: string;
}

/** How the text formatter draws a report: the width to fit and the styles of its terminal. */
export interface ReportStyle {
  /** columns to fit (0: no limit) */
  width: number;
  color: boolean;
  bold(s: string): string;
  dim(s: string): string;
  /** makes a text from the scanned files safe to print (control characters shown escaped) */
  escape(s: string): string;
}

/** One `--report`'s result: its data (the JSON under the key `name`) and its text table. */
export interface RunReport {
  name: string;
  data: unknown;
  /** the lines of the text table, secrets masked (the data's strings are escaped before it is drawn) */
  text(style: ReportStyle): string[];
}

export interface RunResult {
  toolName: 'sls-lint';
  toolVersion: string;
  /** absolute path all `Loc.file` are relative to */
  srcRoot: string;
  /**
   * Where srcRoot lies in its repository (the folder holding `.git` found upward), posix, `''` when
   * it is the repository root or not in one: SARIF and `github` paths must be relative to the
   * repository, whatever folder the tool ran in.
   */
  repositoryPath?: string;
  /** the config file that applied, posix and relative to srcRoot; absent when none did (defaults) */
  configFile?: string;
  /** sorted by file, line, column, rule id */
  diagnostics: Diagnostic[];
  /** parse errors, unresolved handlers, rule crashes; sorted */
  notices: ToolNotice[];
  /** the rules that ran, sorted by id */
  rules: RuleInfo[];
  /** number of files read */
  filesScanned: number;
  /** what was analysed and what was not (and why) */
  coverage?: Coverage;
  /** the functions found, sorted by manifest and position (reports that list them: html); absent when not known */
  functions?: RunFunction[];
  /** the `--report`s asked for, in the registry's order */
  reports?: RunReport[];
  /** findings dropped because their fingerprint is in --baseline */
  baselined: number;
  /**
   * With --baseline: the findings it knew (left out of `diagnostics`, the counts and the exit code).
   * SARIF still lists them, as `baselineState: "unchanged"`, so code scanning does not close them.
   */
  baselineKnown?: Diagnostic[];
  /**
   * Masks every known secret in a text (source lines for code frames and snippets). Formatters must
   * pass any source text through it.
   */
  redact(text: string): string;
  /** source line text (1-based) of a scanned file, already redacted; undefined if unknown */
  sourceLine(file: string, line: number): string | undefined;
  /** the length of a source line as written (nothing of its text), so a formatter can skip a long one before masking it */
  lineLength(file: string, line: number): number | undefined;
}

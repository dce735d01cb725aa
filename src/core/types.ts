/**
 * The core vocabulary every layer shares: locations, the located value tree that parsers produce,
 * severities and tool notices. Imports nothing.
 */
/**
 * The project model: provider-neutral, every value located.
 *
 * Two layers:
 *  - `Node`: the located document tree that YAML and JSON manifests parse into (CloudFormation short
 *    tags are already rewritten to their long form, aliases and merge keys expanded). After variable
 *    resolution a scalar that could not be resolved statically becomes a `ref` node.
 *  - The entities rules visit: `App`, `Fn`, `IamStatement`, `EnvVar`, `FnEvent`, `Resource`,
 *    `SourceFile`.
 */

/** 1-based, end-exclusive column (as SARIF's endColumn). `file` is posix, relative to the srcroot. */
export interface Loc {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A place with a message: a related location of a finding, or one step of a flow. */
export interface LocatedMessage {
  loc: Loc;
  message: string;
}

export type Scalar = string | number | boolean | null;

export interface MapEntry {
  key: string;
  keyLoc: Loc;
  value: Node;
}

export interface MapNode {
  kind: 'map';
  entries: MapEntry[];
  loc: Loc;
}

export interface SeqNode {
  kind: 'seq';
  items: Node[];
  loc: Loc;
}

export interface ScalarNode {
  kind: 'scalar';
  value: Scalar;
  loc: Loc;
}

/** A value that was deliberately not resolved (`${ssm:…}`, `!Ref Param`, `${file(x.js)}`, …). */
export interface RefNode {
  kind: 'ref';
  text: string;
  loc: Loc;
}

export type Node = MapNode | SeqNode | ScalarNode | RefNode;

/** A leaf as rules see it: a literal we know, or a reference we could not resolve. */
export type Value = { kind: 'literal'; value: Scalar; loc: Loc } | { kind: 'ref'; text: string; loc: Loc };

export type Severity = 'error' | 'warning' | 'note';

/** A parsed manifest document: its tree plus what suppressions need. */
export interface Document {
  file: string;
  /** 'yaml' | 'json' | 'toml' */
  format: 'yaml' | 'json' | 'toml';
  root: Node | null;
  /** Comments by 1-based line (the text after '#' or '//'). */
  comments: Map<number, string>;
  /** Raw text lines (for code frames and masking). */
  lines: string[];
}

/** A diagnostic the tool itself raises: parse errors, unresolved handlers, rule crashes. */
export interface ToolNotice {
  id:
    | 'parse-error'
    | 'unresolved-handler'
    | 'unresolved-variable'
    | 'rule-error'
    | 'file-skipped'
    | 'file-decoded'
    | 'not-analysed'
    | 'ignored-path'
    | 'config-error'
    | 'analysis-incomplete'
    | 'unknown-rule-id'
    | 'unused-directive'
    | 'missing-reason';
  level: Severity;
  message: string;
  loc?: Loc;
  /** for rule-error */
  ruleId?: string;
  /** the files a notice stands for, when it stands for several (a kind of file noted once per run) */
  files?: string[];
}

/** What discovery shows a platform of a file it met: its name and, on demand, the head of its text. */
export interface FileProbe {
  /** base name */
  name: string;
  /** posix, relative to the srcroot */
  path: string;
  /** the first 64 KiB as text (read once, on first call); null when unreadable or binary */
  head(): string | null;
}

/**
 * Helpers shared by the formatters. Everything here is pure and total: odd input (missing source
 * lines, a throwing callback, out-of-range columns) degrades to less output, never to an exception.
 */
import { analysedAnything, type NotAnalysed } from '../engine/coverage.js';
import type { Loc, Severity, ToolNotice } from '../core/types.js';
import type { RunResult } from '../engine/result.js';

export interface Summary {
  /** unsuppressed findings by level */
  errors: number;
  warnings: number;
  notes: number;
  /** findings silenced by an inline comment, CloudFormation Metadata or the config */
  suppressed: number;
  /** findings dropped because they are in the baseline */
  baselined: number;
  filesScanned: number;
}

export function summarize(result: RunResult): Summary {
  const s: Summary = {
    errors: 0,
    warnings: 0,
    notes: 0,
    suppressed: 0,
    baselined: nonNegativeInt(result.baselined),
    filesScanned: nonNegativeInt(result.filesScanned),
  };
  for (const d of result.diagnostics) {
    if (d.suppression) s.suppressed++;
    else if (d.severity === 'error') s.errors++;
    else if (d.severity === 'warning') s.warnings++;
    else s.notes++;
  }
  return s;
}

function nonNegativeInt(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** `1 error`, `2 errors`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Passes text through the run's redactor. Messages arrive masked and source lines arrive redacted;
 * this is a second guard so that no formatter can print a raw secret even if a producer forgot.
 */
export function redact(result: RunResult, text: string): string {
  try {
    return result.redact(text);
  } catch {
    // A redactor that fails must not let the text through unmasked.
    return '';
  }
}

const lineCache = new WeakMap<RunResult, Map<string, string | undefined>>();

/**
 * A redacted source line, or undefined when the file/line is unknown. Computed once per line and
 * run: redacting is linear in the line times the number of secrets, and a minified one-line
 * template holds thousands of findings, each asking for the same line (and its neighbours).
 */
export function sourceLine(result: RunResult, file: string, line: number): string | undefined {
  let cache = lineCache.get(result);
  if (!cache) lineCache.set(result, (cache = new Map()));
  const key = `${line}\u0000${file}`;
  if (cache.has(key)) return cache.get(key);
  const text = sourceLineUncached(result, file, line);
  cache.set(key, text);
  return text;
}

function sourceLineUncached(result: RunResult, file: string, line: number): string | undefined {
  if (!Number.isInteger(line) || line < 1) return undefined;
  let text: string | undefined;
  try {
    text = result.sourceLine(file, line);
  } catch {
    return undefined;
  }
  if (typeof text !== 'string') return undefined;
  return redact(result, text.replace(/\r$/, ''));
}

/** A file's path from the repository root (SARIF, `github`): the source root's place, then the file. */
export function repositoryFile(result: RunResult, file: string): string {
  return result.repositoryPath ? `${result.repositoryPath}/${file}` : file;
}

/** The redacted message of a finding or notice. */
export function message(result: RunResult, text: string): string {
  return redact(result, typeof text === 'string' ? text : String(text));
}

/**
 * A loc with sane numbers: 1-based, end not before start. Producers should already guarantee this;
 * formatters must still never emit `line: 0` or `endLine < line` (SARIF validators reject both).
 */
export function normalizeLoc(loc: Loc): Loc {
  const int = (n: unknown, min: number) => (typeof n === 'number' && Number.isFinite(n) ? Math.max(min, Math.floor(n)) : min);
  const line = int(loc.line, 1);
  const column = int(loc.column, 1);
  let endLine = int(loc.endLine, line);
  let endColumn = int(loc.endColumn, 1);
  if (endLine < line) endLine = line;
  if (endLine === line && endColumn < column) endColumn = column;
  return { file: String(loc.file), line, column, endLine, endColumn };
}

/** Sort key comparison for rows of one file: position, then id, then message. */
export function compareRows(a: { loc?: Loc; id: string; message: string }, b: { loc?: Loc; id: string; message: string }): number {
  const la = a.loc;
  const lb = b.loc;
  if (la && lb) {
    const c = la.line - lb.line || la.column - lb.column || la.endLine - lb.endLine || la.endColumn - lb.endColumn;
    if (c) return c;
  } else if (la || lb) {
    // rows without a position (general notices) first within their group
    return la ? 1 : -1;
  }
  return cmp(a.id, b.id) || cmp(a.message, b.message);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Makes untrusted text safe for a terminal or a one-line format: C0/C1 control characters (other than
 * tab), DEL and bidirectional overrides (Trojan Source) become visible `\u001b`-style escapes, so a
 * scanned file cannot move the cursor, recolour the output or reorder what the reader sees.
 */
export function escapeControl(text: string, keepTabs = true): string {
  return text.replace(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|\t/g, (c) => {
    if (c === '\t' && keepTabs) return c;
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

export function isSeverity(s: unknown): s is Severity {
  return s === 'error' || s === 'warning' || s === 'note';
}

/** An unknown level (should not happen) is shown as a warning rather than dropped. */
export function severityOf(s: unknown): Severity {
  return isSeverity(s) ? s : 'warning';
}

/**
 * What was analysed and, a sentence each, what was not (masked, control characters escaped):
 *
 *     analysed 2 manifests, 5 functions (3 with handler code), 7 code files, 1 .env file
 *     not analysed: 2 functions in other runtimes (api (python3.12), …): manifest rules apply; …
 */
export function coverageSentences(result: RunResult): string[] {
  const cov = result.coverage;
  if (!cov || !analysedAnything(cov)) return [];
  const parts: string[] = [];
  if (cov.manifests || !cov.namedFiles) parts.push(plural(cov.manifests, 'manifest'));
  if (cov.functions) parts.push(`${plural(cov.functions, 'function')} (${cov.functionsWithCode} with handler code)`);
  if (cov.manifests || !cov.namedFiles) parts.push(plural(cov.codeFiles, 'code file'));
  if (cov.envFiles) parts.push(plural(cov.envFiles, '.env file'));
  if (cov.namedFiles)
    parts.push(
      plural(cov.namedFiles, 'named code file') +
        (cov.contextManifests ? ` (placed through ${plural(cov.contextManifests, 'manifest')})` : ''),
    );
  const out = [`analysed ${parts.join(', ')}`];
  for (const n of cov.notAnalysed) {
    const what = NOT_ANALYSED_WHAT[n.reason](n.count);
    const examples =
      n.examples
        .slice(0, 3)
        .map((e) => escapeControl(message(result, e), false))
        .join(', ') + (n.count > Math.min(3, n.examples.length) ? ', …' : '');
    out.push(`not analysed: ${what} (${examples}): ${n.detail}`);
  }
  return out;
}

const NOT_ANALYSED_WHAT: Record<NotAnalysed['reason'], (n: number) => string> = {
  'other-runtime': (n) => `${plural(n, 'function')} in other runtimes`,
  'handler-not-analysed': (n) => `${plural(n, 'function')} without analysed code`,
  'named-file': (n) => plural(n, 'named file'),
  unsupported: (n) => plural(n, 'unsupported file'),
  skipped: (n) => plural(n, 'skipped file'),
  'parse-error': (n) => plural(n, 'file'),
};

/** Notices about the directives in comments: about the suppressions, not about what was analysed. */
const DIRECTIVE_NOTICES = new Set<string>(['unknown-rule-id', 'unused-directive', 'missing-reason']);

/** Error-level notices and rule crashes: what kept part of the project from being linted. */
export function notAnalysedNotices(notices: ToolNotice[]): ToolNotice[] {
  return notices.filter((n) => !DIRECTIVE_NOTICES.has(n.id) && (severityOf(n.level) === 'error' || n.id === 'rule-error'));
}

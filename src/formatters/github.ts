/**
 * GitHub Actions workflow commands: one `::error|warning|notice …::message` line per unsuppressed
 * finding and per tool notice, which the runner turns into annotations on the pull request.
 *
 *   ::error file=serverless.yml,line=3,col=11,endLine=3,endColumn=14,title=iam/no-wildcard-action::Unexpected …
 *
 * Annotations carry columns only within one line, so a region spanning lines gives `line`/`endLine`
 * without `col`/`endColumn`. At most ten annotations per level are written (what GitHub shows of a
 * step); a plain line per level counts the rest.
 */
import type { Loc, Severity } from '../core/types.js';
import type { RunResult } from '../engine/result.js';
import { message, normalizeLoc, repositoryFile, severityOf } from './common.js';

export interface GithubOptions {
  /** errors only */
  quiet: boolean;
  /**
   * Annotations written per level (default {@link ANNOTATIONS_PER_LEVEL}); the rest are counted in
   * one plain line per level. 0 or less writes every one.
   */
  maxAnnotations: number;
}

/**
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations of a step (and 50 of a job) and
 * drops the rest without a word; the first ten of each level in the run's order are written, and a
 * line says how many more there are.
 */
export const ANNOTATIONS_PER_LEVEL = 10;

const NOUN: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  note: ['notice', 'notices'],
};

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };

/** Escaping of a command's message (data). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a command's property value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(severity: Severity, props: [string, string | number][], text: string): string {
  const p = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${COMMAND[severity]}${p ? ' ' + p : ''}::${escapeData(text)}`;
}

function locProps(result: RunResult, loc: Loc): [string, number | string][] {
  const l = normalizeLoc(loc);
  const file = repositoryFile(result, l.file);
  if (l.endLine === l.line) {
    return [
      ['file', file],
      ['line', l.line],
      ['col', l.column],
      ['endLine', l.endLine],
      ['endColumn', l.endColumn],
    ];
  }
  return [
    ['file', l.file],
    ['line', l.line],
    ['endLine', l.endLine],
  ];
}

export function formatGithub(result: RunResult, options: Partial<GithubOptions> = {}): string {
  const keep = (s: Severity) => !options.quiet || s === 'error';
  const max = options.maxAnnotations ?? ANNOTATIONS_PER_LEVEL;
  const written: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const more: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  // counted first, built only when written: a run with 100,000 findings masks 30 messages
  const room = (severity: Severity): boolean => {
    if (max > 0 && written[severity] >= max) {
      more[severity]++;
      return false;
    }
    written[severity]++;
    return true;
  };
  const lines: string[] = [];
  for (const d of result.diagnostics) {
    const severity = severityOf(d.severity);
    if (d.suppression || !keep(severity) || !room(severity)) continue;
    lines.push(command(severity, [...locProps(result, d.loc), ['title', d.ruleId]], message(result, d.message)));
  }
  for (const n of result.notices) {
    const severity = severityOf(n.level);
    if (!keep(severity) || !room(severity)) continue;
    const props: [string, string | number][] = n.loc ? locProps(result, n.loc) : [];
    props.push(['title', n.ruleId ? `${n.id} (${n.ruleId})` : n.id]);
    lines.push(command(severity, props, message(result, n.message)));
  }
  // plain lines (no `::`): only numbers and fixed words, nothing a runner would execute
  for (const severity of ['error', 'warning', 'note'] as const) {
    const n = more[severity];
    if (!n) continue;
    const [one, many] = NOUN[severity];
    lines.push(
      `sls-lint: ${n} more ${n === 1 ? one : many} not annotated (GitHub shows ${max} ${many} per step); the step summary (--format markdown) counts every finding by rule and --format text lists them all`,
    );
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

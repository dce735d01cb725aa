/**
 * GitHub Actions workflow commands: one `::error|warning|notice …::message` line per unsuppressed
 * finding and per tool notice, which the runner turns into annotations on the pull request.
 *
 *   ::error file=serverless.yml,line=3,col=11,endLine=3,endColumn=14,title=iam/no-wildcard-action::Unexpected …
 *
 * Annotations carry columns only within one line, so a region spanning lines gives `line`/`endLine`
 * without `col`/`endColumn`.
 */
import type { Loc, Severity } from '../core/types.js';
import type { RunResult } from '../engine/result.js';
import { message, normalizeLoc, severityOf } from './common.js';

export interface GithubOptions {
  /** errors only */
  quiet: boolean;
}

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

function locProps(loc: Loc): [string, number | string][] {
  const l = normalizeLoc(loc);
  if (l.endLine === l.line) {
    return [
      ['file', l.file],
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
  const lines: string[] = [];
  for (const d of result.diagnostics) {
    const severity = severityOf(d.severity);
    if (d.suppression || !keep(severity)) continue;
    lines.push(command(severity, [...locProps(d.loc), ['title', d.ruleId]], message(result, d.message)));
  }
  for (const n of result.notices) {
    const severity = severityOf(n.level);
    if (!keep(severity)) continue;
    const props: [string, string | number][] = n.loc ? locProps(n.loc) : [];
    props.push(['title', n.ruleId ? `${n.id} (${n.ruleId})` : n.id]);
    lines.push(command(severity, props, message(result, n.message)));
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

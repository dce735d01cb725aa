/**
 * `--format markdown`: a short report for a GitHub step summary (`$GITHUB_STEP_SUMMARY`) or a pull
 * request comment. A title, the counts by level and by rule, the most severe findings (at most 20,
 * each linked to its file and line), what could not be analysed, and the number of tool notices.
 *
 * Everything that comes from the scanned project — paths, messages, rule ids of plugins — is
 * Markdown-escaped (pipes, backticks, brackets, emphasis, HTML), so a file named `a|b<img>` stays
 * text in its table cell. Messages pass through the run's redactor like in every other format.
 * Links are relative to the source root unless the caller passes `linkBase` (for GitHub:
 * `https://github.com/<owner>/<repo>/blob/<sha>/`, see `githubLinkBase`); nothing here reads the
 * environment.
 */
import type { Loc, Severity, ToolNotice } from '../core/types.js';
import type { Diagnostic, RunResult } from '../engine/result.js';
import {
  cmp,
  coverageSentences,
  notAnalysedNotices,
  escapeControl,
  message,
  normalizeLoc,
  plural,
  severityOf,
  summarize,
} from './common.js';
import { truncate } from './markdown.js';

export interface MarkdownOptions {
  /**
   * Prefix of file links, ending in `/`: a file's posix path relative to the source root is appended
   * (then `#L<line>`). Absent: links are relative paths.
   */
  linkBase: string;
  /** findings listed in "Top findings" (default 20); the counts cover every one */
  maxFindings: number;
}

export const MAX_LISTED = 20;
/** characters of a message in a table cell (before escaping) */
const MAX_MESSAGE = 300;

const RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };
const LABEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', note: 'Note' };

/**
 * Text that renders as itself inside a table cell (never at the start of a line, so list and heading
 * markers need nothing): control characters and line breaks made visible, `&`, `<`, `>` as entities
 * (no HTML), and behind a backslash what means something inline — code spans, emphasis, links and
 * images, the cell separator, strikethrough, math `$`, `@` mentions.
 */
export function escapeMarkdown(text: string): string {
  return escapeControl(text, false)
    .replace(/[\\`*_[\]|~$@]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A path or URL part percent-encoded so that it cannot end a link destination or open another. */
function encodePath(file: string): string {
  return file
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** An https URL as a link destination, or undefined for anything else. */
function safeUrl(url: string | undefined): string | undefined {
  if (typeof url !== 'string' || !/^https:\/\/[^\s<>()"'`\\]+$/.test(url)) return undefined;
  return url;
}

function locLink(loc: Loc, opts: Partial<MarkdownOptions>): string {
  const l = normalizeLoc(loc);
  const label = `${escapeMarkdown(l.file)}:${l.line}`;
  const anchor = l.endLine > l.line ? `#L${l.line}-L${l.endLine}` : `#L${l.line}`;
  const base = typeof opts.linkBase === 'string' && safeUrl(opts.linkBase) ? opts.linkBase : '';
  return `[${label}](${base}${encodePath(l.file)}${anchor})`;
}

function cell(text: string): string {
  return escapeMarkdown(truncate(text, MAX_MESSAGE));
}

/** Most severe first; within a level, the run's order (file, line, column, rule). */
function topFindings(live: Diagnostic[]): Diagnostic[] {
  return live
    .map((d, i) => ({ d, i }))
    .sort((a, b) => RANK[severityOf(a.d.severity)] - RANK[severityOf(b.d.severity)] || a.i - b.i)
    .map((x) => x.d);
}

/** Error-level notices (a file skipped, a parse error, a budget exceeded) and rule crashes. */

export function formatMarkdown(result: RunResult, options: Partial<MarkdownOptions> = {}): string {
  const max = Number.isInteger(options.maxFindings) && options.maxFindings! > 0 ? options.maxFindings! : MAX_LISTED;
  const s = summarize(result);
  const live = result.diagnostics.filter((d) => !d.suppression);
  const out: string[] = ['## sls-lint', ''];

  const extra = [`${plural(s.filesScanned, 'file')} scanned`];
  if (s.suppressed) extra.push(`${s.suppressed} suppressed`);
  if (s.baselined) extra.push(`${s.baselined} in the baseline`);
  extra.push(plural(result.notices.length, 'tool notice'));
  const total = s.errors + s.warnings + s.notes;
  out.push(
    `${total ? `**${plural(total, 'finding')}**` : '**No findings**'}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')} · ${extra.join(' · ')}`,
    '',
  );

  if (total) {
    out.push('| Level | Findings |', '| --- | ---: |');
    out.push(`| Error | ${s.errors} |`, `| Warning | ${s.warnings} |`, `| Note | ${s.notes} |`, '');

    const byRule = new Map<string, Record<Severity, number>>();
    for (const d of live) {
      const c = byRule.get(d.ruleId) ?? { error: 0, warning: 0, note: 0 };
      c[severityOf(d.severity)]++;
      byRule.set(d.ruleId, c);
    }
    const help = new Map(result.rules.map((r) => [r.meta.id, r.helpUri]));
    const rows = [...byRule].sort(([a, ca], [b, cb]) => cb.error - ca.error || cb.warning - ca.warning || cb.note - ca.note || cmp(a, b));
    out.push('### Findings by rule', '', '| Rule | Error | Warning | Note |', '| --- | ---: | ---: | ---: |');
    for (const [id, c] of rows) {
      const url = safeUrl(help.get(id));
      const name = escapeMarkdown(id);
      out.push(`| ${url ? `[${name}](${url})` : name} | ${c.error} | ${c.warning} | ${c.note} |`);
    }
    out.push('');

    const top = topFindings(live).slice(0, max);
    out.push(`### Top findings`, '', '| Level | Location | Rule | Message |', '| --- | --- | --- | --- |');
    for (const d of top) {
      out.push(
        `| ${LABEL[severityOf(d.severity)]} | ${locLink(d.loc, options)} | ${escapeMarkdown(d.ruleId)} | ${cell(message(result, d.message))} |`,
      );
    }
    out.push('');
    if (live.length > top.length)
      out.push(`The ${top.length} most severe of ${live.length} findings; \`--format text\` or \`sarif\` lists every one.`, '');
  }

  // what was analysed, and what was not by reason (the notices below say which files)
  const coverage = coverageSentences(result);
  if (coverage.length) out.push(...coverage.map((line) => `- ${escapeMarkdown(line.charAt(0).toUpperCase() + line.slice(1))}`), '');

  const skipped = notAnalysedNotices(result.notices);
  if (skipped.length) {
    const listed = skipped.slice(0, max);
    out.push('### Not analysed', '', '| Notice | Location | Message |', '| --- | --- | --- |');
    for (const n of listed) {
      const id = n.ruleId ? `${n.id} (${n.ruleId})` : n.id;
      out.push(`| ${escapeMarkdown(id)} | ${n.loc ? locLink(n.loc, options) : '—'} | ${cell(message(result, n.message))} |`);
    }
    out.push('');
    if (skipped.length > listed.length) out.push(`The first ${listed.length} of ${skipped.length}.`, '');
  }

  if (result.notices.length) {
    const byId = new Map<string, number>();
    for (const n of result.notices) byId.set(n.id, (byId.get(n.id) ?? 0) + 1);
    const parts = [...byId].sort(([a], [b]) => cmp(a, b)).map(([id, n]) => `${n} ${escapeMarkdown(id)}`);
    out.push(`Tool notices: ${parts.join(', ')}.`, '');
  }
  return out.join('\n');
}

/**
 * The `linkBase` for GitHub: `<server>/<owner>/<repo>/blob/<sha>/<dir>/`, where `dir` is the source
 * root's posix path inside the repository ('' at its root). Undefined unless the three values look like
 * what GitHub sets and `dir` stays inside the repository.
 */
export function githubLinkBase(
  env: { GITHUB_SERVER_URL?: string | undefined; GITHUB_REPOSITORY?: string | undefined; GITHUB_SHA?: string | undefined },
  dir: string,
): string | undefined {
  const server = env.GITHUB_SERVER_URL?.replace(/\/+$/, '');
  const repo = env.GITHUB_REPOSITORY;
  const sha = env.GITHUB_SHA;
  if (!server || !/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(server)) return undefined;
  if (!repo || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo)) return undefined;
  if (!sha || !/^[0-9a-f]{7,64}$/i.test(sha)) return undefined;
  const parts = dir.split('/').filter((p) => p && p !== '.');
  if (parts.includes('..')) return undefined;
  return `${server}/${repo}/blob/${sha}/${parts.length ? encodePath(parts.join('/')) + '/' : ''}`;
}

/**
 * Human output in ESLint's "stylish" shape:
 *
 *   serverless.yml
 *      3:11  error    Unexpected "*" in an Allow statement; list the actions  iam/no-wildcard-action
 *     12:5   warning  …                                                        cost/…
 *
 *   ✖ 2 problems (1 error, 1 warning, 0 notes)
 *
 * Files sorted by path, rows by position; tool notices (parse errors, rule crashes, …) are rows of
 * their file, or of a trailing "general" group when they have no location. Colour is decided by the
 * caller (never by chalk's own terminal detection) so the same call always gives the same bytes.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { LocatedMessage, Loc, Severity } from '../core/types.js';
import type { RunResult } from '../engine/result.js';
import {
  cmp,
  compareRows,
  coverageSentences,
  escapeControl,
  message,
  normalizeLoc,
  plural,
  severityOf,
  sourceLine,
  summarize,
} from './common.js';
import { neutralizeWorkflowCommands } from './workflow.js';
import { analysedAnything, NOTHING_ANALYSED } from '../engine/coverage.js';

export interface TextOptions {
  /** ANSI colours (the CLI decides: TTY and no NO_COLOR) */
  color: boolean;
  /** show the offending source line(s) under each row with the region underlined */
  frames: boolean;
  /** show errors only (warnings, notes and non-error notices are left out, as in the summary) */
  quiet: boolean;
  /**
   * Columns to fit (the terminal's width, 80 when not a terminal: the CLI decides); messages wrap
   * under their column. 0 or absent: no wrapping.
   */
  width: number;
}

/** A finding or tool notice as one row of a file's table. */
interface Row {
  severity: Severity;
  /** rule id for findings, notice id for notices */
  id: string;
  /** redacted */
  message: string;
  /** absent for notices of the general group */
  loc?: Loc;
  /** a finding's path from its source, shown with the frames */
  flow?: LocatedMessage[];
}

/** Heading of the group of notices that have no file. */
export const GENERAL_GROUP = 'general';

/** Longest source line shown in a code frame; longer lines are windowed around the region. */
const MAX_FRAME_WIDTH = 120;
/** Code frames show at most this many lines of a multi-line region. */
const MAX_FRAME_LINES = 3;

export function formatText(result: RunResult, options: Partial<TextOptions> = {}): string {
  const opts: TextOptions = { color: false, frames: false, quiet: false, width: 0, ...options };
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const keep = (s: Severity) => !opts.quiet || s === 'error';

  // Group rows by file; notices without a location go to the general group.
  const groups = new Map<string, Row[]>();
  const general: Row[] = [];
  const add = (file: string, row: Row) => {
    let list = groups.get(file);
    if (!list) groups.set(file, (list = []));
    list.push(row);
  };
  for (const d of result.diagnostics) {
    if (d.suppression || !keep(severityOf(d.severity))) continue;
    const loc = normalizeLoc(d.loc);
    add(loc.file, {
      severity: severityOf(d.severity),
      id: d.ruleId,
      message: message(result, d.message),
      loc,
      ...(d.flow ? { flow: d.flow } : {}),
    });
  }
  let notices = 0;
  for (const n of result.notices) {
    const severity = severityOf(n.level);
    if (!keep(severity)) continue;
    notices++;
    const row: Row = { severity, id: n.id, message: message(result, n.message) };
    if (n.loc) {
      row.loc = normalizeLoc(n.loc);
      add(row.loc.file, row);
    } else general.push(row);
  }

  const out: string[] = [];
  for (const file of [...groups.keys()].sort(cmp)) {
    out.push(c.underline(escapeControl(file, false)));
    for (const line of table(groups.get(file)!.sort(compareRows), result, opts, c)) out.push(line);
    out.push('');
  }
  if (general.length) {
    out.push(c.underline(GENERAL_GROUP));
    for (const line of table(general.sort(compareRows), result, opts, c)) out.push(line);
    out.push('');
  }
  // quiet, as ESLint's -q: nothing at all when there is no error to show
  if (opts.quiet && !out.length) return '';
  out.push(summaryLine(result, opts, c, notices));
  if (!opts.quiet) {
    for (const line of coverageSentences(result)) {
      const [first, ...more] = opts.width ? wrap(line, Math.max(MIN_MESSAGE_WIDTH, opts.width - 4)) : [line];
      out.push(c.dim(`  ${first}`), ...more.map((m) => c.dim(`    ${m}`)));
    }
    // the docs reference of every finding: its rule id, explained by the CLI (and linked on a terminal)
    if (result.diagnostics.some((d) => !d.suppression)) out.push(c.dim('  rule docs: sls-lint --explain <rule-id>'));
  }
  // the reports asked for, after the findings: a heading, then each report's own table
  for (const r of result.reports ?? []) {
    out.push('', c.bold(`${escapeControl(r.name, false)} report`));
    const style = {
      width: opts.width,
      color: opts.color,
      bold: (t: string) => c.bold(t),
      dim: (t: string) => c.dim(t),
      escape: (t: string) => escapeControl(t, false),
    };
    out.push(...r.text(style));
  }
  // no line may read as a GitHub Actions workflow command (a path like `::add-mask::x/serverless.yml`)
  return neutralizeWorkflowCommands(out.join('\n') + '\n');
}

function severityColor(c: ChalkInstance, s: Severity): ChalkInstance {
  return s === 'error' ? c.red : s === 'warning' ? c.yellow : c.blue;
}

/** The aligned rows of one group (plus code frames when asked). */
function table(rows: Row[], result: RunResult, opts: TextOptions, c: ChalkInstance): string[] {
  const lineW = widest(rows, (r) => (r.loc ? String(r.loc.line).length : 0));
  const colW = widest(rows, (r) => (r.loc ? String(r.loc.column).length : 0));
  const posW = lineW + colW + (lineW ? 1 : 0);
  const sevW = widest(rows, (r) => r.severity.length);
  const msgs = rows.map((r) => escapeControl(r.message, false));
  const ids = rows.map((r) => escapeControl(r.id, false));
  // the message column: as wide as the longest message, or what the width leaves beside the ids
  const indent = 2 + (posW ? posW + 2 : 0) + sevW + 2;
  const room = opts.width ? opts.width - indent - 2 - widest(ids, (id) => id.length) : Infinity;
  // too narrow beside the ids (a long rule id in a terminal of 80): the id goes first, the message
  // below it at the whole width
  const stacked = room < MIN_MESSAGE_WIDTH;
  const msgW = stacked
    ? Math.max(MIN_MESSAGE_WIDTH, opts.width - indent)
    : Math.min(
        widest(msgs, (m) => m.length),
        room,
      );
  const docs = new Map(result.rules.map((r) => [r.meta.id, r.helpUri]));
  const out: string[] = [];
  rows.forEach((r, i) => {
    const cells: string[] = [];
    // a group of notices without any position (the general group) has no position column
    if (posW) {
      const pos = r.loc ? String(r.loc.line).padStart(lineW) + ':' + String(r.loc.column).padEnd(colW) : '';
      cells.push(c.dim(pos.padEnd(posW)));
    }
    cells.push(severityColor(c, r.severity)(r.severity) + ' '.repeat(sevW - r.severity.length));
    const lines = opts.width ? wrap(msgs[i]!, msgW) : [msgs[i]!];
    // the rule id is the finding's docs reference: a link to its page on a terminal that shows links
    const help = docs.get(r.id);
    const id = c.dim(opts.color && help ? hyperlink(ids[i]!, help) : ids[i]!);
    if (stacked) cells.push(id);
    else cells.push(lines[0]!.padEnd(msgW), id);
    out.push('  ' + cells.join('  '));
    for (const more of stacked ? lines : lines.slice(1)) out.push(' '.repeat(indent) + more);
    if (opts.frames && r.loc) out.push(...codeFrame(result, r.loc, r.severity, c));
    if (opts.frames && r.flow) out.push(...flowLines(result, r.flow, c));
  });
  return out;
}

/** Narrowest message column beside the rule ids; narrower, the id goes on a line of its own. */
const MIN_MESSAGE_WIDTH = 40;

/**
 * Words of a message in lines of at most `width` characters (a word longer than that is cut), so a
 * message wraps under its own column.
 */
export function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    while (w.length > width) {
      if (line) lines.push(line);
      line = '';
      lines.push(w.slice(0, width));
      w = w.slice(width);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ' ' + w;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}

/** An OSC 8 terminal hyperlink (shown as plain text by terminals that do not support them). */
function hyperlink(text: string, url: string): string {
  return `\x1b]8;;${escapeControl(url, false)}\x1b\\${text}\x1b]8;;\x1b\\`;
}

/** The steps of a flow, one line each: `      ↳ src/db.ts:12:5  passed to \`query\``. */
function flowLines(result: RunResult, flow: LocatedMessage[], c: ChalkInstance): string[] {
  return flow.map((s) => {
    const loc = normalizeLoc(s.loc);
    return `      ${c.dim('↳')} ${c.dim(`${escapeControl(loc.file, false)}:${loc.line}:${loc.column}`)}  ${escapeControl(message(result, s.message), false)}`;
  });
}

/** Largest width over a list (a loop, not `Math.max(...list)`, which overflows on huge lists). */
function widest<T>(items: T[], width: (item: T) => number): number {
  let w = 0;
  for (const item of items) w = Math.max(w, width(item));
  return w;
}

function summaryLine(result: RunResult, opts: TextOptions, c: ChalkInstance, notices: number): string {
  const s = summarize(result);
  if (opts.quiet) {
    s.warnings = 0;
    s.notes = 0;
  }
  const extra: string[] = [];
  if (s.suppressed) extra.push(`${s.suppressed} suppressed`);
  if (s.baselined) extra.push(`${s.baselined} in baseline`);
  if (notices) extra.push(plural(notices, 'tool notice'));
  // which config applied (none named: the defaults did)
  const tail =
    extra.map((e) => `, ${e}`).join('') + (result.configFile !== undefined ? ` (config ${escapeControl(result.configFile, false)})` : '');
  const problems = s.errors + s.warnings + s.notes;
  if (!problems && result.coverage && !analysedAnything(result.coverage)) return c.red.bold(`✖ ${NOTHING_ANALYSED}`) + tail;
  // a file that could not be read or parsed was not linted: never call that a clean result
  const unlinted = result.notices.filter(
    (n) => n.id === 'parse-error' || n.id === 'rule-error' || (n.id === 'file-skipped' && n.level !== 'note'),
  ).length;
  if (!problems && unlinted)
    return c.red.bold(`✖ No findings, but ${plural(unlinted, 'file problem')} kept part of the project from being linted`) + tail;
  // a notice at error level (an unused disable directive under --report-unused-disable-directives)
  // fails the run: the summary must not read as clean
  const failing = result.notices.filter((n) => n.level === 'error').length;
  if (!problems && failing) return c.red.bold(`✖ No findings, but ${plural(failing, 'tool notice')} at level error`) + tail;
  if (!problems) return c.green('✔ No problems found') + tail;
  const head =
    `✖ ${plural(problems, 'problem')} ` + `(${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')})`;
  const color = s.errors ? c.red : s.warnings ? c.yellow : c.blue;
  return color.bold(head + tail);
}

/**
 * The offending line(s) with the region underlined:
 *
 *       3 |     Action: '*'
 *         |             ^^^
 *
 * Source text comes only through `sourceLine` (redacted) and is escaped for the terminal. Columns
 * are UTF-16 based like the model's; a mask that changed the line's length can shift the underline,
 * never reveal text.
 */
function codeFrame(result: RunResult, loc: Loc, severity: Severity, c: ChalkInstance): string[] {
  const out: string[] = [];
  for (const row of frameRows(result, loc)) {
    out.push(`    ${c.dim(row.gutter + ' |')} ${row.line.text}`.trimEnd());
    if (row.underline)
      out.push(
        `    ${c.dim(' '.repeat(row.gutter.length) + ' |')} ${row.line.pad}${severityColor(c, severity)('^'.repeat(row.line.width))}`,
      );
  }
  return out;
}

/**
 * The lines of a code frame (at most MAX_FRAME_LINES), each with its gutter text, its windowed text
 * and underline, and whether to underline it (a blank line inside a multi-line region has nothing to
 * underline); every format that shows frames renders these rows its own way.
 */
export function frameRows(result: RunResult, loc: Loc): { gutter: string; line: ReturnType<typeof frameLine>; underline: boolean }[] {
  const last = Math.min(loc.endLine, loc.line + MAX_FRAME_LINES - 1);
  const gutterW = String(last).length;
  const rows: { gutter: string; line: ReturnType<typeof frameLine>; underline: boolean }[] = [];
  for (let n = loc.line; n <= last; n++) {
    const text = sourceLine(result, loc.file, n);
    if (text === undefined) break;
    const indent = text.length - text.trimStart().length;
    const start = n === loc.line ? loc.column - 1 : indent;
    const end = n === loc.endLine ? loc.endColumn - 1 : text.length;
    rows.push({ gutter: String(n).padStart(gutterW), line: frameLine(text, start, end), underline: n === loc.line || !!text.trim() });
  }
  return rows;
}

/**
 * One source line as displayed (windowed if long, control characters escaped) and the padding and
 * width of the underline for the region [start, end) given in UTF-16 offsets of the line.
 */
export function frameLine(line: string, start: number, end: number): { text: string; pad: string; width: number } {
  start = Math.max(0, Math.min(start, line.length));
  end = Math.max(start, Math.min(end, line.length));
  let from = 0;
  let to = line.length;
  if (line.length > MAX_FRAME_WIDTH) {
    from = Math.max(0, Math.min(start - 20, line.length - MAX_FRAME_WIDTH));
    to = from + MAX_FRAME_WIDTH;
    // never cut a surrogate pair in half
    if (isLowSurrogate(line.charCodeAt(from))) from++;
    if (to < line.length && isLowSurrogate(line.charCodeAt(to))) to++;
  }
  let text = from > 0 ? '…' : '';
  let pad = from > 0 ? ' ' : '';
  let width = 0;
  for (let i = from; i < to; i++) {
    const ch = line[i]!;
    const shown = escapeControl(ch);
    text += shown;
    if (i < start) pad += ch === '\t' ? '\t' : ' '.repeat(shown.length);
    else if (i < end) width += shown.length;
  }
  if (to < line.length) text += '…';
  // The region may begin or end outside the window: clip the underline to what is shown.
  if (start < from) pad = from > 0 ? ' ' : '';
  return { text, pad, width: Math.max(1, width) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * `--format html`: one self-contained page to open in a browser or keep as a CI artifact. A summary
 * (counts by level and by rule, what was analysed and what was not), a table of the functions with
 * their findings by level, then every finding grouped by function and rule with its message,
 * location, documentation link and code frame, and the tool notices.
 *
 * - Self-contained: inline CSS, no script, nothing loaded from anywhere; a Content-Security-Policy
 *   forbids scripts and remote loads should anything slip through. Links to rule documentation are
 *   plain https anchors.
 * - Everything from the scanned project is escaped (`escapeMarkup`): a message holding `<script>`
 *   is text on the page. Messages and source lines pass through the run's redactor.
 * - A finding belongs to a function when it lies in the function's definition in its manifest, or
 *   in its handler file (to every function sharing that file); other findings (provider settings,
 *   shared resources, files no handler names) are listed as not tied to one function.
 * - No time, no absolute path: the same input gives the same bytes.
 */
import type { LocatedMessage, Loc, Severity } from '../core/types.js';
import type { RunFunction } from '../engine/functions.js';
import type { Diagnostic, RunResult } from '../engine/result.js';
import { cmp, coverageSentences, message, normalizeLoc, notAnalysedNotices, plural, severityOf, summarize } from './common.js';
import { analysedAnything, NOTHING_ANALYSED } from '../engine/coverage.js';
import { frameRows } from './text.js';
import { escapeMarkup as esc, safeHttpsUrl } from './xml.js';

const LEVELS: Severity[] = ['error', 'warning', 'note'];
const LABEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', note: 'Note' };
export const UNTIED_GROUP = 'Not tied to one function';

type Counts = Record<Severity, number>;
const zero = (): Counts => ({ error: 0, warning: 0, note: 0 });

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:0 16px 32px;color:#1f2328;background:#fff}
h1{font-size:24px;margin:20px 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:16px;margin:18px 0 6px}
table{border-collapse:collapse;margin:6px 0 12px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}pre.frame{background:#f6f8fa;border:1px solid #d0d7de;padding:6px 8px;overflow-x:auto;margin:6px 0}
.mark{color:#cf222e;font-weight:bold}.verdict{font-size:16px;margin:0 0 12px}
.level{display:inline-block;min-width:58px;font-weight:600}.level-error .level,.error{color:#cf222e}.level-warning .level,.warning{color:#9a6700}.level-note .level,.note{color:#0969da}
.finding{border-left:4px solid #d0d7de;padding:2px 10px;margin:8px 0}.finding.level-error{border-color:#cf222e}.finding.level-warning{border-color:#d4a72c}.finding.level-note{border-color:#54aeff}
.message{margin:2px 0;white-space:pre-wrap;overflow-wrap:anywhere}.where{margin:2px 0;color:#59636e}details.rule>summary{cursor:pointer;font-weight:600;margin:6px 0}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:2px 16px}dl.facts dt{font-weight:600}dl.facts dd{margin:0}ol.flow{margin:4px 0;padding-left:22px}
`;

/** The functions a finding belongs to (see the header). */
export function functionsOfFinding(loc: Loc, functions: readonly RunFunction[]): RunFunction[] {
  const l = normalizeLoc(loc);
  const defined = functions.filter((f) => f.manifest === l.file && l.line >= f.region.line && l.line <= f.region.endLine);
  if (defined.length) return defined;
  return functions.filter((f) => f.entryFile === l.file);
}

const fnKey = (f: RunFunction): string => `${f.manifest}\u0000${f.id}`;

function fnLabel(f: RunFunction): string {
  return f.name && f.name !== f.id ? `${f.id} (${f.name})` : f.id;
}

function link(url: string | undefined, text: string): string {
  const href = safeHttpsUrl(url);
  return href ? `<a href="${esc(href, true)}">${esc(text)}</a>` : esc(text);
}

function place(l: Loc): string {
  return `${l.file}:${l.line}:${l.column}`;
}

/** The offending lines with the region underlined, from redacted source lines only. */
function codeFrame(result: RunResult, loc: Loc): string {
  const lines: string[] = [];
  for (const row of frameRows(result, loc)) {
    lines.push(`${row.gutter} | ${esc(row.line.text)}`.trimEnd());
    if (row.underline)
      lines.push(`${' '.repeat(row.gutter.length)} | ${esc(row.line.pad)}<span class="mark">${'^'.repeat(row.line.width)}</span>`);
  }
  return lines.length ? `<pre class="frame">${lines.join('\n')}</pre>` : '';
}

function flowList(result: RunResult, flow: LocatedMessage[]): string {
  const items = flow.map((s) => `<li><code>${esc(place(normalizeLoc(s.loc)))}</code> ${esc(message(result, s.message))}</li>`);
  return `<ol class="flow">${items.join('')}</ol>`;
}

function finding(result: RunResult, d: Diagnostic, help: Map<string, string>): string {
  const loc = normalizeLoc(d.loc);
  const level = severityOf(d.severity);
  const docs = safeHttpsUrl(help.get(d.ruleId));
  const parts = [
    `<article class="finding level-${level}" data-rule="${esc(d.ruleId, true)}" data-level="${level}">`,
    `<p class="message"><span class="level">${LABEL[level]}</span> ${esc(message(result, d.message))}</p>`,
    `<p class="where"><code class="loc">${esc(place(loc))}</code>${docs ? ` · <a href="${esc(docs, true)}">${esc(d.ruleId)} docs</a>` : ''}</p>`,
    codeFrame(result, loc),
    d.flow?.length ? flowList(result, d.flow) : '',
    '</article>',
  ];
  return parts.filter(Boolean).join('\n');
}

function countRow(c: Counts): string {
  return LEVELS.map((l) => `<td class="n ${l}">${c[l]}</td>`).join('');
}

export function formatHtml(result: RunResult): string {
  const s = summarize(result);
  const live = result.diagnostics.filter((d) => !d.suppression);
  const functions = result.functions ?? [];
  const help = new Map(result.rules.map((r) => [r.meta.id, r.helpUri]));
  const total = s.errors + s.warnings + s.notes;
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>sls-lint report</title>',
    `<style>${CSS.trim()}</style>`,
    '</head>',
    '<body>',
    '<h1>sls-lint report</h1>',
    `<p class="verdict" id="verdict">${total ? esc(`${plural(total, 'finding')}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')}`) : result.coverage && !analysedAnything(result.coverage) ? esc(NOTHING_ANALYSED) : 'No findings'}</p>`,
  ];

  // --- summary
  out.push('<section id="summary">', '<h2>Summary</h2>');
  out.push('<table id="levels"><thead><tr><th>Level</th><th>Findings</th></tr></thead><tbody>');
  for (const l of LEVELS)
    out.push(`<tr data-level="${l}"><td class="${l}">${LABEL[l]}</td><td class="n">${s[`${l}s` as 'errors']}</td></tr>`);
  out.push('</tbody></table>');
  const skipped = notAnalysedNotices(result.notices);
  const facts: [string, string][] = [
    ['Files scanned', String(s.filesScanned)],
    ['Functions', result.functions ? String(functions.length) : 'not known'],
    ['Rules run', String(result.rules.length)],
    ['Config', result.configFile !== undefined ? result.configFile : 'none (defaults)'],
    ['Suppressed', String(s.suppressed)],
    ['In the baseline', String(s.baselined)],
    ['Tool notices', String(result.notices.length)],
    ['Not analysed', skipped.length ? plural(skipped.length, 'problem') : 'nothing'],
  ];
  out.push(
    '<dl class="facts" id="facts">',
    ...facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd data-fact="${esc(k, true)}">${esc(v)}</dd>`),
    '</dl>',
  );
  // what was analysed, and by reason what was not
  const coverage = coverageSentences(result);
  if (coverage.length)
    out.push('<ul id="coverage">', ...coverage.map((c) => `<li>${esc(c.charAt(0).toUpperCase() + c.slice(1))}</li>`), '</ul>');
  if (live.length) {
    const byRule = new Map<string, Counts>();
    for (const d of live) {
      const c = byRule.get(d.ruleId) ?? zero();
      c[severityOf(d.severity)]++;
      byRule.set(d.ruleId, c);
    }
    const rows = [...byRule].sort(([a, ca], [b, cb]) => cb.error - ca.error || cb.warning - ca.warning || cb.note - ca.note || cmp(a, b));
    out.push(
      '<h3>Findings by rule</h3>',
      '<table id="by-rule"><thead><tr><th>Rule</th><th>Error</th><th>Warning</th><th>Note</th></tr></thead><tbody>',
    );
    for (const [id, c] of rows) out.push(`<tr data-rule="${esc(id, true)}"><td>${link(help.get(id), id)}</td>${countRow(c)}</tr>`);
    out.push('</tbody></table>');
  }
  if (skipped.length) {
    out.push(
      '<h3>Not analysed</h3>',
      '<table id="not-analysed"><thead><tr><th>Notice</th><th>Location</th><th>Message</th></tr></thead><tbody>',
    );
    for (const n of skipped) {
      const id = n.ruleId ? `${n.id} (${n.ruleId})` : n.id;
      out.push(
        `<tr><td>${esc(id)}</td><td>${n.loc ? `<code>${esc(place(normalizeLoc(n.loc)))}</code>` : '—'}</td><td>${esc(message(result, n.message))}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');

  // --- findings by function
  const groups = new Map<string, { title: string; manifest?: string; items: Diagnostic[] }>();
  const perFn = new Map<string, Counts>(functions.map((f) => [fnKey(f), zero()]));
  for (const f of functions) groups.set(fnKey(f), { title: fnLabel(f), manifest: f.manifest, items: [] });
  const shared: string[] = [];
  const untied: Diagnostic[] = [];
  for (const d of live) {
    const of = functionsOfFinding(d.loc, functions);
    for (const f of of) perFn.get(fnKey(f))![severityOf(d.severity)]++;
    if (!of.length) untied.push(d);
    else if (of.length === 1) groups.get(fnKey(of[0]!))!.items.push(d);
    else {
      const key = `shared\u0000${of.map(fnKey).join('\u0001')}`;
      if (!groups.has(key)) {
        groups.set(key, { title: of.map(fnLabel).join(', '), items: [] });
        shared.push(key);
      }
      groups.get(key)!.items.push(d);
    }
  }

  out.push('<section id="functions">', '<h2>Functions</h2>');
  if (!functions.length) out.push(`<p>${result.functions ? 'No function was found.' : 'The run did not list its functions.'}</p>`);
  else {
    out.push(
      '<table id="function-table"><thead><tr><th>Function</th><th>Platform</th><th>Manifest</th><th>Handler</th><th>Error</th><th>Warning</th><th>Note</th></tr></thead><tbody>',
    );
    for (const f of functions) {
      const handler = f.handler ? esc(f.handler) + (f.entryFile ? ` → <code>${esc(f.entryFile)}</code>` : ' (not found)') : '—';
      out.push(
        `<tr class="function" data-function="${esc(f.id, true)}"><td>${esc(fnLabel(f))}</td><td>${esc(`${f.platform} (${f.origin})`)}</td><td><code>${esc(`${f.manifest}:${f.region.line}`)}</code></td><td>${handler}</td>${countRow(perFn.get(fnKey(f))!)}</tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');

  out.push('<section id="findings">', '<h2>Findings</h2>');
  if (!live.length) out.push('<p>No findings.</p>');
  const order = [...functions.map(fnKey), ...shared];
  const sections: { title: string; manifest?: string; items: Diagnostic[] }[] = order
    .map((k) => groups.get(k)!)
    .filter((g) => g.items.length);
  if (untied.length) sections.push({ title: UNTIED_GROUP, items: untied });
  for (const g of sections) {
    out.push(
      `<section class="group" data-group="${esc(g.title, true)}">`,
      `<h3>${esc(g.title)}${g.manifest ? ` <small><code>${esc(g.manifest)}</code></small>` : ''} — ${esc(plural(g.items.length, 'finding'))}</h3>`,
    );
    const byRule = new Map<string, Diagnostic[]>();
    for (const d of g.items) byRule.set(d.ruleId, [...(byRule.get(d.ruleId) ?? []), d]);
    for (const id of [...byRule.keys()].sort(cmp)) {
      const list = byRule.get(id)!;
      out.push(`<details class="rule" open><summary>${esc(id)} (${list.length})</summary>`);
      for (const d of list) out.push(finding(result, d, help));
      out.push('</details>');
    }
    out.push('</section>');
  }
  out.push('</section>');

  if (result.notices.length) {
    out.push('<section id="notices">', '<h2>Tool notices</h2>');
    out.push('<table id="notice-table"><thead><tr><th>Level</th><th>Notice</th><th>Location</th><th>Message</th></tr></thead><tbody>');
    for (const n of result.notices) {
      const level = severityOf(n.level);
      const id = n.ruleId ? `${n.id} (${n.ruleId})` : n.id;
      out.push(
        `<tr data-level="${level}"><td class="${level}">${LABEL[level]}</td><td>${esc(id)}</td><td>${n.loc ? `<code>${esc(place(normalizeLoc(n.loc)))}</code>` : '—'}</td><td>${esc(message(result, n.message))}</td></tr>`,
      );
    }
    out.push('</tbody></table>', '</section>');
  }
  out.push(`<footer><p>${esc(`${result.toolName} ${result.toolVersion}`)}</p></footer>`, '</body>', '</html>', '');
  return out.join('\n');
}

import type { Project, Resource } from '../model/types.js';
import type { Loc, Severity, ToolNotice } from '../core/types.js';
import { get, isMap, seqItems, str } from '../core/node.js';
import type { Diagnostic, Suppression } from './result.js';

/**
 * Inline suppression directives, in any comment syntax the file has (`#` in YAML and .env, `//` or
 * block comments in JS/TS, comments in JSON):
 *
 *   sls-lint-disable-next-line iam/no-wildcard-action -- the deploy role needs it
 *   sls-lint-disable-line secrets/no-plaintext-env, iam/* -- reason
 *   sls-lint-disable-file -- generated file
 *
 * No ids means every rule; `family/*` means every rule of a family. The text after `--` is the
 * reason, carried into SARIF `suppressions[].justification`.
 *
 * The directives are checked too (tool notices located at the directive, or at the id in it): an id
 * that names no registered rule (with the closest one suggested), a directive or an id in one that
 * suppressed nothing (`reportUnusedDisableDirectives`), a directive without a reason
 * (`requireSuppressionReason`). The same holds for CloudFormation resource `Metadata` ignores.
 */
export interface Directive {
  kind: 'next-line' | 'line' | 'file';
  /** empty: all rules */
  ids: string[];
  reason?: string;
  line: number;
}

const DIRECTIVE = /\bsls-lint-disable(-next-line|-line|-file)?\b([^]*)$/;

export function parseDirective(comment: string, line: number): Directive | null {
  const m = DIRECTIVE.exec(comment);
  if (!m) return null;
  const kind = m[1] === '-next-line' ? 'next-line' : m[1] === '-line' ? 'line' : m[1] === '-file' ? 'file' : null;
  if (!kind) return null;
  let rest = m[2] ?? '';
  let reason: string | undefined;
  const sep = rest.indexOf('--');
  if (sep >= 0) {
    reason = rest.slice(sep + 2).trim() || undefined;
    rest = rest.slice(0, sep);
  }
  const ids = rest
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return { kind, ids, reason, line };
}

function matches(ids: string[], ruleId: string): boolean {
  if (!ids.length) return true;
  return ids.some((id) => id === ruleId || (id.endsWith('/*') && ruleId.startsWith(id.slice(0, -1))));
}

function within(inner: Loc, outer: Loc): boolean {
  if (inner.file !== outer.file) return false;
  const startsAfter = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endsBefore = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startsAfter && endsBefore;
}

export interface SuppressOptions {
  /** every rule id the tool knows, whether it ran or not: any other id in a directive is reported */
  knownIds?: readonly string[];
  /** the closest of `ids` to a mistyped id, for "did you mean"; none: no suggestion */
  closest?: (id: string, ids: string[]) => string | undefined;
  /** the rules that ran (and did not crash): only their ids can be judged unused */
  ranIds?: ReadonlySet<string>;
  /** level of the notice for a directive that suppressed nothing; default 'off' */
  reportUnused?: Severity | 'off';
  /** report a directive without a reason (a warning) */
  requireReason?: boolean;
  /** files no rule could read (they did not parse): their directives are not judged unused */
  unjudged?: ReadonlySet<string>;
}

/** One directive as written (a block comment over several lines is one directive, however many lines it covers). */
interface Site {
  file: string;
  /** how it is named in messages: `sls-lint-disable-line`, `Metadata sls-lint ignore` */
  name: string;
  /** what it lists (empty: every rule) */
  ids: string[];
  reason?: string;
  /** the directive: its keyword to its last id or its reason */
  loc: Loc;
  /** where each id is written */
  idLocs: Loc[];
  /** indexes of the ids that suppressed a finding */
  used: Set<number>;
  /** a directive without ids suppressed a finding */
  usedAll: boolean;
  /** the word used for an unknown id: `disable comment`, `Metadata sls-lint ignore` */
  where: string;
  /** how to give a reason */
  reasonHint: string;
}

const KEYWORD = (kind: Directive['kind']): string => (kind === 'file' ? 'sls-lint-disable-file' : `sls-lint-disable-${kind}`);

function locAt(file: string, line: number, column: number, endLine: number, endColumn: number): Loc {
  return { file, line, column, endLine, endColumn };
}

/**
 * Where a directive parsed from the comment on `line` is written: the line that holds its keyword
 * (a block comment is recorded on every line it covers, its keyword on one of them), the keyword's
 * column and each id's place, found in order after it (on its line or the next few a block
 * comment covers). An id not found is placed at the directive.
 */
function locate(file: string, lines: string[], comments: Map<number, string>, d: Directive): { key: string; loc: Loc; idLocs: Loc[] } {
  const keyword = KEYWORD(d.kind);
  const text = comments.get(d.line);
  let origin = d.line;
  if (!(lines[origin - 1] ?? '').includes(keyword)) {
    // a line covered by a block comment: the keyword is on another line of the same comment
    let found = 0;
    for (let l = d.line - 1; l >= 1 && comments.get(l) === text && !found; l--) if ((lines[l - 1] ?? '').includes(keyword)) found = l;
    for (let l = d.line + 1; l <= lines.length && comments.get(l) === text && !found; l++)
      if ((lines[l - 1] ?? '').includes(keyword)) found = l;
    if (found) origin = found;
  }
  const first = lines[origin - 1] ?? '';
  const at = first.lastIndexOf(keyword);
  if (at < 0) {
    const whole = locAt(file, d.line, 1, d.line, first.length + 1);
    return { key: `${d.line}:0`, loc: whole, idLocs: d.ids.map(() => whole) };
  }
  let line = origin;
  let col = at + keyword.length;
  let end = { line, col };
  const span = Math.min(lines.length, origin + 1 + (text?.split('\n').length ?? 1));
  const find = (token: string): { line: number; col: number } | null => {
    for (let l = line, from = col; l <= span; l++, from = 0) {
      const i = (lines[l - 1] ?? '').indexOf(token, from);
      if (i >= 0) return { line: l, col: i };
    }
    return null;
  };
  const found: (Loc | null)[] = [];
  for (const id of d.ids) {
    const p = find(id);
    if (!p) {
      found.push(null);
      continue;
    }
    line = p.line;
    col = p.col + id.length;
    end = { line, col };
    found.push(locAt(file, p.line, p.col + 1, p.line, p.col + id.length + 1));
  }
  if (d.reason !== undefined) {
    const sep = find('--');
    if (sep) {
      line = sep.line;
      col = sep.col + 2;
      const r = find(d.reason);
      if (r) end = { line: r.line, col: r.col + d.reason.length };
    }
  }
  const loc = locAt(file, origin, at + 1, end.line, end.col + 1);
  return { key: `${origin}:${at}`, loc, idLocs: found.map((f) => f ?? loc) };
}

/** The inline directives of every file as sites, and each line's directives pointing at their site. */
function inlineSites(project: Project): { sites: Site[]; byFile: Map<string, { dir: Directive; site: Site }[]> } {
  const sites: Site[] = [];
  const byFile = new Map<string, { dir: Directive; site: Site }[]>();
  for (const [file, { lines, comments }] of project.files) {
    const list: { dir: Directive; site: Site }[] = [];
    const here = new Map<string, Site>();
    for (const [line, text] of comments) {
      const dir = parseDirective(text, line);
      if (!dir) continue;
      const { key, loc, idLocs } = locate(file, lines, comments, dir);
      let site = here.get(key);
      if (!site) {
        site = {
          file,
          name: KEYWORD(dir.kind),
          ids: dir.ids,
          reason: dir.reason,
          loc,
          idLocs,
          used: new Set(),
          usedAll: false,
          where: 'disable comment',
          reasonHint: 'say why after "--"',
        };
        here.set(key, site);
        sites.push(site);
      }
      list.push({ dir, site });
    }
    if (list.length) byFile.set(file, list);
  }
  return { sites, byFile };
}

/** The items of a resource's `Metadata: {sls-lint: {ignore: […]}}` (or `sls-lint: […]`), by id, in order. */
function metadataIdLocs(r: Resource): Map<string, Loc[]> {
  const out = new Map<string, Loc[]>();
  const cfg = get(r.node, 'Metadata', 'sls-lint');
  const list = isMap(cfg) ? get(cfg, 'ignore') : cfg;
  for (const item of list ? seqItems(list) : []) {
    const node = str(item) !== undefined ? item : get(item, 'id');
    const id = str(node)?.trim();
    if (!id || !node) continue;
    const locs = out.get(id) ?? [];
    locs.push(node.loc);
    out.set(id, locs);
  }
  return out;
}

/** The index of the id of `ids` that suppresses `ruleId` (an exact id before a family), or -1. */
function matchIndex(ids: string[], ruleId: string): number {
  const exact = ids.indexOf(ruleId);
  if (exact >= 0) return exact;
  return ids.findIndex((id) => id.endsWith('/*') && ruleId.startsWith(id.slice(0, -1)));
}

/**
 * Marks suppressed diagnostics (they stay in the result: SARIF reports them as suppressed, text hides
 * them). Inline directives apply to the line a finding starts on (a line or next-line directive
 * before a file one: the narrowest suppresses it, and only it counts as used); CloudFormation
 * resource Metadata applies to findings inside that resource. Returns the notices about the
 * directives themselves (see SuppressOptions), unsorted.
 */
export function applySuppressions(diags: Diagnostic[], project: Project, opts: SuppressOptions = {}): ToolNotice[] {
  const { sites, byFile } = inlineSites(project);
  const resources: { r: Resource; site: Site }[] = [];
  for (const r of project.apps.flatMap((a) => a.resources.filter((x) => x.ignore.length))) {
    const written = metadataIdLocs(r);
    for (const ig of r.ignore) {
      const loc = written.get(ig.id)?.shift() ?? r.idLoc;
      const site: Site = {
        file: loc.file,
        name: `Metadata sls-lint ignore of resource ${r.id}`,
        ids: [ig.id],
        reason: ig.reason,
        loc,
        idLocs: [loc],
        used: new Set(),
        usedAll: false,
        where: 'Metadata sls-lint ignore',
        reasonHint: 'add a "reason" to it',
      };
      resources.push({ r, site });
      sites.push(site);
    }
  }
  for (const d of diags) {
    let s: Suppression | undefined;
    const list = byFile.get(d.loc.file);
    if (list) {
      let hit: { dir: Directive; site: Site; index: number } | undefined;
      for (const e of list) {
        const index = e.dir.ids.length ? matchIndex(e.dir.ids, d.ruleId) : -1;
        if (e.dir.ids.length && index < 0) continue;
        const on =
          e.dir.kind === 'file' ||
          (e.dir.kind === 'line' && e.dir.line === d.loc.line) ||
          (e.dir.kind === 'next-line' && e.dir.line + 1 === d.loc.line);
        if (!on) continue;
        if (!hit || (hit.dir.kind === 'file' && e.dir.kind !== 'file')) hit = { ...e, index };
        if (e.dir.kind !== 'file') break;
      }
      if (hit) {
        if (hit.index < 0) hit.site.usedAll = true;
        else hit.site.used.add(hit.index);
        s = { kind: 'inline', reason: hit.dir.reason };
      }
    }
    if (!s) {
      for (const { r, site } of resources) {
        if (!within(d.loc, r.node.loc) && !(r.idLoc.file === d.loc.file && r.idLoc.line === d.loc.line)) continue;
        if (!matches(site.ids, d.ruleId)) continue;
        site.used.add(0);
        s = { kind: 'metadata', reason: site.reason };
        break;
      }
    }
    if (s) d.suppression = s;
  }
  return directiveNotices(sites, opts);
}

function directiveNotices(sites: Site[], opts: SuppressOptions): ToolNotice[] {
  const notices: ToolNotice[] = [];
  const known = opts.knownIds ? new Set(opts.knownIds) : undefined;
  const families = opts.knownIds ? [...new Set(opts.knownIds.map((id) => id.split('/')[0]!))] : [];
  const ran = opts.ranIds ?? new Set<string>();
  const isKnown = (id: string): boolean =>
    !known || (id.endsWith('/*') ? opts.knownIds!.some((k) => k.startsWith(id.slice(0, -1))) : known.has(id));
  const judged = (id: string): boolean => (id.endsWith('/*') ? [...ran].some((k) => k.startsWith(id.slice(0, -1))) : ran.has(id));
  const unusedLevel = opts.reportUnused ?? 'off';
  for (const site of sites) {
    site.ids.forEach((id, i) => {
      if (isKnown(id)) return;
      // a family is matched by its name: `nosuch/*` against `iam`, `secrets`, …
      const near = id.endsWith('/*') ? opts.closest?.(id.slice(0, -2), families)?.concat('/*') : opts.closest?.(id, [...known!]);
      notices.push({
        id: 'unknown-rule-id',
        level: 'warning',
        message: `unknown rule id "${id}" in a ${site.where}${near ? `; did you mean "${near}"?` : ''}`,
        loc: site.idLocs[i]!,
      });
    });
    if (opts.requireReason && site.reason === undefined)
      notices.push({ id: 'missing-reason', level: 'warning', message: `${site.name} has no reason; ${site.reasonHint}`, loc: site.loc });
    if (unusedLevel === 'off' || opts.unjudged?.has(site.file)) continue;
    if (!site.ids.length) {
      if (!site.usedAll && ran.size)
        notices.push({
          id: 'unused-directive',
          level: unusedLevel,
          message: `unused ${site.name} (no finding was suppressed)`,
          loc: site.loc,
        });
      continue;
    }
    site.ids.forEach((id, i) => {
      if (site.used.has(i) || !isKnown(id) || !judged(id)) return;
      notices.push({
        id: 'unused-directive',
        level: unusedLevel,
        message: `unused ${site.name} (no finding of ${id} was suppressed)`,
        loc: site.idLocs[i]!,
        ...(id.endsWith('/*') ? {} : { ruleId: id }),
      });
    });
  }
  return notices;
}

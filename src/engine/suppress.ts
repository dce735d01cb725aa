import type { Project, Resource } from '../model/types.js';
import type { Loc } from '../core/types.js';
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

/** Directives of every file, parsed once. */
export function collectDirectives(project: Project): Map<string, Directive[]> {
  const out = new Map<string, Directive[]>();
  for (const [file, { comments }] of project.files) {
    const list: Directive[] = [];
    for (const [line, text] of comments) {
      const d = parseDirective(text, line);
      if (d) list.push(d);
    }
    if (list.length) out.set(file, list);
  }
  return out;
}

function within(inner: Loc, outer: Loc): boolean {
  if (inner.file !== outer.file) return false;
  const startsAfter = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endsBefore = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startsAfter && endsBefore;
}

/**
 * Marks suppressed diagnostics (they stay in the result: SARIF reports them as suppressed, text hides
 * them). Inline directives apply to the line a finding starts on; CloudFormation resource Metadata
 * applies to findings inside that resource.
 */
export function applySuppressions(diags: Diagnostic[], project: Project): void {
  const directives = collectDirectives(project);
  const resources: Resource[] = project.apps.flatMap((a) => a.resources.filter((r) => r.ignore.length));
  for (const d of diags) {
    const list = directives.get(d.loc.file);
    let s: Suppression | undefined;
    if (list) {
      for (const dir of list) {
        if (!matches(dir.ids, d.ruleId)) continue;
        const hit =
          dir.kind === 'file' ||
          (dir.kind === 'line' && dir.line === d.loc.line) ||
          (dir.kind === 'next-line' && dir.line + 1 === d.loc.line);
        if (hit) {
          s = { kind: 'inline', reason: dir.reason };
          break;
        }
      }
    }
    if (!s) {
      for (const r of resources) {
        if (!within(d.loc, r.node.loc) && !(r.idLoc.file === d.loc.file && r.idLoc.line === d.loc.line)) continue;
        const ig = r.ignore.find((i) => matches([i.id], d.ruleId));
        if (ig) {
          s = { kind: 'metadata', reason: ig.reason };
          break;
        }
      }
    }
    if (s) d.suppression = s;
  }
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { lint } from '../../src/lint.js';
import type { RunResult } from '../../src/engine/result.js';
import type { Rule } from '../../src/engine/rule.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { rules as registry } from '../../rules/index.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** Files a fixture case consists of (a single file, or every file below a folder), posix-relative to `base`. */
export function caseFiles(casePath: string): string[] {
  const st = fs.statSync(casePath);
  if (st.isFile()) return [casePath];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(casePath);
  return out;
}

const EXPECT = /(?:#|\/\/|\/\*)\s*(expect|todo-expect|todo-ok):\s*([^*]+?)\s*(?:\*\/)?\s*$/;
const ONLY_COMMENT = /^\s*(#|\/\/|\/\*)/;

/**
 * Expected `file:line rule-id` entries from the annotations:
 *  - `# expect: id` / `// expect: id` trailing a line: one finding on that line;
 *  - alone on its line: one finding on the next line that is neither blank nor a comment;
 *  - several ids separated by commas; `id(messageId)` pins the message id (compared as `id(messageId)`);
 *  - JSON files: a sidecar `expect.txt` (folder case) or `<name>.expect.txt` (file case) with `file:line id`.
 * Paths are relative to `base`.
 */
export function expectedFindings(casePath: string, base: string): string[] {
  return annotations(casePath, base).expect;
}

export interface Annotations {
  /** `file:line id` with the pinned parts: `id(messageId)`, `@col` (1-based), `[severity]` */
  expect: string[];
  /** `todo-expect: id` — a known gap: the finding is missing today; its appearance fails the case (promote it) */
  todoExpect: string[];
  /** `todo-ok: id` — a known false positive: tolerated (and listed) while it is reported */
  todoOk: string[];
}

/** An annotation id: `rule-id`, optionally `(messageId)`, `@col` and `[severity]`, in that order. */
const ANNOTATION_ID = /^([^\s(@[]+)(\([\w-]+\))?(@\d+)?(\[(?:error|warning|note)\])?$/;

/** The rule id of an annotation entry (`file:line id(...)@c[s]` → `file:line id`). */
export function findingKey(entry: string): string {
  return entry.replace(/(\([\w-]+\))?(@\d+)?(\[\w+\])?$/, '');
}

/** All annotations of a case (see `expectedFindings`); `todo-expect` and `todo-ok` as for `expect`. */
export function annotations(casePath: string, base: string): Annotations {
  const res: Annotations = { expect: [], todoExpect: [], todoOk: [] };
  const out = res.expect;
  const files = caseFiles(casePath);
  // a JSON file case `x.json` carries its expectations in `x.expect.txt`
  const sidecar = casePath.replace(/\.json$/i, '.expect.txt');
  if (sidecar !== casePath && fs.statSync(casePath).isFile() && fs.existsSync(sidecar)) files.push(sidecar);
  for (const f of files) {
    const rel = path.relative(base, f).split(path.sep).join('/');
    if (f.endsWith('.expect.txt') || path.basename(f) === 'expect.txt') {
      const dir = path.relative(base, path.dirname(f)).split(path.sep).join('/');
      for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
        const t = line.trim();
        if (!t || t.startsWith('#')) continue;
        const m = /^(\S+):(\d+)\s+(\S+)$/.exec(t);
        if (!m) throw new Error(`${rel}: bad expectation line "${t}"`);
        const file = dir && dir !== '.' ? `${dir}/${m[1]}` : m[1]!;
        out.push(`${file}:${m[2]} ${m[3]}`);
      }
      continue;
    }
    if (/\.json$/i.test(f)) continue;
    const lines = fs.readFileSync(f, 'utf8').split(/\r?\n/);
    lines.forEach((line, i) => {
      const m = EXPECT.exec(line);
      if (!m) return;
      const ids = m[2]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const id of ids) if (!ANNOTATION_ID.test(id)) throw new Error(`${rel}:${i + 1}: bad annotation "${id}"`);
      const into = m[1] === 'expect' ? out : m[1] === 'todo-expect' ? res.todoExpect : res.todoOk;
      let target = i + 1;
      if (ONLY_COMMENT.test(line)) {
        let j = i + 1;
        while (j < lines.length && (!lines[j]!.trim() || ONLY_COMMENT.test(lines[j]!))) j++;
        target = j + 1;
      }
      for (const id of ids) into.push(`${rel}:${target} ${id}`);
    });
  }
  res.expect.sort();
  res.todoExpect.sort();
  res.todoOk.sort();
  return res;
}

/** What the annotations of a case pin, by `file:line id`: the message id, the column, the severity. */
export function pinsOf(entries: string[]): { messageIds: Set<string>; columns: Set<string>; severities: Set<string> } {
  const pins = { messageIds: new Set<string>(), columns: new Set<string>(), severities: new Set<string>() };
  for (const e of entries) {
    const key = findingKey(e);
    const rest = e.slice(key.length);
    if (rest.includes('(')) pins.messageIds.add(key);
    if (rest.includes('@')) pins.columns.add(key);
    if (rest.includes('[')) pins.severities.add(key);
  }
  return pins;
}

/**
 * The run of one case: its rule with the rules it defers to, and the case's own config when a folder
 * case has one (else no config). */
export function lintCase(rule: Rule<any>, casePath: string, base: string): RunResult {
  // a folder case may carry a config (options for the rule under test): `.sls-lint.yml|json`
  const cfg = fs.statSync(casePath).isDirectory()
    ? ['.sls-lint.yml', '.sls-lint.yaml', '.sls-lint.json'].map((n) => path.join(casePath, n)).find((f) => fs.existsSync(f))
    : undefined;
  // the rules this one defers to run too (unless the case's config turns them off), so that a case
  // sees the overlap the recommended preset sees; only the rule under test's findings are compared
  const off = cfg ? turnedOff(loadConfig(cfg, base)) : new Set<string>();
  const overlapping = [...new Set([...(rule.meta.defersTo ?? []), ...(rule.meta.coveredBy ?? [])])];
  const deferred = overlapping.filter((id) => !off.has(id)).map((id) => registry.find((r) => r.meta.id === id)!);
  const { result } = lint({
    cwd: base,
    srcRoot: base,
    paths: [path.relative(base, casePath) || '.'],
    ...(cfg ? { configFile: cfg } : { noConfig: true }),
    rules: registry.includes(rule) ? registry : [rule, ...deferred],
    only: [rule.meta.id, ...deferred.map((r) => r.meta.id)],
    stage: 'dev',
  });
  return result;
}

/**
 * Runs one rule on one case (with the case's own `.sls-lint.yml` when a folder case has one, so
 * options can be tested) and returns `file:line rule-id(messageId)` and error notices. */
export function actualFindings(
  rule: Rule<any>,
  casePath: string,
  base: string,
  withMessageIds: Set<string>,
  withColumns: Set<string> = new Set(),
  withSeverities: Set<string> = new Set(),
): string[] {
  const result = lintCase(rule, casePath, base);
  const out: string[] = [];
  for (const d of result.diagnostics) {
    if (d.suppression || d.ruleId !== rule.meta.id) continue;
    const key = `${d.loc.file}:${d.loc.line} ${d.ruleId}`;
    let id = withMessageIds.has(key) ? `${d.ruleId}(${d.messageId})` : d.ruleId;
    if (withColumns.has(key)) id += `@${d.loc.column}`;
    if (withSeverities.has(key)) id += `[${d.severity}]`;
    out.push(`${d.loc.file}:${d.loc.line} ${id}`);
  }
  // a rule that reads code must see the code: a handler left unresolved would make its case vacuous
  const readsCode = hasCodeVisitor(rule);
  for (const n of result.notices) {
    if (n.loc && (n.level === 'error' || (readsCode && n.id === 'unresolved-handler'))) out.push(`${n.loc.file}:${n.loc.line} ${n.id}`);
  }
  return out.sort();
}

/** All fixture cases of a rule: each entry directly under `fixtures/` (sidecar expect files excluded). */
export function fixtureCases(ruleDir: string): string[] {
  const dir = path.join(ruleDir, 'fixtures');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => !n.endsWith('.expect.txt') && n !== 'expect.txt' && !n.startsWith('.'))
    .sort()
    .map((n) => path.join(dir, n));
}

/** Rule ids a case's config sets to `off`. */
function turnedOff(cfg: Config): Set<string> {
  const out = new Set<string>();
  for (const [id, setting] of Object.entries(cfg.rules)) if ((Array.isArray(setting) ? setting[0] : setting) === 'off') out.add(id);
  return out;
}

/** Does the rule visit code (`sourceFile`, or a code node type such as `CallExpression`)? */
export function hasCodeVisitor(rule: Rule<any>): boolean {
  try {
    const visitors = rule.create({
      id: rule.meta.id,
      options: { ...(rule.meta.defaultOptions ?? {}) },
      settings: {},
      project: { srcRoot: ROOT, apps: [], sourceFiles: [], textFiles: [], files: new Map() },
      report() {},
      text: () => undefined,
      analysis: () => {
        throw new Error('no analysis while probing visitors');
      },
      isActive: () => false,
    });
    return Object.keys(visitors).some((k) => k === 'sourceFile' || /^[A-Z]/.test(k));
  } catch {
    return false;
  }
}

/**
 * Runs a case and compares it with its annotations: `actual` (known false positives left out) must
 * equal `expected`; `appeared` are `todo-expect` gaps now reported, `gone` are `todo-ok` findings no
 * longer reported — both must be empty.
 */
export function checkCase(
  rule: Rule<any>,
  casePath: string,
  base: string,
): { expected: string[]; actual: string[]; appeared: string[]; gone: string[] } {
  const { expect: expected, todoExpect, todoOk } = annotations(casePath, base);
  const pins = pinsOf([...expected, ...todoExpect, ...todoOk]);
  const all = actualFindings(rule, casePath, base, pins.messageIds, pins.columns, pins.severities);
  return {
    expected,
    actual: all.filter((a) => !todoOk.includes(a)),
    appeared: todoExpect.filter((t) => all.includes(t)),
    gone: todoOk.filter((t) => !all.includes(t)),
  };
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { lint } from '../../src/lint.js';
import type { Rule } from '../../src/engine/rule.js';

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

const EXPECT = /(?:#|\/\/|\/\*)\s*expect:\s*([^*]+?)\s*(?:\*\/)?\s*$/;
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
  const out: string[] = [];
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
      const ids = m[1]!.split(',').map((s) => s.trim()).filter(Boolean);
      let target = i + 1;
      if (ONLY_COMMENT.test(line)) {
        let j = i + 1;
        while (j < lines.length && (!lines[j]!.trim() || ONLY_COMMENT.test(lines[j]!))) j++;
        target = j + 1;
      }
      for (const id of ids) out.push(`${rel}:${target} ${id}`);
    });
  }
  return out.sort();
}

/**
 * Runs one rule on one case (with the case's own `.sls-lint.yml` when a folder case has one, so
 * options can be tested) and returns `file:line rule-id(messageId)` and error notices. */
export function actualFindings(rule: Rule<any>, casePath: string, base: string, withMessageIds: Set<string>): string[] {
  // a folder case may carry a config (options for the rule under test): `.sls-lint.yml|json`
  const cfg = fs.statSync(casePath).isDirectory()
    ? ['.sls-lint.yml', '.sls-lint.yaml', '.sls-lint.json'].map((n) => path.join(casePath, n)).find((f) => fs.existsSync(f))
    : undefined;
  const { result } = lint({
    cwd: base,
    srcRoot: base,
    paths: [path.relative(base, casePath) || '.'],
    ...(cfg ? { configFile: cfg } : { noConfig: true }),
    rules: [rule],
    only: [rule.meta.id],
    stage: 'dev',
  });
  const out: string[] = [];
  for (const d of result.diagnostics) {
    if (d.suppression) continue;
    const id = withMessageIds.has(`${d.loc.file}:${d.loc.line} ${d.ruleId}`) ? `${d.ruleId}(${d.messageId})` : d.ruleId;
    out.push(`${d.loc.file}:${d.loc.line} ${id}`);
  }
  for (const n of result.notices) {
    if (n.level === 'error' && n.loc) out.push(`${n.loc.file}:${n.loc.line} ${n.id}`);
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

import * as fs from 'node:fs';
import type { Rule } from '../../src/engine/rule.js';
import { hasCodeVisitor, lintCase } from './fixtures.js';
import { tmpTree } from './tmp.js';

/**
 * The examples of a rule README, as complete inputs (the convention is documented in
 * rules/_template/README.md):
 *
 *  - the code blocks of the `## Examples` section, under a line `Failing:` or `Passing:` (a line
 *    starting with one of these words and ending with `:`, e.g. `Failing (with option x):`);
 *  - the fence info string is `<language> <file name> [expect=N] [+]`, e.g. ```` ```yaml serverless.yml ````;
 *  - each block is a project of its own, unless its info string ends with `+`: then it is one more
 *    file of the project of the block before it (e.g. `serverless.yml` then `handler.js +`);
 *  - `expect=N`: exactly N findings of the rule in that file; a failing project pins the count of at
 *    least one of its files and gets at least one finding, a passing project gets none;
 *  - no example may raise a notice above `note`, be skipped (`file-skipped`) or, for a rule that
 *    reads code, leave its handler unresolved: such an example would check nothing;
 *  - a `.sls-lint.yml` file in a project configures it (e.g. the rule's options), as in fixtures.
 */

export interface ExampleFile {
  name: string;
  text: string;
  /** the 1-based line of the fence in the README */
  line: number;
  expect?: number;
}

export interface ExampleProject {
  kind: 'failing' | 'passing';
  files: ExampleFile[];
}

/** The `## Examples` section of a README, or undefined when it has none. */
export function examplesSection(readme: string): { text: string; line: number } | undefined {
  const lines = readme.split(/\r?\n/);
  const start = lines.findIndex((l) => /^## Examples\s*$/.test(l));
  if (start < 0) return undefined;
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  return { text: lines.slice(start + 1, end).join('\n'), line: start + 2 };
}

/** The example projects of a README; `problems` lists what breaks the convention. */
export function extractExamples(readme: string): { projects: ExampleProject[]; problems: string[] } {
  const projects: ExampleProject[] = [];
  const problems: string[] = [];
  const section = examplesSection(readme);
  if (!section) return { projects, problems: ['the README has no "## Examples" section'] };
  const lines = section.text.split('\n');
  let kind: ExampleProject['kind'] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const at = section.line + i;
    // HTML comments are not shown: nothing in them is an example
    if (line.trimStart().startsWith('<!--')) {
      while (i < lines.length && !lines[i]!.includes('-->')) i++;
      continue;
    }
    const label = /^(Failing|Passing)\b.*:\s*$/.exec(line);
    if (label) {
      kind = label[1] === 'Failing' ? 'failing' : 'passing';
      continue;
    }
    const fence = /^(`{3,})(.*)$/.exec(line);
    if (!fence) {
      // a block this reader would not see must not pass for checked
      if (/^\s*(`{3,}|~{3,})/.test(line)) problems.push(`line ${at}: write code blocks with \`\`\` at the start of the line`);
      continue;
    }
    const close = lines.findIndex((l, j) => j > i && l.trim() === fence[1]);
    if (close < 0) {
      problems.push(`line ${at}: unclosed code block`);
      break;
    }
    const text = lines.slice(i + 1, close).join('\n') + '\n';
    i = close;
    const [, name, ...rest] = fence[2]!.trim().split(/\s+/);
    if (!kind) {
      problems.push(`line ${at}: code block before any "Failing:" or "Passing:" line`);
      continue;
    }
    if (!name || name === '+' || name.startsWith('expect=')) {
      problems.push(`line ${at}: code block names no file (\`\`\`<language> <file name>)`);
      continue;
    }
    if (name.startsWith('/') || name.split('/').includes('..')) {
      problems.push(`line ${at}: file name "${name}" leaves the project`);
      continue;
    }
    const file: ExampleFile = { name, text, line: at };
    let joins = false;
    for (const t of rest) {
      const m = /^expect=(\d+)$/.exec(t);
      if (m) file.expect = Number(m[1]);
      else if (t === '+') joins = true;
      else problems.push(`line ${at}: unknown word "${t}" in the code block's info string`);
    }
    const prev = projects[projects.length - 1];
    if (joins) {
      if (!prev || prev.kind !== kind) {
        problems.push(`line ${at}: "+" but no block of the same kind before it`);
        continue;
      }
      if (prev.files.some((f) => f.name === name)) problems.push(`line ${at}: "${name}" twice in one project`);
      prev.files.push(file);
    } else projects.push({ kind, files: [file] });
  }
  return { projects, problems };
}

/** A project's name in messages: its kind, files and README line. */
export function projectLabel(p: ExampleProject): string {
  return `${p.kind} example at README line ${p.files[0]!.line} (${p.files.map((f) => f.name).join(' + ')})`;
}

/**
 * Lints each example project of a README with only `rule` (and the rules it defers to) and returns
 * what does not hold: a failing project without a finding of the rule or with a pinned count that
 * differs, a passing project with one, any error-level notice, a README without failing or passing
 * examples.
 */
export function checkReadmeExamples(
  rule: Rule<any>,
  readme: string,
): { problems: string[]; checked: { failing: number; passing: number } } {
  const { projects, problems } = extractExamples(readme);
  const checked = { failing: 0, passing: 0 };
  const readsCode = hasCodeVisitor(rule);
  if (!projects.some((p) => p.kind === 'failing')) problems.push('no "Failing:" example');
  if (!projects.some((p) => p.kind === 'passing')) problems.push('no "Passing:" example');
  for (const p of projects) {
    const label = projectLabel(p);
    const dir = tmpTree(Object.fromEntries(p.files.map((f) => [f.name, f.text])));
    try {
      const result = lintCase(rule, dir, dir);
      const all: string[] = [];
      const byFile = new Map<string, number>();
      for (const d of result.diagnostics) {
        if (d.suppression || d.ruleId !== rule.meta.id) continue;
        all.push(`${d.loc.file}:${d.loc.line}`);
        byFile.set(d.loc.file, (byFile.get(d.loc.file) ?? 0) + 1);
      }
      // an example that does not parse, whose manifest is skipped or (for a rule that reads code)
      // whose handler is not found checks nothing
      for (const n of result.notices)
        if (n.level !== 'note' || n.id === 'file-skipped' || (readsCode && n.id === 'unresolved-handler'))
          problems.push(`${label}: ${n.level} notice ${n.id}${n.loc ? ` at ${n.loc.file}:${n.loc.line}` : ''}: ${n.message}`);
      const total = [...byFile.values()].reduce((a, b) => a + b, 0);
      if (p.kind === 'failing') {
        checked.failing++;
        if (total === 0) problems.push(`${label}: ${rule.meta.id} reports nothing`);
        if (!p.files.some((f) => f.expect !== undefined)) problems.push(`${label}: no block pins a count (expect=N)`);
        for (const f of p.files) {
          const n = byFile.get(f.name) ?? 0;
          if (f.expect !== undefined && n !== f.expect)
            problems.push(`${label}: ${f.name} expects ${f.expect} finding(s) of ${rule.meta.id}, got ${n}: ${all.join(', ')}`);
        }
      } else {
        checked.passing++;
        if (total > 0) problems.push(`${label}: ${rule.meta.id} reports ${all.join(', ')}`);
        if (p.files.some((f) => f.expect !== undefined && f.expect !== 0)) problems.push(`${label}: a passing example expects findings`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { problems, checked };
}

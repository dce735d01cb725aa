/**
 * The mutation fuzzer's harness, shared by `test/hostile/fuzz.test.ts` (a small fixed-seed run) and
 * `npm run stress` (`STRESS_FILTER=fuzz`, thousands of mutants): the cases (every rule fixture, file
 * or folder, and every project under test/projects/), a mutant of a case from a seed, one in-process
 * lint of it with every rule on, and the tool faults in its result.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lint } from '../../src/lint.js';
import { defaultConfig, loadConfig } from '../../src/config/config.js';
import { format, type FormatName, type FormatOptions } from '../../src/formatters/index.js';
import { splitLines } from '../../src/core/loc.js';
import { decodeText } from '../../src/load/decode.js';
import type { Loc } from '../../src/core/types.js';
import type { RunResult } from '../../src/engine/result.js';
import type { Rule } from '../../src/engine/rule.js';
import { rules } from '../../rules/index.js';
import { caseFiles, fixtureCases } from './fixtures.js';
import { mutantBytes, mutantKind, mutate, seedOf, type MutationPool } from './mutate.js';
import { rng } from './seeded.js';

export interface FuzzCase {
  /** `rules/<id>/fixtures/<entry>` or `test/projects/<name>` */
  name: string;
  /** the folder holding the entry */
  base: string;
  /** the case's file or folder name in `base` (`.` for a project, which is linted whole) */
  entry: string;
  /** every file of the case, posix, relative to `base` */
  files: string[];
  /** the case's own config (rule options), relative to `base`; never mutated */
  config?: string;
}

const CONFIG_NAMES = ['.sls-lint.yml', '.sls-lint.yaml', '.sls-lint.json'];
const rel = (from: string, to: string) => path.relative(from, to).split(path.sep).join('/');

/** Every fixture case of every registered rule, then every project, in a fixed order. */
export function fuzzCases(root: string): FuzzCase[] {
  const out: FuzzCase[] = [];
  for (const rule of rules) {
    const fixtures = path.join(root, 'rules', ...rule.meta.id.split('/'), 'fixtures');
    for (const c of fixtureCases(path.dirname(fixtures))) {
      const entry = path.basename(c);
      const files = caseFiles(c).map((f) => rel(fixtures, f));
      const config = fs.statSync(c).isDirectory() ? CONFIG_NAMES.map((n) => `${entry}/${n}`).find((f) => files.includes(f)) : undefined;
      out.push({ name: `rules/${rule.meta.id}/fixtures/${entry}`, base: fixtures, entry, files, ...(config ? { config } : {}) });
    }
  }
  const projects = path.join(root, 'test', 'projects');
  for (const name of fs.existsSync(projects) ? fs.readdirSync(projects).sort() : []) {
    const dir = path.join(projects, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    out.push({ name: `test/projects/${name}`, base: dir, entry: '.', files: caseFiles(dir).map((f) => rel(dir, f)) });
  }
  return out;
}

/** Lines of every manifest and template of the cases, for splicing into another file. */
export function donorLines(cases: FuzzCase[]): string[] {
  const out = new Set<string>();
  for (const c of cases)
    for (const f of c.files)
      if (/\.(ya?ml|json)$/i.test(f) && !CONFIG_NAMES.includes(path.basename(f)))
        for (const l of fs.readFileSync(path.join(c.base, f), 'utf8').split(/\r?\n/)) if (l.trim() && l.length < 160) out.add(l);
  return [...out].sort();
}

/** Files of a case a mutation may change: not its config, not the expectations beside it. */
function mutable(c: FuzzCase): string[] {
  return c.files.filter((f) => !CONFIG_NAMES.includes(path.basename(f)) && !/(^|\/)(expect\.txt|[^/]*\.expect\.txt|README\.md)$/.test(f));
}

export interface CaseMutant {
  seed: number;
  /** the changed files (relative to the case base) with their new text */
  changed: Record<string, string>;
  ops: string[];
}

/** The mutant of a case for `seed`: one file (a manifest more often than not) and now and then a second. */
export function mutantOf(c: FuzzCase, seed: number, donors: string[]): CaseMutant {
  const r = rng(seed);
  const files = mutable(c);
  const weighted = files.flatMap((f) => (/\.(ya?ml|json)$/i.test(f) ? [f, f, f] : [f]));
  const changed: Record<string, string> = {};
  const ops: string[] = [];
  const n = files.length > 1 && r() < 0.25 ? 2 : 1;
  for (let k = 0; k < n && weighted.length; k++) {
    const f = weighted[Math.floor(r() * weighted.length)]!;
    const text = changed[f] ?? fs.readFileSync(path.join(c.base, f), 'utf8');
    const dir = path.posix.dirname(f);
    const pool: MutationPool = {
      donorLines: donors,
      files: c.files.map((x) => path.posix.relative(dir, x)).filter((x) => !x.startsWith('..') || r() < 0.5),
    };
    const m = mutate(text, mutantKind(f, text), seedOf(seed, f), pool);
    changed[f] = m.text;
    ops.push(...m.ops.map((o) => `${f}: ${o}`));
  }
  return { seed, changed, ops };
}

/** A case copied into a temporary directory, where its mutants are written one after the other. */
export class Workspace {
  readonly dir: string;
  private written: string[] = [];
  constructor(readonly c: FuzzCase) {
    this.dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-fuzz-')));
    fs.mkdirSync(path.join(this.dir, '.git')); // the config search stops here
    for (const f of c.files) this.copy(f);
  }

  private copy(f: string): void {
    const to = path.join(this.dir, f);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(this.c.base, f), to);
  }

  /** Writes a mutant's files, after putting back those of the previous one. */
  write(m: CaseMutant): void {
    for (const f of this.written) this.copy(f);
    for (const [f, text] of Object.entries(m.changed)) fs.writeFileSync(path.join(this.dir, f), mutantBytes(text));
    this.written = Object.keys(m.changed);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Messages of notices that only a bug of ours produces (an exception caught and turned into a notice). */
const CAUGHT =
  /could not build the (serverless )?model|could not model the resources|could not be analysed: |handler resolution failed|Variables not resolved|Cannot read propert|is not (a function|iterable|a constructor)$|Maximum call stack|Invalid (array|string) length|Cannot convert/;

export interface MutantOutcome {
  /** what is wrong; empty when the run was sound */
  faults: string[];
  ms: number;
  json?: string;
}

/** The lines of a file as the tool decodes and splits them (a leading BOM is not a column). */
function fileLines(file: string): string[] {
  const bytes = fs.readFileSync(file);
  const decoded = decodeText(bytes);
  const text = 'text' in decoded ? decoded.text : bytes.toString('latin1');
  return splitLines(text.replace(/^\uFEFF/, ''));
}

/**
 * Lints the workspace as it is now, with every rule on (and `extra` rules, for checking the checks);
 * the tool faults of the run. The other formats than JSON (the slower part) only with `allFormats`.
 */
export function lintWorkspace(ws: Workspace, opts: { extra?: Rule<any>[]; allFormats?: boolean } = {}): MutantOutcome {
  const extra = opts.extra ?? [];
  const { c, dir } = ws;
  const faults: string[] = [];
  const t = performance.now();
  let result: RunResult;
  try {
    const base = c.config ? loadConfig(path.join(dir, c.config), dir) : defaultConfig();
    const config = { ...base, extends: 'all' as const };
    result = lint({
      cwd: dir,
      srcRoot: dir,
      paths: [c.entry],
      config,
      stage: 'dev',
      ...(extra.length ? { rules: [...rules, ...extra] } : {}),
    }).result;
  } catch (e) {
    return { faults: [`threw: ${(e as Error).stack ?? String(e)}`], ms: performance.now() - t };
  }
  const ms = performance.now() - t;
  const texts = new Map<string, string[]>();
  const checkLoc = (what: string, loc: Loc) => {
    const abs = path.join(dir, loc.file);
    if (path.isAbsolute(loc.file) || loc.file.split('/').includes('..') || !fs.existsSync(abs) || !fs.statSync(abs).isFile()) {
      faults.push(`${what}: located in ${loc.file}, not a scanned file`);
      return;
    }
    if (!texts.has(loc.file)) texts.set(loc.file, fileLines(abs));
    const lines = texts.get(loc.file)!;
    const n = lines.length;
    // a start may be one past the line's last character (a place at its end), and an end one more:
    // a zero-width error there still gets a one-character region (SARIF viewers hide empty ones)
    const ok =
      Number.isInteger(loc.line) &&
      loc.line >= 1 &&
      loc.line <= n &&
      loc.endLine >= loc.line &&
      loc.endLine <= n &&
      loc.column >= 1 &&
      loc.column <= lines[loc.line - 1]!.length + 1 &&
      loc.endColumn <= lines[loc.endLine - 1]!.length + 2 &&
      (loc.endLine > loc.line || loc.endColumn >= loc.column);
    if (!ok) faults.push(`${what}: bad location ${loc.file}:${loc.line}:${loc.column}-${loc.endLine}:${loc.endColumn} (${n} lines)`);
  };
  for (const n of result.notices) {
    if (n.id === 'rule-error' || CAUGHT.test(n.message)) faults.push(`notice ${n.id}: ${n.message}`);
    if (n.loc) checkLoc(`notice ${n.id}`, n.loc);
  }
  for (const d of result.diagnostics) checkLoc(`finding ${d.ruleId}`, d.loc);
  // JSON, and with allFormats every output format (code frames included), written without throwing
  const outputs: [FormatName, FormatOptions][] = [['json', {}]];
  if (opts.allFormats) outputs.push(['text', { frames: true, color: true }], ['sarif', {}], ['github', {}]);
  let json: string | undefined;
  for (const [name, opts] of outputs) {
    try {
      const text = format(result, name, opts);
      if (name === 'json') json = text;
    } catch (e) {
      faults.push(`formatter ${name} threw: ${(e as Error).stack ?? String(e)}`);
    }
  }
  return { faults, ms, ...(json !== undefined ? { json } : {}) };
}

/** The seed of mutant `k` of a case, under the run's base seed. */
export const mutantSeed = (base: number, c: FuzzCase, k: number): number => seedOf(base, c.name, k);

/** The text of a failure: enough to run the mutant again (seed, case, the operations, the files, truncated). */
export function describeMutant(c: FuzzCase, m: CaseMutant, faults: string[], max = 1500): string {
  const files = Object.entries(m.changed)
    .map(
      ([f, t]) =>
        `--- ${f}${t.length > max ? ` (first ${max} of ${t.length} characters)` : ''}\n${JSON.stringify(t.slice(0, max)).slice(1, -1).replace(/\\n/g, '\n')}`,
    )
    .join('\n');
  const short = faults.map((f) => (f.length > 600 ? `${f.slice(0, 600)}…` : f));
  return `case ${c.name}, mutant seed ${m.seed} (mutantOf(case, ${m.seed}, donors))\n${short.join('\n')}\nops:\n  ${m.ops.join('\n  ')}\n${files}`;
}

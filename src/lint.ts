import * as path from 'node:path';
import { closestId, ConfigError, defaultConfig, findConfig, loadConfig, resolveRules, type Config, type Level } from './config/config.js';
import { Redactor } from './engine/mask.js';
import { SourceMasker } from './engine/source-mask.js';
import type { Diagnostic, RuleInfo, RunReport, RunResult } from './engine/result.js';
import { textOf, type Rule } from './engine/rule.js';
import { compareNotices, finaliseKeyed, walkRules, type KeyedDiagnostic } from './engine/run.js';
import { applySuppressions } from './engine/suppress.js';
import { coverageOf } from './engine/coverage.js';
import type { Timing } from './engine/timing.js';
import { runFunctions } from './engine/functions.js';
import { Analyses } from './analysis/index.js';
import { buildReports, reportNames } from './reports/index.js';
import { buildProject, type BuildOptions, type BuiltProject } from './pipeline.js';
import { readPackageFile } from './load/package.js';
import { pathExists, repositoryRoot } from './load/safe-read.js';
import { ruleHelpUri } from './core/links.js';
import type { Project } from './model/types.js';
import type { Severity, ToolNotice } from './core/types.js';
import { rules as registry } from '../rules/index.js';
import { relPosix } from './load/discover.js';
import { loadPolicies } from './config/policy.js';
import type { LoadedPlugin } from './config/plugins.js';

export interface LintOptions {
  /** directory paths are resolved against; default process.cwd() */
  cwd?: string;
  /** files or directories to scan, relative to cwd; default ['.'] */
  paths?: string[];
  /** paths in findings are relative to this (GitHub resolves SARIF against the repository root); default cwd */
  srcRoot?: string;
  /** explicit config file; default: searched upward from cwd */
  configFile?: string;
  /** use no config file at all */
  noConfig?: boolean;
  /** already-loaded config (takes precedence over configFile) */
  config?: Config;
  /** `--rule id=level` */
  ruleOverrides?: Record<string, Level>;
  /** `--only ids` */
  only?: string[];
  stage?: string;
  region?: string;
  /** `--opt key=value`: `${opt:key}` values */
  options?: Record<string, string>;
  /**
   * The date (YYYY-MM-DD) rules compare dated facts with, as `settings.today` when the config does
   * not pin one; the command gives the clock's, a library caller its own (absent: no date).
   */
  today?: string;
  /** `--param key=value`: `${param:key}` values */
  params?: Record<string, string>;
  allowEnv?: boolean;
  env?: Record<string, string | undefined>;
  /** level of the notice for a manifest or template that could not be analysed; default: config, else 'error' */
  unanalysed?: Severity;
  /** fingerprints to drop (`--baseline`) */
  baseline?: Set<string>;
  /** `--stdin --stdin-filename`: standard input's bytes, linted as this file (relative to cwd) */
  stdin?: { filename: string; bytes: Buffer };
  /** rule registry (tests pass a single rule); default: every registered rule */
  rules?: Rule<any>[];
  /** `--report-unused-disable-directives[-severity]`: level of the notice for a directive that suppressed nothing; default: config, else off */
  reportUnusedDisableDirectives?: Level;
  /** `--timing`/`--debug`: the phases and rules are timed into it (nothing of it reaches the result) */
  timing?: Timing;
  /** `--report <name>`: the reports to build (names of `REPORTS`); an unknown name throws ConfigError */
  reports?: string[];
  /**
   * Plugins loaded beforehand (`loadPlugins(config)`, asynchronous: it imports their code); their
   * rules run with the registry's. Absent: no plugin rule runs (as `--no-plugins`).
   */
  plugins?: LoadedPlugin[];
  /** `--no-plugins`: the config's `plugins` are not loaded; ids of rules of a plugin in `rules` are let be */
  noPlugins?: boolean;
}

export interface LintOutput {
  result: RunResult;
  project: Project;
  config: Config;
}

export const VERSION: string = JSON.parse(readPackageFile('package.json')!).version;

const readmeCache = new Map<string, string | undefined>();
export function ruleReadme(id: string): string | undefined {
  if (!readmeCache.has(id)) {
    readmeCache.set(id, readPackageFile(`rules/${id}/README.md`));
  }
  return readmeCache.get(id);
}

/** A rule's documentation: a built-in rule's README and page, or what a plugin or policy rule carries. */
export function ruleDocs(rule: Rule<any>): { readme: string | undefined; helpUri: string } {
  const docs = rule.meta.docs;
  if (docs) return { readme: docs.markdown, helpUri: docs.url ?? ruleHelpUri(rule.meta.id) };
  return { readme: ruleReadme(rule.meta.id), helpUri: ruleHelpUri(rule.meta.id) };
}

/**
 * Under `--no-plugins`, a config may still configure the rules of its plugins: ids outside the
 * built-in families and the policies are let be (no plugin is loaded to check them against).
 */
function pluginIdsLetBe(opts: LintOptions, config: Config): ((id: string) => boolean) | undefined {
  if (!opts.noPlugins || !config.plugins?.length) return undefined;
  const families = new Set([...registry.map((r) => r.meta.id.split('/')[0]!), 'policy']);
  return (id) => !families.has(id.split('/')[0]!);
}

/** Resolves the configuration the way the CLI does; throws ConfigError. */
export function resolveConfig(opts: LintOptions): Config {
  if (opts.config) return opts.config;
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  if (opts.noConfig) return defaultConfig();
  const file = opts.configFile ? path.resolve(cwd, opts.configFile) : findConfig(cwd);
  if (opts.configFile && !pathExists(file!)) throw new ConfigError(`config file not found: ${opts.configFile}`);
  if (!file) return defaultConfig();
  const cfg = loadConfig(file, cwd);
  // policies are data: read and validated with the config, so a bad one stops the run before any work
  cfg.policyRules = loadPolicies(cfg);
  return cfg;
}

/**
 * The rules a run may use: the registry (or the rules a caller gives), the config's policies and
 * the loaded plugins' rules; and the config with each policy on at its own severity (a policy is
 * written to be enforced, whatever the preset), unless the config's `rules` says otherwise.
 */
export function runRegistry(opts: LintOptions, config: Config): { rules: Rule<any>[]; config: Config } {
  const policies = config.policyRules ?? loadPolicies(config);
  const rules = [...(opts.rules ?? registry), ...policies, ...(opts.plugins ?? []).flatMap((p) => p.rules)];
  if (!policies.length) return { rules, config };
  const on: Config['rules'] = Object.create(null) as Config['rules'];
  for (const p of policies) on[p.meta.id] = p.meta.severity;
  return { rules, config: { ...config, rules: Object.assign(on, config.rules) } };
}

/**
 * Lints the given paths: discover → parse → model → one rule walk → mask, fingerprint, suppress,
 * baseline. Throws ConfigError for configuration problems; everything about the scanned files
 * (parse errors, unreadable files, rule crashes) becomes a notice and the run goes on.
 */
export function lint(opts: LintOptions = {}): LintOutput {
  const prepared = prepareLint(opts);
  const built = buildProject(prepared.build);
  const group = lintBuilt(prepared, opts, built);
  const { project, redactor, masker, config, srcRoot, cwd, active, reports, notices } = group;
  const timing = opts.timing;
  timing?.enter('suppress/baseline/mask');
  let diagnostics = group.keyed.map((k) => k.d);
  let known: Diagnostic[] | undefined;
  if (opts.baseline) {
    const base = opts.baseline;
    known = diagnostics.filter((d) => !d.suppression && base.has(d.fingerprint));
    diagnostics = diagnostics.filter((d) => d.suppression || !base.has(d.fingerprint));
  }
  timing?.leave('suppress/baseline/mask');

  const rules = ruleInfos(
    active.map((a) => ({ id: a.rule.meta.id, level: a.level })),
    group.rules,
  );
  const repositoryPath = repositoryPathOf(srcRoot);
  const result: RunResult = {
    toolName: 'sls-lint',
    toolVersion: VERSION,
    srcRoot,
    ...(repositoryPath ? { repositoryPath } : {}),
    ...(config.file ? { configFile: relPosix(srcRoot, path.resolve(cwd, config.file)) } : {}),
    diagnostics,
    notices,
    rules,
    filesScanned: built.filesRead,
    coverage: coverageOf(project, notices, built.named, built.found, built.reportable),
    // the functions of what was asked for (not of manifests read only to place a named file)
    functions: runFunctions(project).filter((f) => built.reportable(f.manifest)),
    ...(reports ? { reports } : {}),
    baselined: known?.length ?? 0,
    ...(known ? { baselineKnown: known } : {}),
    redact: redactor.redact,
    sourceLine(file: string, line: number) {
      const f = project.files.get(file);
      const text = f?.lines[line - 1];
      return text === undefined ? undefined : redactor.redact(masker.apply(file, line, text));
    },
    lineLength(file: string, line: number) {
      return project.files.get(file)?.lines[line - 1]?.length;
    },
  };
  return { result, project, config };
}

/** The rules of a run as its result lists them, from their ids and levels (`extra`: rules tests, policies and plugins give). */
export function ruleInfos(list: { id: string; level: Severity }[], extra: Rule<any>[] = []): RuleInfo[] {
  const byId = new Map([...registry, ...extra].map((r) => [r.meta.id, r]));
  return list.map(({ id, level }) => {
    const rule = byId.get(id);
    if (!rule) throw new ConfigError(`unknown rule "${id}"`);
    return { meta: rule.meta, level, ...ruleDocs(rule) };
  });
}

/** Where srcRoot lies in its repository (`RunResult.repositoryPath`). */
export function repositoryPathOf(srcRoot: string): string {
  const inRepository = path.relative(repositoryRoot(srcRoot), srcRoot);
  return inRepository && !path.isAbsolute(inRepository) && !/^\.\.(\/|\\|$)/.test(inRepository)
    ? inRepository.split(path.sep).join('/')
    : '';
}

/** What a run is prepared from: the config, the active rules and the build options. */
export interface PreparedLint {
  cwd: string;
  srcRoot: string;
  config: Config;
  active: ReturnType<typeof resolveRules>;
  /** every rule the run may use: the registry (or the caller's), the policies, the plugins' rules */
  rules: Rule<any>[];
  build: BuildOptions;
}

/** Resolves the config and the rules of a run; throws ConfigError. */
export function prepareLint(opts: LintOptions): PreparedLint {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const srcRoot = path.resolve(cwd, opts.srcRoot ?? '.');
  opts.timing?.enter('config');
  const config = resolveConfig(opts);
  if (config.plugins?.length && !opts.plugins && !opts.noPlugins)
    throw new ConfigError(
      `${config.file ?? 'the config'} names plugins: load them first (loadPlugins, or the sls-lint command) or run with --no-plugins`,
    );
  const run = runRegistry(opts, config);
  const active = resolveRules(run.rules, run.config, opts.ruleOverrides ?? {}, opts.only, pluginIdsLetBe(opts, config));
  for (const name of opts.reports ?? [])
    if (!reportNames().includes(name)) throw new ConfigError(`unknown report "${name}" (expected ${reportNames().join(', ') || 'none'})`);
  opts.timing?.leave('config');
  const build: BuildOptions = {
    srcRoot,
    paths: (opts.paths?.length ? opts.paths : ['.']).map((p) => path.resolve(cwd, p)),
    ignore: config.ignore,
    stage: opts.stage ?? config.stage ?? 'dev',
    region: opts.region,
    ...(opts.options ? { options: opts.options } : {}),
    ...(opts.params ? { params: opts.params } : {}),
    allowEnv: !!opts.allowEnv,
    env: opts.env ?? (opts.allowEnv ? process.env : {}),
    unanalysed: opts.unanalysed ?? config.unanalysed ?? 'error',
    ...(opts.stdin ? { stdin: { path: path.resolve(cwd, opts.stdin.filename), bytes: opts.stdin.bytes } } : {}),
    ...(opts.timing ? { timing: opts.timing } : {}),
  };
  return { cwd, srcRoot, config, active, rules: run.rules, build };
}

/** One build's run: the rule walk over it, masked, fingerprinted and suppressed (no baseline yet). */
export interface BuiltLint extends PreparedLint {
  built: BuiltProject;
  project: Project;
  walked: ReturnType<typeof walkRules>;
  redactor: Redactor;
  masker: SourceMasker;
  /** the findings, sorted, with their fingerprint parts; suppressions applied */
  keyed: KeyedDiagnostic[];
  /** the notices, masked and sorted */
  notices: ToolNotice[];
  reports?: RunReport[];
  /** files that could not be parsed */
  unparsed: Set<string>;
}

/** The rule walk and what follows it, over a built project. */
export function lintBuilt(prepared: PreparedLint, opts: LintOptions, built: BuiltProject): BuiltLint {
  const { active } = prepared;
  const config = withToday(prepared.config, opts.today);
  const { project } = built;
  const timing = opts.timing;

  timing?.enter('rule walk');
  // one set of analyses for the rules and the reports: what a rule computed is not computed again
  const analyses = new Analyses(project, {
    settings: config.settings,
    ...(opts.region ? { region: opts.region } : {}),
    ...(config.traffic ? { traffic: config.traffic } : {}),
    ...(built.measure ? { measure: built.measure } : {}),
  });
  const walked = walkRules(project, active, config.settings, timing, analyses);
  timing?.leave('rule walk');
  // manifests read only to place a named code file are not reported on
  walked.raw = walked.raw.filter((r) => built.reportable(r.loc.file));
  timing?.enter('suppress/baseline/mask');
  const redactor = new Redactor();
  for (const r of walked.raw) redactor.add(r.secrets);
  // where the secrets are written (a value continued over lines, escaped, folded), and the secrets
  // of files that could not be parsed: no rule saw them, but their lines are shown with the error
  const masker = new SourceMasker((file) => project.files.get(file)?.lines);
  for (const r of walked.raw) if (r.secrets.length) masker.addFinding(r.loc, r.secrets);
  const unparsed = new Set(built.notices.filter((n) => n.id === 'parse-error' && n.level === 'error' && n.loc).map((n) => n.loc!.file));
  for (const file of [...unparsed].sort()) redactor.add(masker.scanFile(file));
  let reports: RunReport[] | undefined;
  if (opts.reports?.length) {
    timing?.enter('reports');
    const noticed = new Set(walked.notices);
    reports = buildReports(
      opts.reports,
      { project, analyses, settings: config.settings, ...(opts.region ? { region: opts.region } : {}) },
      redactor.redact,
    );
    // what the analyses a report alone asked for had to say
    walked.notices.push(...analyses.notices().filter((n) => !noticed.has(n)));
    timing?.leave('reports');
  }
  const keyed = finaliseKeyed(walked.raw, redactor.redact, (loc) => textOf(project.files.get(loc.file)?.lines, loc));
  const diagnostics = keyed.map((k) => k.d);
  // a directive is judged unused only for a rule that ran to its end
  const crashed = new Set(walked.notices.filter((n) => n.id === 'rule-error' && n.ruleId).map((n) => n.ruleId!));
  const directiveNotices = applySuppressions(diagnostics, project, {
    knownIds: [...new Set([...registry, ...prepared.rules].map((r) => r.meta.id))],
    closest: closestId,
    ranIds: new Set(active.map((a) => a.rule.meta.id).filter((id) => !crashed.has(id))),
    reportUnused: opts.reportUnusedDisableDirectives ?? config.reportUnusedDisableDirectives ?? 'off',
    requireReason: !!config.requireSuppressionReason,
    unjudged: unparsed,
  });
  const notices: ToolNotice[] = [...built.notices, ...walked.notices, ...directiveNotices]
    .filter((n) => !n.loc || built.reportable(n.loc.file))
    .map((n) => ({ ...n, message: redactor.redact(n.message) }))
    .sort(compareNotices);
  timing?.leave('suppress/baseline/mask');
  return { ...prepared, built, project, walked, redactor, masker, keyed, notices, ...(reports ? { reports } : {}), unparsed };
}

/** The config with `settings.today` set to the run's date, unless the config pins one. */
function withToday(config: Config, today: string | undefined): Config {
  if (today === undefined || config.settings.today !== undefined) return config;
  return { ...config, settings: { ...config.settings, today } };
}

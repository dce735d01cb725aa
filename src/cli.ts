import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, parseLevel, resolveRules, suggest, type Config, type Level } from './config/config.js';
import { MAX_BASELINE_BYTES, parseBaseline, serializeBaseline } from './engine/baseline.js';
import type { RunResult } from './engine/result.js';
import { format, FORMATS, type FormatName } from './formatters/index.js';
import { githubLinkBase } from './formatters/summary.js';
import { neutralizeJson, neutralizeWorkflowCommands } from './formatters/workflow.js';
import { resolveConfig, ruleDocs, runRegistry, VERSION } from './lint.js';
import { loadPlugins, type LoadedPlugin } from './config/plugins.js';
import { Timing } from './engine/timing.js';
import { markdownToText } from './formatters/markdown.js';
import { PLATFORMS } from './platforms/index.js';
import { analysedAnything, NOTHING_FOUND } from './engine/coverage.js';
import { readRepositoryFile, repositoryRoot } from './load/safe-read.js';
import type { Severity } from './core/types.js';
import { rules as registry } from '../rules/index.js';
import { REPORTS, reportNames } from './reports/index.js';
import { lintScaled, type ScaleOptions } from './scale.js';
import { cacheFilePath } from './load/cache-file.js';
import { MergeError, mergePartials, shardParts, type ShardOutput } from './partial.js';

const REPORT_LIST = REPORTS.map((r) => r.name).join(', ') || 'none yet';

export const HELP = `Usage: sls-lint [options] [paths...]

Lint serverless applications (serverless.yml, AWS SAM, CloudFormation) and the handler code they
point at, for overbroad IAM, public access, hardcoded secrets and more. Paths default to ".".

Output
  -f, --format <name>        text (default), json, sarif, github, markdown, junit, gitlab or html;
                             repeatable
  -o, --output-file <file>   write the preceding --format to a file (one format may use stdout)
      --frames               text: show the offending source line under each finding
      --no-color             never colour text output (NO_COLOR is honoured too)
      --color                colour text output even when stdout is not a terminal
  -q, --quiet                report errors only
      --report <name>        also print a report after the findings (json: under its own key);
                             repeatable or comma-separated: ${REPORT_LIST}
      --sarif-category <id>  SARIF automationDetails.id (written only when given)

Rules and config
  -c, --config <file>        config file (default: .sls-lint.yml|.yaml|.json searched upward to the
                             repository root)
      --no-config            ignore config files
      --rule <id>=<level>    set a rule's level: off, note, warning, error; repeatable; "iam/*" works
      --only <ids>           run only these rules (comma-separated)
      --list-rules           print the rules and their effective levels, then exit (with
                             --format json: a catalogue with tags, platforms and docs links)
      --explain <rule>       print a rule's documentation, then exit
      --print-config         print the effective configuration as JSON, then exit
      --no-plugins           load no plugin the config names (runs no code but sls-lint's own;
                             declarative policies still apply)

Gate
      --fail-on <level>      exit 1 when a finding is at or above: error (default), warning, note, none
      --max-warnings <n>     exit 1 when there are more than n warnings
      --baseline <file>      report only findings whose fingerprint is not in the baseline
      --write-baseline <file> record the current findings' fingerprints, then exit 0
      --unanalysed <level>   level of the notice for a manifest or template that could not be
                             analysed (too big, binary, not a regular file): error (default, fails
                             the gate), warning or note
      --report-unused-disable-directives
                             report disable directives that suppressed nothing, as errors
      --report-unused-disable-directives-severity <level>
                             the same at a level: off, note, warning (warn), error

Model
      --stage <name>         Serverless stage for \${opt:stage}/\${sls:stage} (default "dev")
      --region <name>        region for \${opt:region}/\${aws:region} (default: provider.region,
                             else us-east-1 as the framework deploys)
      --opt <key>=<value>    value of \${opt:key} (as \`serverless deploy --key value\`); repeatable
      --param <key>=<value>  value of \${param:key} (as \`serverless deploy --param\`); repeatable
      --allow-env            resolve \${env:X} from the environment (off: treated as unknown)
      --srcroot <dir>        paths in findings are relative to this (default: current directory)

Input
      --ignore-pattern <glob> skip files and folders matching it (as config \`ignore\`, relative to
                             the current directory); repeatable
      --stdin                lint standard input, as the file named by --stdin-filename
      --stdin-filename <f>   the file standard input stands for (a manifest, .env or code file; a
                             handler is placed through the repository's manifests)
      --no-error-on-unmatched-pattern
                             exit 0, not 2, when the paths hold nothing sls-lint analyses

Scale
  -j, --jobs <n|auto>        threads to lint with (default 1; auto: the cores, 1 for a small
                             tree); the output is the same whatever the number
      --shard <i>/<n>        lint only shard i of n (split by manifest, balanced by size); its
                             --format json output is an input of \`sls-lint merge\`
      --cache                keep results in a cache file and relint only what changed (the output
                             is the same as without it)
      --cache-location <path> the cache file, or a directory for it (default: .sls-lint-cache in
                             the current directory)
  sls-lint merge [options] <shard.json>...
                             combine the JSON outputs of all n shards into the output of one run
                             (--format, --output-file, --baseline and the gate options apply)

Diagnostics (stderr only)
      --timing               print the time of each phase and of the 10 slowest rules
      --debug                --timing, plus what discovery decided about each file

  -v, --version              print the version
  -h, --help                 print this help

Files named one by one (as pre-commit and lint-staged pass them) are linted: a code file is scanned
for secrets and, when a manifest under the current directory points at it, analysed as that
function's code; findings are reported only in the files and folders named.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it (or over --max-warnings);
2 usage or config error, nothing to analyse in the paths given, or the tool failed.
`;

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  /** columns of the terminal stdout is, when it is one */
  columns?: number;
  /** stderr is a terminal: a progress line is shown there while linting */
  stderrIsTTY?: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** reads at most n bytes of standard input (tests give their own) */
  readStdin?: (max: number) => Buffer;
}

const RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

class UsageError extends Error {}

// ── plugins: the one asynchronous step, before the synchronous run ─────────────────────────────

/**
 * The command: imports the plugins the config names (unless `--no-plugins`), then runs `main` with
 * them. `bin/sls-lint.js` calls this. Never throws.
 */
export async function cli(argv: string[], io: Io = defaultIo()): Promise<number> {
  let plugins: LoadedPlugin[] | undefined;
  try {
    plugins = await pluginsFor(argv, io.cwd);
  } catch (e) {
    const text = e instanceof ConfigError ? e.message : `internal error: ${(e as Error)?.stack ?? String(e)}`;
    io.stderr(`sls-lint: ${neutralizeWorkflowCommands(text)}\n`);
    return 2;
  }
  return main(argv, io, plugins);
}

/** The config's plugins, loaded; [] when there are none, or the run will not get to lint (help, a bad config: `main` says). */
async function pluginsFor(argv: string[], cwd: string): Promise<LoadedPlugin[]> {
  let v: Record<string, unknown>;
  try {
    v = parseArgs({
      args: argv,
      strict: false,
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        'no-plugins': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }).values;
  } catch {
    return [];
  }
  if (v.help || v.version || v['no-config'] || v['no-plugins']) return [];
  let config;
  try {
    config = resolveConfig({ cwd, ...(typeof v.config === 'string' ? { configFile: v.config } : {}) });
  } catch {
    return []; // `main` reports the config's problem
  }
  return loadPlugins(config, [...registry, ...(config.policyRules ?? [])]);
}

/** Runs the CLI and returns the exit code. Never throws. `plugins`: loaded by `cli` (absent: the config may name none). */
export function main(argv: string[], io: Io = defaultIo(), plugins?: LoadedPlugin[]): number {
  // what goes to stderr quotes paths and keys: none of its lines may read as a workflow command
  const write = io.stderr;
  io = { ...io, stderr: (s) => write(neutralizeWorkflowCommands(s)) };
  try {
    return run(argv, io, plugins);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      // one line: what is wrong, and for usage errors where to look (several bad policies: one line each)
      const lines = e.message.split('\n').map((l) => `sls-lint: ${l}`);
      io.stderr(`${lines.join('\n')}${e instanceof UsageError ? ' (see sls-lint --help)' : ''}\n`);
      return 2;
    }
    io.stderr(`sls-lint: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 2;
  }
}

function defaultIo(): Io {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: !!process.stdout.isTTY,
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
    stderrIsTTY: !!process.stderr.isTTY,
    env: process.env,
    cwd: process.cwd(),
  };
}

function run(argv: string[], io: Io, plugins: LoadedPlugin[] | undefined): number {
  if (argv[0] === 'merge') return runMerge(argv.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        ...OUTPUT_OPTIONS,
        report: { type: 'string', multiple: true },
        'sarif-category': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        only: { type: 'string', multiple: true },
        'list-rules': { type: 'boolean' },
        explain: { type: 'string' },
        'print-config': { type: 'boolean' },
        'no-plugins': { type: 'boolean' },
        'fail-on': { type: 'string' },
        'max-warnings': { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        unanalysed: { type: 'string' },
        'report-unused-disable-directives': { type: 'boolean' },
        'report-unused-disable-directives-severity': { type: 'string' },
        timing: { type: 'boolean' },
        debug: { type: 'boolean' },
        stage: { type: 'string' },
        region: { type: 'string' },
        opt: { type: 'string', multiple: true },
        param: { type: 'string', multiple: true },
        'allow-env': { type: 'boolean' },
        srcroot: { type: 'string' },
        'ignore-pattern': { type: 'string', multiple: true },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        'no-error-on-unmatched-pattern': { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
        ...SCALE_OPTIONS,
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout(HELP);
    return 0;
  }
  if (v.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (v.explain !== undefined) {
    // a policy's or a plugin's rule is documented by what the config names
    const known = registry.some((r) => r.meta.id === v.explain!.trim())
      ? registry
      : runRegistry({ ...(plugins ? { plugins } : {}) }, resolveConfig({ cwd: io.cwd, configFile: v.config, noConfig: v['no-config'] }))
          .rules;
    const rule = known.find((r) => r.meta.id === v.explain!.trim());
    if (!rule)
      throw new UsageError(
        `unknown rule "${v.explain}"${suggest(
          v.explain.trim(),
          known.map((r) => r.meta.id),
        )}`,
      );
    const docs = ruleDocs(rule);
    io.stdout(`${docs.readme ? markdownToText(docs.readme) : rule.meta.description}\n\n${docs.helpUri}\n`);
    return 0;
  }

  const outputs = outputsOf(parsed.tokens ?? []);

  const overrides: Record<string, Level> = {};
  for (const r of v.rule ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(r);
    const level = m ? parseLevel(m[2]) : undefined;
    if (!m || !level) throw new UsageError(`--rule expects <id>=<off|note|warning|error> (or warn, 0, 1, 2), got "${r}"`);
    overrides[m[1]!.trim()] = level;
  }
  const only = (v.only ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

  const reports = (v.report ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  for (const r of reports)
    if (!reportNames().includes(r)) throw new UsageError(`unknown report "${r}"${suggest(r, reportNames())} (expected ${REPORT_LIST})`);

  const { failOn: failOnArg, maxWarnings } = gateOptions(v);

  const unanalysed = v.unanalysed === 'warn' ? 'warning' : v.unanalysed;
  if (unanalysed !== undefined && !['error', 'warning', 'note'].includes(unanalysed))
    throw new UsageError(`--unanalysed expects error, warning (or warn) or note, got "${unanalysed}"`);

  const reportUnused = unusedDirectivesLevel(v['report-unused-disable-directives'], v['report-unused-disable-directives-severity']);
  const timing = v.timing || v.debug ? new Timing(!!v.debug) : undefined;

  const cwd = io.cwd;
  timing?.enter('config');
  const config = resolveConfig({ cwd, configFile: v.config, noConfig: v['no-config'] });
  timing?.leave('config');
  const failOn = failOnArg ?? ((config.failOn ?? 'error') as Severity | 'none');

  // the built-in rules, the config's policies and the plugins' rules
  const all = runRegistry({ ...(plugins ? { plugins } : {}), noPlugins: !!v['no-plugins'] }, config);
  if (v['list-rules'] || v['print-config']) {
    const registry = all.rules;
    const active = new Map(resolveRules(registry, all.config, overrides, only.length ? only : undefined).map((a) => [a.rule.meta.id, a]));
    if (v['print-config']) {
      const rules: Record<string, unknown> = {};
      for (const r of registry) {
        const a = active.get(r.meta.id);
        rules[r.meta.id] = a ? (Object.keys(a.options).length ? [a.level, a.options] : a.level) : 'off';
      }
      io.stdout(
        `${neutralizeJson(JSON.stringify({ configFile: config.file ?? null, extends: config.extends, failOn, ignore: config.ignore, stage: v.stage ?? config.stage ?? 'dev', reportUnusedDisableDirectives: config.reportUnusedDisableDirectives ?? 'off', requireSuppressionReason: !!config.requireSuppressionReason, settings: config.settings, ...pluginsAndPolicies(config, plugins), rules }, null, 2))}\n`,
      );
      return 0;
    }
    if (outputs.some((o) => o.format === 'json')) {
      const catalogue = registry.map((r) => ({
        id: r.meta.id,
        level: active.get(r.meta.id)?.level ?? 'off',
        recommended: r.meta.recommended,
        description: r.meta.description,
        // no declaration: every platform the tool reads
        platforms: r.meta.platforms ?? [...new Set(PLATFORMS.map((p) => p.platform))].sort(),
        tags: r.meta.tags,
        ...(r.meta.securitySeverity !== undefined ? { securitySeverity: r.meta.securitySeverity } : {}),
        precision: r.meta.precision ?? 'high',
        docs: ruleDocs(r).helpUri,
      }));
      io.stdout(`${neutralizeJson(JSON.stringify({ rules: catalogue }, null, 2))}\n`);
      return 0;
    }
    const width = Math.max(...registry.map((r) => r.meta.id.length));
    for (const r of registry) {
      const a = active.get(r.meta.id);
      io.stdout(`${r.meta.id.padEnd(width)}  ${(a ? a.level : 'off').padEnd(7)}  ${r.meta.description}\n`);
    }
    return 0;
  }

  if (v.srcroot !== undefined && !fs.existsSync(path.resolve(cwd, v.srcroot)))
    throw new UsageError(`--srcroot "${v.srcroot}" does not exist`);
  const baseline = v.baseline ? loadBaseline(path.resolve(cwd, v.baseline), v.baseline, cwd) : undefined;

  // progress on stderr, only on a terminal: one line, erased when the run is done
  const progress = io.stderrIsTTY && !v.quiet;
  let stdin: { filename: string; bytes: Buffer } | undefined;
  if (v['stdin-filename'] !== undefined && !v.stdin) throw new UsageError('--stdin-filename needs --stdin');
  if (v.stdin) {
    if (parsed.positionals.length) throw new UsageError('--stdin lints standard input only; give no paths with it');
    const filename = v['stdin-filename'];
    if (!filename?.trim()) throw new UsageError('--stdin needs --stdin-filename <file>: the name decides how the text is read');
    const read = (io.readStdin ?? readStdin)(MAX_STDIN_BYTES + 1);
    if (read.length > MAX_STDIN_BYTES) throw new UsageError(`standard input is larger than ${MAX_STDIN_BYTES / 1024 / 1024} MB`);
    stdin = { filename, bytes: read };
  }
  const paths = parsed.positionals.length ? parsed.positionals : ['.'];
  // a path that does not exist is a mistake in the command, not a clean result
  if (!stdin) for (const p of paths) if (!fs.existsSync(path.resolve(cwd, p))) throw new UsageError(`no such file or directory: "${p}"`);
  const ignorePatterns = (v['ignore-pattern'] ?? []).map((g) => ignoreFromCwd(g, cwd, path.resolve(cwd, v.srcroot ?? '.')));
  if (progress) io.stderr(`sls-lint: linting ${stdin ? stdin.filename : paths.join(' ')}…\r`);
  const scale = scaleOptions(v, { reports: reports.length > 0, stdin: !!stdin, writeBaseline: !!v['write-baseline'] });
  if (v.cache) {
    const why = stdin
      ? '--stdin'
      : scale.shard
        ? '--shard'
        : reports.length
          ? '--report'
          : paths.some((p) => fs.statSync(path.resolve(cwd, p)).isFile())
            ? 'files named one by one'
            : undefined;
    if (why) io.stderr(`sls-lint: --cache is not used with ${why}\n`);
    else
      scale.cache = {
        file: cacheFilePath(v['cache-location'], cwd),
        notice: (m) => io.stderr(`sls-lint: ${m}\n`),
      };
  }
  const scaled = lintScaled(
    {
      cwd,
      paths,
      ...(stdin ? { stdin } : {}),
      config: ignorePatterns.length ? { ...config, ignore: [...config.ignore, ...ignorePatterns] } : config,
      // the date dated facts are compared with (end-of-life runtimes): the clock, unless the config pins it
      today: new Date().toISOString().slice(0, 10),
      srcRoot: v.srcroot,
      ruleOverrides: overrides,
      only: only.length ? only : undefined,
      stage: v.stage,
      region: v.region,
      options: keyValues(v.opt, '--opt'),
      params: keyValues(v.param, '--param'),
      allowEnv: !!v['allow-env'],
      env: io.env,
      unanalysed: unanalysed as Severity | undefined,
      baseline,
      ...(reportUnused ? { reportUnusedDisableDirectives: reportUnused } : {}),
      ...(timing ? { timing } : {}),
      ...(reports.length ? { reports } : {}),
      ...(plugins ? { plugins } : {}),
      noPlugins: !!v['no-plugins'],
    },
    scale,
  );
  const result = scaled.result;
  if (progress) io.stderr('\x1b[2K\r');

  if (v['write-baseline']) {
    const file = path.resolve(cwd, v['write-baseline']);
    try {
      fs.writeFileSync(file, serializeBaseline(result.diagnostics));
    } catch (e) {
      io.stderr(`sls-lint: cannot write baseline ${v['write-baseline']}: ${errnoText(e)}\n`);
      return 2;
    }
    io.stderr(`sls-lint: wrote ${result.diagnostics.filter((d) => !d.suppression).length} fingerprints to ${v['write-baseline']}\n`);
    return 0;
  }

  timing?.enter('format');
  const written = emitOutputs(result, outputs, v, io, scaled.shard);
  timing?.leave('format');
  if (written !== 0) return written;
  if (timing) {
    // the threads, when more than one was asked for
    const threads =
      scaled.threads > 1 || scaled.conflicts
        ? `threads: ${scaled.threads}${scaled.conflicts ? ` (redone serially: ${scaled.conflicts} findings of shared code)` : ''}\n`
        : '';
    io.stderr(timing.report() + threads);
  }
  // a run that looked at nothing is no evidence of anything: say so, and fail unless told not to
  // (a shard may get none of a tree that has some: the merge judges the whole)
  if (result.coverage && !analysedAnything(result.coverage) && !scaled.shard?.parts.some((p) => p.allUnits > 0)) {
    io.stderr(`sls-lint: nothing analysed in ${stdin ? stdin.filename : paths.join(' ')}: ${NOTHING_FOUND}\n`);
    if (!v['no-error-on-unmatched-pattern']) return 2;
  }
  const code = exitCode(result, failOn, maxWarnings);
  const warnings = result.diagnostics.filter((d) => !d.suppression && d.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings)
    io.stderr(`sls-lint: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${maxWarnings}\n`);
  return code;
}

type Output = { format: FormatName; file?: string };

/** The --format/--output-file pairs, in order. */
function outputsOf(tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>): Output[] {
  const outputs: Output[] = [];
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (t.name === 'format') {
      const f = String(t.value);
      if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format "${f}" (expected ${FORMATS.join(', ')})`);
      outputs.push({ format: f as FormatName });
    } else if (t.name === 'output-file') {
      const last = outputs[outputs.length - 1];
      if (!last) outputs.push({ format: 'text', file: String(t.value) });
      else if (last.file) throw new UsageError(`--output-file "${t.value}" has no --format before it`);
      else last.file = String(t.value);
    }
  }
  if (!outputs.length) outputs.push({ format: 'text' });
  if (outputs.filter((o) => !o.file).length > 1)
    throw new UsageError('only one --format can write to stdout; give the others an --output-file');

  return outputs;
}

/** Formats the result as each --format asks and writes it; 2 when a file cannot be written, else 0. */
function emitOutputs(
  result: RunResult,
  outputs: Output[],
  v: { 'no-color'?: boolean; color?: boolean; frames?: boolean; quiet?: boolean; 'sarif-category'?: string },
  io: Io,
  shard?: ShardOutput,
): number {
  const cwd = io.cwd;
  const color = v['no-color'] || 'NO_COLOR' in io.env ? false : v.color ? true : io.isTTY;
  // markdown links to the commit on GitHub in a workflow (the source root's place in its checkout)
  const linkBase = githubLinkBase(io.env, result.repositoryPath ?? '');
  for (const o of outputs) {
    const formatted = format(result, o.format, {
      color: o.file ? false : color,
      frames: !!v.frames,
      quiet: !!v.quiet,
      // fit the terminal; 80 columns in a pipe, a file or CI logs
      width: !o.file && io.isTTY && io.columns ? io.columns : 80,
      category: v['sarif-category'],
      linkBase,
    });
    // a shard's JSON carries its parts for `sls-lint merge`
    const text = shard && o.format === 'json' ? withShard(formatted, shard) : formatted;
    if (o.file) {
      const file = path.resolve(cwd, o.file);
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
      } catch (e) {
        io.stderr(`sls-lint: cannot write ${o.file}: ${errnoText(e)}\n`);
        return 2;
      }
    } else io.stdout(text);
  }
  return 0;
}

/** `--fail-on` and `--max-warnings`, checked. */
function gateOptions(v: { 'fail-on'?: string; 'max-warnings'?: string }): { failOn?: Severity | 'none'; maxWarnings?: number } {
  let maxWarnings: number | undefined;
  if (v['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(v['max-warnings'])) throw new UsageError(`--max-warnings expects a whole number, got "${v['max-warnings']}"`);
    maxWarnings = Number(v['max-warnings']);
  }
  const failOnArg = v['fail-on'] === 'warn' ? 'warning' : v['fail-on'];
  if (failOnArg !== undefined && !['error', 'warning', 'note', 'none'].includes(failOnArg))
    throw new UsageError(`--fail-on expects error, warning (or warn), note or none, got "${failOnArg}"`);

  return {
    ...(failOnArg !== undefined ? { failOn: failOnArg as Severity | 'none' } : {}),
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
  };
}

/** `--print-config`: the plugins named (and the namespaces loaded) and the policy rules, when there are any. */
function pluginsAndPolicies(config: Config, plugins: LoadedPlugin[] | undefined): Record<string, unknown> {
  return {
    ...(config.plugins?.length
      ? {
          plugins: config.plugins.map((p) => ({
            specifier: p.specifier,
            loaded: plugins?.find((l) => l.specifier === p.specifier)?.name ?? null,
          })),
        }
      : {}),
    ...(config.policyRules?.length ? { policies: config.policyRules.map((r) => r.meta.id) } : {}),
  };
}

/** Largest standard input read for `--stdin` (the manifest cap). */
const MAX_STDIN_BYTES = 5 * 1024 * 1024;

/** Reads at most `max` bytes of standard input. */
function readStdin(max: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, Math.min(buf.length, max - total), null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw new UsageError(`cannot read standard input: ${errnoText(e)}`);
    }
    if (n <= 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
    if (total >= max) break;
  }
  return Buffer.concat(chunks);
}

/**
 * An `--ignore-pattern` glob, given relative to the current directory, as a config `ignore` glob
 * (relative to the source root).
 */
function ignoreFromCwd(glob: string, cwd: string, srcRoot: string): string {
  const g = glob.trim().replace(/\\/g, '/');
  if (!g) throw new UsageError('--ignore-pattern expects a glob');
  if (g.length > 4096) throw new UsageError('--ignore-pattern is longer than 4096 characters');
  const prefix = path.relative(srcRoot, cwd).split(path.sep).join('/');
  if (!prefix || g.startsWith('**/')) return g;
  if (prefix.startsWith('..')) throw new UsageError(`--ignore-pattern "${glob}": the current directory is outside --srcroot`);
  return `${prefix}/${g.replace(/^\.\//, '')}`;
}

/** ESLint's two spellings: the flag alone is `error`; `-severity <level>` names the level; not both. */
function unusedDirectivesLevel(flag: boolean | undefined, severity: string | undefined): Level | undefined {
  if (flag && severity !== undefined)
    throw new UsageError('--report-unused-disable-directives and --report-unused-disable-directives-severity cannot be used together');
  if (severity === undefined) return flag ? 'error' : undefined;
  const level = parseLevel(severity);
  if (!level)
    throw new UsageError(
      `--report-unused-disable-directives-severity expects off, note, warning (or warn), error, 0, 1 or 2, got "${severity}"`,
    );
  return level;
}

/** `key=value` pairs of a repeatable option (a key at most once). */
function keyValues(given: string[] | undefined, option: string): Record<string, string> | undefined {
  if (!given?.length) return undefined;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const g of given) {
    const m = /^([A-Za-z0-9_.-]+)=(.*)$/s.exec(g);
    if (!m) throw new UsageError(`${option} expects <key>=<value>, got "${g}"`);
    if (Object.hasOwn(out, m[1]!)) throw new UsageError(`${option} ${m[1]} is given twice`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

/**
 * Reads a baseline: only a regular file, within the cap, and one in the repository must stay in it;
 * errors never quote the file.
 */
function loadBaseline(file: string, given: string, cwd: string): Set<string> {
  try {
    const raw = readRepositoryFile(file, repositoryRoot(cwd), MAX_BASELINE_BYTES);
    if (!raw.ok) throw new Error(`cannot read baseline ${file}: ${raw.detail}`);
    return parseBaseline(raw.bytes.toString('utf8'), file);
  } catch (e) {
    throw new UsageError((e as Error).message.replace(file, given));
  }
}

/** `ENOSPC (no space left on device)`: the code, and the system's words without the path. */
export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (!err?.code) return String(err?.message ?? e).split('\n')[0]!;
  const words = /^[A-Z0-9_]+: ([^,]+)/.exec(err.message ?? '')?.[1];
  return words ? `${err.code} (${words})` : err.code;
}

/**
 * 2 when a rule crashed (the tool failed, though every other finding was still reported); 1 when an
 * unsuppressed finding, or a tool notice other than a note, is at or above failOn, or warnings exceed
 * maxWarnings; else 0.
 */
export function exitCode(result: RunResult, failOn: Severity | 'none', maxWarnings?: number): number {
  if (result.notices.some((n) => n.id === 'rule-error')) return 2;
  const live = result.diagnostics.filter((d) => !d.suppression);
  if (failOn !== 'none' && live.some((d) => RANK[d.severity] >= RANK[failOn])) return 1;
  // a tool notice fails the gate at its level like a finding, except a note (a decoded file, a
  // handler not found): information about the run, never a reason to fail it, even at --fail-on note
  if (failOn !== 'none' && result.notices.some((n) => n.level !== 'note' && RANK[n.level] >= RANK[failOn])) return 1;
  if (maxWarnings !== undefined && live.filter((d) => d.severity === 'warning').length > maxWarnings) return 1;
  return 0;
}

// ---- scale: --jobs, --shard, `sls-lint merge` -------------------------------------------------

/** The options of the output, shared by a run and `merge`. */
const OUTPUT_OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true },
  'output-file': { type: 'string', short: 'o', multiple: true },
  frames: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

/** parseArgs for a subcommand: positionals allowed, tokens kept, a usage error on a wrong option. */
function parseCommand<T extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, tokens: true, options: options! as NonNullable<T> });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
  }
}

const SCALE_OPTIONS = {
  jobs: { type: 'string', short: 'j' },
  shard: { type: 'string' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
} as const;

/** `--jobs`, `--shard`, checked against what cannot be split. */
function scaleOptions(
  v: { jobs?: string; shard?: string },
  run: { reports: boolean; stdin: boolean; writeBaseline: boolean },
): ScaleOptions {
  const out: ScaleOptions = {};
  if (v.jobs !== undefined) {
    if (v.jobs === 'auto') out.jobs = 'auto';
    else if (/^[1-9]\d{0,2}$/.test(v.jobs)) out.jobs = Number(v.jobs);
    else throw new UsageError(`--jobs expects a whole number from 1 or auto, got "${v.jobs}"`);
  } else out.jobs = 1;
  if (v.shard !== undefined) {
    const m = /^(\d{1,4})\/(\d{1,4})$/.exec(v.shard.trim());
    const index = m ? Number(m[1]) : 0;
    const total = m ? Number(m[2]) : 0;
    if (!m || index < 1 || total < 1 || index > total) throw new UsageError(`--shard expects i/n with 1 <= i <= n, got "${v.shard}"`);
    if (run.reports) throw new UsageError('--report cannot be combined with --shard: a report needs the whole run');
    if (run.stdin) throw new UsageError('--stdin cannot be combined with --shard');
    if (run.writeBaseline) throw new UsageError('--write-baseline cannot be combined with --shard: write it from `sls-lint merge`');
    out.shard = { index, total };
  }
  return out;
}

/** A shard's JSON output with its parts under `shard`. */
function withShard(json: string, shard: ShardOutput): string {
  return `${neutralizeJson(JSON.stringify({ ...(JSON.parse(json) as object), shard }, null, 2))}\n`;
}

/** Largest shard output `merge` reads. */
const MAX_SHARD_BYTES = 1024 * 1024 * 1024;

/** `sls-lint merge <shard.json>...`: the shards' outputs as the output of one run. */
function runMerge(argv: string[], io: Io): number {
  const parsed = parseCommand(argv, {
    ...OUTPUT_OPTIONS,
    'sarif-category': { type: 'string' },
    'fail-on': { type: 'string' },
    'max-warnings': { type: 'string' },
    baseline: { type: 'string' },
    'write-baseline': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const);
  const v = parsed.values;
  if (v.help) {
    io.stdout(HELP);
    return 0;
  }
  if (!parsed.positionals.length)
    throw new UsageError('merge expects the JSON outputs of the shards (sls-lint --shard i/n -f json -o shard-i.json)');
  const outputs = outputsOf(parsed.tokens ?? []);
  const gate = gateOptions(v);
  const shards: ShardOutput[] = parsed.positionals.map((file) => {
    let doc: { shard?: ShardOutput };
    try {
      const abs = path.resolve(io.cwd, file);
      if (fs.statSync(abs).size > MAX_SHARD_BYTES) throw new Error(`larger than ${MAX_SHARD_BYTES / 1024 / 1024} MB`);
      doc = JSON.parse(fs.readFileSync(abs, 'utf8')) as { shard?: ShardOutput };
    } catch (e) {
      throw new UsageError(`cannot read shard output ${file}: ${errnoText(e)}`);
    }
    if (!doc || typeof doc !== 'object' || !doc.shard || !Array.isArray(doc.shard.parts))
      throw new UsageError(`${file} is not the --format json output of a --shard run`);
    return doc.shard;
  });
  const baseline = v.baseline ? loadBaseline(path.resolve(io.cwd, v.baseline), v.baseline, io.cwd) : undefined;
  let result: RunResult;
  try {
    result = mergePartials(shardParts(shards), {
      srcRoot: io.cwd,
      ...(baseline ? { baseline } : {}),
      onConflicts: (n) => {
        if (n)
          io.stderr(
            `sls-lint: ${n} finding${n === 1 ? '' : 's'} in code shared by apps of different shards name${n === 1 ? 's' : ''} only the functions of one shard\n`,
          );
      },
    });
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError(e.message);
    throw e;
  }
  if (v['write-baseline']) {
    const file = path.resolve(io.cwd, v['write-baseline']);
    try {
      fs.writeFileSync(file, serializeBaseline(result.diagnostics));
    } catch (e) {
      io.stderr(`sls-lint: cannot write baseline ${v['write-baseline']}: ${errnoText(e)}\n`);
      return 2;
    }
    return 0;
  }
  const written = emitOutputs(result, outputs, v, io);
  if (written !== 0) return written;
  return exitCode(result, gate.failOn ?? 'error', gate.maxWarnings);
}

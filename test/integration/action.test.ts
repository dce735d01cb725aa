/**
 * Runs the steps of `action.yml` the way the GitHub runner runs a composite action: each `run:` step
 * with `bash --noprofile --norc -eo pipefail <file>` in its working directory, its `env:` and the
 * runner's files (`GITHUB_OUTPUT` per step, `GITHUB_ENV`, `GITHUB_STEP_SUMMARY`), step outputs read
 * back from `GITHUB_OUTPUT`, and the action's `outputs` evaluated at the end. `uses:` steps are not
 * run; their condition and `with:` are evaluated and returned for the test to check.
 *
 * The expression interpreter knows exactly what action.yml uses — `inputs.<name>` (declared ones
 * only), `github.action_path`, `steps.<id>.outputs.<name>` of an earlier step, string literals,
 * `==`, `!=`, `&&`, `||`, `!` and parentheses — and throws on anything else, so an expression added
 * to the action that this runner cannot honour fails the test instead of passing as an empty string.
 *
 * The action path is this checkout, whose node_modules and dist/ `npm test` has just made: the
 * install step must find them current and keep them (npm on PATH is a stub that fails the step if
 * it is called); the decisions of that step are tested on their own below.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHA = '5d41402abc4b2a76b9719d911017c592ae5d41d4';

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}
interface Step {
  id?: string;
  name?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Context {
  inputs: Record<string, string>;
  actionPath: string;
  steps: Map<string, Record<string, string>>;
}
type Value = string | boolean;

// --- expressions -------------------------------------------------------------------------------

function tokenize(src: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(?:('(?:[^']|'')*')|(==|!=|&&|\|\||!|\(|\))|([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*))/y;
  let i = 0;
  while (i < src.length) {
    if (!src.slice(i).trim()) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new Error(`unsupported expression syntax at "${src.slice(i)}" in "${src}"`);
    tokens.push(m[1] ?? m[2] ?? m[3]!);
    i = re.lastIndex;
  }
  return tokens;
}

function evaluate(src: string, ctx: Context): Value {
  const t = tokenize(src);
  let i = 0;
  const peek = () => t[i];
  const truthy = (v: Value) => v !== '' && v !== false;
  const or = (): Value => {
    let v = and();
    while (peek() === '||') {
      i++;
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const and = (): Value => {
    let v = compare();
    while (peek() === '&&') {
      i++;
      const r = compare();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const compare = (): Value => {
    const a = unary();
    const op = peek();
    if (op !== '==' && op !== '!=') return a;
    i++;
    const b = unary();
    if (typeof a !== 'string' || typeof b !== 'string') throw new Error(`only strings are compared, in "${src}"`);
    // GitHub compares strings ignoring case
    const eq = a.toLowerCase() === b.toLowerCase();
    return op === '==' ? eq : !eq;
  };
  const unary = (): Value => {
    if (peek() === '!') {
      i++;
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): Value => {
    const tok = t[i++];
    if (tok === undefined) throw new Error(`expression ends early: "${src}"`);
    if (tok === '(') {
      const v = or();
      if (t[i++] !== ')') throw new Error(`missing ")" in "${src}"`);
      return v;
    }
    if (tok.startsWith("'")) return tok.slice(1, -1).replace(/''/g, "'");
    if (t[i] === '(') throw new Error(`function calls are not supported: "${tok}(" in "${src}"`);
    return reference(tok, ctx);
  };
  const v = or();
  if (i !== t.length) throw new Error(`unexpected "${t[i]}" in "${src}"`);
  return v;
}

function reference(ref: string, ctx: Context): string {
  const parts = ref.split('.');
  if (parts[0] === 'inputs' && parts.length === 2) {
    if (!(parts[1]! in ctx.inputs)) throw new Error(`inputs.${parts[1]} is not declared in action.yml`);
    return ctx.inputs[parts[1]!]!;
  }
  if (ref === 'github.action_path') return ctx.actionPath;
  if (parts[0] === 'steps' && parts.length === 4 && parts[2] === 'outputs') {
    const outputs = ctx.steps.get(parts[1]!);
    if (!outputs) throw new Error(`${ref}: no earlier step has id "${parts[1]}"`);
    return outputs[parts[3]!] ?? '';
  }
  throw new Error(`unsupported reference "${ref}"`);
}

/** `${{ … }}` in a string; nothing of that syntax may be left over. */
function interpolate(text: string, ctx: Context): string {
  const out = text.replace(/\$\{\{([^]*?)\}\}/g, (_m, e: string) => String(evaluate(e, ctx)));
  if (out.includes('${{')) throw new Error(`unterminated expression in "${text}"`);
  return out;
}

/** A step's `if:`, which may be written with or without `${{ }}`. */
function condition(src: string | undefined, ctx: Context): boolean {
  if (src === undefined) return true;
  const m = /^\s*\$\{\{([^]*)\}\}\s*$/.exec(src);
  const v = evaluate(m ? m[1]! : src, ctx);
  return v !== '' && v !== false;
}

// --- the runner --------------------------------------------------------------------------------

/** `name=value` lines and `name<<DELIM` … `DELIM` blocks, as the runner reads GITHUB_OUTPUT/GITHUB_ENV. */
function readCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]!);
      if (i >= lines.length) throw new Error(`unterminated ${heredoc[1]}<<${heredoc[2]}`);
      out[heredoc[1]!] = body.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 1) throw new Error(`invalid command file line "${line}"`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

interface StepRun {
  step: Step;
  ran: boolean;
  condition: boolean;
  code?: number;
  stdout?: string;
  stderr?: string;
  with?: Record<string, string>;
}
interface ActionRun {
  steps: StepRun[];
  /** 0 when every step that ran succeeded, else the first failing step's exit code */
  code: number;
  outputs: Record<string, string>;
  summary: string;
  env: Record<string, string>;
}

function loadAction(): ActionYml {
  const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
  expect(action.runs.using).toBe('composite');
  return action;
}

function runAction(opts: {
  inputs: Record<string, string>;
  workspace: string;
  actionPath: string;
  env?: Record<string, string>;
}): ActionRun {
  const action = loadAction();
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = spec.default ?? '';
  for (const [name, value] of Object.entries(opts.inputs)) {
    if (!(name in action.inputs)) throw new Error(`input "${name}" is not declared in action.yml`);
    inputs[name] = value;
  }
  const ctx: Context = { inputs, actionPath: opts.actionPath, steps: new Map() };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-action-'));
  const runnerTemp = path.join(tmp, 'runner-temp');
  fs.mkdirSync(runnerTemp);
  const summaryFile = path.join(tmp, 'step-summary.md');
  const envFile = path.join(tmp, 'github-env');
  fs.writeFileSync(summaryFile, '');
  fs.writeFileSync(envFile, '');
  // npm is a stub: the install step must not reinstall or rebuild this checkout under the tests' feet
  const stubs = path.join(tmp, 'bin');
  fs.mkdirSync(stubs);
  fs.writeFileSync(path.join(stubs, 'npm'), '#!/bin/sh\necho "npm $* (stub: the action tried to run npm)" >&2\nexit 97\n', { mode: 0o755 });
  const base: Record<string, string> = {
    PATH: `${stubs}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? tmp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_ACTION_PATH: opts.actionPath,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ENV: envFile,
    RUNNER_TEMP: runnerTemp,
    ...opts.env,
  };
  const runs: StepRun[] = [];
  let failed = 0;
  action.runs.steps.forEach((step, n) => {
    // a step without `if:` runs only while every earlier step succeeded (the implicit success())
    const cond = failed === 0 && condition(step.if, ctx);
    if (step.uses) {
      runs.push({
        step,
        ran: false,
        condition: cond,
        with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)])),
      });
      return;
    }
    if (typeof step.run !== 'string') throw new Error(`step ${n} has neither run nor uses`);
    if (step.shell !== 'bash') throw new Error(`step ${n}: only shell: bash is supported, got ${step.shell}`);
    if (!cond) {
      runs.push({ step, ran: false, condition: false });
      return;
    }
    const outputFile = path.join(tmp, `output-${n}`);
    fs.writeFileSync(outputFile, '');
    const script = path.join(tmp, `step-${n}.sh`);
    fs.writeFileSync(script, interpolate(step.run, ctx));
    const cwd = path.resolve(opts.workspace, interpolate(step['working-directory'] ?? '.', ctx));
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
    const env = { ...base, ...readCommandFile(fs.readFileSync(envFile, 'utf8')), ...stepEnv, GITHUB_OUTPUT: outputFile };
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    const code = r.status ?? 128;
    if (step.id) ctx.steps.set(step.id, readCommandFile(fs.readFileSync(outputFile, 'utf8')));
    runs.push({ step, ran: true, condition: true, code, stdout: r.stdout, stderr: r.stderr });
    if (code !== 0 && !failed) failed = code;
  });
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, interpolate(o.value, ctx)]));
  return { steps: runs, code: failed, outputs, summary: fs.readFileSync(summaryFile, 'utf8'), env: base };
}

const byName = (run: ActionRun, name: string): StepRun => {
  const s = run.steps.find((x) => x.step.name === name);
  if (!s) throw new Error(`no step "${name}"`);
  return s;
};

// --- tests -------------------------------------------------------------------------------------

const GITHUB_ENV = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/orders', GITHUB_SHA: SHA };

describe('action.yml, run step by step as the runner would', () => {
  it('lints the example: capped annotations, the step summary, the outputs, the upload step and exit code 1', () => {
    const run = runAction({
      inputs: { paths: 'examples/insecure-app', 'upload-sarif': 'true', 'sarif-category': 'sls-lint-example' },
      workspace: ROOT,
      actionPath: ROOT,
      env: GITHUB_ENV,
    });

    const install = byName(run, 'Install sls-lint');
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toBe(
      'sls-lint: node_modules matches package-lock.json; not reinstalling\nsls-lint: dist/ is newer than the sources; not rebuilding\n',
    );

    const lint = byName(run, 'Run sls-lint');
    expect(lint.code, lint.stderr).toBe(0); // findings do not stop the step
    const lines = lint.stdout!.split('\n');
    // every annotation on a file of the example, but the run's one note: its dependencies are not installed
    const annotations = lines.filter((l) => l.startsWith('::') && !l.startsWith('::notice title=analysis-incomplete::cold start:'));
    expect(lines.filter((l) => l.startsWith('::notice title=analysis-incomplete::cold start:'))).toEqual([
      "::notice title=analysis-incomplete::cold start: packages the handlers import are not installed, so those functions' init bytes are not known (`--report coldstart` names them); install the dependencies (`npm ci`) before linting to measure them",
    ]);
    expect(annotations.every((l) => /^::(error|warning|notice) file=examples\/insecure-app\//.test(l))).toBe(true);
    expect(annotations.filter((l) => l.startsWith('::error ')).length).toBe(10);
    expect(annotations.filter((l) => l.startsWith('::warning ')).length).toBe(8);
    expect(lines).toContain(
      'sls-lint: 7 more errors not annotated (GitHub shows 10 errors per step); the step summary (--format markdown) counts every finding by rule and --format text lists them all',
    );
    // then the text report, which lists all 25
    expect(lines).toContain('✖ 25 problems (17 errors, 8 warnings, 0 notes), 1 tool notice');
    expect(lint.stdout!.indexOf('✖ 25 problems')).toBeGreaterThan(lint.stdout!.indexOf('sls-lint: 7 more errors'));

    // the summary: counts by rule and the top findings, linked to the commit
    expect(run.summary.startsWith('## sls-lint\n\n**25 findings**: 17 errors, 8 warnings, 0 notes · 8 files scanned')).toBe(true);
    expect(run.summary).toContain(
      '| [secrets/no-plaintext-env](https://github.com/sls-lint/sls-lint/blob/main/rules/secrets/no-plaintext-env/README.md) | 4 | 0 | 0 |',
    );
    expect(run.summary).toContain(
      '| [iam/no-unauthenticated-http](https://github.com/sls-lint/sls-lint/blob/main/rules/iam/no-unauthenticated-http/README.md) | 0 | 3 | 0 |',
    );
    const top = run.summary.split('\n').filter((l) => /^\| (Error|Warning) \| \[/.test(l));
    expect(top).toHaveLength(20);
    expect(run.summary).toContain('The 20 most severe of 25 findings; `--format text` or `sarif` lists every one.');
    expect(top[0]).toBe(
      `| Error | [examples/insecure-app/.env:3](https://github.com/acme/orders/blob/${SHA}/examples/insecure-app/.env#L3) | secrets/no-dotenv-secret | ` +
        'Variable "SENDGRID\\_API\\_KEY" holds a plaintext SendGrid API key ("SG.n\\*\\*\\*\\*\\*\\*\\*\\*…s5cr") in a .env file that .gitignore does not exclude; add the file to .gitignore (commit a .env.example without values) and rotate the secret if it was ever committed |',
    );
    expect(top.slice(17).every((l) => l.startsWith('| Warning |'))).toBe(true);

    // step outputs, and the action's outputs built from them
    const sarifFile = run.outputs['sarif-file']!;
    expect(run.outputs).toEqual({ 'sarif-file': sarifFile, 'exit-code': '1', errors: '17', warnings: '8', notes: '0', notices: '1' });
    expect(sarifFile.startsWith(path.join(run.env.RUNNER_TEMP!, 'sls-lint.'))).toBe(true);
    const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(25);
    expect(sarif.runs[0].automationDetails.id).toBe('sls-lint-example/');

    // the upload is a `uses:` step, conditioned on the input, with the file and category
    const upload = byName(run, 'Upload SARIF to code scanning');
    expect(upload.step.uses).toBe('github/codeql-action/upload-sarif@v3');
    expect(upload.step.if).toBe("inputs.upload-sarif == 'true' && steps.lint.outputs.sarif-file != ''");
    expect(upload.condition).toBe(true);
    expect(upload.with).toEqual({ sarif_file: sarifFile, category: 'sls-lint-example' });

    // the last step fails the job with the lint exit code
    const gate = byName(run, 'Gate');
    expect(run.steps[run.steps.length - 1]).toBe(gate);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toBe('sls-lint: findings at or above fail-on (see the annotations and the job summary)\n');
    expect(run.code).toBe(1);
  });

  it('fail-on none passes; several paths on lines, one format, a working directory, a SARIF file of its own; no upload', () => {
    // the user's checkout is elsewhere than the action's
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-workspace-'));
    fs.cpSync(path.join(ROOT, 'examples'), path.join(workspace, 'examples'), { recursive: true });
    const run = runAction({
      inputs: {
        'working-directory': 'examples',
        paths: 'insecure-app/serverless.yml\n  insecure-app/src\n\n',
        'fail-on': 'none',
        formats: 'github',
        'sarif-file': 'out dir/lint.sarif',
      },
      workspace,
      actionPath: ROOT,
    });
    const lint = byName(run, 'Run sls-lint');
    expect(lint.code, lint.stderr).toBe(0);
    const lines = lint.stdout!.trimEnd().split('\n');
    // only the github format, nothing else: 11 errors and 5 warnings, the first 10 errors annotated
    const annotations = lines.filter((l) => l.startsWith('::') && !l.startsWith('::notice title=analysis-incomplete::cold start:'));
    expect(lines.filter((l) => l.startsWith('::notice title=analysis-incomplete::cold start:'))).toEqual([
      "::notice title=analysis-incomplete::cold start: packages the handlers import are not installed, so those functions' init bytes are not known (`--report coldstart` names them); install the dependencies (`npm ci`) before linting to measure them",
    ]);
    expect(annotations.every((l) => /^::(error|warning) file=insecure-app\/(serverless\.yml|src\/)/.test(l))).toBe(true);
    expect(lines.filter((l) => !l.startsWith('::'))).toEqual([
      'sls-lint: 1 more error not annotated (GitHub shows 10 errors per step); the step summary (--format markdown) counts every finding by rule and --format text lists them all',
    ]);
    expect(annotations.filter((l) => l.startsWith('::error ')).length).toBe(10);
    expect(annotations.filter((l) => l.startsWith('::warning ')).length).toBe(5);
    expect([run.outputs.errors, run.outputs.warnings]).toEqual(['11', '5']);
    const sarifFile = path.join(workspace, 'examples', 'out dir', 'lint.sarif');
    expect(run.outputs['sarif-file']).toBe(sarifFile);
    expect(JSON.parse(fs.readFileSync(sarifFile, 'utf8')).runs[0].results).toHaveLength(16);
    expect(run.outputs['exit-code']).toBe('0');
    // no GITHUB_* variables: relative links
    expect(run.summary).toContain('| [insecure-app/serverless.yml:27](insecure-app/serverless.yml#L27) |');
    expect(byName(run, 'Upload SARIF to code scanning').condition).toBe(false);
    expect(byName(run, 'Gate').stdout).toBe('sls-lint: nothing at or above fail-on\n');
    expect(run.code).toBe(0);
  });

  it('a config error is exit code 2, said in the step summary; the job fails with 2', () => {
    const run = runAction({ inputs: { paths: 'examples/insecure-app', config: 'no-such-config.yml' }, workspace: ROOT, actionPath: ROOT });
    const lint = byName(run, 'Run sls-lint');
    expect(lint.code).toBe(0);
    expect(lint.stderr).toBe('sls-lint: config file not found: no-such-config.yml\n');
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.outputs.errors).toBe('');
    expect(run.summary).toBe('## sls-lint\n\nsls-lint stopped with exit code 2 before writing a report; the log of the step says why.\n');
    expect(byName(run, 'Gate').code).toBe(2);
    expect(run.code).toBe(2);
  });
});

describe('the install step decides from the lockfile and the build', () => {
  const installStep = () => loadAction().runs.steps.find((s) => s.name === 'Install sls-lint')!;

  function runInstall(dir: string): { code: number; calls: string[]; stdout: string } {
    const log = path.join(dir, 'npm-calls');
    const stubs = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-npm-'));
    fs.writeFileSync(path.join(stubs, 'npm'), `#!/bin/sh\necho "$*" >> '${log}'\n`, { mode: 0o755 });
    const ctx: Context = { inputs: {}, actionPath: dir, steps: new Map() };
    expect(interpolate(installStep()['working-directory']!, ctx)).toBe(dir);
    const script = path.join(stubs, 'install.sh');
    fs.writeFileSync(script, interpolate(installStep().run!, ctx));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: dir,
      env: { PATH: `${stubs}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` },
      encoding: 'utf8',
    });
    return { code: r.status ?? 128, calls: fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trimEnd().split('\n') : [], stdout: r.stdout };
  }

  function project(hidden: object | undefined): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-install-'));
    const lock = {
      name: 'sls-lint',
      lockfileVersion: 3,
      packages: {
        '': { name: 'sls-lint' },
        'node_modules/yaml': { version: '2.9.1', integrity: 'sha512-y' },
        'node_modules/fsevents': { version: '2.3.3', integrity: 'sha512-f', optional: true },
      },
    };
    fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(lock));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{}');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.mkdirSync(path.join(dir, 'rules'));
    fs.writeFileSync(path.join(dir, 'src', 'cli.ts'), '');
    if (hidden) {
      fs.mkdirSync(path.join(dir, 'node_modules'));
      fs.writeFileSync(path.join(dir, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: hidden }));
    }
    return dir;
  }
  const build = (dir: string, mtime: Date) => {
    fs.mkdirSync(path.join(dir, 'dist', 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', 'src', 'cli.js'), '');
    fs.utimesSync(path.join(dir, 'dist', 'src', 'cli.js'), mtime, mtime);
  };
  const future = new Date(Date.now() + 3_600_000);

  it('a fresh checkout: npm ci without install scripts, then the build', () => {
    const r = runInstall(project(undefined));
    expect(r.code).toBe(0);
    expect(r.calls).toEqual(['ci --ignore-scripts --no-audit --no-fund', 'run build']);
  });

  it('an install that matches the lockfile (an optional package may be absent) and a newer build are kept', () => {
    const dir = project({ 'node_modules/yaml': { version: '2.9.1', integrity: 'sha512-y' } });
    build(dir, future);
    expect(runInstall(dir).calls).toEqual([]);
  });

  it('another version, an extra package, or a source newer than the build is redone', () => {
    const stale = project({ 'node_modules/yaml': { version: '2.9.0', integrity: 'sha512-x' } });
    build(stale, future);
    expect(runInstall(stale).calls).toEqual(['ci --ignore-scripts --no-audit --no-fund']);
    const extra = project({
      'node_modules/yaml': { version: '2.9.1', integrity: 'sha512-y' },
      'node_modules/left-pad': { version: '1.0.0' },
    });
    build(extra, future);
    expect(runInstall(extra).calls).toEqual(['ci --ignore-scripts --no-audit --no-fund']);
    const old = project({ 'node_modules/yaml': { version: '2.9.1', integrity: 'sha512-y' } });
    build(old, new Date(Date.now() - 3_600_000));
    expect(runInstall(old).calls).toEqual(['run build']);
  });
});

describe('the expression interpreter of this test', () => {
  const ctx: Context = {
    inputs: { 'upload-sarif': 'TRUE', paths: '.' },
    actionPath: '/a',
    steps: new Map([['lint', { 'exit-code': '1' }]]),
  };
  it('evaluates what action.yml uses', () => {
    expect(evaluate("inputs.upload-sarif == 'true'", ctx)).toBe(true);
    expect(evaluate("inputs.upload-sarif == 'true' && steps.lint.outputs.sarif-file != ''", ctx)).toBe(false);
    expect(evaluate("!(steps.lint.outputs.exit-code == '0') || inputs.paths", ctx)).toBe(true);
    expect(interpolate('${{ github.action_path }}/bin ${{ steps.lint.outputs.exit-code }}', ctx)).toBe('/a/bin 1');
  });
  it('refuses anything else', () => {
    expect(() => interpolate('${{ github.token }}', ctx)).toThrow('unsupported reference "github.token"');
    expect(() => evaluate('always()', ctx)).toThrow('function calls are not supported');
    expect(() => evaluate('inputs.nope', ctx)).toThrow('inputs.nope is not declared');
    expect(() => evaluate('steps.other.outputs.x', ctx)).toThrow('no earlier step has id "other"');
    expect(() => evaluate('1 == 1', ctx)).toThrow('unsupported expression syntax');
    expect(() => interpolate('${{ inputs.paths', ctx)).toThrow('unterminated expression');
  });
  it('reads GITHUB_OUTPUT as the runner does', () => {
    expect(readCommandFile('a=1\nb<<EOF\nx\ny=z\nEOF\nc=\n')).toEqual({ a: '1', b: 'x\ny=z', c: '' });
    expect(() => readCommandFile('junk\n')).toThrow('invalid command file line');
  });
});

describe('.github/workflows/sls-lint.yml', () => {
  it('runs this Action on the example with inputs it declares, with the permissions the upload needs', () => {
    const wf = parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'sls-lint.yml'), 'utf8')) as {
      permissions: Record<string, string>;
      jobs: Record<string, { permissions: Record<string, string>; steps: (Step & { 'continue-on-error'?: boolean })[] }>;
    };
    expect(wf.permissions).toEqual({ contents: 'read' });
    const job = wf.jobs.example!;
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    const step = job.steps.find((s) => s.uses === './')!;
    const declared = Object.keys(loadAction().inputs);
    expect(Object.keys(step.with!).filter((k) => !declared.includes(k))).toEqual([]);
    expect(step.with!.paths).toBe('examples/insecure-app');
    expect(step.with!['upload-sarif']).toMatch(/^\$\{\{ .+ \}\}$/);
    // the example's findings are expected: the step may fail, and the next one checks that it failed with findings
    expect(step['continue-on-error']).toBe(true);
    const check = job.steps[job.steps.indexOf(step) + 1]!;
    expect(check.env).toMatchObject({ EXIT_CODE: `\${{ steps.${step.id}.outputs.exit-code }}` });
    expect(check.run).toContain('[ "$EXIT_CODE" != 1 ]');
  });
});

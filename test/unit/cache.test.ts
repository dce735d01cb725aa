/**
 * `--cache`: a cached run gives the cold run's output byte for byte (text, json, sarif), serves only
 * what still holds, and is never trusted blindly: a corrupt file is said and the run is cold.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint, type LintOptions } from '../../src/lint.js';
import { lintScaled, type ScaledOutput } from '../../src/scale.js';
import { format } from '../../src/formatters/index.js';
import type { RunResult } from '../../src/engine/result.js';
import { cacheFilePath } from '../../src/load/cache-file.js';
import { ROOT } from '../helpers/fixtures.js';
import { runCli, tmpTree } from '../helpers/tmp.js';
import { serverlessApp } from '../helpers/manifests.js';

const SLOW = 180_000;
const FORMATS = ['text', 'json', 'sarif'] as const;

function outputs(result: RunResult): Record<string, string> {
  return Object.fromEntries(FORMATS.map((f) => [f, format(result, f, { width: 80, frames: true })]));
}

let tmp: string;
beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-cache-')));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('cached runs of the test projects are the cold run byte for byte', () => {
  let dir: string;
  let opts: LintOptions;
  let cold: Record<string, string>;
  let file: string;
  beforeAll(() => {
    dir = path.join(tmp, 'projects');
    fs.cpSync(path.join(ROOT, 'test', 'projects'), dir, { recursive: true });
    opts = { cwd: dir, paths: ['.'], noConfig: true, stage: 'dev', reportUnusedDisableDirectives: 'warning' };
    cold = outputs(lint(opts).result);
    file = path.join(tmp, 'projects.cache');
  }, SLOW);

  it(
    'the first run fills the cache, the second is served from it whole; both equal the cold run',
    () => {
      const first = lintScaled(opts, { cache: { file } });
      expect(first.cacheHits?.hit).toBe(0);
      expect(first.cacheHits!.of).toBeGreaterThanOrEqual(6);
      expect(outputs(first.result)).toEqual(cold);
      expect(fs.existsSync(file)).toBe(true);
      const second = lintScaled(opts, { cache: { file } });
      expect(second.cacheHits).toEqual({ hit: first.cacheHits!.of, of: first.cacheHits!.of });
      expect(outputs(second.result)).toEqual(cold);
      // something to compare: findings in several apps, of several families
      const json = JSON.parse(cold.json!) as { diagnostics: { ruleId: string; file: string }[] };
      expect(new Set(json.diagnostics.map((d) => d.ruleId.split('/')[0])).size).toBeGreaterThan(3);
    },
    SLOW,
  );

  it(
    'stores the secrets it found only masked, as they are printed',
    () => {
      lintScaled(opts, { cache: { file } });
      const text = fs.readFileSync(file, 'utf8');
      const secrets = [
        ...fs
          .readFileSync(path.join(dir, 'secrets-app', 'services', 'api', 'src', 'lib', 'payments.ts'), 'utf8')
          .matchAll(/'((?:sk_live_|AKIA)[A-Za-z0-9]{12,})'/g),
      ].map((m) => m[1]!);
      expect(secrets.length).toBeGreaterThan(0);
      expect(cold.json).not.toContain(secrets[0]);
      for (const s of secrets) expect(text).not.toContain(s);
    },
    SLOW,
  );

  it(
    'a corrupt, truncated or foreign cache file is said and the run is cold, with the same output',
    () => {
      const good = fs.readFileSync(file, 'utf8');
      for (const bad of [
        'not json at all {',
        good.slice(0, Math.floor(good.length / 2)),
        '{"kind":"sls-lint-cache","version":999,"key":"x","entries":[]}',
        good.replace(/"diagnostics":\[/, '"diagnostics":[{"d":1},'),
      ]) {
        fs.writeFileSync(file, bad);
        const said: string[] = [];
        const out = lintScaled(opts, { cache: { file, notice: (m) => said.push(m) } });
        expect(said.join('\n')).toMatch(/cache file is corrupt/);
        expect(out.cacheHits?.hit).toBe(0);
        expect(outputs(out.result)).toEqual(cold);
        // and it is replaced by a good one
        const again = lintScaled(opts, { cache: { file } });
        expect(again.cacheHits?.hit).toBe(again.cacheHits?.of);
      }
      // a directory where the file should be: read and written around, never a crash
      const blocked = path.join(tmp, 'blocked');
      fs.mkdirSync(blocked, { recursive: true });
      const said: string[] = [];
      const out = lintScaled(opts, { cache: { file: blocked, notice: (m) => said.push(m) } });
      expect(said.join('\n')).toMatch(/cannot be read|cannot write/);
      expect(outputs(out.result)).toEqual(cold);
    },
    SLOW,
  );

  it(
    'the CLI: --cache and --cache-location (a file, a directory), the same output, exit code and no stray files',
    async () => {
      const plain = await runCli(['--no-config', '-f', 'json', '.'], dir);
      const loc = path.join(tmp, 'cli-cache');
      fs.mkdirSync(loc);
      for (let i = 0; i < 2; i++) {
        const run = await runCli(['--no-config', '--cache', '--cache-location', `${loc}/`, '-f', 'json', '.'], dir);
        expect(run.code).toBe(plain.code);
        expect(run.stdout).toBe(plain.stdout);
        expect(run.stderr).toBe('');
      }
      expect(fs.readdirSync(loc)).toEqual([path.basename(cacheFilePath(loc, dir))]);
      expect(path.basename(cacheFilePath(loc, dir))).toMatch(/^\.cache_[0-9a-f]{16}$/);
      // the default: .sls-lint-cache in the current directory
      const def = await runCli(['--no-config', '--cache', '-f', 'json', '.'], dir);
      expect(def.stdout).toBe(plain.stdout);
      expect(fs.existsSync(path.join(dir, '.sls-lint-cache'))).toBe(true);
      const again = await runCli(['--no-config', '--cache', '-f', 'json', '.'], dir);
      expect(again.stdout).toBe(plain.stdout);
      fs.rmSync(path.join(dir, '.sls-lint-cache'));
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      // a corrupt file: a line on stderr, the cold run's output and exit code
      const bad = path.join(tmp, 'bad.cache');
      fs.writeFileSync(bad, '\u0000\u0001garbage');
      const corrupt = await runCli(['--no-config', '--cache', '--cache-location', bad, '-f', 'json', '.'], dir);
      expect(corrupt.code).toBe(plain.code);
      expect(corrupt.stdout).toBe(plain.stdout);
      expect(corrupt.stderr).toMatch(/^sls-lint: the cache file is corrupt/);
    },
    SLOW,
  );
});

/** Two apps: a reads an IAM include, imports a helper and a module that does not exist yet. */
function twoApps(): string {
  return tmpTree({
    'svc-a/serverless.yml': serverlessApp('a', '${file(./iam.yml)}', 'fn', 'src/fn.handler'),
    'svc-a/iam.yml': '- Effect: Allow\n  Action: s3:GetObject\n  Resource: arn:aws:s3:::bucket/*\n',
    'svc-a/src/fn.ts': [
      "import { helper } from './lib/helper';",
      "import { later } from './lib/later';",
      'export const handler = async () => ({ statusCode: 200, body: String(helper()) + String(later) });',
      '',
    ].join('\n'),
    'svc-a/src/lib/helper.ts': 'export const helper = () => 1;\n',
    'svc-b/serverless.yml': serverlessApp(
      'b',
      ['        - Effect: Allow', '          Action: s3:Get*', '          Resource: arn:aws:s3:::other/*'],
      'fn',
      'src/fn.handler',
    ),
    'svc-b/src/fn.ts': 'export const handler = async () => ({ statusCode: 200 });\n',
  });
}

const SECRET_LINE = "export const STRIPE_SECRET_KEY = 'sk_live_b2gmnIE22CJLzpaFMmwRjoDGirhTj37S';\n";

describe('a stale result is never served', () => {
  let dir: string;
  let file: string;
  let opts: LintOptions;
  /** a cached run, checked against a cold one; returns it, and the rules that found something */
  const check = (o: LintOptions = opts, toolVersion?: string): ScaledOutput & { rules: string[] } => {
    const out = lintScaled(o, { cache: { file, ...(toolVersion ? { toolVersion } : {}) } });
    expect(outputs(out.result)).toEqual(outputs(lint(o).result));
    return { ...out, rules: [...new Set(out.result.diagnostics.map((d) => `${d.ruleId} ${d.loc.file}`))].sort() };
  };
  beforeAll(() => {
    dir = twoApps();
    file = path.join(dir, '.sls-lint-cache');
    opts = { cwd: dir, paths: ['.'], stage: 'dev' };
    const first = check();
    expect(first.rules).toEqual([]);
    expect(first.cacheHits).toEqual({ hit: 0, of: 2 });
    expect(check().cacheHits).toEqual({ hit: 2, of: 2 });
  }, SLOW);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an edited helper a handler imports: its app is relinted, the other served', () => {
    fs.appendFileSync(path.join(dir, 'svc-a/src/lib/helper.ts'), SECRET_LINE);
    const out = check();
    expect(out.cacheHits).toEqual({ hit: 1, of: 2 });
    expect(out.rules).toEqual(['secrets/no-hardcoded-secret svc-a/src/lib/helper.ts']);
    expect(check().cacheHits).toEqual({ hit: 2, of: 2 });
  });

  it('an edited ${file()} include', () => {
    fs.writeFileSync(path.join(dir, 'svc-a/iam.yml'), '- Effect: Allow\n  Action: "*"\n  Resource: arn:aws:s3:::bucket/*\n');
    const out = check();
    expect(out.cacheHits).toEqual({ hit: 1, of: 2 });
    expect(out.rules).toContain('iam/no-wildcard-action svc-a/iam.yml');
  });

  it('a file an import could not resolve, created since', () => {
    const before = check().rules;
    fs.writeFileSync(path.join(dir, 'svc-a/src/lib/later.ts'), `export const later = 2;\n${SECRET_LINE}`);
    const out = check();
    expect(out.cacheHits).toEqual({ hit: 1, of: 2 });
    expect(out.rules).toEqual([...before, 'secrets/no-hardcoded-secret svc-a/src/lib/later.ts'].sort());
  });

  it('a rule option changed in the config file', () => {
    expect(check().rules).not.toContain('iam/no-wildcard-action svc-b/serverless.yml');
    fs.writeFileSync(path.join(dir, '.sls-lint.yml'), 'rules:\n  iam/no-wildcard-action: [error, { allowReadOnlyWildcards: false }]\n');
    const out = check();
    expect(out.cacheHits).toEqual({ hit: 0, of: 2 });
    expect(out.rules).toContain('iam/no-wildcard-action svc-b/serverless.yml');
    expect(check().cacheHits).toEqual({ hit: 2, of: 2 });
    // a rule's level given on the command line is part of the key too
    const off = check({ ...opts, ruleOverrides: { 'iam/no-wildcard-action': 'off' } });
    expect(off.cacheHits?.hit).toBe(0);
    expect(off.rules.filter((r) => r.startsWith('iam/no-wildcard-action'))).toEqual([]);
  });

  it('another tool version', () => {
    // the file holds the last run's settings only: the run with --rule above replaced it
    expect(check().cacheHits).toEqual({ hit: 0, of: 2 });
    expect(check().cacheHits).toEqual({ hit: 2, of: 2 });
    expect(check(opts, '0.0.0-other').cacheHits).toEqual({ hit: 0, of: 2 });
    expect(check(opts, '0.0.0-other').cacheHits).toEqual({ hit: 2, of: 2 });
    expect(check().cacheHits).toEqual({ hit: 0, of: 2 });
  });

  it('a deleted file: an imported helper, then a whole app', () => {
    const before = check();
    expect(before.rules).toContain('secrets/no-hardcoded-secret svc-a/src/lib/helper.ts');
    fs.rmSync(path.join(dir, 'svc-a/src/lib/helper.ts'));
    const out = check();
    expect(out.cacheHits).toEqual({ hit: 1, of: 2 });
    expect(out.rules).not.toContain('secrets/no-hardcoded-secret svc-a/src/lib/helper.ts');
    fs.rmSync(path.join(dir, 'svc-b'), { recursive: true });
    const one = check();
    expect(one.cacheHits).toEqual({ hit: 1, of: 1 });
    expect(one.rules.some((r) => r.includes('svc-b/'))).toBe(false);
  });

  it('a new app: built, the others served', () => {
    fs.cpSync(path.join(dir, 'svc-a'), path.join(dir, 'svc-c'), { recursive: true });
    const out = check();
    expect(out.cacheHits).toEqual({ hit: 1, of: 2 });
    expect(out.rules.some((r) => r.includes('svc-c/'))).toBe(true);
  });
});

describe('an unbundled service: what its node_modules holds is part of the entry', () => {
  it('an install, a package grown in place and an uninstall are each seen', () => {
    const dir = tmpTree({
      'serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  a:\n    handler: h.main\n',
      'package.json': '{"name":"s","dependencies":{"pdf":"1.0.0"}}\n',
      'h.js': "exports.main = async () => 'ok';\n",
      '.sls-lint.yml': 'rules:\n  coldstart/no-bundler-large-node-modules: [warning, { maxNodeModulesBytes: 1000 }]\n',
    });
    const file = path.join(dir, '.sls-lint-cache');
    const opts: LintOptions = { cwd: dir, paths: ['.'], stage: 'dev', only: ['coldstart/no-bundler-large-node-modules'] };
    const check = () => {
      const out = lintScaled(opts, { cache: { file } });
      expect(outputs(out.result)).toEqual(outputs(lint(opts).result));
      return { hits: out.cacheHits, messages: out.result.diagnostics.map((d) => d.message.replace(/\).*$/s, ')')) };
    };
    const pdf = path.join(dir, 'node_modules/pdf');
    try {
      // nothing installed: no figure, no finding
      expect(check()).toEqual({ hits: { hit: 0, of: 1 }, messages: [] });
      expect(check().hits).toEqual({ hit: 1, of: 1 });
      // `npm install`: the handler does not import the package, so only the probe can see it
      fs.mkdirSync(pdf, { recursive: true });
      fs.writeFileSync(path.join(pdf, 'package.json'), '{"name":"pdf"}\n');
      fs.writeFileSync(path.join(pdf, 'index.js'), 'x'.repeat(1500));
      expect(check()).toEqual({
        hits: { hit: 0, of: 1 },
        messages: ['No bundler: function "a" ships 1.5 KB of node_modules (1 packages; largest pdf 1.5 KB)'],
      });
      expect(check().hits).toEqual({ hit: 1, of: 1 });
      // a package file grown in place (same listing)
      fs.appendFileSync(path.join(pdf, 'index.js'), 'x'.repeat(2000));
      expect(check()).toEqual({
        hits: { hit: 0, of: 1 },
        messages: ['No bundler: function "a" ships 3.4 KB of node_modules (1 packages; largest pdf 3.4 KB)'],
      });
      // uninstalled
      fs.rmSync(path.join(dir, 'node_modules'), { recursive: true });
      expect(check()).toEqual({ hits: { hit: 0, of: 1 }, messages: [] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('code two apps share', () => {
  it('a finding each app words differently is built once for both, and stays so', () => {
    const dir = twoApps();
    const file = path.join(dir, 'cache');
    fs.mkdirSync(path.join(dir, 'shared'));
    fs.writeFileSync(path.join(dir, 'shared/keys.ts'), SECRET_LINE);
    for (const app of ['svc-a', 'svc-b'])
      fs.writeFileSync(
        path.join(dir, app, 'src/fn.ts'),
        "import { STRIPE_SECRET_KEY } from '../../shared/keys';\nexport const handler = async () => ({ statusCode: 200, body: STRIPE_SECRET_KEY });\n",
      );
    const b = path.join(dir, 'svc-b/serverless.yml');
    fs.writeFileSync(b, fs.readFileSync(b, 'utf8').replace('  fn:', '  other:'));
    const opts: LintOptions = { cwd: dir, paths: ['.'], noConfig: true };
    const cold = outputs(lint(opts).result);
    expect(cold.json).toContain('shared/keys.ts');
    const first = lintScaled(opts, { cache: { file } });
    expect(outputs(first.result)).toEqual(cold);
    // "in the code of functions …": one part for both apps
    expect(JSON.parse(cold.json!).diagnostics.some((d: { message: string }) => /"fn"/.test(d.message) && /"other"/.test(d.message))).toBe(
      true,
    );
    expect(first.cacheHits).toEqual({ hit: 0, of: 1 });
    const second = lintScaled(opts, { cache: { file } });
    expect(outputs(second.result)).toEqual(cold);
    expect(second.cacheHits!.hit).toBe(second.cacheHits!.of);
    // the shared file edited: both apps are its readers
    fs.appendFileSync(path.join(dir, 'shared/keys.ts'), "export const OTHER = 'sk_live_afCPgSgS2aFTwrF1JUxYqGO1ZZSXRBlO';\n");
    const third = lintScaled(opts, { cache: { file } });
    expect(third.cacheHits!.hit).toBe(0);
    expect(outputs(third.result)).toEqual(outputs(lint(opts).result));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('stamps: a file whose stamp holds is not read again', () => {
  it('served on an old stamp; an edit, even one that puts the old modification time back, is seen', () => {
    const dir = twoApps();
    const file = path.join(dir, 'cache');
    const opts: LintOptions = { cwd: dir, paths: ['.'], noConfig: true };
    // files last changed an hour ago: their stamps prove them unchanged
    const old = new Date(Date.now() - 3600_000);
    const helper = path.join(dir, 'svc-a/src/lib/helper.ts');
    for (const f of [
      'svc-a/serverless.yml',
      'svc-a/iam.yml',
      'svc-a/src/fn.ts',
      'svc-a/src/lib/helper.ts',
      'svc-b/serverless.yml',
      'svc-b/src/fn.ts',
    ])
      fs.utimesSync(path.join(dir, f), old, old);
    lintScaled(opts, { cache: { file } });
    expect(lintScaled(opts, { cache: { file } }).cacheHits).toEqual({ hit: 2, of: 2 });
    // same size, the modification time put back: the change time still moved
    const text = fs.readFileSync(helper, 'utf8');
    fs.writeFileSync(helper, text.replace('=> 1', '=> 2'));
    fs.utimesSync(helper, old, old);
    const out = lintScaled(opts, { cache: { file } });
    expect(out.cacheHits).toEqual({ hit: 1, of: 2 });
    expect(outputs(out.result)).toEqual(outputs(lint(opts).result));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

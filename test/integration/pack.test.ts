/**
 * The package as users get it: `npm pack` of a copy of the repository (its `prepare` build included,
 * so the tarball holds what a publish would), installed into an empty project from the npm cache
 * only, then run on the bundled example next to the repository's own CLI.
 *
 * The copy keeps the build away from the working tree's dist/. The empty project gets a lockfile
 * holding the repository's runtime (non-dev) dependency entries, so npm needs no registry metadata
 * (`npm ci` in the repository caches the tarballs, not the metadata a plain `npm install` would ask
 * for) and a runtime import of a dev-only package fails here instead of in a user's project.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { PROJECT_URL } from '../../src/core/links.js';
import { validateSarifSchema } from '../helpers/sarif.js';
import { runCli } from '../helpers/tmp.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = 'examples/insecure-app';
/** top-level entries of the repository that are not copied to the packing stage */
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', 'coverage', '.bench', '.ci']);

interface LockEntry {
  dev?: boolean;
  [k: string]: unknown;
}

/** npm with the calling npm's script environment removed (it would point npm at the repository) */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_registry']);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.toLowerCase().startsWith('npm_') || keep.has(k.toLowerCase())) env[k] = v;
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

function npm(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `file:line ruleId` of each diagnostic of a JSON report */
function findingKeys(json: string): string[] {
  const out = JSON.parse(json) as { diagnostics: { ruleId: string; file: string; line: number }[] };
  return out.diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}`).sort();
}

let work = '';
let stage = '';
let files: string[] = [];
let tarball = '';
let consumer = '';
/** why the installed package cannot be tested here (the cache lacks a dependency), if so */
let cannotInstall: string | undefined;

beforeAll(() => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-pack-')));
  stage = path.join(work, 'stage');
  fs.cpSync(ROOT, stage, {
    recursive: true,
    filter: (src) => !NOT_COPIED.has(path.relative(ROOT, src).split(path.sep)[0]!),
  });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');

  const packed = npm(['pack', '--json', '--pack-destination', work], stage);
  if (packed.code !== 0) throw new Error(`npm pack failed (${packed.code}):\n${packed.stderr}`);
  const report = JSON.parse(packed.stdout.slice(packed.stdout.search(/^\[/m))) as {
    filename: string;
    files: { path: string }[];
  }[];
  files = report[0]!.files.map((f) => f.path).sort();
  tarball = path.join(work, report[0]!.filename);

  // an empty project depending on the tarball, locked to the repository's runtime dependencies
  consumer = path.join(work, 'consumer');
  fs.mkdirSync(consumer);
  fs.copyFileSync(tarball, path.join(consumer, report[0]!.filename));
  const spec = `file:${report[0]!.filename}`;
  const pkg = JSON.parse(fs.readFileSync(path.join(stage, 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', version: '1.0.0', dependencies: { 'sls-lint': spec } },
    'node_modules/sls-lint': {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [k, v] of Object.entries(lock.packages)) {
    if (k.startsWith('node_modules/') && !v.dev) packages[k] = v;
  }
  const manifest = { name: 'consumer', version: '1.0.0', private: true, dependencies: { 'sls-lint': spec } };
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(consumer, 'package-lock.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2),
  );
  const installed = npm(['ci', '--offline', '--no-audit', '--no-fund'], consumer);
  if (installed.code !== 0) {
    if (/ENOTCACHED/.test(installed.stderr)) {
      cannotInstall = 'the npm cache lacks a runtime dependency of sls-lint: run `npm ci` in the repository first';
    } else throw new Error(`npm ci of the packed tarball failed (${installed.code}):\n${installed.stderr}`);
  }
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('holds the compiled CLI and library, the rule READMEs, the schemas and the license', () => {
    for (const f of [
      'package.json',
      'README.md',
      'LICENSE',
      'bin/sls-lint.js',
      'dist/src/cli.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/rules/index.js',
      'schemas/config.schema.json',
      'schemas/output.schema.json',
      'schemas/reports/cost.schema.json',
    ]) {
      expect(files, f).toContain(f);
    }
    for (const r of rules) {
      expect(files).toContain(`rules/${r.meta.id}/README.md`);
      expect(files).toContain(`dist/rules/${r.meta.id}/index.js`);
    }
  });

  it('leaves out compiled tests, sources, fixtures, source maps and the rule template', () => {
    expect(fs.existsSync(path.join(stage, 'dist', 'test', 'meta.test.js')), 'the build emits tests').toBe(true);
    const unwanted = files.filter(
      (f) =>
        /^(dist\/)?test\//.test(f) ||
        /(^|\/)fixtures\//.test(f) ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')) ||
        f.endsWith('.map') ||
        f.includes('_template') ||
        f.startsWith('examples/') ||
        f === 'schemas/sarif-schema-2.1.0.json',
    );
    expect(unwanted).toEqual([]);
    expect(files.filter((f) => !/^(bin|dist\/src|dist\/rules|rules|schemas)\//.test(f)).sort()).toEqual([
      'LICENSE',
      'README.md',
      'package.json',
    ]);
  });

  it('names the repository the outputs link to', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      repository: { url: string };
      homepage: string;
      bugs: { url: string };
      license: string;
    };
    expect(pkg.repository.url).toBe(`git+${PROJECT_URL}.git`);
    expect(pkg.homepage).toBe(`${PROJECT_URL}#readme`);
    expect(pkg.bugs.url).toBe(`${PROJECT_URL}/issues`);
    expect(pkg.license).toBe('MIT');
    expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} sls-lint contributors\n/);
  });
});

describe('the packed tarball installed into an empty project', () => {
  function installedCli(args: string[]) {
    const bin = path.join(consumer, 'node_modules', '.bin', 'sls-lint');
    const r = spawnSync(bin, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 });
    if (r.error) throw r.error;
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('installs the runtime dependencies only, typescript among them (the parser requires it)', (ctx) => {
    if (cannotInstall) ctx.skip(cannotInstall);
    const nm = path.join(consumer, 'node_modules');
    expect(fs.existsSync(path.join(nm, 'sls-lint', 'dist', 'src', 'cli.js'))).toBe(true);
    expect(fs.existsSync(path.join(nm, 'typescript', 'package.json'))).toBe(true);
    // esbuild measures the cold-start bundles: a runtime dependency, with its platform binary package
    expect(fs.existsSync(path.join(nm, 'esbuild', 'package.json'))).toBe(true);
    for (const dev of ['vitest', 'prettier', '@types/node', 'secretlint']) {
      expect(fs.existsSync(path.join(nm, dev)), dev).toBe(false);
    }
    expect(execFileSync(path.join(nm, '.bin', 'sls-lint'), ['--version'], { encoding: 'utf8' }).trim()).toBe(
      JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
    );
  });

  it('lints the bundled example exactly as the repository CLI does', async (ctx) => {
    if (cannotInstall) ctx.skip(cannotInstall);
    const installed = installedCli([EXAMPLE, '-f', 'json']);
    const repo = await runCli([EXAMPLE, '-f', 'json'], ROOT);
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(1);
    expect(repo.code).toBe(1);
    const keys = findingKeys(installed.stdout);
    expect(keys).toEqual(findingKeys(repo.stdout));
    // the example's handler code was parsed (typescript-estree, with typescript from the install)
    expect(keys.filter((k) => k.endsWith(' secrets/no-hardcoded-secret')).length).toBeGreaterThan(0);
    expect(installed.stdout).toBe(repo.stdout);
  });

  it('writes valid SARIF whose rules carry their README as help', async (ctx) => {
    if (cannotInstall) ctx.skip(cannotInstall);
    const installed = installedCli([EXAMPLE, '-f', 'sarif']);
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(1);
    const log = JSON.parse(installed.stdout) as {
      runs: { tool: { driver: { rules: { id: string; help: { text: string; markdown?: string } }[] } } }[];
    };
    expect(validateSarifSchema(log)).toEqual([]);
    const driverRules = log.runs[0]!.tool.driver.rules;
    expect(driverRules.length).toBeGreaterThan(0);
    for (const r of driverRules) {
      const readme = fs.readFileSync(path.join(ROOT, 'rules', ...r.id.split('/'), 'README.md'), 'utf8');
      expect(r.help.markdown, r.id).toBe(readme.replace(/\r\n?/g, '\n').trim());
    }
    expect(installed.stdout).toBe((await runCli([EXAMPLE, '-f', 'sarif'], ROOT)).stdout);
  });
});

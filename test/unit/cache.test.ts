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

/**
 * Determinism of the split runs: `--jobs` (worker threads), `--shard i/n` + `sls-lint merge`, and
 * the cache give byte for byte the output of one serial run, in every format. (Never how long:
 * speed lives in the bench.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFile } from '../hostile/spawn.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli.js';
import { FORMATS } from '../../src/formatters/index.js';
import { lintScaled } from '../../src/scale.js';
import { format } from '../../src/formatters/index.js';
import { lint } from '../../src/lint.js';
import { mergePartials, shardParts, type ShardOutput } from '../../src/partial.js';
import { ROOT } from '../helpers/fixtures.js';
import { generateMonorepo } from '../bench/generate.js';

const PROJECTS = path.join(ROOT, 'test', 'projects');
const SLOW = 120_000;

let tmp: string;
let mono: string;
let workerScript: URL;

/**
 * A monorepo of 7 apps sharing helpers, with what a merge must count once or judge across parts: a
 * suppressed finding in a shared helper, a parse error in a file two apps import, a disable directive
 * no part uses, one in a manifest.
 */
function makeMonorepo(dir: string): void {
  generateMonorepo(dir, 140);
  const shared = path.join(dir, 'packages', 'shared', 'src');
  fs.appendFileSync(
    path.join(shared, 'validate.ts'),
    `// sls-lint-disable-next-line secrets/no-hardcoded-secret -- a test key\nexport const AWS_ACCESS_KEY_ID = 'AKIAZ2XQ7RBNMPLW4KDA';\n// sls-lint-disable-next-line iam/no-wildcard-action\nexport const unused = 1;\n`,
  );
  fs.writeFileSync(path.join(shared, 'broken.ts'), 'export const = ;\n');
  for (const svc of ['svc-0', 'svc-1', 'svc-2']) {
    const fn = path.join(dir, 'services', svc, 'src', 'fn0.ts');
    fs.writeFileSync(fn, `import '../../../packages/shared/src/broken.js';\n${fs.readFileSync(fn, 'utf8')}`);
  }
  const manifest = path.join(dir, 'services', 'svc-3', 'serverless.yml');
  fs.writeFileSync(
    manifest,
    fs.readFileSync(manifest, 'utf8').replace('Action: "*"', 'Action: "*" # sls-lint-disable-line iam/no-wildcard-action -- reviewed'),
  );
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-scale-'));
  mono = path.join(tmp, 'mono');
  makeMonorepo(mono);
  // the worker as the built package runs it, from the current sources
  const outfile = path.join(ROOT, 'node_modules', '.sls-lint-hostile', `worker-${process.pid}.mjs`);
  await bundleFile(path.join(ROOT, 'src', 'worker.ts'), outfile);
  workerScript = pathToFileURL(outfile);
}, SLOW);

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(workerScript, { force: true });
});

function cliIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd };
  return { io, out, err };
}

/** Every format of a result, as the CLI writes it to a file. */
function allFormats(result: Parameters<typeof format>[0]): Record<string, string> {
  return Object.fromEntries(FORMATS.map((f) => [f, format(result, f, { width: 80, frames: true })]));
}

const TREES: { name: string; dir: () => string }[] = [
  { name: 'the test projects', dir: () => PROJECTS },
  { name: 'a generated monorepo', dir: () => mono },
];

for (const tree of TREES)
  describe(`split runs give the serial output byte for byte: ${tree.name}`, () => {
    let opts: { cwd: string; paths: string[]; noConfig: true; stage: string; reportUnusedDisableDirectives: 'warning' };
    let serial: Record<string, string>;
    let dir: string;
    beforeAll(() => {
      dir = tree.dir();
      opts = { cwd: dir, paths: ['.'], noConfig: true, stage: 'dev', reportUnusedDisableDirectives: 'warning' };
      serial = allFormats(lint(opts).result);
    }, SLOW);

    it(
      'the serial run finds something to compare (findings, notices, suppressions, several apps)',
      () => {
        const json = JSON.parse(serial.json!) as {
          diagnostics: { suppression?: unknown; file: string }[];
          notices: { id: string; file?: string }[];
          coverage: { manifests: number };
        };
        expect(json.diagnostics.length).toBeGreaterThan(20);
        expect(json.coverage.manifests).toBeGreaterThanOrEqual(6);
        if (tree.name.includes('monorepo')) {
          expect(json.diagnostics.filter((d) => d.suppression).length).toBeGreaterThanOrEqual(2);
          expect(json.notices.filter((n) => n.id === 'parse-error' && n.file === 'packages/shared/src/broken.ts')).toHaveLength(1);
          expect(json.notices.filter((n) => n.id === 'unused-directive' && n.file === 'packages/shared/src/validate.ts')).toHaveLength(1);
          expect(json.diagnostics.filter((d) => d.file.startsWith('packages/shared/')).length).toBeGreaterThan(1);
        }
      },
      SLOW,
    );

    it(
      'parallel (2 worker threads) vs serial',
      () => {
        const out = lintScaled(opts, { jobs: 2, workerScript });
        // a finding in the helpers every app shares names the functions of each thread's apps: that
        // run is redone serially, so the output never depends on the threads
        if (tree.name.includes('monorepo')) expect(out.conflicts).toBeGreaterThan(0);
        else expect(out.threads).toBe(2);
        expect(allFormats(out.result)).toEqual(serial);
      },
      SLOW,
    );

    it(
      '3 shards, their JSON merged, vs one run; each shard alone is not the whole',
      () => {
        const shards: ShardOutput[] = [1, 2, 3].map((index) => {
          const out = lintScaled(opts, { jobs: 1, shard: { index, total: 3 } });
          // through JSON, as the artifacts of a CI matrix carry them
          return JSON.parse(JSON.stringify(out.shard)) as ShardOutput;
        });
        expect(shards.map((s) => s.units.length).every((n) => n > 0)).toBe(true);
        const units = shards.flatMap((s) => s.units);
        expect(new Set(units).size).toBe(units.length);
        let conflicts = 0;
        const merged = mergePartials(shardParts([shards[2]!, shards[0]!, shards[1]!]), {
          srcRoot: dir,
          onConflicts: (n) => (conflicts = n),
        });
        if (!conflicts) expect(allFormats(merged)).toEqual(serial);
        else {
          // a finding of the shared helpers may name one shard's functions; all else is the same
          expect(tree.name).toMatch(/monorepo/);
          type Out = {
            summary: unknown;
            notices: unknown;
            diagnostics: { fingerprint: string; file: string; line: number; ruleId: string; suppression?: unknown }[];
          };
          const a = JSON.parse(format(merged, 'json')) as Out;
          const b = JSON.parse(serial.json!) as Out;
          const key = (x: Out) => x.diagnostics.map((d) => [d.fingerprint, d.file, d.line, d.ruleId, !!d.suppression].join(' '));
          expect(key(a)).toEqual(key(b));
          expect(a.summary).toEqual(b.summary);
          expect(a.notices).toEqual(b.notices);
        }
        const one = mergePartials(shards[0]!.parts, { srcRoot: dir });
        expect(format(one, 'json')).not.toEqual(serial.json);
      },
      SLOW,
    );

    it(
      'the CLI: --shard i/n -f json -o, then `sls-lint merge` in each format, vs the plain run',
      () => {
        const files = [1, 2, 3].map((i) => path.join(tmp, `${path.basename(dir)}-shard-${i}.json`));
        files.forEach((file, i) => {
          const { io } = cliIo(dir);
          expect(
            main(
              [
                '--no-config',
                '--report-unused-disable-directives-severity',
                'warning',
                '--shard',
                `${i + 1}/3`,
                '-f',
                'json',
                '-o',
                file,
                '.',
              ],
              io,
            ),
          ).toBe(1);
        });
        for (const f of ['json', 'sarif', 'text', 'github']) {
          const single = cliIo(dir);
          const code = main(
            ['--no-config', '--report-unused-disable-directives-severity', 'warning', '--jobs', '1', '-f', f, '.'],
            single.io,
          );
          const merged = cliIo(dir);
          expect(main(['merge', '-f', f, ...files], merged.io)).toBe(code);
          // byte for byte, unless a finding of shared code names one shard's functions (then said)
          if (!/code shared by apps of different shards/.test(merged.err.join(''))) expect(merged.out.join('')).toBe(single.out.join(''));
          else expect(tree.name).toMatch(/monorepo/);
        }
        // a shard missing, or given twice, is an error, not a smaller result
        const missing = cliIo(dir);
        expect(main(['merge', '-f', 'json', files[0]!, files[1]!], missing.io)).toBe(2);
        expect(missing.err.join('')).toMatch(/shard 3\/3 missing/);
        const twice = cliIo(dir);
        expect(main(['merge', files[0]!, files[0]!, files[1]!], twice.io)).toBe(2);
        expect(twice.err.join('')).toMatch(/given twice/);
      },
      SLOW,
    );

    it(
      'shards of runs with other settings do not merge',
      () => {
        const a = lintScaled(opts, { jobs: 1, shard: { index: 1, total: 2 } }).shard!;
        const b = lintScaled({ ...opts, stage: 'prod' }, { jobs: 1, shard: { index: 2, total: 2 } }).shard!;
        expect(() => shardParts([a, b])).toThrow(/different config/);
      },
      SLOW,
    );
  });

describe('--shard and --jobs on the command line', () => {
  it('reject what cannot be split or is malformed', () => {
    for (const args of [
      ['--shard', '0/3'],
      ['--shard', '4/3'],
      ['--shard', 'a/b'],
      ['--jobs', '0'],
      ['--jobs', 'many'],
      ['--shard', '1/2', '--report', 'cost'],
      ['--shard', '1/2', '--write-baseline', 'x.json'],
    ]) {
      const { io, err } = cliIo(PROJECTS);
      expect(main(['--no-config', ...args, '.'], io), args.join(' ')).toBe(2);
      expect(err.join('')).toMatch(/--shard|--jobs|--report|--write-baseline/);
    }
  });

  it('merge refuses a file that is not a shard output', () => {
    const plain = path.join(tmp, 'plain.json');
    fs.writeFileSync(plain, '{"version":1}');
    const { io, err } = cliIo(PROJECTS);
    expect(main(['merge', plain], io)).toBe(2);
    expect(err.join('')).toMatch(/not the --format json output of a --shard run/);
  });
});

/**
 * The real launcher (bin/sls-lint.js) as a child process, built from the current sources with
 * esbuild (bin imports ../dist/src/…, redirected here to src/…), for the cases an in-process run
 * cannot show: a read that would block, output to a full disk or a closed pipe.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** under node_modules, two levels below the package root, so the CLI finds schemas/ and the packages it needs */
const OUT_DIR = path.join(ROOT, 'node_modules', '.sls-lint-hostile');

let built: Promise<string> | undefined;

export function cliBundle(): Promise<string> {
  built ??= (async () => {
    const outfile = path.join(OUT_DIR, `cli-${process.pid}.mjs`);
    await bundleFile(path.join(ROOT, 'bin', 'sls-lint.js'), outfile, {
      plugins: [
        {
          name: 'dist-to-src',
          setup(b) {
            b.onResolve({ filter: /\/dist\/src\// }, (args) => ({
              path: path.join(ROOT, 'src', args.path.replace(/^.*\/dist\/src\//, '').replace(/\.js$/, '.ts')),
            }));
          },
        },
      ],
    });
    return outfile;
  })();
  return built;
}

/** Bundles an entry point for Node as the package runs it (dependencies left to node_modules). */
export async function bundleFile(entry: string, outfile: string, extra: Partial<Parameters<typeof build>[0]> = {}): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    ...extra,
  });
}

export function removeBundle(): void {
  fs.rmSync(path.join(OUT_DIR, `cli-${process.pid}.mjs`), { force: true });
}

/** A guard against a hang, not a timing assertion: a run that blocks is killed and fails the test. */
export const HANG_GUARD_MS = 60_000;

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

export async function spawnCli(args: string[], cwd: string, opts: { stdoutFd?: number } = {}): Promise<Spawned> {
  const cli = await cliBundle();
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: HANG_GUARD_MS,
    killSignal: 'SIGKILL',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    stdio: ['ignore', opts.stdoutFd ?? 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', signal: r.signal, timedOut };
}

/** Runs a shell pipeline (bash) with the launcher as `"$NODE" "$CLI_JS"`. */
export async function spawnShell(script: string, cwd: string): Promise<Spawned> {
  const cli = await cliBundle();
  const r = spawnSync('bash', ['--noprofile', '--norc', '-c', script], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: HANG_GUARD_MS,
    killSignal: 'SIGKILL',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', NODE: process.execPath, CLI_JS: cli },
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', signal: r.signal, timedOut };
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Writes a tree of files into a fresh temp directory and returns its path. */
export function tmpTree(files: Record<string, string | Buffer>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-')));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

/** Runs the CLI in-process (as the command does: plugins loaded first) and captures its output. */
export async function runCli(argv: string[], cwd: string, env: Record<string, string | undefined> = {}, tty = false, columns?: number) {
  const { cli } = await import('../../src/cli.js');
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: tty,
    stderrIsTTY: tty,
    ...(columns ? { columns } : {}),
    env,
    cwd,
  });
  return { code, stdout, stderr };
}

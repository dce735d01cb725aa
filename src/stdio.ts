import { errnoText } from './cli.js';

/**
 * What the CLI does when writing its own output fails after `main` returned (Node reports write
 * errors on stdout and stderr as stream events): a closed pipe (`sls-lint … | head`) is the
 * reader's choice and exits quietly with the run's code; any other failure — a full disk, an I/O
 * error — is one line on stderr and exit 2, never a stack trace. Returns the exit code.
 */
export function outputErrorExit(stream: 'stdout' | 'stderr', e: unknown, runCode: number, writeStderr: (s: string) => void): number {
  if ((e as NodeJS.ErrnoException)?.code === 'EPIPE') return runCode;
  if (stream === 'stdout') {
    try {
      writeStderr(`sls-lint: cannot write the report to stdout: ${errnoText(e)}\n`);
    } catch {
      /* stderr is gone too: the exit code is all that is left */
    }
  }
  return 2;
}

/** Installs outputErrorExit on process.stdout and process.stderr. */
export function guardStdio(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (e) => {
      const code = outputErrorExit(name, e, typeof process.exitCode === 'number' ? process.exitCode : 0, (s) => {
        if (name === 'stdout') process.stderr.write(s);
      });
      process.exit(code);
    });
  }
}

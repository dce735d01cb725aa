#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const version = argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v') ? ownVersion() : undefined;
if (version !== undefined) {
  // the one question answered without loading the linter's few hundred modules
  process.stdout.write(`${version}\n`);
} else {
  const { cli } = await import('../dist/src/cli.js');
  const { guardStdio } = await import('../dist/src/stdio.js');
  // `sls-lint … | head` closes the pipe early: that is the reader's choice, not a failure; a full
  // disk or another write error is one line on stderr and exit 2
  guardStdio();
  // `cli` imports the plugins the config names, then runs the (synchronous) linter
  process.exitCode = await cli(argv);
}

/** package.json's version, as `main` prints it; undefined when this file is not in the package (bundled) */
function ownVersion() {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    return pkg.name === 'sls-lint' && typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

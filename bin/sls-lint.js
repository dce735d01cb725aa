#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`, on
// `npm pack` and when npm installs sls-lint from a git repository; a packed tarball already holds it).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(cli)) {
  // a clone that was never built, or a git install whose `prepare` was skipped (--ignore-scripts)
  process.stderr.write('sls-lint: the compiled CLI (dist/src/cli.js) is missing: run `npm run build` in the sls-lint folder\n');
  process.exit(2);
}
const { main } = await import(cli.href);
const { guardStdio } = await import(new URL('../dist/src/stdio.js', import.meta.url).href);

// `sls-lint … | head` closes the pipe early: that is the reader's choice, not a failure; a full
// disk or another write error is one line on stderr and exit 2
guardStdio();

process.exitCode = main(process.argv.slice(2));

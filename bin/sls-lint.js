#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).
import { main } from '../dist/src/cli.js';
import { guardStdio } from '../dist/src/stdio.js';

// `sls-lint … | head` closes the pipe early: that is the reader's choice, not a failure; a full
// disk or another write error is one line on stderr and exit 2
guardStdio();

process.exitCode = main(process.argv.slice(2));

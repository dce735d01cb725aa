/**
 * vitest globalSetup: prepares tools the tests shell out to.
 *
 * The SARIF Multitool ships as a native executable whose package sets the exec bit in a postinstall
 * script; installs that skip scripts (`--ignore-scripts`, some CI caches) leave it non-executable.
 */
import fs from 'node:fs';
import { multitoolPath } from '../helpers/sarif.js';

export default function setup(): void {
  const bin = multitoolPath();
  if (!bin) return; // not linux, or not installed: the SARIF Multitool tests skip themselves
  try {
    if ((fs.statSync(bin).mode & 0o111) !== 0o111) fs.chmodSync(bin, 0o755);
  } catch (e) {
    // read-only node_modules: leave it; the tests report the tool as not runnable
    console.warn(`sls-lint test setup: cannot make ${bin} executable: ${(e as Error).message}`);
  }
}

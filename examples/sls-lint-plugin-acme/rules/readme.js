import { readFileSync } from 'node:fs';

/** A rule's README, next to its index.js: `--explain` and SARIF rule help show it. */
export function readme(url) {
  try {
    return readFileSync(new URL('./README.md', url), 'utf8');
  } catch {
    return undefined;
  }
}

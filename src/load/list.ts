import fs from 'node:fs';
import path from 'node:path';

/** Folders never holding a project's own functions: dependencies, VCS data and build output. */
const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '.next',
  '.vercel',
  '.netlify',
  '.serverless',
  '.aws-sam',
  'dist',
  'build',
  'out',
  'coverage',
  'cdk.out',
]);
/** Most files listed for one directory tree (a platform's functions by convention). */
const MAX_LISTED = 20_000;

/**
 * The regular files under `dirRel` (posix, relative to `srcRoot`), for platforms whose functions are
 * files by convention. Links are not followed and nothing outside `inside` is listed.
 */
export function listFiles(srcRoot: string, dirRel: string, inside: (rel: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let ents: fs.Dirent[];
    try {
      ents = fs.readdirSync(path.resolve(srcRoot, rel), { withFileTypes: true });
    } catch {
      return;
    }
    ents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of ents) {
      if (out.length >= MAX_LISTED) return;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && inside(child)) walk(child);
      } else if (e.isFile() && inside(child)) out.push(child);
    }
  };
  walk(dirRel);
  return out;
}

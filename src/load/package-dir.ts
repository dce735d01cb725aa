import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from '../core/paths.js';
import type { InstalledPackage, PackageDirProbe, PackageManifest, ProbedFile } from '../core/bundle.js';
import { DEFAULT_CACHE_FILE } from './cache-file.js';
import { readRegularFile } from './safe-read.js';

/**
 * What a code folder holds, for the size of what an unbundled deploy zips: one walk of the folder
 * (sizes from `lstat`/`stat`, no file read but the package.json files), in a stable order. The
 * project's files are listed apart from the installed packages: each `node_modules/<name>` (and
 * `@scope/<name>`) is a package with the dependency names of its package.json, and a package's own
 * `node_modules` holds packages of their own (npm's nesting). Links are followed when they stay
 * inside the scanned roots (the deploy tools zip what a link points to); dot-entries of a
 * `node_modules` (`.bin`, `.package-lock.json`, pnpm's `.pnpm` store) are left out, so a pnpm
 * install is seen through its top-level links only. Past `MAX_FILES` files the probe stops and says
 * it is incomplete: no figure is then given.
 */

/** Most files listed in one folder (project files and package files together). */
const MAX_FILES = 300_000;
/** Largest package.json read. */
const MAX_MANIFEST = 1024 * 1024;
/** Folders of the project part that no deploy zips: VCS data and the deploy tools' own output. */
const SKIP = new Set(['.git', '.serverless', '.aws-sam']);

/**
 * `hide`: files left out (the run's cache file, by absolute path); the default cache file and its
 * temporary files are left out of every probe, so a cold run and a cached one give the same figure.
 */
export function probePackageDir(srcRoot: string, roots: string[], dirRel: string, hide?: (abs: string) => boolean): PackageDirProbe {
  const abs = path.resolve(srcRoot, dirRel || '.');
  const none: PackageDirProbe = { manifest: null, files: [], packages: null, incomplete: true };
  if (!roots.some((r) => isInside(r, abs))) return none;
  const state = { count: 0, incomplete: false };
  const inRoots = (p: string): boolean => roots.some((r) => isInside(r, p));

  /** The regular files under `absDir` (links inside the roots followed), as `rel/…`; `stopAt` names sub-folders left out. */
  const walk = (
    absDir: string,
    rel: string,
    out: ProbedFile[],
    stopAt: (name: string, rel: string) => boolean,
    seen: Set<string>,
  ): void => {
    const ents = entriesOf(absDir);
    if (!ents) {
      state.incomplete = true;
      return;
    }
    for (const e of ents) {
      if (state.count >= MAX_FILES) {
        state.incomplete = true;
        return;
      }
      const childAbs = path.join(absDir, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      let st: fs.Stats | undefined;
      let real: string | undefined;
      if (e.isSymbolicLink()) {
        try {
          real = fs.realpathSync.native(childAbs);
          if (!inRoots(real)) continue;
          st = fs.statSync(real);
        } catch {
          continue;
        }
      }
      const isDir = st ? st.isDirectory() : e.isDirectory();
      if (isDir) {
        if (stopAt(e.name, childRel)) continue;
        // only a link can lead back up the tree
        if (real !== undefined) {
          if (seen.has(real)) continue;
          seen.add(real);
        }
        walk(childAbs, childRel, out, stopAt, seen);
        if (real !== undefined) seen.delete(real);
      } else if (st ? st.isFile() : e.isFile()) {
        let size = st?.size;
        if (size === undefined)
          try {
            size = fs.lstatSync(childAbs).size;
          } catch {
            continue;
          }
        if (isCacheFile(e.name) || hide?.(childAbs)) continue;
        state.count++;
        out.push({ path: childRel, bytes: size });
      }
    }
  };

  const files: ProbedFile[] = [];
  walk(abs, '', files, (name, rel) => SKIP.has(name) || rel === 'node_modules', new Set([safeReal(abs)]));
  const manifest = manifestOf(path.join(abs, 'package.json'), roots);

  const nm = path.join(abs, 'node_modules');
  let packages: InstalledPackage[] | null = null;
  let isDir = false;
  try {
    isDir = fs.statSync(nm).isDirectory();
  } catch {
    isDir = false;
  }
  if (isDir && inRoots(nm)) {
    packages = [];
    const list = packages;
    /** The packages of one `node_modules` folder (`rel` is its path from the probed folder). */
    const modules = (absNm: string, rel: string): void => {
      const ents = entriesOf(absNm);
      if (!ents) {
        state.incomplete = true;
        return;
      }
      for (const e of ents) {
        if (e.name.startsWith('.')) continue;
        const childAbs = path.join(absNm, e.name);
        if (!isDirectory(childAbs, inRoots)) continue;
        if (e.name.startsWith('@')) {
          let scoped: string[];
          try {
            scoped = fs.readdirSync(childAbs).sort();
          } catch {
            continue;
          }
          for (const n of scoped)
            if (isDirectory(path.join(childAbs, n), inRoots)) onePackage(path.join(childAbs, n), `${rel}/${e.name}/${n}`, `${e.name}/${n}`);
        } else onePackage(childAbs, `${rel}/${e.name}`, e.name);
      }
    };
    const onePackage = (absPkg: string, rel: string, folderName: string): void => {
      const m = readJson(path.join(absPkg, 'package.json'), roots);
      const name = typeof m?.name === 'string' && m.name ? m.name : folderName;
      const deps = m ? [...new Set([...keys(m.dependencies), ...keys(m.optionalDependencies), ...keys(m.peerDependencies)])].sort() : [];
      const pkgFiles: ProbedFile[] = [];
      list.push({ path: rel, name, deps, files: pkgFiles });
      walk(absPkg, rel, pkgFiles, (n, r) => r === `${rel}/node_modules`, new Set([safeReal(absPkg)]));
      const nested = path.join(absPkg, 'node_modules');
      if (isDirectory(nested, inRoots)) modules(nested, `${rel}/node_modules`);
    };
    modules(nm, 'node_modules');
  }
  return { manifest, files, packages, incomplete: state.incomplete };
}

/** sls-lint's own cache file (`.sls-lint-cache`) or one of its temporary files: the linter's output, not the project's. */
function isCacheFile(name: string): boolean {
  return name === DEFAULT_CACHE_FILE || (name.startsWith(`${DEFAULT_CACHE_FILE}.`) && name.endsWith('.tmp'));
}

function isDirectory(abs: string, inRoots: (p: string) => boolean): boolean {
  try {
    return fs.statSync(abs).isDirectory() && inRoots(fs.realpathSync.native(abs));
  } catch {
    return false;
  }
}

function safeReal(abs: string): string {
  try {
    return fs.realpathSync.native(abs);
  } catch {
    return abs;
  }
}

function readJson(abs: string, roots: string[]): Record<string, unknown> | null {
  const raw = readRegularFile(abs, { maxBytes: MAX_MANIFEST, roots });
  if (!raw.ok) return null;
  try {
    const v = JSON.parse(raw.bytes.toString('utf8').replace(/^\uFEFF/, '')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function keys(v: unknown): string[] {
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).sort() : [];
}

function manifestOf(abs: string, roots: string[]): PackageManifest | null {
  const m = readJson(abs, roots);
  if (!m) return null;
  return {
    dependencies: keys(m.dependencies),
    devDependencies: keys(m.devDependencies),
    optionalDependencies: keys(m.optionalDependencies),
    peerDependencies: keys(m.peerDependencies),
  };
}

/** A directory's entries in name order; undefined when it cannot be read. */
function entriesOf(abs: string): fs.Dirent[] | undefined {
  try {
    return fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return undefined;
  }
}

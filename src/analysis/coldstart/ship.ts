import picomatch from 'picomatch';
import { bool, get, literalString, seqItems, str, valueOf } from '../../core/node.js';
import type { InstalledPackage, PackageDirProbe, PackageManifest } from '../../core/bundle.js';
import type { Loc } from '../../core/types.js';
import { SERVERLESS_DEFAULT_EXCLUDES, SERVERLESS_PACKAGERS } from '../../knowledge/packaging.js';
import type { Fn } from '../../model/types.js';

/**
 * What a Node.js function's deploy zips when no bundler builds it, and how big that is, from the
 * code folder's probe (`BundleMeasure.packageDir`, one walk per folder):
 *
 * - serverless (no bundler or tracer plugin, no `artifact`): every file of the service folder but the
 *   default excludes and the config file, filtered by `package.patterns` (and the older
 *   `exclude`/`include`) in order, service then function level when packaged individually; of
 *   `node_modules`, the packages the production dependencies need (`dependencies`,
 *   `optionalDependencies`, `peerDependencies`, transitively through each package's own), or all of
 *   them with `excludeDevDependencies: false`;
 * - SAM (no `BuildMethod`): the `CodeUri` folder and the production dependencies, as `sam build`
 *   installs them (the folder's local install stands for that install);
 * - CloudFormation `Code: ./folder` (`aws cloudformation package`): the folder as it is, every
 *   installed package included.
 *
 * Approximated: serverless' glob engine is globby and this is picomatch (`dot: true`), the same for
 * the patterns people write; packages installed but needed by nothing (extraneous) are counted as
 * not shipped; a pnpm install is seen through its top-level links; SAM's copy is taken as the whole
 * folder. Bytes are the files' sizes on disk: the zip is smaller by its compression, and the
 * uncompressed size is what Lambda's 250 MB limit counts.
 */

export type Shipping =
  | { kind: 'bundled'; by: string }
  | {
      kind: 'unbundled';
      tool: 'serverless' | 'sam' | 'cloudformation';
      /** the code folder zipped (srcRoot-relative) */
      dir: string;
      /** the package patterns in the order the tool applies them (`!` excludes), or null when one is not a literal */
      patterns: string[] | null;
      /** are devDependencies zipped too (`excludeDevDependencies: false`, a CloudFormation folder)? */
      devDependencies: boolean;
    }
  | { kind: 'other'; why: string };

/** The size of what an unbundled deploy zips. */
export interface ShipSize {
  /** bytes of every file zipped (uncompressed) */
  bytes: number;
  files: number;
  /** of them, the installed packages' */
  nodeModulesBytes: number;
  /** the packages zipped, largest first */
  packages: { name: string; path: string; bytes: number }[];
  /** of `nodeModulesBytes`, the packages only devDependencies need (zipped when the tool zips them) */
  devBytes: number;
  /** the packages only devDependencies need, installed (by name, sorted), whether zipped or not */
  devOnly: string[];
  devOnlyBytes: number;
  /** every package installed that the production dependencies need (by name) */
  production: Set<string>;
  /** dependencies package.json declares that are not installed: the figures are then a lower bound */
  missing: string[];
}

/** Why the size is not known when the dependencies are not installed. */
export const NOT_INSTALLED = 'node_modules is not installed';

export type ShipAnswer = ShipSize | { unknown: string };

/** How the function's code ships: bundled, zipped whole from its folder, or in a way not estimated. */
export function shippingOf(fn: Fn, bundler: string | null): Shipping {
  if (bundler) return { kind: 'bundled', by: bundler };
  const base = fn.entry?.base;
  if (base === undefined || fn.platform !== 'aws') return { kind: 'other', why: 'no code folder' };
  if (fn.origin === 'serverless') {
    const plugin = (fn.app.serverless?.plugins ?? []).find((p) => SERVERLESS_PACKAGERS[p]);
    if (plugin) return { kind: 'other', why: `packaged by ${plugin}` };
    const svc = fn.app.serverless?.package?.node;
    const own = get(fn.node, 'package');
    if (get(svc, 'artifact') || get(own, 'artifact')) return { kind: 'other', why: 'a prebuilt artifact' };
    const individually = bool(get(svc, 'individually')) === true || bool(get(own, 'individually')) === true;
    const patterns = serverlessPatterns(fn, svc, individually ? own : undefined);
    const dev = get(svc, 'excludeDevDependencies');
    // a reference we cannot read: the default (excluded) is not assumed
    if (dev && bool(dev) === undefined) return { kind: 'other', why: '`excludeDevDependencies` is not a literal' };
    return { kind: 'unbundled', tool: 'serverless', dir: base, patterns, devDependencies: bool(dev) === false };
  }
  const res = fn.app.resources.find((r) => r.id === fn.id);
  if (get(res?.node, 'Metadata', 'BuildMethod')) return { kind: 'other', why: 'a custom build method' };
  if (fn.origin === 'sam') return { kind: 'unbundled', tool: 'sam', dir: base, patterns: [], devDependencies: false };
  if (literalString(valueOf(get(fn.node, 'Code'))))
    return { kind: 'unbundled', tool: 'cloudformation', dir: base, patterns: [], devDependencies: true };
  return { kind: 'other', why: 'no local code folder' };
}

/** The serverless patterns in order: default excludes, the config file, `exclude`, `include`, `patterns` (service, then function). */
function serverlessPatterns(fn: Fn, svc: unknown, own: unknown): string[] | null {
  const app = fn.app;
  const config = app.file.slice(app.dir ? app.dir.length + 1 : 0);
  const out = [...SERVERLESS_DEFAULT_EXCLUDES.map((p) => `!${p}`), `!${config}`];
  if (bool(get(app.root, 'useDotenv')) === true) out.push('!.env*');
  for (const level of [svc, own]) {
    const lists: [string, boolean][] = [
      ['exclude', true],
      ['include', false],
      ['patterns', false],
    ];
    for (const [key, negate] of lists)
      for (const n of seqItems(get(level as Parameters<typeof get>[0], key))) {
        const p = str(n);
        if (p === undefined) return null;
        out.push(negate ? `!${p}` : p);
      }
  }
  return out;
}

/** Lists each file in or out by the patterns, the last that matches deciding (serverless' order). */
export function patternFilter(patterns: string[]): (path: string) => boolean {
  const rules = patterns.map((p) => {
    const neg = p.startsWith('!');
    return { neg, match: picomatch(neg ? p.slice(1) : p, { dot: true }) };
  });
  return (path) => {
    let included = true;
    for (const r of rules) if (r.match(path)) included = !r.neg;
    return included;
  };
}

/** The size of what ships, from the folder's probe; unknown (with why) when the packages are not installed or the listing stopped. */
export function shipSize(probe: PackageDirProbe, ship: Extract<Shipping, { kind: 'unbundled' }>): ShipAnswer {
  if (ship.patterns === null) return { unknown: 'package patterns are not literals' };
  if (probe.incomplete) return { unknown: 'the code folder could not be listed whole' };
  const declared = probe.manifest ? [...probe.manifest.dependencies, ...probe.manifest.optionalDependencies] : [];
  if (probe.packages === null && declared.length) return { unknown: NOT_INSTALLED };
  const pkgs = probe.packages ?? [];
  const { production, dev, missing } = closures(pkgs, probe.manifest);
  const keep = patternFilter(ship.patterns);
  let bytes = 0;
  let files = 0;
  for (const f of probe.files)
    if (keep(f.path)) {
      bytes += f.bytes;
      files++;
    }
  let nodeModulesBytes = 0;
  let devBytes = 0;
  let devOnlyBytes = 0;
  const shipped: ShipSize['packages'] = [];
  for (const p of pkgs) {
    const isDev = dev.has(p);
    let size = 0;
    for (const f of p.files) size += f.bytes;
    if (isDev) devOnlyBytes += size;
    if (!production.has(p) && !ship.devDependencies) continue;
    let zipped = 0;
    for (const f of p.files)
      if (keep(f.path)) {
        zipped += f.bytes;
        files++;
      }
    if (!zipped) continue;
    nodeModulesBytes += zipped;
    if (isDev) devBytes += zipped;
    shipped.push({ name: p.name, path: p.path, bytes: zipped });
  }
  bytes += nodeModulesBytes;
  shipped.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    bytes,
    files,
    nodeModulesBytes,
    packages: shipped,
    devBytes,
    devOnly: [...new Set([...dev].map((p) => p.name))].sort(),
    devOnlyBytes,
    production: new Set([...production].map((p) => p.name)),
    missing,
  };
}

/**
 * The installed packages the production dependencies need, and those only the devDependencies
 * need, each package's dependencies found as Node finds them (its own `node_modules`, then each one
 * above it).
 */
function closures(
  pkgs: InstalledPackage[],
  manifest: PackageManifest | null,
): { production: Set<InstalledPackage>; dev: Set<InstalledPackage>; missing: string[] } {
  const byPath = new Map(pkgs.map((p) => [p.path, p]));
  const resolve = (from: string, name: string): InstalledPackage | undefined => {
    for (let cur = from; ;) {
      const hit = byPath.get(`${cur ? `${cur}/` : ''}node_modules/${name}`);
      if (hit) return hit;
      if (!cur) return undefined;
      const i = cur.lastIndexOf('/node_modules/');
      cur = i < 0 ? '' : cur.slice(0, i);
    }
  };
  const walk = (roots: string[], skip: Set<InstalledPackage>): Set<InstalledPackage> => {
    const out = new Set<InstalledPackage>();
    const queue: InstalledPackage[] = [];
    const add = (p: InstalledPackage | undefined) => {
      if (p && !out.has(p) && !skip.has(p)) {
        out.add(p);
        queue.push(p);
      }
    };
    for (const r of roots) add(resolve('', r));
    for (let i = 0; i < queue.length; i++) for (const d of queue[i]!.deps) add(resolve(queue[i]!.path, d));
    return out;
  };
  const m = manifest ?? { dependencies: [], devDependencies: [], optionalDependencies: [], peerDependencies: [] };
  const production = walk([...m.dependencies, ...m.optionalDependencies, ...m.peerDependencies], new Set());
  const dev = walk(m.devDependencies, production);
  const missing = m.dependencies.filter((d) => !resolve('', d));
  return { production, dev, missing };
}

/** Where a finding about the serverless service's packaging goes: `package.excludeDevDependencies`, `package`, `functions`. */
export function packagingLoc(fn: Fn, key?: string): Loc | undefined {
  const pkg = fn.app.serverless?.package?.node;
  const value = key ? get(pkg, key) : undefined;
  return value?.loc ?? keyLoc(fn.app.root, 'package') ?? keyLoc(fn.app.root, 'functions');
}

function keyLoc(root: Fn['app']['root'], key: string): Loc | undefined {
  return root.entries.find((e) => e.key === key)?.keyLoc;
}

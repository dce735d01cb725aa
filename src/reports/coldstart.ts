import { bundlerOf, NOT_INSTALLED, runtimeOf, sizeText, type ColdstartRun, type FnInitCost } from '../analysis/coldstart/index.js';
import type { Fn } from '../model/types.js';
import type { ReportStyle } from '../engine/result.js';
import type { ReportDef } from './types.js';

/** The `coldstart` report: per Node.js function, what it loads at init, measured by esbuild. */

export interface ColdstartPackageRow {
  name: string;
  /** minified bytes at init; null when the package is not installed */
  bytes: number | null;
  modules: number;
  runtimeProvided: boolean;
  /** `file:line` of the project import that first pulls it in, or null */
  via: string | null;
}

/** The analysis' figures of one function (`FnInitCost`), with where it is and how it ships. */
export interface ColdstartFunctionRow extends Pick<
  FnInitCost,
  'measured' | 'initBytes' | 'knownBytes' | 'ownBytes' | 'runtimeBytes' | 'lazyBytes' | 'modules' | 'unknownPackages'
> {
  app: string;
  name: string;
  handler: string;
  runtime: string | null;
  memory: number | null;
  /** the bundler the manifest names (`serverless-esbuild`, `sam esbuild`), or null when none is seen */
  bundler: string | null;
  packages: ColdstartPackageRow[];
  /** why nothing was measured */
  why: string | null;
  /**
   * For an unbundled deploy (no bundler: the code folder zipped with its production `node_modules`),
   * the size of what the zip holds, from the files the package patterns include; null when bundled,
   * shipped in a way not estimated, or not known (see `shippedWhy`)
   */
  shipped: ColdstartShippedRow | null;
  /** why `shipped` is null: `bundled`, `node_modules is not installed`, `a prebuilt artifact`, … */
  shippedWhy: string | null;
}

/** What an unbundled deploy zips (bytes on disk, before compression). */
export interface ColdstartShippedRow {
  /** how the zip is built: `serverless`, `sam` (`sam build`), `cloudformation` (`aws cloudformation package`) */
  tool: string;
  bytes: number;
  files: number;
  nodeModulesBytes: number;
  nodeModulesPackages: number;
  /** of `nodeModulesBytes`, packages only devDependencies need (zipped with `excludeDevDependencies: false`) */
  devDependenciesBytes: number;
  /** dependencies package.json declares that are not installed: the figures are a lower bound */
  missing: string[];
}

export interface ColdstartReportData {
  functions: ColdstartFunctionRow[];
}

export const coldstartReport: ReportDef<ColdstartReportData> = {
  name: 'coldstart',
  description: 'cold start: per Node.js function, the minified bytes and modules it loads at init, by package, measured with esbuild',
  build(ctx) {
    const cs = ctx.analyses.get('coldstart');
    const apps = [...ctx.project.apps].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const wanted = new Set(cs.functions());
    const functions = apps.flatMap((app) => app.functions.filter((fn) => wanted.has(fn)).map((fn) => row(fn, cs.cost(fn), cs)));
    return { functions };
  },
  text(data, style) {
    const lines: string[] = [];
    if (!data.functions.length) return ['no Node.js function with its handler code read'];
    const w = (f: (r: ColdstartFunctionRow) => string, head: string) =>
      Math.min(32, Math.max(head.length, ...data.functions.map((r) => f(r).length)));
    const cols: [string, (r: ColdstartFunctionRow) => string][] = [
      ['function', (r) => r.name],
      ['runtime', (r) => r.runtime ?? '-'],
      ['memory', (r) => (r.memory === null ? '-' : String(r.memory))],
      ['bundled', (r) => r.bundler ?? 'no'],
      ['zip', zipText],
      ['init', initText],
      ['modules', (r) => (r.measured ? String(r.modules) : '-')],
    ];
    const widths = cols.map(([h, f]) => w(f, h));
    const cells = (vals: string[]) =>
      vals.map((v, i) => (i >= 4 ? v.padStart(widths[i]!) : clip(v, widths[i]!).padEnd(widths[i]!))).join('  ');
    lines.push(style.dim(cells(cols.map(([h]) => h))));
    for (const r of data.functions) lines.push(cells(cols.map(([, f]) => f(r))), ...wrap(topText(r), style).map((l) => style.dim(l)));
    const runtime = data.functions.some((r) => r.runtimeBytes > 0);
    if (runtime) lines.push(style.dim('* provided by the Lambda runtime (AWS SDK v3 on nodejs18.x+): loaded at init, not shipped'));
    if (data.functions.some((r) => r.unknownPackages.length || r.shipped?.missing.length))
      lines.push(style.dim('≥ a lower bound: packages not installed; install the dependencies (`npm ci`) to measure them'));
    if (data.functions.some((r) => r.shipped))
      lines.push(
        style.dim(
          'zip: what an unbundled deploy zips (the files its package patterns include, production node_modules), before compression',
        ),
      );
    return lines;
  },
};

function row(fn: Fn, cost: FnInitCost | undefined, cs: ColdstartRun): ColdstartFunctionRow {
  const ship = cs.shipping(fn);
  const size = cs.shipped(fn);
  let shipped: ColdstartShippedRow | null = null;
  let shippedWhy: string | null = null;
  if (ship.kind === 'bundled') shippedWhy = 'bundled';
  else if (ship.kind === 'other') shippedWhy = ship.why;
  else if (!size) shippedWhy = 'not probed';
  else if ('unknown' in size) shippedWhy = size.unknown;
  else
    shipped = {
      tool: ship.tool,
      bytes: size.bytes,
      files: size.files,
      nodeModulesBytes: size.nodeModulesBytes,
      nodeModulesPackages: size.packages.length,
      devDependenciesBytes: size.devBytes,
      missing: size.missing,
    };
  const memory = fn.memory?.kind === 'literal' && typeof fn.memory.value === 'number' ? fn.memory.value : null;
  return {
    app: fn.app.file,
    name: fn.name,
    handler: cost?.entry ?? '',
    runtime: runtimeOf(fn) ?? null,
    memory,
    bundler: bundlerOf(fn),
    measured: !!cost?.measured,
    initBytes: cost?.initBytes ?? null,
    knownBytes: cost?.knownBytes ?? 0,
    ownBytes: cost?.ownBytes ?? 0,
    runtimeBytes: cost?.runtimeBytes ?? 0,
    lazyBytes: cost?.lazyBytes ?? 0,
    modules: cost?.modules ?? 0,
    packages: (cost?.packages ?? []).map((p) => ({
      name: p.name,
      bytes: p.bytes,
      modules: p.modules,
      runtimeProvided: p.runtimeProvided,
      via: p.via ? `${p.via.file}:${p.via.line}` : null,
    })),
    unknownPackages: cost?.unknownPackages ?? [],
    why: cost ? (cost.why ?? null) : 'not measured',
    shipped,
    shippedWhy,
  };
}

function zipText(r: ColdstartFunctionRow): string {
  if (r.shipped) return `${r.shipped.missing.length ? '≥ ' : ''}${sizeText(r.shipped.bytes)}`;
  return r.shippedWhy === NOT_INSTALLED ? 'unknown' : '-';
}

function initText(r: ColdstartFunctionRow): string {
  if (!r.measured) return 'unknown';
  return r.initBytes === null ? `≥ ${sizeText(r.knownBytes)}` : sizeText(r.initBytes);
}

/** The three largest contributors (own code among them), with the import pulling each in; then the packages not installed. */
function topText(r: ColdstartFunctionRow): string {
  if (!r.measured) return r.why ?? '';
  const parts = [
    ...r.packages.filter((p) => p.bytes !== null).map((p) => ({ name: p.name, bytes: p.bytes!, via: p.via, runtime: p.runtimeProvided })),
    { name: 'own code', bytes: r.ownBytes, via: null, runtime: false },
  ];
  parts.sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const top = parts
    .slice(0, 3)
    .map((p) => `${p.name}${p.runtime ? '*' : ''} ${sizeText(p.bytes)}${p.via ? ` (${p.via})` : ''}`)
    .join(', ');
  const missing = r.packages.filter((p) => p.bytes === null).map((p) => `${p.name}${p.via ? ` (${p.via})` : ''}`);
  return missing.length ? `${top}; not installed: ${missing.join(', ')}` : top;
}

function clip(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, Math.max(1, width - 1))}…`;
}

/** The contributors, indented, wrapped at the terminal width between items (an item longer than a line is left whole). */
function wrap(s: string, style: ReportStyle): string[] {
  const width = style.width ? Math.max(60, style.width) : Infinity;
  const out: string[] = [];
  let line = '    ';
  for (const item of s.split(/(?<=, |; )/)) {
    if (line.trim() && line.length + item.length > width) {
      out.push(line.trimEnd());
      line = '      ';
    }
    line += item;
  }
  out.push(line.trimEnd());
  return out;
}

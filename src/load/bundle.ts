import { createRequire } from 'node:module';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import type { BundleMeasure, BundleRequest, BundleResult, PackageDirProbe } from '../core/bundle.js';
import { probePackageDir } from './package-dir.js';

/**
 * The loading stage's bundler for the cold-start analysis: `measureBundles` over the roots, with the
 * same look-up of installed packages the worker's resolver makes (a `node_modules/<pkg>` entry
 * between the importer and its root, nothing above it), answered from a cache per folder and name;
 * and the probe of a code folder's files and installed packages (`load/package-dir.ts`), once per folder.
 */
/** `hide`: files the code folder probe leaves out (the run's cache file). */
export function bundler(srcRoot: string, roots: string[], hide?: (abs: string) => boolean): BundleMeasure {
  const abs = roots.map((r) => path.resolve(r));
  const seen = new Map<string, boolean>();
  const installed = (importer: string, pkg: string): boolean => {
    const from = path.dirname(path.resolve(srcRoot, importer));
    const root = abs.find((r) => inside(r, from));
    if (!root) return false;
    for (let dir = from; ; dir = path.dirname(dir)) {
      const key = `${dir}\0${pkg}`;
      let hit = seen.get(key);
      if (hit === undefined) seen.set(key, (hit = fs.existsSync(path.join(dir, 'node_modules', pkg))));
      if (hit) return true;
      if (dir === root || !inside(root, path.dirname(dir))) return false;
    }
  };
  const dirs = new Map<string, PackageDirProbe>();
  const packageDir = (dir: string): PackageDirProbe => {
    let out = dirs.get(dir);
    if (!out) dirs.set(dir, (out = probePackageDir(srcRoot, roots, dir, hide)));
    return out;
  };
  return Object.assign((req: BundleRequest) => measureBundles(srcRoot, roots, req), { installed, packageDir });
}

function inside(root: string, abs: string): boolean {
  const r = path.relative(root, abs);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/**
 * Measures what each entry loads at init with esbuild, the bundler the deploy tools use
 * (serverless-esbuild, SAM `BuildMethod: esbuild`, CDK `NodejsFunction`): one build per target with
 * every entry as an entry point, `bundle`, `platform: node`, minified, `metafile`, `write: false`.
 * Nothing is executed and nothing is written. A resolver plugin keeps the build inside the scanned
 * roots: a package is looked for in the `node_modules` folders between the importing file and its
 * root only, and anything resolving outside a root (a symlink out, a parent's `node_modules`) is left
 * external and reported as a gap, as are packages that are not installed.
 *
 * The analyses are synchronous and esbuild's plugins need its asynchronous API, so the build runs in
 * a worker thread the caller waits on (`Atomics.wait`) for at most the request's budget; past it the
 * worker is terminated and the result says so.
 */
export function measureBundles(srcRoot: string, roots: string[], req: BundleRequest): BundleResult {
  const empty = (failed: string): BundleResult => ({ inputs: {}, outputs: [], gaps: [], errors: [], failed });
  if (!req.entries.length) return { inputs: {}, outputs: [], gaps: [], errors: [] };
  let esbuildPath: string;
  try {
    esbuildPath = createRequire(import.meta.url).resolve('esbuild');
  } catch {
    return empty('esbuild is not installed');
  }
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(WORKER, {
      eval: true,
      workerData: { port: port2, signal, esbuildPath, srcRoot, roots: roots.map((r) => path.resolve(r)), req },
      transferList: [port2],
      // the worker is CommonJS source: not the parent's flags (`--input-type=module`, loaders)
      execArgv: [],
      stdout: true,
      stderr: true,
    });
    // a worker that throws answers nothing: the wait below says so; the error must not crash the run
    worker.on('error', () => {});
  } catch (e) {
    return empty(`the bundler could not start: ${(e as Error).message}`);
  }
  try {
    const waited = Atomics.wait(signal, 0, 0, req.budgetMs);
    const msg = receiveMessageOnPort(port1)?.message as BundleResult | undefined;
    if (msg) return msg;
    return empty(
      waited === 'timed-out' ? `the bundler ran past its budget of ${req.budgetMs} ms` : 'the bundler stopped without an answer',
    );
  } finally {
    void worker.terminate();
    port1.close();
  }
}

/**
 * The worker, as JavaScript source (run with `eval`, so it works from the sources and from `dist/`).
 * It answers once on `port` and wakes the caller through `signal`.
 */
const WORKER = String.raw`
  const { workerData } = require('node:worker_threads');
  const fs = require('node:fs');
  const path = require('node:path');
  const { builtinModules } = require('node:module');
  const { port, signal, esbuildPath, srcRoot, roots, req } = workerData;
  const BUILTIN = new Set(builtinModules);
  const BATCH = 64;
  const CODE = /\.(?:[cm]?[jt]sx?|json)$/i;
  const posix = (p) => p.split(path.sep).join('/');
  const rel = (abs) => posix(path.relative(srcRoot, abs));
  const inside = (root, abs) => { const r = path.relative(root, abs); return r === '' || (!r.startsWith('..') && !path.isAbsolute(r)); };
  const rootOf = (abs) => roots.find((r) => inside(r, abs));
  const realInside = (abs) => { try { return !!rootOf(fs.realpathSync(abs)); } catch { return false; } };
  const gaps = [];
  const gapSeen = new Set();
  const gap = (importer, specifier, why) => {
    const key = importer + '\0' + specifier + '\0' + why;
    if (gapSeen.has(key)) return;
    gapSeen.add(key);
    gaps.push({ importer, specifier, why });
  };
  // the imports resolved, each once however many builds meet it (the module budget counts these)
  const resolved = new Set();
  const resolvedFrom = new Map();
  function packageName(spec) {
    const parts = spec.split('/');
    return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  }
  /** the package's folder in a node_modules between the importer and its root, or undefined */
  function installed(importerDir, name) {
    const root = rootOf(importerDir);
    if (!root) return undefined;
    for (let dir = importerDir; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (fs.existsSync(candidate)) return candidate;
      if (dir === root || !inside(root, path.dirname(dir))) return undefined;
    }
  }
  const inRoots = {
    name: 'sls-lint-inside-roots',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'inner' || args.kind === 'entry-point') return undefined;
        const importer = rel(args.importer);
        const spec = args.path;
        const external = { path: spec, external: true };
        if (spec.startsWith('node:') || BUILTIN.has(spec) || BUILTIN.has(spec.split('/')[0])) return external;
        const seen = importer + '\0' + spec;
        if (!resolved.has(seen)) {
          if (resolved.size >= req.maxModules) { gap(importer, spec, 'budget'); return external; }
          resolved.add(seen);
        }
        const alias = req.aliases[importer + '\0' + spec];
        if (alias !== undefined) return { path: path.resolve(srcRoot, alias) };
        const bare = !(spec.startsWith('.') || spec.startsWith('/'));
        if (bare && !installed(args.resolveDir, packageName(spec))) { gap(importer, spec, 'not-installed'); return external; }
        // the same specifier from the same folder resolves the same way: once
        const key = args.resolveDir + '\0' + spec + '\0' + args.kind;
        let r = resolvedFrom.get(key);
        if (!r) resolvedFrom.set(key, (r = await build.resolve(spec, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'inner' })));
        if (r.errors.length) { gap(importer, spec, bare ? 'not-installed' : 'not-code'); return external; }
        if (r.external) return { path: r.path, external: true };
        if (!realInside(r.path)) { gap(importer, spec, 'outside-root'); return external; }
        if (!CODE.test(r.path)) { gap(importer, spec, 'not-code'); return external; }
        return { path: r.path, namespace: r.namespace, sideEffects: r.sideEffects };
      });
    },
  };
  const esbuild = require(esbuildPath);
  const options = (entryPoints, target) => ({
    entryPoints, target, bundle: true, write: false, metafile: true, minify: true, platform: 'node', format: 'esm',
    absWorkingDir: srcRoot, outdir: '.sls-lint-bundle', outbase: srcRoot, logLevel: 'silent', plugins: [inRoots],
    tsconfigRaw: '{}', splitting: false, sourcemap: false, legalComments: 'none',
  });
  async function run() {
    const out = { inputs: {}, outputs: [], gaps, errors: [] };
    const add = (metafile) => {
      for (const [p, v] of Object.entries(metafile.inputs))
        out.inputs[p] = { bytes: v.bytes, imports: v.imports.map((i) => ({ path: i.path, ...(i.original !== undefined ? { original: i.original } : {}), kind: i.kind, ...(i.external ? { external: true } : {}) })) };
      for (const o of Object.values(metafile.outputs)) {
        if (!o.entryPoint) continue;
        const inputs = {};
        for (const [p, v] of Object.entries(o.inputs)) inputs[p] = v.bytesInOutput;
        out.outputs.push({ entry: o.entryPoint, bytes: o.bytes, inputs });
      }
    };
    const firstError = (entry, e) => {
      const m = (e && e.errors && e.errors[0]) || undefined;
      const loc = m && m.location;
      out.errors.push({ entry, message: m ? m.text : String(e && e.message), ...(loc ? { file: loc.file, line: loc.line, column: loc.column + 1 } : {}) });
    };
    const byTarget = new Map();
    for (const e of req.entries) { if (!byTarget.has(e.target)) byTarget.set(e.target, []); byTarget.get(e.target).push(e.file); }
    for (const [target, all] of [...byTarget].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      // builds of at most BATCH entries: esbuild's work grows faster than its entry points do (1,000
      // entries in one build cost twice what ten builds of 100 do), and each entry's output is the same
      for (let i = 0; i < all.length; i += BATCH) {
        const files = all.slice(i, i + BATCH);
        try {
          add((await esbuild.build(options(files, target))).metafile);
        } catch {
          // one file esbuild cannot read fails the whole build: each entry alone, to name the ones it stops
          for (const f of files) {
            try { add((await esbuild.build(options([f], target))).metafile); } catch (e) { firstError(f, e); }
          }
        }
      }
    }
    out.outputs.sort((a, b) => (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
    return out;
  }
  run()
    .catch((e) => ({ inputs: {}, outputs: [], gaps: [], errors: [], failed: 'the bundler failed: ' + String(e && e.message) }))
    .then((msg) => { port.postMessage(msg); Atomics.store(signal, 0, 1); Atomics.notify(signal, 0); return esbuild.stop && esbuild.stop(); });
`;

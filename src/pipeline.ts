import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { classifyFile, discover, MAX_MANIFEST_BYTES, relPosix, RUNTIME_SOURCE, type Candidate } from './load/discover.js';
import { isFileInside, isRegularFile, listFilesInside, readTextFile, scanRoots, textOfBytes, type ReadOutcome } from './load/read.js';
import { splitLines, fileLoc } from './core/loc.js';
import { isInside } from './core/paths.js';
import { memoize } from './core/memo.js';
import { parseJson } from './parse/json.js';
import { parseToml } from './parse/toml.js';
import { parseYaml } from './parse/yaml.js';
import type { BuildContext } from './platforms/context.js';
import { parseReachable } from './code/graph.js';
import { isCodeFile } from './code/parse.js';
import { ModuleResolver } from './code/resolve.js';
import { addHandlerTextFiles } from './platforms/aws/handler-files.js';
import { listFiles } from './load/list.js';
import { bundler } from './load/bundle.js';
import type { BundleMeasure, BundleRequest, BundleResult, PackageDirProbe } from './core/bundle.js';
import { detectPlatform, isManifestName, platformById } from './platforms/index.js';
import type { Entry, PlatformAdapter } from './platforms/types.js';
import type { App, Project, TextFile } from './model/types.js';
import type { Document, Severity, ToolNotice } from './core/types.js';
import type { Timing } from './engine/timing.js';

export interface BuildOptions {
  /** absolute: paths in findings are relative to it */
  srcRoot: string;
  /** absolute paths to scan (files or directories) */
  paths: string[];
  ignore: string[];
  stage: string;
  region?: string;
  options?: Readonly<Record<string, string>>;
  params?: Readonly<Record<string, string>>;
  allowEnv: boolean;
  env: Record<string, string | undefined>;
  /**
   * Level of the notice for a manifest or template that could not be analysed (too big, binary, not
   * a regular file…): 'error' (default) fails the gate at the default --fail-on.
   */
  unanalysed?: Severity;
  /**
   * `--stdin --stdin-filename`: the bytes given on standard input, linted as the file at `path`
   * (absolute), whether or not that file exists; the other paths are not scanned.
   */
  stdin?: { path: string; bytes: Buffer };
  /** `--timing`/`--debug`: phases timed, discovery decisions noted */
  timing?: Timing;
  /**
   * `--shard`, `--jobs`, `--cache`: build only the apps of these discovered manifests, templates and
   * env files (by path); the others are left out as if absent. Default: all.
   */
  select?: (candidate: string) => boolean;
  /** what an earlier build of the same paths discovered (`BuiltProject.discovered`): not walked again */
  discovered?: Discovered;
  /** record what the build read, probed and listed (`BuiltProject.deps`), for the cache */
  trackDeps?: boolean;
  /** files left out of every directory listing (the cache file, and its temporary files, by absolute path) */
  unlisted?: (abs: string) => boolean;
}

/** What discovery found in the paths, as plain data: the candidates and discovery's notices. */
export interface Discovered {
  candidates: Candidate[];
  notices: ToolNotice[];
}

export interface BuiltProject {
  project: Project;
  notices: ToolNotice[];
  /** number of files read (manifests, included documents, env files, source files) */
  filesRead: number;
  /**
   * Files named on the command line (or given on stdin) that no platform claims — handlers and other
   * code, posix and relative to srcRoot. The repository's manifests are read to place them (which
   * function they belong to) but reported on only when they were named or lie in a scanned directory.
   */
  named: string[];
  /** manifests, templates and env files found in the paths (read or not), plus the named files */
  found: number;
  /** Is a finding in this file part of what was asked for? */
  reportable(file: string): boolean;
  /** esbuild over the scanned roots, for the cold-start bytes (absent with standard input: the file on disk is not what is linted) */
  measure?: BundleMeasure;
  /** the paths of the files read, sorted (their number is `filesRead`) */
  read: string[];
  /** the discovered manifests, templates and env files selected for this build (`select`) */
  selected: string[];
  /** the discovery of the whole paths, to pass to another build of other candidates */
  discovered: Discovered;
  /**
   * With `trackDeps`: each file read (`r<max>:<path>`), existence probed (`e:<path>`), directory
   * listed (`l:`/`t:<dir>`) and code folder probed (`n:<dir>`, `BundleMeasure.packageDir`), with a digest of what the build saw; `checkDeps` tells whether they hold.
   */
  deps: Record<string, string>;
}

/** A digest of what a read saw: the text, or why it was not read. */
function outcomeDigest(out: ReadOutcome): string {
  const h = createHash('sha256');
  if ('skipped' in out)
    h.update('skip\u0000')
      .update(out.reason ?? '')
      .update('\u0000')
      .update(out.skipped);
  else
    h.update('text\u0000')
      .update(out.note ?? '')
      .update('\u0000')
      .update(out.text);
  return h.digest('hex');
}

function listDigest(names: string[]): string {
  return createHash('sha256').update(names.join('\u0000')).digest('hex');
}

/**
 * Does every read, probe and listing recorded in `deps` (by a build of the same directory paths)
 * still see the same thing? The cache serves a result only when it does. `memo`: what each key sees
 * now, shared by the checks of one run (a helper many parts read is read once). `unchanged(file)`:
 * the file is known not to have changed since its digest was taken (the cache's stamps), so a read of
 * it (`r`, `b`) holds without reading it again.
 */
export function checkDeps(
  opts: Pick<BuildOptions, 'srcRoot' | 'paths' | 'unlisted'>,
  deps: Readonly<Record<string, string>>,
  memo: Map<string, string> = new Map(),
  unchanged?: (file: string) => boolean,
): boolean {
  const roots = scanRoots(opts.paths);
  const inside = (rel: string): boolean => roots.some((r) => isInside(r, path.resolve(opts.srcRoot, rel)));
  let installed: BundleMeasure['installed'];
  let probe: BundleMeasure | undefined;
  const now = (key: string): string => {
    const colon = key.indexOf(':');
    const kind = key.slice(0, colon);
    const rel = key.slice(colon + 1);
    const abs = path.resolve(opts.srcRoot, rel);
    if (kind === 'e') return isFileInside(abs, roots) ? '1' : '0';
    if (kind === 'l') return listDigest(listedIn(opts, rel, roots));
    if (kind === 't') return listDigest(treeOf(opts, rel, inside));
    if (kind === 'b') return outcomeDigest(readTextFile(abs, roots, MAX_BUNDLE_INPUT));
    if (kind === 'n') {
      probe ??= bundler(opts.srcRoot, roots, opts.unlisted);
      return probeDigest(probe.packageDir!(rel));
    }
    if (kind === 'i') {
      installed ??= bundler(opts.srcRoot, roots).installed!;
      const [importer, pkg] = rel.split('\u0000');
      return installed(importer!, pkg!) ? '1' : '0';
    }
    if (kind.startsWith('r') && /^\d+$/.test(kind.slice(1))) return outcomeDigest(readTextFile(abs, roots, Number(kind.slice(1))));
    return '\u0000never'; // an unknown kind, or `x:` (what was seen cannot be seen again)
  };
  for (const [key, want] of Object.entries(deps)) {
    if (unchanged && readKey(key) && unchanged(key.slice(key.indexOf(':') + 1))) continue;
    let got = memo.get(key);
    if (got === undefined) memo.set(key, (got = now(key)));
    if (got !== want) return false;
  }
  return true;
}

/** Is this dependency a read of a file's text (its path after the colon)? */
export function readKey(key: string): boolean {
  return key.startsWith('b:') || /^r\d+:/.test(key);
}

/** The files of a directory (`BuildContext.listFiles`), but those `unlisted`. */
function listedIn(opts: Pick<BuildOptions, 'srcRoot' | 'unlisted'>, relDir: string, roots: string[]): string[] {
  const dir = path.resolve(opts.srcRoot, relDir || '.');
  const names = listFilesInside(dir, roots);
  const hide = opts.unlisted;
  return hide ? names.filter((n) => !hide(path.join(dir, n))) : names;
}

/** The files under a directory (`BuildContext.listTree`), but those `unlisted`. */
function treeOf(opts: Pick<BuildOptions, 'srcRoot' | 'unlisted'>, dir: string, inside: (rel: string) => boolean): string[] {
  const files = listFiles(opts.srcRoot, dir, inside);
  const hide = opts.unlisted;
  return hide ? files.filter((f) => !hide(path.resolve(opts.srcRoot, f))) : files;
}

/** Largest bundle input whose text is recorded for the cache (the bundler reads packages of any size). */
const MAX_BUNDLE_INPUT = 64 * 1024 * 1024;

/**
 * The bundler, recording for the cache what a measurement depended on: the text of every input it
 * read (`b:`), every package looked for (`i:`, the packages it could not find too), every code folder
 * probed for what an unbundled deploy ships (`n:`); a measurement
 * that ran out of time (`x:`) is never served again.
 */
function trackedMeasure(measure: BundleMeasure, deps: Record<string, string>, srcRoot: string, roots: string[]): BundleMeasure {
  const installed = measure.installed;
  const probe = (importer: string, pkg: string): boolean => {
    const yes = installed ? installed(importer, pkg) : true;
    deps[`i:${importer}\u0000${pkg}`] = yes ? '1' : '0';
    return yes;
  };
  const tracked = (req: BundleRequest): BundleResult => {
    const out = measure(req);
    if (out.failed) deps['x:bundle'] = out.failed;
    for (const file of Object.keys(out.inputs))
      deps[`b:${file}`] = outcomeDigest(readTextFile(path.resolve(srcRoot, file), roots, MAX_BUNDLE_INPUT));
    for (const g of out.gaps) {
      const pkg = packageName(g.specifier);
      if (pkg && (g.why === 'not-installed' || g.why === 'outside-root')) probe(g.importer, pkg);
    }
    return out;
  };
  const packageDir = measure.packageDir;
  // what a code folder holds (its files, package.json, installed packages and their sizes): an
  // install, an uninstall or an edit of a shipped file changes the digest
  const probedDir = (dir: string): PackageDirProbe => {
    const out = packageDir!(dir);
    deps[`n:${dir}`] = probeDigest(out);
    return out;
  };
  return Object.assign(tracked, installed ? { installed: probe } : {}, packageDir ? { packageDir: probedDir } : {});
}

/** A digest of a code folder's probe (`BundleMeasure.packageDir`). */
function probeDigest(p: PackageDirProbe): string {
  return createHash('sha256').update(JSON.stringify(p)).digest('hex');
}

/** `@scope/name` or `name` of a bare specifier; undefined for a relative or absolute one. */
function packageName(spec: string): string | undefined {
  if (/^[./]/.test(spec) || /^[a-z]+:/i.test(spec)) return undefined;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Discover, parse each file once, build the provider-neutral model, resolve handlers. */
export function buildProject(opts: BuildOptions): BuiltProject {
  const notices: ToolNotice[] = [];
  const notice = (n: ToolNotice) => notices.push(n);
  const unanalysed: Severity = opts.unanalysed ?? 'error';
  const project: Project = { srcRoot: opts.srcRoot, apps: [], sourceFiles: [], textFiles: [], files: new Map() };
  const filesRead = new Set<string>();
  const deps: Record<string, string> = {};
  const track = !!opts.trackDeps;

  // what was asked for: the scanned directories and manifests (and their folders, as always), and
  // the code files named one by one (pre-commit, lint-staged) or given on stdin
  const stdinRel = opts.stdin ? relPosix(opts.srcRoot, opts.stdin.path) : undefined;
  const stdinText: ReadOutcome | undefined = opts.stdin ? textOfBytes(opts.stdin.bytes) : undefined;
  const scanned = opts.stdin ? [] : opts.paths;
  const claim = (abs: string): boolean => {
    if (abs === opts.stdin?.path) return true;
    const rel = relPosix(opts.srcRoot, abs);
    const head = () => {
      const out = readTextFile(abs, [path.dirname(abs)], 64 * 1024);
      return 'text' in out ? out.text : null;
    };
    return classifyFile(rel, head, detectPlatform) !== null;
  };
  const namedAbs = scanned.filter((p) => isRegularFile(p) && !claim(p));
  const stdinClass =
    stdinRel !== undefined ? classifyFile(stdinRel, () => ('text' in stdinText! ? stdinText.text : null), detectPlatform) : null;
  if (stdinClass && 'skip' in stdinClass) notice({ id: 'not-analysed', level: 'note', message: stdinClass.skip, loc: fileLoc(stdinRel!) });
  else if (stdinRel !== undefined && !stdinClass) namedAbs.push(opts.stdin!.path);
  const named = namedAbs.map((p) => relPosix(opts.srcRoot, p)).sort();
  const namedSet = new Set(named);
  const askedRoots = scanRoots(scanned.filter((p) => !namedAbs.includes(p)));
  if (stdinRel !== undefined && !namedSet.has(stdinRel)) askedRoots.push(path.dirname(opts.stdin!.path));
  // a named code file is placed through the manifests of the whole source root, read for that alone
  const placing = named.some((f) => isCodeFile(f) || RUNTIME_SOURCE.test(f));
  const roots = placing ? [...new Set([...askedRoots, ...scanRoots([opts.srcRoot])])] : askedRoots;
  // both are asked of the same files again and again (every read, every finding): answered once each
  const insideRoots = memoize((rel) => roots.some((r) => isInside(r, path.resolve(opts.srcRoot, rel))));
  const reportable = memoize((file) => namedSet.has(file) || askedRoots.some((r) => isInside(r, path.resolve(opts.srcRoot, file))));
  const realDirs = new Map<string, string>();
  /** a file's text: standard input's for the file it stands for, else the file inside the roots */
  const readText = (abs: string, maxBytes: number): ReadOutcome => {
    const out =
      abs === opts.stdin?.path
        ? Buffer.byteLength(opts.stdin.bytes) > maxBytes
          ? ({ skipped: `larger than ${maxBytes} bytes`, reason: 'too-big' } as const)
          : stdinText!
        : readTextFile(abs, roots, maxBytes, realDirs);
    if (track) deps[`r${maxBytes}:${relPosix(opts.srcRoot, abs)}`] = outcomeDigest(out);
    return out;
  };

  const docs = new Map<string, Document | null>();
  const timing = opts.timing;
  const loadDocument = (rel: string, candidate = false): Document | null => {
    timing?.enter('read/parse');
    try {
      return readDocument(rel, candidate);
    } finally {
      timing?.leave('read/parse');
    }
  };
  /** `candidate`: a discovered manifest or template, which must be read or reported, whatever the reason */
  const readDocument = (rel: string, candidate: boolean): Document | null => {
    const key = path.posix.normalize(rel);
    if (docs.has(key)) return docs.get(key)!;
    docs.set(key, null); // re-entrancy guard
    const abs = path.resolve(opts.srcRoot, key);
    const out = readText(abs, MAX_MANIFEST_BYTES);
    if ('skipped' in out) {
      // a manifest, template or document it includes that is not analysed fails the gate
      if (candidate || (out.reason !== 'not-found' && out.reason !== 'outside'))
        notice({ id: 'file-skipped', level: unanalysed, message: `${key} skipped: ${out.skipped}`, loc: fileLoc(key) });
      return null;
    }
    filesRead.add(key);
    if (out.note) notice({ id: 'file-decoded', level: 'note', message: `${key}: ${out.note}`, loc: fileLoc(key) });
    const parsed = /\.json$/i.test(key)
      ? parseJson(key, out.text)
      : /\.toml$/i.test(key)
        ? parseToml(key, out.text)
        : parseYaml(key, out.text);
    for (const e of parsed.errors) notice({ id: 'parse-error', level: e.level ?? 'error', message: e.message, loc: e.loc });
    project.files.set(key, { lines: parsed.doc.lines, comments: parsed.doc.comments });
    const doc = parsed.errors.some((e) => e.level !== 'warning') ? null : parsed.doc;
    docs.set(key, doc);
    return doc;
  };

  /** the .env files discovery yielded (not git-ignored, not samples), for `BuildContext.readDotenv` */
  let dotenvPaths = new Set<string>();
  const ctx: BuildContext = {
    readDotenv: (rel) => {
      const key = path.posix.normalize(rel);
      if (!dotenvPaths.has(key)) return null;
      const out = readText(path.resolve(opts.srcRoot, key), MAX_MANIFEST_BYTES);
      if ('skipped' in out) return null;
      // its lines and comments, as the .env's own read keeps them (code frames, fingerprints, suppressions),
      // also in a build that has the manifest without the .env
      if (!project.files.has(key)) {
        const lines = splitLines(out.text);
        const comments = new Map<number, string>();
        lines.forEach((l, i) => {
          const c = dotenvComment(l);
          if (c !== undefined) comments.set(i + 1, c);
        });
        project.files.set(key, { lines, comments });
      }
      return out.text;
    },
    srcRoot: opts.srcRoot,
    loadDocument: (rel) => loadDocument(rel),
    stage: opts.stage,
    allowEnv: opts.allowEnv,
    env: opts.env,
    region: opts.region,
    ...(opts.options ? { options: opts.options } : {}),
    ...(opts.params ? { params: opts.params } : {}),
    notice,
    inside: insideRoots,
    listFiles: (relDir) => {
      const names = listedIn(opts, relDir, roots);
      if (track) deps[`l:${relDir}`] = listDigest(names);
      return names;
    },
    listTree: (dir) => {
      const files = treeOf(opts, dir, insideRoots);
      if (track) deps[`t:${dir}`] = listDigest(files);
      return files;
    },
    unanalysed,
  };

  const discoverIn = (paths: string[], report: (n: ToolNotice) => void): Candidate[] =>
    discover({
      srcRoot: opts.srcRoot,
      paths,
      ignore: opts.ignore,
      detect: timing?.debug ? timing.traceDetect(detectPlatform) : detectPlatform,
      isManifestName,
      notice: timing?.debug ? timing.traceNotices(report) : report,
      unanalysed,
    });
  timing?.enter('discover');
  let candidates: Candidate[];
  let discovered: Discovered;
  if (opts.discovered) {
    candidates = opts.discovered.candidates;
    notices.push(...opts.discovered.notices);
    discovered = opts.discovered;
  } else {
    const before = notices.length;
    candidates = discoverIn(
      scanned.filter((p) => !namedAbs.includes(p)),
      notice,
    );
    if (stdinClass && !('skip' in stdinClass)) candidates.push(stdinClass);
    if (placing) {
      // the manifests that may point at the named files; their own problems are not what was asked
      const have = new Set(candidates.map((c) => c.path));
      const quiet = (n: ToolNotice) => {
        if (!n.loc || reportable(n.loc.file)) notice(n);
      };
      for (const c of discoverIn([opts.srcRoot], quiet)) if (c.kind === 'manifest' && !have.has(c.path)) candidates.push(c);
    }
    discovered = { candidates: [...candidates], notices: notices.slice(before) };
  }
  // (from every candidate, not the selected ones: a shard sees the same .env files as the whole run)
  dotenvPaths = new Set(discovered.candidates.flatMap((c) => (c.kind === 'dotenv' ? [c.path] : [])));
  // `select`: the apps of the other candidates are another build's (code candidates are read only
  // beside a selected function's handler)
  if (opts.select) candidates = candidates.filter((c) => c.kind === 'code' || opts.select!(c.path));
  /** what the paths asked for held: manifests, templates and env files (read or not), named files */
  const found = candidates.filter((c) => c.kind !== 'code' && reportable(c.path)).length + named.length;
  timing?.leave('discover');
  timing?.discovered(candidates);
  const built: { app: App; adapter: PlatformAdapter }[] = [];
  /** an adapter's app of a manifest; a builder that throws is a located notice and the run goes on */
  const addApp = (file: string, adapter: PlatformAdapter, build: () => App | null): void => {
    try {
      const app = build();
      if (app) {
        project.apps.push(app);
        built.push({ app, adapter });
      }
    } catch (e) {
      notice({
        id: 'parse-error',
        level: 'error',
        message: `could not build the model of ${file}: ${(e as Error).message}`,
        loc: fileLoc(file),
      });
    }
  };
  timing?.enter('platform build');
  for (const c of candidates) {
    if (c.kind === 'code') continue; // read below, for the functions whose handler is beside it
    if (c.kind === 'dotenv') {
      timing?.enter('read/parse');
      const out = readText(path.resolve(opts.srcRoot, c.path), MAX_MANIFEST_BYTES);
      timing?.leave('read/parse');
      if ('skipped' in out) {
        notice({ id: 'file-skipped', level: 'warning', message: `${c.path} skipped: ${out.skipped}`, loc: fileLoc(c.path) });
        continue;
      }
      filesRead.add(c.path);
      if (out.note) notice({ id: 'file-decoded', level: 'note', message: `${c.path}: ${out.note}`, loc: fileLoc(c.path) });
      const lines = splitLines(out.text);
      const comments = new Map<number, string>();
      lines.forEach((l, i) => {
        const c = dotenvComment(l);
        if (c !== undefined) comments.set(i + 1, c);
      });
      const tf: TextFile = { path: c.path, kind: 'dotenv', text: out.text, lines, comments };
      project.textFiles.push(tf);
      project.files.set(c.path, { lines, comments });
      continue;
    }
    const textAdapter = platformById(c.adapter);
    if (textAdapter?.buildText && textAdapter.readsText?.(c.path)) {
      // a deploy script or a rules file: read as text, built by its adapter
      const out = readText(path.resolve(opts.srcRoot, c.path), MAX_MANIFEST_BYTES);
      if ('skipped' in out) {
        notice({ id: 'file-skipped', level: unanalysed, message: `${c.path} skipped: ${out.skipped}`, loc: fileLoc(c.path) });
        continue;
      }
      filesRead.add(c.path);
      const tm = { path: c.path, text: out.text, lines: splitLines(out.text), comments: new Map<number, string>() };
      addApp(c.path, textAdapter, () => textAdapter.buildText!(tm, ctx));
      project.files.set(c.path, { lines: tm.lines, comments: tm.comments });
      continue;
    }
    const doc = loadDocument(c.path, true);
    if (!doc) continue;
    const adapter = platformById(c.adapter)!;
    addApp(c.path, adapter, () => adapter.build(doc, ctx));
  }

  timing?.leave('platform build');

  const io = {
    inside: insideRoots,
    exists(rel: string): boolean {
      const abs = path.resolve(opts.srcRoot, rel);
      const yes = abs === opts.stdin?.path || isFileInside(abs, roots);
      if (track) deps[`e:${relPosix(opts.srcRoot, abs)}`] = yes ? '1' : '0';
      return yes;
    },
    read(rel: string): string | null {
      const out = readText(path.resolve(opts.srcRoot, rel), 2 * 1024 * 1024);
      if ('skipped' in out) {
        if (out.reason !== 'not-found' && out.reason !== 'outside')
          notice({ id: 'file-skipped', level: 'note', message: `${rel} skipped: ${out.skipped}`, loc: fileLoc(rel) });
        return null;
      }
      filesRead.add(path.posix.normalize(rel));
      return out.text;
    },
  };
  timing?.enter('code model parse');
  try {
    // each platform names its functions' entries; the code layer parses them and what they import, once
    const resolver = new ModuleResolver(io, notice);
    const entries: Entry[] = built.flatMap(({ app, adapter }) => adapter.entries?.(app, resolver, notice) ?? []);
    // named code files are parsed whether or not a function reaches them (secrets in code)
    const standalone = named.filter(isCodeFile);
    parseReachable(project, entries, resolver, notice, standalone);
    // and named sources of the other runtimes are read as text, whatever function they belong to
    const namedRuntime = named.filter((f) => RUNTIME_SOURCE.test(f));
    addHandlerTextFiles(
      project,
      [...candidates.flatMap((c) => (c.kind === 'code' ? [c.path] : [])), ...namedRuntime],
      resolver,
      io.read,
      namedRuntime,
    );
  } catch (e) {
    notice({ id: 'rule-error', level: 'error', message: `handler resolution failed: ${(e as Error).message}` });
  }
  for (const f of project.sourceFiles) project.files.set(f.path, { lines: f.lines, comments: f.comments });
  timing?.leave('code model parse');
  const plainMeasure: BundleMeasure | undefined = opts.stdin ? undefined : bundler(opts.srcRoot, roots, opts.unlisted);
  const measure = plainMeasure && track ? trackedMeasure(plainMeasure, deps, opts.srcRoot, roots) : plainMeasure;
  return {
    project,
    notices,
    filesRead: filesRead.size,
    read: [...filesRead].sort(),
    named,
    found,
    reportable,
    selected: candidates.filter((c) => c.kind !== 'code').map((c) => c.path),
    discovered,
    deps,
    ...(measure ? { measure } : {}),
  };
}

/**
 * The comment on a .env line: a whole-line `# …`, or a trailing ` # …` outside quotes (as dotenv
 * reads it), so `KEY=value # sls-lint-disable-line …` works.
 */
export function dotenvComment(line: string): string | undefined {
  const whole = /^\s*#(.*)$/.exec(line);
  if (whole) return whole[1]!.trim();
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '#' && i > 0 && /\s/.test(line[i - 1]!)) return line.slice(i + 1).trim();
  }
  return undefined;
}

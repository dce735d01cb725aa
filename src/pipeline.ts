import * as path from 'node:path';
import { discover, MAX_MANIFEST_BYTES, type Candidate } from './load/discover.js';
import { isFileInside, readTextFile, scanRoots } from './load/read.js';
import { splitLines, fileLoc } from './core/loc.js';
import { isInside } from './core/paths.js';
import { parseJson } from './parse/json.js';
import { parseYaml } from './parse/yaml.js';
import type { BuildContext } from './platforms/context.js';
import { parseReachable } from './code/graph.js';
import { ModuleResolver } from './code/resolve.js';
import { detectPlatform, isManifestName, platformById } from './platforms/index.js';
import type { Entry, PlatformAdapter } from './platforms/types.js';
import type { App, Project, TextFile } from './model/types.js';
import type { Document, Severity, ToolNotice } from './core/types.js';

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
}

export interface BuiltProject {
  project: Project;
  notices: ToolNotice[];
  /** number of files read (manifests, included documents, env files, source files) */
  filesRead: number;
}

/** Discover, parse each file once, build the provider-neutral model, resolve handlers. */
export function buildProject(opts: BuildOptions): BuiltProject {
  const notices: ToolNotice[] = [];
  const notice = (n: ToolNotice) => notices.push(n);
  const unanalysed: Severity = opts.unanalysed ?? 'error';
  const roots = scanRoots(opts.paths);
  const insideRoots = (rel: string): boolean => roots.some((r) => isInside(r, path.resolve(opts.srcRoot, rel)));
  const project: Project = { srcRoot: opts.srcRoot, apps: [], sourceFiles: [], textFiles: [], files: new Map() };
  let filesRead = 0;

  const docs = new Map<string, Document | null>();
  /** `candidate`: a discovered manifest or template, which must be read or reported, whatever the reason */
  const loadDocument = (rel: string, candidate = false): Document | null => {
    const key = path.posix.normalize(rel);
    if (docs.has(key)) return docs.get(key)!;
    docs.set(key, null); // re-entrancy guard
    const abs = path.resolve(opts.srcRoot, key);
    const out = readTextFile(abs, roots, MAX_MANIFEST_BYTES);
    if ('skipped' in out) {
      // a manifest, template or document it includes that is not analysed fails the gate
      if (candidate || (out.reason !== 'not-found' && out.reason !== 'outside'))
        notice({ id: 'file-skipped', level: unanalysed, message: `${key} skipped: ${out.skipped}`, loc: fileLoc(key) });
      return null;
    }
    filesRead++;
    if (out.note) notice({ id: 'file-decoded', level: 'note', message: `${key}: ${out.note}`, loc: fileLoc(key) });
    const parsed = /\.json$/i.test(key) ? parseJson(key, out.text) : parseYaml(key, out.text);
    for (const e of parsed.errors) notice({ id: 'parse-error', level: 'error', message: e.message, loc: e.loc });
    project.files.set(key, { lines: parsed.doc.lines, comments: parsed.doc.comments });
    const doc = parsed.errors.length ? null : parsed.doc;
    docs.set(key, doc);
    return doc;
  };

  const ctx: BuildContext = {
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
    unanalysed,
  };

  const candidates: Candidate[] = discover({
    srcRoot: opts.srcRoot,
    paths: opts.paths,
    ignore: opts.ignore,
    detect: detectPlatform,
    isManifestName,
    notice,
    unanalysed,
  });
  const built: { app: App; adapter: PlatformAdapter }[] = [];
  for (const c of candidates) {
    if (c.kind === 'dotenv') {
      const out = readTextFile(path.resolve(opts.srcRoot, c.path), roots, MAX_MANIFEST_BYTES);
      if ('skipped' in out) {
        notice({ id: 'file-skipped', level: 'warning', message: `${c.path} skipped: ${out.skipped}`, loc: fileLoc(c.path) });
        continue;
      }
      filesRead++;
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
    const doc = loadDocument(c.path, true);
    if (!doc) continue;
    try {
      const adapter = platformById(c.adapter)!;
      const app = adapter.build(doc, ctx);
      if (app) {
        project.apps.push(app);
        built.push({ app, adapter });
      }
    } catch (e) {
      notice({
        id: 'parse-error',
        level: 'error',
        message: `could not build the model of ${c.path}: ${(e as Error).message}`,
        loc: fileLoc(c.path),
      });
    }
  }

  const io = {
    inside: insideRoots,
    exists(rel: string): boolean {
      return isFileInside(path.resolve(opts.srcRoot, rel), roots);
    },
    read(rel: string): string | null {
      const out = readTextFile(path.resolve(opts.srcRoot, rel), roots, 2 * 1024 * 1024);
      if ('skipped' in out) {
        if (out.reason !== 'not-found' && out.reason !== 'outside')
          notice({ id: 'file-skipped', level: 'note', message: `${rel} skipped: ${out.skipped}`, loc: fileLoc(rel) });
        return null;
      }
      filesRead++;
      return out.text;
    },
  };
  try {
    // each platform names its functions' entries; the code layer parses them and what they import, once
    const resolver = new ModuleResolver(io, notice);
    const entries: Entry[] = built.flatMap(({ app, adapter }) => adapter.entries?.(app, resolver, notice) ?? []);
    parseReachable(project, entries, resolver, notice);
  } catch (e) {
    notice({ id: 'rule-error', level: 'error', message: `handler resolution failed: ${(e as Error).message}` });
  }
  for (const f of project.sourceFiles) project.files.set(f.path, { lines: f.lines, comments: f.comments });
  return { project, notices, filesRead };
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

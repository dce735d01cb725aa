import * as fs from 'node:fs';
import * as path from 'node:path';
import { discover, isInside, MAX_MANIFEST_BYTES, type Candidate } from './load/discover.js';
import { parseJson } from './parse/json.js';
import { parseYaml } from './parse/yaml.js';
import { buildCloudFormationApp } from './platforms/aws/template.js';
import type { BuildContext } from './platforms/context.js';
import { resolveHandlers } from './platforms/aws/handlers.js';
import { buildServerlessApp } from './platforms/aws/serverless/build.js';
import type { Project, TextFile } from './model/types.js';
import type { Document, ToolNotice } from './core/types.js';

export interface BuildOptions {
  /** absolute: paths in findings are relative to it */
  srcRoot: string;
  /** absolute paths to scan (files or directories) */
  paths: string[];
  ignore: string[];
  stage: string;
  region?: string;
  allowEnv: boolean;
  env: Record<string, string | undefined>;
}

export interface BuiltProject {
  project: Project;
  notices: ToolNotice[];
  /** number of files read (manifests, included documents, env files, source files) */
  filesRead: number;
}

/** Outcome of reading a file as text: the text, or why it was not read. */
export type ReadOutcome = { text: string } | { skipped: string };

/**
 * Reads a text file safely: inside the allowed roots only, bounded size, no NUL bytes, valid UTF-8
 * (a BOM is dropped). Never throws.
 */
export function readTextFile(abs: string, roots: string[], maxBytes: number): ReadOutcome {
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    return { skipped: 'not found' };
  }
  if (!roots.some((r) => isInside(r, real))) return { skipped: 'outside the scanned root' };
  let st: fs.Stats;
  try {
    st = fs.statSync(real);
  } catch {
    return { skipped: 'not found' };
  }
  if (!st.isFile()) return { skipped: 'not a regular file' };
  if (st.size > maxBytes) return { skipped: `larger than ${Math.round(maxBytes / 1024 / 1024)} MB` };
  let buf: Buffer;
  try {
    buf = fs.readFileSync(real);
  } catch (e) {
    return { skipped: `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (buf.includes(0)) return { skipped: 'binary (contains NUL bytes)' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return { skipped: 'not valid UTF-8' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

/** Discover, parse each file once, build the provider-neutral model, resolve handlers. */
export function buildProject(opts: BuildOptions): BuiltProject {
  const notices: ToolNotice[] = [];
  const notice = (n: ToolNotice) => notices.push(n);
  const roots = opts.paths.map((p) => {
    let dir = p;
    try {
      if (fs.statSync(p).isFile()) dir = path.dirname(p);
    } catch {
      /* reported by discover */
    }
    try {
      return fs.realpathSync(dir);
    } catch {
      return dir;
    }
  });
  const project: Project = { srcRoot: opts.srcRoot, apps: [], sourceFiles: [], textFiles: [], files: new Map() };
  let filesRead = 0;

  const docs = new Map<string, Document | null>();
  const loadDocument = (rel: string): Document | null => {
    const key = path.posix.normalize(rel);
    if (docs.has(key)) return docs.get(key)!;
    docs.set(key, null); // re-entrancy guard
    const abs = path.resolve(opts.srcRoot, key);
    const out = readTextFile(abs, roots, MAX_MANIFEST_BYTES);
    if ('skipped' in out) {
      if (out.skipped !== 'not found' && out.skipped !== 'outside the scanned root')
        notice({ id: 'file-skipped', level: 'warning', message: `${key} skipped: ${out.skipped}`, loc: { file: key, line: 1, column: 1, endLine: 1, endColumn: 1 } });
      return null;
    }
    filesRead++;
    const parsed = /\.json$/i.test(key) ? parseJson(key, out.text) : parseYaml(key, out.text);
    for (const e of parsed.errors) notice({ id: 'parse-error', level: 'error', message: e.message, loc: e.loc });
    project.files.set(key, { lines: parsed.doc.lines, comments: parsed.doc.comments });
    const doc = parsed.errors.length ? null : parsed.doc;
    docs.set(key, doc);
    return doc;
  };

  const ctx: BuildContext = {
    srcRoot: opts.srcRoot,
    loadDocument,
    stage: opts.stage,
    allowEnv: opts.allowEnv,
    env: opts.env,
    region: opts.region,
    notice,
  };

  const candidates: Candidate[] = discover({ srcRoot: opts.srcRoot, paths: opts.paths, ignore: opts.ignore, notice });
  for (const c of candidates) {
    if (c.kind === 'dotenv') {
      const out = readTextFile(path.resolve(opts.srcRoot, c.path), roots, MAX_MANIFEST_BYTES);
      if ('skipped' in out) {
        notice({ id: 'file-skipped', level: 'warning', message: `${c.path} skipped: ${out.skipped}`, loc: { file: c.path, line: 1, column: 1, endLine: 1, endColumn: 1 } });
        continue;
      }
      filesRead++;
      const lines = out.text.split(/\r?\n/);
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
    const doc = loadDocument(c.path);
    if (!doc) continue;
    try {
      const app = c.kind === 'serverless' ? buildServerlessApp(doc, ctx) : buildCloudFormationApp(doc, ctx);
      if (app) project.apps.push(app);
    } catch (e) {
      notice({ id: 'parse-error', level: 'error', message: `could not build the model of ${c.path}: ${(e as Error).message}`, loc: { file: c.path, line: 1, column: 1, endLine: 1, endColumn: 1 } });
    }
  }

  const io = {
    inside(rel: string): boolean {
      const abs = path.resolve(opts.srcRoot, rel);
      return roots.some((r) => isInside(r, abs));
    },
    exists(rel: string): boolean {
      const abs = path.resolve(opts.srcRoot, rel);
      if (!roots.some((r) => isInside(r, abs))) return false;
      try {
        return fs.statSync(abs).isFile();
      } catch {
        return false;
      }
    },
    read(rel: string): string | null {
      const out = readTextFile(path.resolve(opts.srcRoot, rel), roots, 2 * 1024 * 1024);
      if ('skipped' in out) {
        if (out.skipped !== 'not found' && out.skipped !== 'outside the scanned root')
          notice({ id: 'file-skipped', level: 'note', message: `${rel} skipped: ${out.skipped}`, loc: { file: rel, line: 1, column: 1, endLine: 1, endColumn: 1 } });
        return null;
      }
      filesRead++;
      return out.text;
    },
  };
  try {
    resolveHandlers(project, io, notice);
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


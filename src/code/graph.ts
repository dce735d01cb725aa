import { fileLoc } from '../core/loc.js';
import type { ToolNotice } from '../core/types.js';
import type { Fn, Project, SourceFile } from '../model/types.js';
import { generatedCodeReason } from './generated.js';
import { parseSource } from './parse.js';
import type { ModuleResolver } from './resolve.js';

/**
 * The module graph over the project's own files: from the entry files, every project file they import
 * (packages are names, never parsed), each parsed once, breadth first in a deterministic order.
 */

/**
 * Upper bound on the files imports add to a run, beyond the entry files themselves: every handler a
 * manifest names is parsed (a 10,000-function monorepo is 10,000 entries, each bounded by the
 * manifest that names it), and what they import shares this budget (an import chain cannot grow
 * without end).
 */
export const MAX_SOURCE_FILES = 2000;

/** Larger files are not parsed (generated code, bundles). */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

export function parseReachable(
  project: Project,
  entries: { file: string; fn: Fn }[],
  resolver: ModuleResolver,
  notice: (n: ToolNotice) => void,
  /** files to parse (and follow) though no function's entry names them */
  standalone: string[] = [],
): void {
  /** every file looked at, once: its SourceFile, or null when it was skipped or did not parse */
  const done = new Map<string, SourceFile | null>();
  for (const sf of project.sourceFiles) done.set(sf.path, sf);
  let limitReported = false;
  const budget = MAX_SOURCE_FILES + new Set([...entries.map((e) => e.file), ...standalone].filter((f) => !done.has(f))).size;
  /** parsed files whose imports are still to be followed */
  const queue: SourceFile[] = [];

  const load = (rel: string, from?: ToolNotice['loc']): SourceFile | null => {
    const seen = done.get(rel);
    if (seen !== undefined) return seen;
    if (done.size >= budget) {
      if (!limitReported)
        notice({
          id: 'file-skipped',
          level: 'note',
          message: `stopped following imports after ${budget} source files; ${rel} and later files are not analysed`,
          loc: from ?? fileLoc(rel),
        });
      limitReported = true;
      return null;
    }
    done.set(rel, null);
    const text = resolver.io.read(rel);
    if (text === null) return null;
    if (text.includes('\0')) {
      notice({ id: 'file-skipped', level: 'note', message: `${rel} skipped: binary (contains NUL bytes)`, loc: fileLoc(rel) });
      return null;
    }
    if (Buffer.byteLength(text, 'utf8') > MAX_SOURCE_BYTES) {
      notice({
        id: 'file-skipped',
        level: 'note',
        message: `${rel} skipped: larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB`,
        loc: fileLoc(rel),
      });
      return null;
    }
    const generated = generatedCodeReason(text);
    if (generated) {
      notice({
        id: 'file-skipped',
        level: 'note',
        message: `${rel} not analysed as code: it looks generated, ${generated}; point the handler at its sources to analyse them`,
        loc: fileLoc(rel),
      });
      return null;
    }
    const parsed = parseSource(rel, text);
    if ('error' in parsed) {
      notice({ id: 'parse-error', level: 'error', message: parsed.error.message, loc: parsed.error.loc });
      return null;
    }
    done.set(rel, parsed.file);
    queue.push(parsed.file);
    return parsed.file;
  };

  for (const { file, fn } of entries) {
    const sf = load(file);
    if (sf && !sf.handlerOf.includes(fn)) sf.handlerOf.push(fn);
  }
  for (const file of standalone) load(file);
  // breadth first, in a deterministic order; `done` makes cycles and shared files cost nothing
  for (let i = 0; i < queue.length; i++) {
    const sf = queue[i]!;
    for (const imp of sf.imports) {
      const target = resolver.resolve(sf.path, imp.source);
      if (target === undefined) continue;
      imp.resolved = target;
      if (!imp.typeOnly) load(target, imp.loc);
    }
  }
  const files = [...done.values()].filter((f): f is SourceFile => f !== null);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  project.sourceFiles.splice(0, project.sourceFiles.length, ...files);
}

import { posix } from 'node:path';
import { isCodeFile } from '../../code/parse.js';
import { parseReachable } from '../../code/graph.js';
import { ModuleResolver, sourceVariants, type SourceIo } from '../../code/resolve.js';
import { get, literalString, seqItems, str, valueOf } from '../../core/node.js';
import type { ToolNotice, Value } from '../../core/types.js';
import type { App, Fn, Project } from '../../model/types.js';
import type { Entry } from '../types.js';

/**
 * AWS handler resolution: from each function's handler as written in its manifest (`src/a.main`,
 * SAM `CodeUri`, esbuild `Metadata`) to the source file and export that implement it; the code layer
 * then parses the project files those entries import.
 *
 * Nothing is executed and nothing outside the scan root is read: every path is normalised and checked
 * by the resolver, and all reads go through `io`.
 */

/** Handler files of other runtimes that use the same `file.function` handler syntax. */
const OTHER_RUNTIME_EXTENSIONS = ['.py', '.rb'];

/** Resolves the handlers of every app and parses what they import (the pipeline does the same per platform). */
export function resolveHandlers(project: Project, io: SourceIo, notice: (n: ToolNotice) => void): void {
  const resolver = new ModuleResolver(io, notice);
  parseReachable(
    project,
    project.apps.flatMap((app) => awsEntries(app, resolver, notice)),
    resolver,
    notice,
  );
}

/** Each function's handler file and export; sets `fn.entry.file` and `exportName` when found. */
export function awsEntries(app: App, resolver: ModuleResolver, notice: (n: ToolNotice) => void): Entry[] {
  const entries: Entry[] = [];
  for (const fn of app.functions) {
    const found = locateHandler(fn, app, resolver, notice);
    if (!found || !fn.entry) continue;
    fn.entry.file = found.file;
    fn.entry.exportName = found.exportName;
    fn.entry.base = found.base;
    entries.push({ file: found.file, fn });
  }
  return entries;
}

interface Located {
  file: string;
  exportName: string;
  /** the code folder (`codeBase`) */
  base: string;
}

function locateHandler(fn: Fn, app: App, r: ModuleResolver, notice: (n: ToolNotice) => void): Located | null {
  const handler = fn.entry;
  if (!handler) return null;
  const runtime = literalString(fn.runtime);
  if (runtime !== undefined && !/^nodejs/i.test(runtime)) return null; // python, java, go, provided, …
  const runtimeKnown = runtime !== undefined;
  const at = handler.text.loc;
  const say = (message: string, loc = at) => notice({ id: 'unresolved-handler', level: 'note', message, loc });

  const written = literalString(handler.text);
  if (written === undefined) {
    const shown = handler.text.kind === 'ref' ? handler.text.text : String(handler.text.value);
    say(`handler "${shown}" of function "${fn.name}" is not a static value; its code is not analysed`);
    return null;
  }
  const text = written.trim().replace(/\\/g, '/');
  // Java and .NET handlers (`pkg.Class::method`), or a Go/custom-runtime executable name
  if (!runtimeKnown && (text.includes('::') || !hasExportPart(text))) return null;
  if (!hasExportPart(text)) {
    say(`handler "${written}" of function "${fn.name}" names no export; expected "file.export"`);
    return null;
  }

  const base = codeBase(fn, app, r, say);
  if (base === null) return null;

  const splits = moduleSplits(text);
  const fromMetadata = esbuildEntry(fn, app, base, splits, r);
  if (fromMetadata) return { ...fromMetadata, base };

  const tried = splits.map((s) => ({ ...s, variants: sourceVariants(r.join(base, s.module)) }));
  for (const { variants, exportName } of tried) {
    const file = r.probe(variants);
    if (file) return { file, exportName, base };
  }
  const variants = tried.flatMap((t) => t.variants);
  // runtime not stated and the handler is a Python/Ruby file (same `file.function` syntax)
  if (!runtimeKnown && variants.some((v) => OTHER_RUNTIME_EXTENSIONS.some((e) => r.exists(v + e)))) return null;
  if (!variants.length) {
    say(`handler "${written}" of function "${fn.name}" points outside the scanned root`);
    return null;
  }
  const looked = [...new Set(variants.flatMap((v) => [`${v}.ts`, `${v}.js`]))];
  say(`handler "${written}" of function "${fn.name}" not found (looked for ${looked.join(', ')}, …)`);
  return null;
}

/** `file.export`: the file name has a dot that is neither its first nor its last character. */
function hasExportPart(text: string): boolean {
  const name = text.slice(text.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1;
}

/**
 * Ways to split `path/file.export`: the module is the part before the LAST dot (serverless and its
 * plugins); the Node.js runtime itself takes the part before the FIRST dot of the file name and reads
 * the rest as a property path (`file.a.b` → export `a`), tried second.
 */
function moduleSplits(text: string): { module: string; exportName: string }[] {
  const slash = text.lastIndexOf('/');
  const last = text.lastIndexOf('.');
  const out = [{ module: text.slice(0, last), exportName: text.slice(last + 1) }];
  const first = text.indexOf('.', slash + 2); // a leading dot is part of the file name
  if (first !== last) out.push({ module: text.slice(0, first), exportName: text.slice(first + 1).split('.')[0]! });
  return out;
}

/**
 * The folder a handler path is relative to: the serverless.yml folder, or the SAM/CloudFormation
 * template folder joined with `CodeUri` / `Code` (a local path, as `aws cloudformation package`
 * takes it). null when the code is not in the
 * repository (S3, an archive, inline code, an image) or not static.
 */
export function codeBase(fn: Fn, app: App, r: ModuleResolver, say: (message: string, loc?: ToolNotice['loc']) => void): string | null {
  if (fn.origin === 'serverless') return app.dir;
  const props = fn.node;
  if (fn.entry?.inlineCode || get(props, 'InlineCode') || get(props, 'Code', 'ZipFile')) return null; // inline code
  if (get(props, 'ImageUri') || get(props, 'Code', 'ImageUri')) return null; // container image
  // the builder's CodeUri (Globals merged) when it set one; else the raw properties (an S3 map, CFN `Code: ./dir`)
  const code: Value | null =
    fn.entry?.codeUri ?? valueOf(get(props, 'CodeUri') ?? get(props, 'Code') ?? get(app.root, 'Globals', 'Function', 'CodeUri'));
  if (!code) return app.dir;
  const uri = literalString(code);
  if (uri === undefined) {
    say(`code of function "${fn.name}" is not in the repository or not a static path; its handler is not analysed`, code.loc);
    return null;
  }
  if (/^(s3|https?):\/\//i.test(uri) || /\.(zip|jar)$/i.test(uri)) {
    say(`code of function "${fn.name}" is "${uri}", not a source folder; its handler is not analysed`, code.loc);
    return null;
  }
  const dir = r.join(app.dir, uri.replace(/\\/g, '/'));
  if (dir === undefined) say(`code of function "${fn.name}" ("${uri}") is outside the scanned root; its handler is not analysed`, code.loc);
  return dir ?? null;
}

/** SAM `Metadata: {BuildMethod: esbuild, BuildProperties: {EntryPoints: [...]}}` on the function's resource. */
function esbuildEntry(
  fn: Fn,
  app: App,
  base: string,
  splits: { module: string; exportName: string }[],
  r: ModuleResolver,
): Omit<Located, 'base'> | null {
  if (fn.origin === 'serverless') return null;
  const metadata = get(app.resources.find((r) => r.id === fn.id)?.node, 'Metadata');
  if (str(get(metadata, 'BuildMethod'))?.toLowerCase() !== 'esbuild') return null;
  const entries = seqItems(get(metadata, 'BuildProperties', 'EntryPoints'))
    .map(str)
    .filter((e): e is string => !!e)
    .map((e) => e.replace(/\\/g, '/'));
  if (!entries.length) return null;
  const stem = (p: string) => (isCodeFile(p) ? p.slice(0, p.lastIndexOf('.')) : p);
  // esbuild names its output after the entry's file name: `src/handlers/app.ts` → `app.js`
  for (const { module, exportName } of splits) {
    const entry =
      entries.find((e) => posix.normalize(stem(e)) === posix.normalize(module)) ??
      entries.find((e) => posix.basename(stem(e)) === posix.basename(module)) ??
      (entries.length === 1 ? entries[0] : undefined);
    if (!entry) continue;
    const target = r.join(base, entry);
    if (!target) continue;
    const file = isCodeFile(target) ? (r.exists(target) ? target : undefined) : r.probe([target]);
    if (file) return { file, exportName };
  }
  return null;
}

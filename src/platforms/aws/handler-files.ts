import { posix } from 'node:path';
import { splitLines } from '../../core/loc.js';
import { literalString } from '../../core/node.js';
import type { ModuleResolver } from '../../code/resolve.js';
import type { Fn, Project, TextFile } from '../../model/types.js';
import { codeBase } from './handlers.js';

/**
 * Handler code of the runtimes that are not parsed (Python, Ruby, Go, Java, Kotlin, C#, PHP): the file a
 * function's handler names and the files of its language beside it, read as text for the secrets
 * rules. Nothing is executed or parsed; only files discovery listed (ignore files respected) are read,
 * and at most `MAX_PER_DIRECTORY` files per directory and `MAX_FILES` in all.
 */

const MAX_PER_DIRECTORY = 64;
const MAX_FILES = 1000;

/** Extensions of one language, by the extension of a file. */
const FAMILY: Record<string, string[]> = {
  '.py': ['.py'],
  '.rb': ['.rb'],
  '.go': ['.go'],
  '.java': ['.java', '.kt'],
  '.kt': ['.java', '.kt'],
  '.cs': ['.cs'],
  '.php': ['.php'],
};

/** A `# …` or `// …` comment holding an sls-lint directive (suppressions work in these files too). */
const DIRECTIVE_COMMENT = /(?:^|\s)(?:#|\/\/)\s?(sls-lint-[^\r\n]*)$/;

const extOf = (p: string): string => posix.extname(p).toLowerCase();

/**
 * The handler entry files of a function whose code is not JavaScript, among `code` (the runtime
 * sources discovery listed, srcRoot-relative): `src/app.handler` → `src/app.py` / `.rb` / `.php`,
 * `pkg.mod.handler` → `pkg/mod.py`, Java `com.x.Handler::handleRequest` → `…/com/x/Handler.java`,
 * C# `Asm::Ns.Function::Handler` → `…/Function.cs`, Go and custom runtimes (`bootstrap`) → the
 * `.go` files of the code folder.
 */
function entryFiles(fn: Fn, base: string, r: ModuleResolver, code: ReadonlySet<string>, byDir: Map<string, string[]>): string[] {
  const written = fn.entry ? literalString(fn.entry.text) : undefined;
  if (written === undefined) return [];
  const text = written.trim().replace(/\\/g, '/');
  const under = (p: string) => base === '' || base === '.' || p.startsWith(`${base}/`);
  if (text.includes('::')) {
    const parts = text.split('::');
    const cls = (parts.length >= 3 ? parts[1]! : parts[0]!).split('.');
    const javaTail = `/${cls.join('/')}`;
    const csName = `/${cls[cls.length - 1]}.cs`;
    return [...code].filter(
      (p) => under(p) && (`/${p}`.endsWith(`${javaTail}.java`) || `/${p}`.endsWith(`${javaTail}.kt`) || `/${p}`.endsWith(csName)),
    );
  }
  const dot = text.lastIndexOf('.');
  const slash = text.lastIndexOf('/');
  if (dot > slash + 1) {
    const module = text.slice(0, dot);
    // the module before the last dot (`src/app.main`), as a dotted path (`pkg.mod.main`), or before
    // the first dot (Ruby `app.Billing::Handler.process`)
    const firstDot = text.indexOf('.', slash + 1);
    const out: string[] = [];
    for (const m of new Set([module, module.slice(0, slash + 1) + module.slice(slash + 1).replace(/\./g, '/'), text.slice(0, firstDot)])) {
      for (const ext of ['.py', '.rb', '.php', '']) {
        const f = r.join(base, m + ext);
        if (f && code.has(f)) out.push(f);
      }
    }
    if (out.length) return out;
  }
  // Go and custom runtimes name an executable: the Go sources of the code folder
  return (byDir.get(base === '.' ? '' : base) ?? []).filter((p) => extOf(p) === '.go');
}

/**
 * Reads the handler code of every function whose handler is not JavaScript (and was not resolved as
 * such), with the files of the same language in the handler's directory, into `project.textFiles`
 * (kind `code`) and `project.files`. `read` is the pipeline's sandboxed reader.
 */
export function addHandlerTextFiles(
  project: Project,
  code: readonly string[],
  r: ModuleResolver,
  read: (rel: string) => string | null,
  /** files named on the command line: read whether or not a handler is beside them */
  named: readonly string[] = [],
): void {
  if (!code.length) return;
  const codeSet = new Set(code);
  const byDir = new Map<string, string[]>();
  for (const p of code) {
    const d = posix.dirname(p) === '.' ? '' : posix.dirname(p);
    let list = byDir.get(d);
    if (!list) byDir.set(d, (list = []));
    list.push(p);
  }
  const functionsOf = new Map<string, Set<string>>();
  const noNotice = () => {};
  for (const app of project.apps) {
    for (const fn of app.functions) {
      if (!fn.entry || fn.entry.file || fn.entry.inlineCode) continue;
      const runtime = literalString(fn.runtime);
      if (runtime !== undefined && /^nodejs/i.test(runtime)) continue;
      const base = codeBase(fn, app, r, noNotice);
      if (base === null) continue;
      for (const entry of entryFiles(fn, base, r, codeSet, byDir)) {
        const family = FAMILY[extOf(entry)] ?? [];
        const dir = posix.dirname(entry) === '.' ? '' : posix.dirname(entry);
        const siblings = (byDir.get(dir) ?? []).filter((p) => family.includes(extOf(p))).slice(0, MAX_PER_DIRECTORY);
        for (const f of new Set([entry, ...siblings])) {
          let set = functionsOf.get(f);
          if (!set) functionsOf.set(f, (set = new Set()));
          set.add(fn.name);
        }
      }
    }
  }
  for (const f of named) if (!functionsOf.has(f)) functionsOf.set(f, new Set());
  const known = new Set(project.textFiles.map((t) => t.path));
  for (const [path, fns] of [...functionsOf].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, MAX_FILES)) {
    if (known.has(path) || project.files.has(path)) continue;
    const text = read(path);
    if (text === null) continue;
    const lines = splitLines(text);
    const comments = new Map<number, string>();
    lines.forEach((l, i) => {
      const m = DIRECTIVE_COMMENT.exec(l);
      if (m) comments.set(i + 1, m[1]!.trim());
    });
    const tf: TextFile = { path, kind: 'code', functions: [...fns].sort(), text, lines, comments };
    project.textFiles.push(tf);
    project.files.set(path, { lines, comments: tf.comments });
  }
}

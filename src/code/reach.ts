import type { Fn, ImportInfo, Project, SourceFile } from '../model/types.js';

/**
 * The project files a function's code reaches: its handler file and every project file imported from
 * it (through the imports `follow` accepts: all of them by default), sorted by path.
 */
export function reachableFiles(project: Project, fn: Fn, follow?: (i: ImportInfo) => boolean): SourceFile[] {
  const byPath = new Map(project.sourceFiles.map((f) => [f.path, f]));
  return reachFrom(
    project.sourceFiles.filter((f) => f.handlerOf.includes(fn)),
    (p) => byPath.get(p),
    follow,
  );
}

/**
 * The files reached from `start` over the imports `follow` accepts, `file` looking a resolved path
 * up (a caller asking for many functions keeps one index of the files), sorted by path.
 */
export function reachFrom(
  start: readonly SourceFile[],
  file: (path: string) => SourceFile | undefined,
  follow?: (i: ImportInfo) => boolean,
): SourceFile[] {
  const out: SourceFile[] = [];
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f.path)) continue;
    seen.add(f.path);
    out.push(f);
    for (const i of f.imports) {
      if (follow && !follow(i)) continue;
      const next = i.resolved ? file(i.resolved) : undefined;
      if (next && !seen.has(next.path)) stack.push(next);
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

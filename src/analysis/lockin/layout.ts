import picomatch from 'picomatch';
import type { Project, SourceFile } from '../../model/types.js';

/**
 * Which project files are adapters (where the provider belongs) and which are domain code (where it
 * does not), by globs matched against each file's path from its app's directory (the deepest
 * manifest directory above it; the scan root when there is none), so `services/orders/src/db.ts` of
 * a monorepo is not domain code because the repository keeps its apps under `services/`.
 */

export interface LayoutGlobs {
  adapters: readonly string[];
  domain: readonly string[];
}

export const DEFAULT_LAYOUT: LayoutGlobs = {
  adapters: ['**/adapters/**', '**/adapter/**', '**/infra/**', '**/infrastructure/**', '**/handlers/**'],
  domain: ['**/domain/**', '**/core/**', '**/services/**', '**/lib/**'],
};

/**
 * A file's place: `handler` (a function's entry file: it translates the provider's event, so the
 * provider is at home there; the files of a `handlers/` folder count as adapters by default), `adapter`, `domain`, `shared` (reached from more than one handler and
 * neither adapter nor domain), `module` (a helper of one handler).
 */
export type FileRole = 'handler' | 'adapter' | 'domain' | 'shared' | 'module';

export class Layout {
  private readonly adapter: (p: string) => boolean;
  private readonly domain: (p: string) => boolean;
  private readonly appDirs: string[];

  constructor(
    project: Project,
    readonly globs: LayoutGlobs,
    private readonly handlersReaching: (sf: SourceFile) => readonly string[],
    /** a function's entry file, or the file its handler is declared in (`export { default as main } from './impl'`) */
    private readonly isHandlerFile: (sf: SourceFile) => boolean,
  ) {
    this.adapter = matcher(globs.adapters);
    this.domain = matcher(globs.domain);
    this.appDirs = [...new Set(project.apps.map((a) => a.dir))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  }

  /** The path the globs see: from the deepest app directory that holds the file. */
  relative(path: string): string {
    const dir = this.appDirs.find((d) => d === '' || path.startsWith(`${d}/`));
    return dir ? path.slice(dir.length + 1) : path;
  }

  role(sf: SourceFile): FileRole {
    if (this.isHandlerFile(sf)) return 'handler';
    const rel = this.relative(sf.path);
    if (this.adapter(rel)) return 'adapter';
    if (this.domain(rel)) return 'domain';
    return this.handlersReaching(sf).length > 1 ? 'shared' : 'module';
  }

  /** Where the provider belongs: handlers and adapters. */
  isAdapter(sf: SourceFile): boolean {
    const r = this.role(sf);
    return r === 'handler' || r === 'adapter';
  }
}

function matcher(globs: readonly string[]): (p: string) => boolean {
  if (!globs.length) return () => false;
  const m = picomatch([...globs], { dot: true });
  // `**/lib/**` also matches a top-level `lib/x.ts`
  return (p) => m(p) || m(`./${p}`) || m(`_/${p}`);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

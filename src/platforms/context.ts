import type { Document, Severity, ToolNotice } from '../core/types.js';

/** What a manifest builder may use. Everything goes through here so nothing outside the root is read. */
export interface BuildContext {
  /** absolute scan root; no file outside it is ever read */
  srcRoot: string;
  /**
   * Read and parse a YAML/JSON file given relative to srcRoot (posix). Returns null (and records a
   * notice) when the file is missing, outside the root, not YAML/JSON, or does not parse. Cached:
   * every file is parsed once.
   */
  loadDocument(relPath: string): Document | null;
  /** `--stage` (default 'dev') */
  stage: string;
  /** `${env:X}` is resolved only when true (`--allow-env`) */
  allowEnv: boolean;
  env: Record<string, string | undefined>;
  /** `--region` (default: unknown → `${aws:region}`/`${opt:region}` without default become refs) */
  region?: string;
  /** `--opt key=value`: values of `${opt:key}` (stage and region have their own options) */
  options?: Readonly<Record<string, string>>;
  /** `--param key=value`: values of `${param:key}` (otherwise a deploy-time value, left unknown) */
  params?: Readonly<Record<string, string>>;
  notice(n: ToolNotice): void;
  /**
   * Is a srcRoot-relative posix path inside a scanned root? (`../a/iam.yml` is, when `../a` is
   * scanned.) Without it, a path is inside when it does not leave the srcRoot.
   */
  inside?(relPath: string): boolean;
  /**
   * Names of the regular files (no links) in a srcRoot-relative directory inside the scanned roots;
   * empty when it is outside, missing or unreadable. For manifests that name files by glob
   * (`package.json` `main` of an Azure Functions v4 app).
   */
  listFiles?(relDir: string): string[];
  /**
   * The files under a srcRoot-relative directory, recursively (posix, relative to srcRoot; dependencies
   * and build output left out), for platforms whose functions are files by convention (`api/**`).
   */
  listTree?(dirRel: string): string[];
  /**
   * The text of a `.env` file given relative to srcRoot, when discovery yielded it (so not git-ignored
   * and not a sample such as `.env.example`); null otherwise. The file is reported as a `.env` of its own.
   */
  readDotenv?(relPath: string): string | null;
  /** level of the notice for a file that could not be analysed (default 'error') */
  unanalysed?: Severity;
}

/**
 * What the bundler of the loading stage (`load/bundle.ts`, esbuild) is asked and answers: plain data,
 * so the cold-start analysis can ask for a measurement without touching the file system itself.
 * Paths are posix and relative to the srcRoot, as esbuild's metafile writes them.
 */

export interface BundleRequest {
  /** the entry files (srcRoot-relative) and the esbuild target of each (`node20`) */
  entries: { file: string; target: string }[];
  /**
   * Imports the code layer resolved already (relative ones, and tsconfig `paths` aliases esbuild
   * alone would not see): `importer + '\0' + specifier` → resolved file, both srcRoot-relative.
   * They are not resolved again (each resolution through the plugin is a round trip to esbuild).
   */
  aliases: Record<string, string>;
  /** wall-clock budget of the whole measurement (ms); past it nothing is measured */
  budgetMs: number;
  /** largest number of modules resolved in one run; past it the rest are left out (and said) */
  maxModules: number;
}

export interface BundleImport {
  /** the resolved input (absent for an external) */
  path: string;
  /** the specifier as written */
  original?: string;
  /** esbuild's kind: `import-statement`, `require-call`, `dynamic-import`, `require-resolve`, … */
  kind: string;
  external?: boolean;
}

export interface BundleOutput {
  /** the entry file it was built from */
  entry: string;
  /** minified bytes of the whole output (runtime helpers included) */
  bytes: number;
  /** bytes each input contributes to it */
  inputs: Record<string, number>;
}

/** Why an import was left out of the bundle (its bytes are then not known). */
export interface BundleGap {
  importer: string;
  specifier: string;
  why: 'not-installed' | 'outside-root' | 'not-code' | 'budget';
}

export interface BundleResult {
  inputs: Record<string, { bytes: number; imports: BundleImport[] }>;
  outputs: BundleOutput[];
  gaps: BundleGap[];
  /** entries that could not be bundled (a syntax error esbuild reports), with its first message */
  errors: { entry: string; message: string; file?: string; line?: number; column?: number }[];
  /** set when the budget ran out or the bundler could not start: nothing was measured */
  failed?: string;
}

/** Measures entries synchronously (the loading stage provides it; absent, nothing is measured). */
export interface BundleMeasure {
  (req: BundleRequest): BundleResult;
  /**
   * Is the package installed where the bundler would look for it from `importer` (srcRoot-relative):
   * a `node_modules/<pkg>` entry in the importer's folder or one above it, up to its root, as the
   * bundler's resolver looks? Reads no more than those entries. Absent, every package counts as
   * installed (the analysis then measures rather than bounds).
   */
  installed?: (importer: string, pkg: string) => boolean;
  /**
   * What a code folder (srcRoot-relative) holds: its files, its package.json and its installed
   * packages with their sizes, read once per folder. Absent, what an unbundled deploy ships is not
   * known.
   */
  packageDir?: (dir: string) => PackageDirProbe;
}

/**
 * What a code folder holds on disk (`load/package-dir.ts`): the files an unbundled deploy zips are
 * chosen from these, by the deploy tool's rules (package patterns, production dependencies), in the
 * cold-start analysis. Paths are posix and relative to the folder; sizes are bytes on disk.
 */
export interface PackageDirProbe {
  /** the folder's package.json dependency names, or null when it has none (or it cannot be read) */
  manifest: PackageManifest | null;
  /** the regular files outside `node_modules` (and outside `.git`, `.serverless`, `.aws-sam`) */
  files: ProbedFile[];
  /** the packages installed in the folder's `node_modules`, nested ones too; null: no `node_modules` */
  packages: InstalledPackage[] | null;
  /** the listing stopped at its cap (or a folder could not be read): the figures are not known */
  incomplete: boolean;
}

export interface ProbedFile {
  path: string;
  bytes: number;
}

export interface PackageManifest {
  dependencies: string[];
  devDependencies: string[];
  optionalDependencies: string[];
  peerDependencies: string[];
}

/** One installed package: its folder (`node_modules/a`, `node_modules/a/node_modules/@s/b`), what it depends on, its files. */
export interface InstalledPackage {
  path: string;
  name: string;
  /** `dependencies`, `optionalDependencies` and `peerDependencies` of its package.json (npm installs all three) */
  deps: string[];
  /** its files, nested `node_modules` left out (they are packages of their own), paths relative to the probed folder */
  files: ProbedFile[];
}

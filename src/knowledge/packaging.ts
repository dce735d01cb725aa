/**
 * How the deploy tools build a Node.js function's zip when no bundler is named: which files of the
 * code folder go in, and which installed packages. Sources: the Serverless Framework packaging guide
 * (docs/providers/aws/guide/packaging.md: the default excludes, `patterns` applied in order with `!`
 * excluding, `excludeDevDependencies` on by default), SAM's `NodejsNpmBuilder` (copies the
 * `CodeUri` folder and installs the production dependencies), `aws cloudformation package` (zips a
 * local `Code` folder as it is).
 */

/**
 * Serverless Framework plugins that decide themselves what a function's zip holds: bundlers (one
 * file per function), tracers (the files each handler requires) and exclusion sets the analysis does
 * not model. With one of them, what ships is not estimated.
 */
export const SERVERLESS_PACKAGERS: Readonly<Record<string, 'bundles' | 'traces' | 'excludes'>> = {
  'serverless-esbuild': 'bundles',
  'serverless-webpack': 'bundles',
  'serverless-bundle': 'bundles',
  'serverless-plugin-optimize': 'bundles',
  'serverless-plugin-include-dependencies': 'traces',
  'serverless-jetpack': 'traces',
  'serverless-plugin-common-excludes': 'excludes',
};

/** The Serverless Framework's default excludes (the service's config file is excluded too; `.env*` with `useDotenv`). */
export const SERVERLESS_DEFAULT_EXCLUDES: readonly string[] = [
  '.git/**',
  '.gitignore',
  '.DS_Store',
  'npm-debug.log',
  'yarn-*.log',
  '.serverless/**',
  '.serverless_plugins/**',
];

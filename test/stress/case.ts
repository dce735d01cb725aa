/**
 * A full-size hostile-input case for `npm run stress`: `build(scale)` returns the files of a project
 * (paths relative to a fresh temporary directory) and extra CLI arguments. The runner builds each case
 * at every listed scale, runs the built CLI on it as a child process and prints wall time, peak RSS,
 * exit code and whether `expect` (a substring of the JSON output) appeared. Nothing is asserted.
 */
export interface StressCase {
  name: string;
  /** multipliers of the size the case is written for: 1 = the size shown in the report, 10 = ten times */
  scale: number[];
  build(scale: number): { files: Record<string, string | Buffer>; args?: string[]; expect?: string };
}

/**
 * AWS Lambda's deprecated runtimes and the date each was deprecated (from the Lambda developer
 * guide's "Runtime deprecation" tables): from that date the runtime gets no security patches or
 * support, and Lambda later blocks creating and then updating functions on it. Only dates AWS has
 * published are listed; a runtime not listed is not known to be deprecated.
 */
export interface DeprecatedRuntime {
  runtime: string;
  /** YYYY-MM-DD */
  deprecated: string;
  /** what to move to */
  instead: string;
}

const NODE = 'nodejs22.x';
const PYTHON = 'python3.13';
const JAVA = 'java21';
const DOTNET = 'dotnet8';
const PROVIDED = 'provided.al2023';

export const DEPRECATED_RUNTIMES: readonly DeprecatedRuntime[] = [
  { runtime: 'nodejs', deprecated: '2016-10-31', instead: NODE },
  { runtime: 'nodejs4.3', deprecated: '2020-03-05', instead: NODE },
  { runtime: 'nodejs4.3-edge', deprecated: '2019-04-30', instead: NODE },
  { runtime: 'nodejs6.10', deprecated: '2019-08-12', instead: NODE },
  { runtime: 'nodejs8.10', deprecated: '2020-03-06', instead: NODE },
  { runtime: 'nodejs10.x', deprecated: '2021-07-30', instead: NODE },
  { runtime: 'nodejs12.x', deprecated: '2023-03-31', instead: NODE },
  { runtime: 'nodejs14.x', deprecated: '2023-12-04', instead: NODE },
  { runtime: 'nodejs16.x', deprecated: '2024-06-12', instead: NODE },
  { runtime: 'nodejs18.x', deprecated: '2025-09-01', instead: NODE },
  { runtime: 'python2.7', deprecated: '2021-07-15', instead: PYTHON },
  { runtime: 'python3.6', deprecated: '2022-07-18', instead: PYTHON },
  { runtime: 'python3.7', deprecated: '2023-12-04', instead: PYTHON },
  { runtime: 'python3.8', deprecated: '2024-10-14', instead: PYTHON },
  { runtime: 'python3.9', deprecated: '2025-12-15', instead: PYTHON },
  { runtime: 'java8', deprecated: '2024-01-08', instead: JAVA },
  { runtime: 'go1.x', deprecated: '2024-01-08', instead: `${PROVIDED} (a Go binary named bootstrap)` },
  { runtime: 'provided', deprecated: '2024-01-08', instead: PROVIDED },
  { runtime: 'dotnetcore1.0', deprecated: '2019-07-30', instead: DOTNET },
  { runtime: 'dotnetcore2.0', deprecated: '2019-05-30', instead: DOTNET },
  { runtime: 'dotnetcore2.1', deprecated: '2022-01-05', instead: DOTNET },
  { runtime: 'dotnetcore3.1', deprecated: '2023-04-03', instead: DOTNET },
  { runtime: 'dotnet5.0', deprecated: '2022-05-10', instead: DOTNET },
  { runtime: 'dotnet6', deprecated: '2024-12-20', instead: DOTNET },
  { runtime: 'dotnet7', deprecated: '2024-05-14', instead: DOTNET },
  { runtime: 'ruby2.5', deprecated: '2021-07-30', instead: 'ruby3.4' },
  { runtime: 'ruby2.7', deprecated: '2023-12-07', instead: 'ruby3.4' },
  { runtime: 'ruby3.2', deprecated: '2026-03-31', instead: 'ruby3.4' },
];

/** The deprecation entry of a runtime identifier (case-insensitive), if Lambda has published one. */
export function deprecatedRuntime(runtime: string): DeprecatedRuntime | undefined {
  const r = runtime.trim().toLowerCase();
  return DEPRECATED_RUNTIMES.find((d) => d.runtime === r);
}

/** Whole days from `from` to `to` (YYYY-MM-DD, UTC); NaN when either is not a date. */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

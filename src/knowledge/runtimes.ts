import { isBuiltin } from 'node:module';

/**
 * What a Node.js function's runtime brings to its cold start: the Node major version (the esbuild
 * target), and what the AWS Lambda runtime has on disk already (AWS SDK v3 on nodejs18.x and later;
 * the v2 `aws-sdk` only up to nodejs16.x).
 */

/** `nodejs18.x` → 18, `nodejs20.x` → 20; undefined for other runtimes or an unreadable value. */
export function nodeMajor(runtime: string | undefined): number | undefined {
  const m = runtime ? /^nodejs(\d+)(?:\.x)?$/i.exec(runtime.trim()) : null;
  return m ? Number(m[1]) : undefined;
}

/** The esbuild target of a runtime (`node20` when the runtime is not known). */
export function esbuildTarget(runtime: string | undefined): string {
  return `node${nodeMajor(runtime) ?? 20}`;
}

/** Is the runtime a Node.js one (or not written, which the Node platforms default to)? */
export function isNodeRuntime(runtime: string | undefined): boolean {
  return runtime === undefined || nodeMajor(runtime) !== undefined;
}

/** Package scopes the AWS Lambda Node.js 18+ runtimes ship (the AWS SDK v3 and its Smithy core). */
export const LAMBDA_SDK_V3_SCOPES: readonly string[] = ['@aws-sdk/', '@smithy/', '@aws-crypto/'];

/** Does the Lambda runtime provide this package from disk (loaded at init, not shipped)? */
export function runtimeProvides(platform: string, runtime: string | undefined, pkg: string): boolean {
  if (platform !== 'aws') return false;
  const major = nodeMajor(runtime);
  if (major === undefined) return false;
  if (pkg === 'aws-sdk') return major <= 16;
  return major >= 18 && LAMBDA_SDK_V3_SCOPES.some((s) => pkg.startsWith(s));
}

/** The package a bare specifier names: `lodash/get` → `lodash`, `@aws-sdk/client-s3/x` → `@aws-sdk/client-s3`; undefined for relative and built-in ones. */
export function packageOf(spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.includes(':') || isBuiltin(spec)) return undefined;
  const parts = spec.split('/');
  if (spec.startsWith('@')) return parts.length >= 2 && parts[1] ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0] || undefined;
}

/** The package of a path inside `node_modules` (the last `node_modules` segment wins), or undefined for project code. */
export function packageOfPath(p: string): string | undefined {
  const segs = p.split('/');
  const i = segs.lastIndexOf('node_modules');
  if (i < 0 || i + 1 >= segs.length) return undefined;
  return segs[i + 1]!.startsWith('@') ? `${segs[i + 1]}/${segs[i + 2] ?? ''}` : segs[i + 1];
}

import type { FileProbe } from '../core/types.js';
import { cloudFormationAdapter } from './aws/cloudformation/index.js';
import { serverlessAdapter } from './aws/serverless/index.js';
import { herokuAdapter, railwayAdapter, renderAdapter } from './hosts/index.js';
import type { PlatformAdapter } from './types.js';
import { azureAdapter } from './azure/index.js';
import { gcpAdapter } from './gcp/index.js';
import { vercelAdapter } from './vercel/index.js';
import { netlifyAdapter } from './netlify/index.js';

/** Every platform, in the order their detectors are asked (the first claim wins). */
export const PLATFORMS: readonly PlatformAdapter[] = [
  serverlessAdapter,
  cloudFormationAdapter,
  azureAdapter,
  gcpAdapter,
  vercelAdapter,
  netlifyAdapter,
  renderAdapter,
  railwayAdapter,
  herokuAdapter,
];

/** The adapter claiming a file, or a reason it is known and never read, or null. */
export function detectPlatform(f: FileProbe): { adapter: string } | { skip: string } | null {
  for (const p of PLATFORMS) {
    const d = p.detect(f);
    if (!d) continue;
    return 'manifest' in d ? { adapter: p.id } : d;
  }
  return null;
}

/** A name that says "manifest" whatever the content, for any platform. */
export function isManifestName(name: string): boolean {
  return PLATFORMS.some((p) => p.names.test(name));
}

export function platformById(id: string): PlatformAdapter | undefined {
  return PLATFORMS.find((p) => p.id === id);
}

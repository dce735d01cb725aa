import type { PlatformAdapter } from '../../types.js';
import { awsEntries } from '../handlers.js';
import { deployedEntries } from '../../gcp/index.js';
import { buildServerlessApp } from './build.js';

const SERVERLESS_NAMES = /^serverless\.(ya?ml|json)$/i;
const SERVERLESS_CODE = /^serverless\.(ts|js|cjs|mjs)$/i;
const MANIFEST_EXT = /\.(ya?ml|json|template)$/i;

/**
 * A Serverless Framework manifest under another name (`serverless.prod.yml`, used with `--config`):
 * top-level `service` and `provider` keys, and `functions` or `provider.name`.
 */
export function looksLikeServerless(text: string): boolean {
  const json = /^\s*\{/.test(text);
  if (json) return /"service"\s*:/.test(text) && /"provider"\s*:/.test(text) && /"(functions|runtime)"\s*:/.test(text);
  return /^service\s*:/m.test(text) && /^provider\s*:/m.test(text) && /^(functions\s*:|\s+runtime\s*:)/m.test(text);
}

/** The Serverless Framework: `serverless.yml|yaml|json`, and renamed manifests recognised by content. */
export const serverlessAdapter: PlatformAdapter = {
  id: 'aws-serverless',
  platform: 'aws',
  names: SERVERLESS_NAMES,
  detect(f) {
    if (SERVERLESS_NAMES.test(f.name)) return { manifest: true };
    if (SERVERLESS_CODE.test(f.name))
      return { skip: `${f.name} is code, which sls-lint never runs; convert it to serverless.yml or serverless.json to lint it` };
    if (!MANIFEST_EXT.test(f.name)) return null;
    const head = f.head();
    return head !== null && looksLikeServerless(head) ? { manifest: true } : null;
  },
  build: buildServerlessApp,
  // a `provider: google` service's handlers are entry points of the service's main module, as gcloud's
  entries: (app, resolver, notice) => (app.platform === 'gcp' ? deployedEntries(app, resolver, notice) : awsEntries(app, resolver, notice)),
};

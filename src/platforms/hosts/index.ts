import { get, isMap, mapEntries, seqItems, str } from '../../core/node.js';
import type { PlatformAdapter } from '../types.js';
import { emptyApp, envFromList, envFromMap, nameOf } from './env-app.js';

const RENDER = /^render\.ya?ml$/i;

/** Render Blueprints (`render.yaml`): `services[].envVars` and `envVarGroups[].envVars` with `value:`. */
export const renderAdapter: PlatformAdapter = {
  id: 'render',
  platform: 'render',
  names: RENDER,
  detect: (f) => (RENDER.test(f.name) ? { manifest: true } : null),
  build(doc, ctx) {
    const app = emptyApp(doc, 'render', 'render blueprint');
    if (!app) return null;
    for (const [section, what] of [
      ['services', 'service'],
      ['envVarGroups', 'environment group'],
    ] as const) {
      for (const s of seqItems(get(app.root, section))) {
        const name = str(get(s, 'name')) ?? what;
        envFromList(app, get(s, 'envVars'), `${section}[].envVars`, ctx, [name]);
      }
    }
    return app;
  },
};

/** A Heroku `app.json` (not an Expo one): top-level `env`, `buildpacks`, `formation` or `addons`. */
function looksLikeHeroku(head: string | null): boolean {
  if (head === null || !/^\s*\{/.test(head) || /"expo"\s*:/.test(head)) return false;
  return /"(env|buildpacks|formation|addons|stack)"\s*:/.test(head);
}

/** Heroku `app.json`: `env` (and `environments.*.env`) with literal `value`s, as Review Apps and Deploy buttons set them. */
export const herokuAdapter: PlatformAdapter = {
  id: 'heroku',
  platform: 'heroku',
  names: /^$/,
  detect: (f) => (/^app\.json$/i.test(f.name) && looksLikeHeroku(f.head()) ? { manifest: true } : null),
  build(doc, ctx) {
    const app = emptyApp(doc, 'heroku', 'heroku app');
    if (!app) return null;
    const name = nameOf(app.root, 'name', 'app');
    envFromMap(app, get(app.root, 'env'), 'env', ctx, [name]);
    const envs = get(app.root, 'environments');
    if (isMap(envs))
      for (const e of envs.entries) envFromMap(app, get(e.value, 'env'), `environments.${e.key}.env`, ctx, [`${name} (${e.key})`]);
    return app;
  },
};

const RAILWAY = /^railway\.(?:json|toml)$/i;

/**
 * Railway config as code (`railway.json` / `railway.toml`): its `build` and `deploy` sections set
 * how one service is built and started, and carry no service variables (those are set in the
 * dashboard or CLI). The one place such a file writes environment values is the Nixpacks plan it
 * may embed, `build.nixpacksPlan.variables` (and the same under `environments.<name>`): Nixpacks
 * bakes them into the build and the final image.
 */
export const railwayAdapter: PlatformAdapter = {
  id: 'railway',
  platform: 'railway',
  names: RAILWAY,
  detect: (f) => (RAILWAY.test(f.name) ? { manifest: true } : null),
  build(doc, ctx) {
    const app = emptyApp(doc, 'railway', 'railway service');
    if (!app) return null;
    envFromMap(app, get(app.root, 'build', 'nixpacksPlan', 'variables'), 'build.nixpacksPlan.variables', ctx, ['service']);
    for (const e of mapEntries(get(app.root, 'environments')))
      envFromMap(app, get(e.value, 'build', 'nixpacksPlan', 'variables'), `environments.${e.key}.build.nixpacksPlan.variables`, ctx, [
        `service (${e.key})`,
      ]);
    return app;
  },
};

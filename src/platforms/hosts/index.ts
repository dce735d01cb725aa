import { get, isMap, seqItems, str } from '../../core/node.js';
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

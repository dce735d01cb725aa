import { get, isMap, str } from '../_api.js';
import type { App, MapNode, Node, Resource } from '../_api.js';

/**
 * Where an ARM template configures a web/function app: the site's `properties` and its
 * `properties.siteConfig`, and the `Microsoft.Web/sites/config` child named `web` (whose properties
 * are site config). Settings of a plain web app (no `kind: functionapp`) are judged too: the same
 * settings expose the same way.
 */
export interface SiteSettings {
  /** the site or config resource */
  resource: Resource;
  /** the site's `properties` (absent for a config resource) */
  site?: MapNode;
  /** site config: `properties.siteConfig` of a site, `properties` of a `config/web` resource */
  config?: MapNode;
  /** the site's name for messages */
  name: string;
}

const SITE = /^microsoft\.web\/sites(\/slots)?$/;
const WEB_CONFIG = /^microsoft\.web\/sites(\/slots)?\/config$/;

export function siteSettings(r: Resource): SiteSettings | undefined {
  if (r.app.platform !== 'azure') return undefined;
  const type = r.type.toLowerCase();
  if (SITE.test(type)) {
    const config = get(r.properties, 'siteConfig');
    return { resource: r, site: r.properties ?? undefined, config: isMap(config) ? config : undefined, name: r.id };
  }
  if (WEB_CONFIG.test(type) && /(^|\/)web$|\/web'\)\]$/i.test(r.id))
    return { resource: r, config: r.properties ?? undefined, name: r.id.replace(/\/web$/i, '') };
  return undefined;
}

/** The resource's node to report at when a setting is missing: its `type` key's value. */
export function missingAt(r: Resource): { loc: Resource['typeLoc'] } {
  return { loc: r.typeLoc };
}

/** A literal (or ARM literal) string value; undefined for an expression (`[parameters('x')]`). */
export function armLiteral(n: Node | undefined): string | undefined {
  const s = str(n);
  if (s === undefined) return n?.kind === 'scalar' && n.value !== null ? String(n.value) : undefined;
  return isArmExpression(n) ? undefined : s;
}

/** An ARM template expression (`[parameters('x')]`, `[concat(…)]`); `[[` escapes a literal `[`. */
export function isArmExpression(n: Node | undefined): boolean {
  const s = str(n);
  return s !== undefined && s.startsWith('[') && !s.startsWith('[[');
}

/** The ARM template a resource is written in: a nested deployment's, or the app's own. */
export function templateOf(r: Resource): MapNode {
  return r.template ?? r.app.root;
}

export function armApps(app: App): boolean {
  return app.origin === 'azure-arm';
}

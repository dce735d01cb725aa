import { get, isMap } from '../../../core/node.js';
import type { MapEntry, MapNode, Node } from '../../../core/types.js';
import type { EnvVar } from '../../../model/types.js';
import { envValue } from '../cloudformation/functions.js';
import { intrinsic } from '../cloudformation/intrinsics.js';
import { TemplateIndex, warnOnce } from '../cloudformation/template.js';
/** SAM `Globals`: sections as written and resolved, SAM's merge into resources, global environment variables. */

/** SAM `Globals.Function` keys SAM refuses (they are per function); never merged. */
export const NON_GLOBAL_FUNCTION_KEYS = new Set(['Role', 'Policies', 'FunctionName', 'Events']);

/** `Globals.<section>` as written, when it is a map (a malformed one is reported once). */
export function globalsSection(st: TemplateIndex, section: string): MapNode | undefined {
  const globals = get(st.template, 'Globals');
  if (!globals) return undefined;
  if (!isMap(globals)) {
    warnOnce(st, 'Globals', '"Globals" must be a map', globals.loc);
    return undefined;
  }
  const g = get(globals, section);
  if (!g) return undefined;
  if (!isMap(g)) {
    warnOnce(st, `Globals.${section}`, `"Globals.${section}" must be a map`, g.loc);
    return undefined;
  }
  if (section === 'Function')
    for (const e of g.entries)
      if (NON_GLOBAL_FUNCTION_KEYS.has(e.key))
        warnOnce(st, `Globals.Function.${e.key}`, `SAM does not accept "${e.key}" in "Globals.Function"; it is ignored`, e.keyLoc);
  return g;
}

/** `Globals.<section>` resolved (cached), for the implicit API's auth. */
export function resolvedGlobals(st: TemplateIndex, section: string): MapNode | null {
  if (st.globals.has(section)) return st.globals.get(section) ?? null;
  const g = globalsSection(st, section);
  const r = g ? st.resolver.resolve(g) : undefined;
  const out = isMap(r) ? r : null;
  st.globals.set(section, out);
  return out;
}

/**
 * SAM's Globals merge: maps merge key by key (the resource wins), lists concatenate (globals first),
 * anything else — intrinsics included — is taken from the resource.
 */
export function mergeGlobals(global: Node, local: Node): Node {
  const plainMap = (n: Node): n is MapNode => isMap(n) && !intrinsic(n);
  if (plainMap(global) && plainMap(local)) {
    const entries: MapEntry[] = [...global.entries];
    for (const l of local.entries) {
      const i = entries.findIndex((g) => g.key === l.key);
      if (i < 0) entries.push(l);
      else entries[i] = { key: l.key, keyLoc: l.keyLoc, value: mergeGlobals(entries[i]!.value, l.value) };
    }
    return { kind: 'map', entries, loc: local.loc };
  }
  if (global.kind === 'seq' && local.kind === 'seq') return { kind: 'seq', items: [...global.items, ...local.items], loc: local.loc };
  return local;
}

/** `Globals.Function.Environment.Variables`, each declared once (scope 'globals'). */
export function declareGlobalEnv(st: TemplateIndex): EnvVar[] {
  const vars = get(resolvedGlobals(st, 'Function'), 'Environment', 'Variables');
  if (!isMap(vars)) return [];
  return vars.entries.map((e) => {
    const v: EnvVar = { name: e.key, nameLoc: e.keyLoc, value: envValue(e.value), scope: 'globals', functions: [], app: st.app };
    st.app.envVars.push(v);
    return v;
  });
}

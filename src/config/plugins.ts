import { pathToFileURL } from 'node:url';
import type { Loc } from '../core/types.js';
import type { Rule } from '../engine/rule.js';
import { resolvePluginEntry } from '../load/plugin-entry.js';
import { ConfigError, validateOptions, type Config } from './config.js';

/**
 * Plugins: packages (or folders of the repository) the config names, whose rules — written with the
 * public `defineRule` — run with the built-in ones. Loading a plugin is the one place sls-lint runs
 * code that is not its own, and only code the user's config names; `--no-plugins` loads none.
 */
export interface Plugin {
  /** the namespace of the plugin's rules: each id is `<name>/<rule>` */
  name: string;
  rules: Rule<any>[];
  version?: string;
}

/** A plugin as loaded: the config entry that named it, and its validated rules. */
export interface LoadedPlugin {
  name: string;
  specifier: string;
  rules: Rule<any>[];
}

/** Defines a plugin (an identity function, for types). */
export function definePlugin(p: Plugin): Plugin {
  return p;
}

const NAMESPACE = /^[a-z][a-z0-9-]{0,63}$/;
const RULE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SEVERITIES = ['error', 'warning', 'note'];
const PRECISIONS = ['very-high', 'high', 'medium', 'low'];

/**
 * Imports the plugins a config names (in order) and validates them against the rules already
 * known (`builtIn`: their ids and families are taken). A plugin that cannot be found, fails to
 * import, or exports something that is not a valid plugin is a ConfigError at its `plugins` entry.
 */
export async function loadPlugins(cfg: Config, builtIn: Rule<any>[]): Promise<LoadedPlugin[]> {
  const out: LoadedPlugin[] = [];
  if (!cfg.plugins?.length) return out;
  const origin = cfg.origin ?? { dir: process.cwd(), cwd: process.cwd(), repoRoot: process.cwd() };
  const taken = new Set(builtIn.map((r) => r.meta.id));
  const reserved = new Set([...builtIn.map((r) => r.meta.id.split('/')[0]!), 'policy']);
  for (const { specifier, loc } of cfg.plugins) {
    const where = resolvePluginEntry(specifier, origin.dir, origin.repoRoot);
    if ('error' in where) throw new ConfigError(`plugin "${specifier}": ${where.error}`, loc);
    let mod: unknown;
    try {
      mod = await import(pathToFileURL(where.file).href);
    } catch (e) {
      throw new ConfigError(`plugin "${specifier}" failed to load: ${String((e as Error)?.message ?? e).split('\n')[0]}`, loc);
    }
    const plugin = validatePlugin(mod, specifier, loc, taken, reserved);
    if (out.some((p) => p.name === plugin.name))
      throw new ConfigError(`plugin "${specifier}": the namespace "${plugin.name}" is already taken by another plugin`, loc);
    out.push(plugin);
  }
  return out;
}

/** The plugin a module exports (`export default definePlugin(…)`, or `name` and `rules` exports), checked. */
export function validatePlugin(
  mod: unknown,
  specifier: string,
  loc: Loc | undefined,
  taken: Set<string>,
  reserved: Set<string>,
): LoadedPlugin {
  const fail = (why: string): never => {
    throw new ConfigError(`plugin "${specifier}": ${why}`, loc);
  };
  const m = mod as { default?: unknown; name?: unknown; rules?: unknown } | null;
  const p = (m && typeof m.default === 'object' && m.default !== null ? m.default : m) as { name?: unknown; rules?: unknown } | null;
  if (!p || typeof p !== 'object') return fail('exports no plugin (export default definePlugin({ name, rules }))');
  if (typeof p.name !== 'string' || !NAMESPACE.test(p.name)) return fail('"name" must be a lower-case namespace such as "acme"');
  if (reserved.has(p.name)) return fail(`the namespace "${p.name}" is sls-lint's own`);
  const list = Array.isArray(p.rules) ? p.rules : p.rules && typeof p.rules === 'object' ? Object.values(p.rules) : undefined;
  if (!list?.length) return fail('"rules" must be a non-empty list of rules made with defineRule');
  const rules: Rule<any>[] = [];
  for (const r of list) {
    const problem = ruleProblem(r, p.name);
    const id = (r as { meta?: { id?: unknown } })?.meta?.id;
    if (problem) return fail(`rule ${typeof id === 'string' ? `"${id}"` : rules.length + 1}: ${problem}`);
    const rule = r as Rule<any>;
    if (taken.has(rule.meta.id)) return fail(`rule "${rule.meta.id}" is defined twice`);
    taken.add(rule.meta.id);
    rules.push(rule);
  }
  return { name: p.name, specifier, rules: rules.sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1)) };
}

const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Why a plugin's rule is not a valid rule (the contract of `defineRule`, as the built-in rules keep it), or undefined. */
function ruleProblem(r: unknown, namespace: string): string | undefined {
  if (!isObject(r) || !isObject(r.meta) || typeof r.create !== 'function') return 'not a rule (defineRule({ meta, create }))';
  const m = r.meta;
  if (typeof m.id !== 'string') return 'meta.id must be a string';
  const [ns, name, ...more] = m.id.split('/');
  if (ns !== namespace || !name || more.length || !RULE_NAME.test(name))
    return `meta.id must be "${namespace}/<name>" (lower case, digits, "-")`;
  if (typeof m.description !== 'string' || !m.description.trim()) return 'meta.description must be a non-empty string';
  if (!SEVERITIES.includes(m.severity as string)) return 'meta.severity must be error, warning or note';
  if (typeof m.recommended !== 'boolean') return 'meta.recommended must be true or false';
  if (!isObject(m.messages) || !Object.keys(m.messages).length || !Object.values(m.messages).every((t) => typeof t === 'string'))
    return 'meta.messages must map message ids to templates';
  if (!isStringList(m.tags)) return 'meta.tags must be a list of strings';
  if (m.securitySeverity !== undefined && !(typeof m.securitySeverity === 'number' && m.securitySeverity >= 0 && m.securitySeverity <= 10))
    return 'meta.securitySeverity must be a number from 0 to 10';
  if (m.precision !== undefined && !PRECISIONS.includes(m.precision as string))
    return `meta.precision must be one of ${PRECISIONS.join(', ')}`;
  for (const k of ['requires', 'platforms', 'defersTo', 'coveredBy'])
    if (m[k] !== undefined && !isStringList(m[k])) return `meta.${k} must be a list of strings`;
  if (m.options !== undefined && !isObject(m.options)) return 'meta.options must be a JSON Schema object';
  if (m.defaultOptions !== undefined && !isObject(m.defaultOptions)) return 'meta.defaultOptions must be an object';
  if (
    m.docs !== undefined &&
    !(
      isObject(m.docs) &&
      ['markdown', 'url'].every(
        (k) => (m.docs as Record<string, unknown>)[k] === undefined || typeof (m.docs as Record<string, unknown>)[k] === 'string',
      )
    )
  )
    return 'meta.docs must be { markdown?: string, url?: string }';
  if (m.options) {
    let errs: string | null;
    try {
      errs = validateOptions(r as unknown as Rule<any>, { ...((m.defaultOptions as object) ?? {}) });
    } catch (e) {
      return `meta.options is not a valid JSON Schema: ${(e as Error).message}`;
    }
    if (errs) return `meta.defaultOptions do not satisfy meta.options: ${errs}`;
  }
  return undefined;
}

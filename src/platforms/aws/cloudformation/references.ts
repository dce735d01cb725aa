import { SERVERLESS_DEFAULT_ROLE_LOGICAL_ID, SERVERLESS_PROVIDER_ROLE_ID, serverlessLogicalId } from '../naming.js';
import { get, str } from '../../../core/node.js';
import type { Node } from '../../../core/types.js';
import type { App, Fn, Role } from '../../../model/types.js';
import { getAttTarget, refName, referencedIds, subVariables } from './intrinsics.js';
import { TemplateIndex } from './template.js';
/** What a template value points at: functions (by logical id, name, ARN, `!Ref`/`!GetAtt`/`Fn::Sub`) and roles. */

/** Logical id → function: template functions by logical id, serverless ones by their generated id. */
function functionIndex(app: App): Map<string, Fn> {
  const m = new Map<string, Fn>();
  for (const fn of app.functions) m.set(fn.origin === 'serverless' ? serverlessLogicalId(fn.id) : fn.id, fn);
  return m;
}

/**
 * Names of the functions a `FunctionName`/`TargetFunctionArn`/integration URI points at: `!Ref Fn`,
 * `!GetAtt Fn.Arn`, `${Fn.Arn}` inside `Fn::Sub`/`Fn::Join`, a logical id, a function name or a
 * literal Lambda ARN. Serverless functions are known by their generated logical id
 * (`HelloLambdaFunction`). Deduplicated, in order.
 */
export function functionsReferencedBy(app: App, node: Node | undefined): string[] {
  return node ? functionsReferencedIn(new TemplateIndex(app, undefined), node) : [];
}

/** `functionsReferencedBy` with the index of the template being modelled. */
export function functionsReferencedIn(st: TemplateIndex, node: Node | undefined): string[] {
  if (!node) return [];
  const app = st.app;
  let resolved: Node | undefined;
  try {
    resolved = st.resolver.resolve(node);
  } catch {
    return [];
  }
  if (!resolved) return [];
  const byId = functionIndex(app);
  const out: string[] = [];
  const add = (fn: Fn | undefined) => {
    if (fn && !out.includes(fn.name)) out.push(fn.name);
  };
  const visitLiteral = (s: string) => {
    const direct = byId.get(s) ?? app.functions.find((f) => f.name === s);
    if (direct) return add(direct);
    for (const m of s.matchAll(/:function:([A-Za-z0-9_-]+)/g)) add(app.functions.find((f) => f.name === m[1]));
  };
  const visit = (n: Node, depth: number): void => {
    if (depth > 32) return;
    if (n.kind === 'scalar') {
      if (typeof n.value === 'string') visitLiteral(n.value);
      return;
    }
    if (n.kind === 'ref') {
      for (const r of referencedIds(n)) if (!r.attr || r.attr === 'Arn') add(byId.get(r.id));
      return;
    }
    if (n.kind === 'seq') for (const i of n.items) visit(i, depth + 1);
    else for (const e of n.entries) visit(e.value, depth + 1);
  };
  visit(resolved, 0);
  return out;
}

/**
 * The role a resolved value designates: a logical id, `!Ref R`, `!GetAtt R.Arn`, a `Fn::Sub` ARN
 * ending in `role/${R}`, or a literal role ARN/name matching a role's literal `RoleName`.
 * `asName`: a literal is a role *name* (IAM::Policy `Roles`), not a logical id.
 */
export function roleFromValue(st: TemplateIndex, n: Node | undefined, asName = false): Role | undefined {
  if (!n) return undefined;
  const app = st.app;
  const byId = (id: string): Role | undefined =>
    st.roleById(id) ??
    // the Serverless Framework's default role, however the serverless builder names it
    (id === SERVERLESS_DEFAULT_ROLE_LOGICAL_ID && app.origin === 'serverless' ? st.roleById(SERVERLESS_PROVIDER_ROLE_ID) : undefined);
  const byName = (name: string): Role | undefined => st.roleByName(name);
  if (n.kind === 'scalar') {
    const s = str(n);
    if (!s) return undefined;
    const arn = /^arn:[^:]*:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/.exec(s);
    if (arn) return byName(arn[1]!);
    return (asName ? undefined : byId(s)) ?? byName(s);
  }
  if (n.kind !== 'ref') return undefined;
  const id = refName(n) ?? getAttTarget(n)?.id;
  if (id) return byId(id);
  if (n.text.startsWith('!')) return undefined;
  // a Fn::Sub template: `arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${MyRole}` or `${MyRole.Arn}`
  const whole = /^\$\{([^}.]+)\.Arn\}$/.exec(n.text);
  if (whole) return byId(whole[1]!);
  const tail = /:role\/(?:[^$]*\/)?\$\{([^}.]+)\}$/.exec(n.text);
  if (tail && subVariables(n.text).some((v) => v.name === tail[1])) return byId(tail[1]!);
  return undefined;
}

export function fnsOf(st: TemplateIndex, node: Node | undefined): Fn[] {
  return functionsReferencedIn(st, node)
    .map((n) => st.app.functions.find((f) => f.name === n))
    .filter((f): f is Fn => !!f);
}

/** The role a `Role`/`role` value points at (`!GetAtt R.Arn`, `!Ref R`, `{'Fn::GetAtt': [R, Arn]}`, a logical id). */
export function findRoleByRef(app: App, node: Node | undefined): Role | undefined {
  if (!node) return undefined;
  try {
    const st = new TemplateIndex(app, undefined);
    return roleFromValue(st, st.resolver.resolve(node));
  } catch {
    return undefined;
  }
}

import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunction, memberName, propertyKeyName, staticString, unwrapExpression, type AstNode } from '../../code/ast.js';
import { nodeLoc, walk } from '../../code/parse.js';
import type { Loc } from '../../core/types.js';
import { dbClient } from '../../knowledge/db-clients.js';
import type { SourceFile } from '../../model/types.js';
import type { ClientConstruction } from '../sdk-calls/collect.js';

/**
 * Where a file makes its SDK clients and database clients or pools, and whether each is made once or
 * anew on every call of the function around it. A client made at module scope, or made inside a
 * function and kept in a variable outside it (`client ??= new X()`, `if (!client) client = new X()`,
 * `this.client = …`, `cache.set(k, c)`), is reused by warm invocations; one kept in a local, used
 * straight away (`new S3Client().send(…)`) or returned from a function whose callers do not keep it
 * is made on every call. Which functions run on every invocation is the reach's to say.
 */

/** One construction of a client, with what the code around it does with it. */
export interface ClientSite {
  /** as written, shortened: `new DynamoDBClient()`, `mysql.createPool()` */
  what: string;
  kind: 'sdk' | 'db';
  /** an SDK client's IAM service prefix (`?` when the table does not map it) */
  service?: string;
  file: string;
  loc: Loc;
  /** offset in the file */
  pos: number;
  /**
   * `module`: made at load; `kept`: made in a function and kept outside it (or flowing where we cannot
   * follow: unknown, so not reported); `call`: made on every call of `inFunction`; `returned`: made and
   * returned by `inFunction`, so its callers decide; `per-request`: made on every call from the
   * function's own arguments (`endpoint` from the event's domain and stage), a client per request by
   * design, not reported
   */
  scope: 'module' | 'kept' | 'call' | 'returned' | 'per-request';
  /** the nearest named function around it */
  inFunction?: string;
}

/** A call of a function a `returned` site is made in, with what its caller does with the result. */
export interface CallerSite {
  name: string;
  pos: number;
  scope: ClientSite['scope'];
}

/** The client constructions of a file (the SDK ones from the SDK-call collection), in source order. */
export function clientSites(sf: SourceFile, sdk: readonly ClientConstruction[]): ClientSite[] {
  const out: ClientSite[] = [];
  for (const c of sdk) out.push({ ...site(sf, c.node, `new ${shortCallee(c.callee)}()`, 'sdk'), service: c.service });
  const bindings = dbBindings(sf);
  if (bindings.size)
    walk(sf.ast, (n) => {
      if (n.type !== 'NewExpression' && n.type !== 'CallExpression') return;
      const how = n.type === 'NewExpression' ? 'new' : 'call';
      const p = calleePath(n.callee, bindings);
      if (!p || !dbClient(p.pkg, p.path, how)) return;
      const text = p.written;
      out.push(site(sf, n, how === 'new' ? `new ${text}()` : `${text}()`, 'db'));
    });
  return out.sort((a, b) => a.pos - b.pos);
}

/** The calls in a file of functions by name (`makeClient()`, `db.makeClient()`), with what their callers do with the result. */
export function callerSites(sf: SourceFile, names: ReadonlySet<string>): CallerSite[] {
  const out: CallerSite[] = [];
  const modules = projectModuleNames(sf);
  walk(sf.ast, (n) => {
    if (n.type !== 'CallExpression') return;
    const c = unwrapExpression(n.callee);
    // `makeClient()`, or `db.makeClient()` on a project module (`import * as db`, `require('./db')`,
    // `this.makeClient()`); not any `.connect()` of some object
    const obj = c.type === 'MemberExpression' ? unwrapExpression(c.object) : undefined;
    const onModule = !!obj && (obj.type === 'ThisExpression' || (obj.type === 'Identifier' && modules.has(obj.name)));
    const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' && onModule ? memberName(c) : undefined;
    if (name === undefined || !names.has(name)) return;
    const { scope } = scopeOf(n);
    out.push({ name, pos: n.range[0], scope });
  });
  return out;
}

/** Names a file binds to whole project modules: `import * as db from './db'`, `import db from './db'`, `const db = require('./db')`. */
function projectModuleNames(sf: SourceFile): Set<string> {
  const project = new Set(sf.imports.filter((i) => i.resolved && !i.typeOnly).map((i) => i.source));
  const out = new Set<string>();
  for (const st of sf.ast.body) {
    if (st.type === 'ImportDeclaration' && project.has(String(st.source.value)))
      for (const s of st.specifiers) if (s.type !== 'ImportSpecifier') out.add(s.local.name);
    if (st.type === 'VariableDeclaration')
      for (const d of st.declarations) {
        const spec = d.init ? requireOrImport(unwrapExpression(d.init)) : undefined;
        if (spec !== undefined && project.has(spec) && d.id.type === 'Identifier') out.add(d.id.name);
      }
  }
  return out;
}

function site(sf: SourceFile, n: AstNode, what: string, kind: ClientSite['kind']): ClientSite {
  const around = scopeOf(n);
  const { inFunction } = around;
  const scope = around.scope === 'call' && configuredFromArguments(n) ? 'per-request' : around.scope;
  return { what, kind, file: sf.path, loc: nodeLoc(sf.path, n), pos: n.range[0], scope, ...(inFunction ? { inFunction } : {}) };
}

/** `AWS.DynamoDB.DocumentClient` stays; a long computed callee is cut. */
function shortCallee(s: string): string {
  const one = s.replace(/\s+/g, '');
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}

/** What the code around a construction does with the client (see `ClientSite.scope`). */
function scopeOf(node: AstNode): { scope: ClientSite['scope']; inFunction?: string } {
  const fnNode = enclosingFunction(node);
  if (!fnNode) return { scope: 'module' };
  const inFunction = nameOf(fnNode);
  const named = (scope: ClientSite['scope']) => ({ scope, ...(inFunction ? { inFunction } : {}) });
  // climb through what wraps the value without keeping it (`DynamoDBDocumentClient.from(…)`,
  // `drizzle(…)`, `{ client: … }`, `await`, `a ?? …`)
  let cur: AstNode = node;
  for (let depth = 0; depth < 12; depth++) {
    const p = cur.parent;
    if (!p) break;
    if ((p.type === 'CallExpression' || p.type === 'NewExpression') && p.arguments.includes(cur as never) && isStore(p.callee))
      return named('kept');
    if (
      p.type === 'AwaitExpression' ||
      p.type === 'TSAsExpression' ||
      p.type === 'TSNonNullExpression' ||
      p.type === 'TSSatisfiesExpression' ||
      p.type === 'ChainExpression' ||
      p.type === 'ArrayExpression' ||
      (p.type === 'ConditionalExpression' && p.test !== cur) ||
      p.type === 'LogicalExpression' ||
      ((p.type === 'CallExpression' || p.type === 'NewExpression') && p.arguments.includes(cur as never)) ||
      (p.type === 'Property' && p.value === cur) ||
      p.type === 'ObjectExpression' ||
      // `new Client(cfg).connect()`, `.promise()`: the value goes on through the call's result
      (p.type === 'MemberExpression' && p.object === cur && p.parent?.type === 'CallExpression' && p.parent.callee === p && isChainable(p))
    ) {
      cur = p.type === 'MemberExpression' ? p.parent! : p;
      continue;
    }
    break;
  }
  const p = cur.parent;
  if (!p) return named('call');
  if (p.type === 'AssignmentExpression' && p.right === cur) {
    if (p.operator !== '=') return named('kept');
    const left = unwrapExpression(p.left);
    if (left.type === 'Identifier') return named(declaredIn(fnNode, left.name) ? escapes(fnNode, left.name) : 'kept');
    return named('kept');
  }
  if (p.type === 'VariableDeclarator' && p.init === cur) {
    if (p.id.type !== 'Identifier') return named('call');
    return named(escapes(fnNode, p.id.name));
  }
  if (p.type === 'ReturnStatement' || (p.type === 'ArrowFunctionExpression' && p.body === cur)) return named(returnedFrom(fnNode));
  if (p.type === 'PropertyDefinition' || p.type === 'AssignmentPattern') return named('kept');
  return named('call');
}

/** `cache.set(k, …)`, `clients.push(…)`: kept in a collection. */
function isStore(callee: AstNode): boolean {
  const c = unwrapExpression(callee);
  const m = c.type === 'MemberExpression' ? memberName(c) : undefined;
  return m === 'set' || m === 'push';
}

/** `x.connect()` / `x.promise()` return the client or a promise of it; other members use it and drop it. */
function isChainable(m: TSESTree.MemberExpression): boolean {
  const name = memberName(m);
  return name === 'connect' || name === '$connect' || name === 'initialize' || name === 'promise';
}

/** A value returned from a function named where it is declared: its callers decide; from a callback or a wrapper (`memoize(() => …)`): not followed. */
function returnedFrom(fnNode: AstNode): ClientSite['scope'] {
  const p = fnNode.parent;
  if (fnNode.type === 'FunctionDeclaration') return 'returned';
  if (!p) return 'kept';
  if (p.type === 'VariableDeclarator' || p.type === 'Property' || p.type === 'MethodDefinition' || p.type === 'AssignmentExpression')
    return 'returned';
  return 'kept';
}

/** A local holding a client: kept when the function stores it outside itself or returns it, else made per call. */
function escapes(fnNode: AstNode, name: string): ClientSite['scope'] {
  let scope: ClientSite['scope'] = 'call';
  walk(fnNode, (n) => {
    if (n.type === 'AssignmentExpression' && isName(n.right, name)) {
      const left = unwrapExpression(n.left);
      if (left.type !== 'Identifier' || !declaredIn(fnNode, left.name)) scope = 'kept';
    } else if (n.type === 'CallExpression' && n.arguments.some((a) => isName(a, name)) && isStore(n.callee)) {
      // `cache.set(key, client)`, `clients.push(client)`
      scope = 'kept';
    } else if (n.type === 'ReturnStatement' && n.argument && isName(n.argument, name) && scope === 'call') scope = returnedFrom(fnNode);
    return undefined;
  });
  return scope;
}

function isName(n: AstNode, name: string): boolean {
  const u = unwrapExpression(n);
  return u.type === 'Identifier' && u.name === name;
}

/** Is `name` a parameter of the function or declared in its body (not in a function nested in it)? */
function declaredIn(fnNode: AstNode, name: string): boolean {
  if (!isFunction(fnNode)) return false;
  if (fnNode.params.some((p) => patternHas(p, name))) return true;
  let found = false;
  walk(fnNode.body, (n) => {
    if (found) return false;
    if (isFunction(n)) return n.type === 'FunctionDeclaration' && n.id?.name === name ? ((found = true), false) : false;
    if (n.type === 'VariableDeclarator' && patternHas(n.id, name)) found = true;
    return undefined;
  });
  return found;
}

function patternHas(p: AstNode, name: string): boolean {
  if (p.type === 'Identifier') return p.name === name;
  if (p.type === 'AssignmentPattern') return patternHas(p.left, name);
  if (p.type === 'RestElement') return patternHas(p.argument, name);
  if (p.type === 'ArrayPattern') return p.elements.some((e) => !!e && patternHas(e, name));
  if (p.type === 'ObjectPattern') return p.properties.some((q) => patternHas(q.type === 'Property' ? q.value : q, name));
  if (p.type === 'TSParameterProperty') return patternHas(p.parameter, name);
  return false;
}

/** The innermost function around a node; a class field initialiser runs per instance, like a constructor. */
/**
 * Does the construction's configuration read the parameters of the function it is in, or a local of
 * that function initialised from them (`const { domainName } = event.requestContext`)?
 */
function configuredFromArguments(n: AstNode): boolean {
  const fnNode = enclosingFunction(n);
  if (!fnNode || !isFunction(fnNode) || (n.type !== 'NewExpression' && n.type !== 'CallExpression') || !n.arguments.length) return false;
  const names = new Set<string>();
  for (const p of fnNode.params) boundNames(p as AstNode, names);
  if (!names.size) return false;
  if (fnNode.body.type === 'BlockStatement')
    for (const st of fnNode.body.body) {
      if (st.type !== 'VariableDeclaration' || st.range[0] > n.range[0]) continue;
      for (const d of st.declarations) if (d.init && readsAny(d.init as AstNode, names)) boundNames(d.id as AstNode, names);
    }
  return n.arguments.some((a) => readsAny(a as AstNode, names));
}

/** The names a parameter or declaration pattern binds. */
function boundNames(p: AstNode, out: Set<string>): void {
  if (p.type === 'Identifier') out.add(p.name);
  else if (p.type === 'AssignmentPattern') boundNames(p.left as AstNode, out);
  else if (p.type === 'RestElement') boundNames(p.argument as AstNode, out);
  else if (p.type === 'TSParameterProperty') boundNames(p.parameter as AstNode, out);
  else if (p.type === 'ArrayPattern') for (const e of p.elements) e && boundNames(e as AstNode, out);
  else if (p.type === 'ObjectPattern')
    for (const q of p.properties) boundNames((q.type === 'Property' ? q.value : q.argument) as AstNode, out);
}

/** Does the expression read one of the names (not as a property key)? */
function readsAny(e: AstNode, names: ReadonlySet<string>): boolean {
  let found = false;
  walk(e, (x, parent) => {
    if (found) return false;
    if (x.type !== 'Identifier' || !names.has(x.name)) return;
    if (parent?.type === 'MemberExpression' && parent.property === x && !parent.computed) return;
    if (parent?.type === 'Property' && parent.key === x && !parent.computed && !parent.shorthand) return;
    found = true;
  });
  return found;
}

function enclosingFunction(n: AstNode): AstNode | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (isFunction(p)) return p;
    if (p.type === 'PropertyDefinition' && !p.static && p.value && contains(p.value, n)) return p;
    if (p.type === 'StaticBlock') return undefined;
  }
  return undefined;
}

function contains(outer: AstNode, inner: AstNode): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/** The name of the nearest named function at or around `f` (`handler`, `getClient`, `Repo.constructor`). */
function nameOf(f: AstNode): string | undefined {
  for (let cur: AstNode | undefined = f; cur; cur = cur.parent) {
    if (!isFunction(cur) && cur.type !== 'PropertyDefinition') continue;
    const n = ownName(cur);
    if (n) return n;
  }
  return undefined;
}

function ownName(f: AstNode): string | undefined {
  if (f.type === 'PropertyDefinition') return classMember(f, 'constructor');
  if (f.type === 'FunctionDeclaration' && f.id) return f.id.name;
  if (f.type === 'FunctionExpression' && f.id && f.parent?.type !== 'MethodDefinition') return f.id.name;
  const p = f.parent;
  if (!p) return undefined;
  if (p.type === 'VariableDeclarator' && p.init && unwrapExpression(p.init) === f && p.id.type === 'Identifier') return p.id.name;
  if (p.type === 'Property' && p.value === f) return propertyKeyName(p.key, p.computed);
  if (p.type === 'MethodDefinition') return classMember(p, propertyKeyName(p.key, p.computed));
  if (p.type === 'PropertyDefinition' && p.value === f) return classMember(p, propertyKeyName(p.key, p.computed));
  if (p.type === 'AssignmentExpression' && p.right === f) {
    const l = unwrapExpression(p.left);
    return l.type === 'Identifier' ? l.name : l.type === 'MemberExpression' ? memberName(l) : undefined;
  }
  if (p.type === 'ExportDefaultDeclaration') return 'default';
  return undefined;
}

function classMember(m: AstNode, key: string | undefined): string | undefined {
  const cls = m.parent?.parent;
  const cname = cls && (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression') && cls.id ? cls.id.name : undefined;
  if (!key) return cname;
  return cname ? `${cname}.${key}` : key;
}

type DbBinding = { pkg: string; name: string };

/** Names bound to the database packages of the table: imports and requires anywhere in the file. */
function dbBindings(sf: SourceFile): Map<string, DbBinding> {
  const out = new Map<string, DbBinding>();
  const known = (spec: string) => DB_PACKAGES.has(spec);
  if (!sf.imports.some((i) => known(i.source))) return out;
  walk(sf.ast, (n) => {
    if (n.type === 'ImportDeclaration' && n.importKind !== 'type' && known(String(n.source.value))) {
      for (const s of n.specifiers) {
        if (s.type === 'ImportSpecifier') {
          if (s.importKind === 'type') continue;
          out.set(s.local.name, {
            pkg: String(n.source.value),
            name: s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value),
          });
        } else out.set(s.local.name, { pkg: String(n.source.value), name: '*' });
      }
    } else if (n.type === 'VariableDeclarator' && n.init) {
      let init = unwrapExpression(n.init);
      if (init.type === 'AwaitExpression') init = unwrapExpression(init.argument);
      let member: string | undefined;
      if (init.type === 'MemberExpression') {
        member = memberName(init);
        init = unwrapExpression(init.object);
      }
      const spec = requireOrImport(init);
      if (spec === undefined || !known(spec)) return;
      if (n.id.type === 'Identifier') out.set(n.id.name, { pkg: spec, name: member ?? '*' });
      else if (n.id.type === 'ObjectPattern' && member === undefined)
        for (const p of n.id.properties) {
          if (p.type !== 'Property' || p.value.type !== 'Identifier') continue;
          const k = propertyKeyName(p.key, p.computed);
          if (k) out.set(p.value.name, { pkg: spec, name: k });
        }
    }
    return undefined;
  });
  return out;
}

function requireOrImport(n: AstNode): string | undefined {
  if (n.type === 'ImportExpression') return staticString(n.source);
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments.length === 1)
    return staticString(n.arguments[0]);
  return undefined;
}

const DB_PACKAGES: ReadonlySet<string> = new Set([
  'pg',
  'pg-pool',
  'mysql',
  'mysql2',
  'mysql2/promise',
  'mongodb',
  'mongoose',
  'redis',
  'ioredis',
  '@prisma/client',
  'knex',
  'sequelize',
  'postgres',
  'typeorm',
]);

/** `pg.Pool` → { pg, Pool }; `Redis` (the default of ioredis) → default; `require('knex')` → default. */
function calleePath(callee: AstNode, bindings: Map<string, DbBinding>): { pkg: string; path: string; written: string } | undefined {
  const members: string[] = [];
  let n = unwrapExpression(callee);
  while (n.type === 'MemberExpression') {
    const m = memberName(n);
    if (m === undefined) return undefined;
    members.unshift(m);
    n = unwrapExpression(n.object);
  }
  if (n.type === 'CallExpression') {
    const spec = requireOrImport(n);
    if (spec === undefined || !DB_PACKAGES.has(spec)) return undefined;
    return { pkg: spec, path: members.join('.') || 'default', written: `require('${spec}')${members.map((m) => `.${m}`).join('')}` };
  }
  if (n.type !== 'Identifier') return undefined;
  const b = bindings.get(n.name);
  if (!b) return undefined;
  const path = b.name === '*' || b.name === 'default' ? members.join('.') || 'default' : [b.name, ...members].join('.');
  return { pkg: b.pkg, path, written: [n.name, ...members].join('.') };
}

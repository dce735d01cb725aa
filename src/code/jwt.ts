import type { Loc } from '../core/types.js';
import type { JwtFacts } from '../model/types.js';
import { isFunction, memberName, propertyKeyName, staticString, unwrapExpression, type AstNode } from './ast.js';

/**
 * JSON Web Token calls in code, as data: where a token is decoded (its claims read without checking
 * the signature) and where one is verified, with the `algorithms` a verify call accepts. Collected in
 * the one walk over a file; the bindings of the JWT libraries are resolved when the walk is done.
 */

interface Api {
  module: string;
  /** the export called: `decode` for `jwt.decode(…)`/`{ decode }`; '' for the module itself (`require('jwt-decode')(t)`) */
  name: string;
  role: 'decode' | 'verify';
  /** a method of any object built by the module (`CognitoJwtVerifier.create(…).verify(t)`) */
  method?: boolean;
}

const APIS: readonly Api[] = [
  { module: 'jsonwebtoken', name: 'decode', role: 'decode' },
  { module: 'jwt-decode', name: 'default', role: 'decode' },
  { module: 'jwt-decode', name: 'jwtDecode', role: 'decode' },
  { module: 'jwt-decode', name: '', role: 'decode' },
  { module: 'jsonwebtoken', name: 'verify', role: 'verify' },
  { module: 'jose', name: 'jwtVerify', role: 'verify' },
  { module: 'aws-jwt-verify', name: 'verify', role: 'verify', method: true },
];

/** Event data a token is read from: `event.headers.authorization`. */
const EVENT_ROOTS = new Set(['event', 'evt']);

type Binding = { module: string; name: string } | { module: string; namespace: true };

export function jwtCollector(
  locOf: (n: AstNode) => Loc,
  textOf: (n: AstNode) => string,
): { visit(node: AstNode): void; done(): JwtFacts | undefined } {
  const calls: AstNode[] = [];
  const members: AstNode[] = [];
  const bindings = new Map<string, Binding>();
  const decls = new Map<string, AstNode>();
  const modules = new Set<string>();
  /** variables holding the payload part of a split token (`const [, body] = t.split('.')`) → the token */
  const parts = new Map<string, AstNode>();

  const bindPattern = (id: AstNode, module: string): void => {
    if (id.type === 'Identifier') bindings.set(id.name, { module, namespace: true });
    else if (id.type === 'ObjectPattern')
      for (const p of id.properties) {
        if (p.type !== 'Property') continue;
        const key = propertyKeyName(p.key, p.computed);
        const local = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
        if (key !== undefined && local.type === 'Identifier') bindings.set(local.name, { module, name: key });
      }
  };
  const requiredModule = (n: AstNode | null | undefined): string | undefined => {
    if (!n) return undefined;
    const e = unwrapExpression(n);
    if (e.type === 'AwaitExpression') return requiredModule(e.argument);
    if (e.type === 'ImportExpression') return staticString(e.source);
    if (e.type === 'CallExpression' && e.callee.type === 'Identifier' && e.callee.name === 'require') return staticString(e.arguments[0]);
    return undefined;
  };

  return {
    visit(node) {
      switch (node.type) {
        case 'ImportDeclaration': {
          const module = String(node.source.value);
          if (!APIS.some((a) => a.module === module)) break;
          modules.add(module);
          for (const s of node.specifiers) {
            if (s.type === 'ImportDefaultSpecifier') bindings.set(s.local.name, { module, name: 'default' });
            else if (s.type === 'ImportNamespaceSpecifier') bindings.set(s.local.name, { module, namespace: true });
            else {
              const name = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
              bindings.set(s.local.name, { module, name });
            }
          }
          break;
        }
        case 'VariableDeclarator': {
          if (node.id.type === 'Identifier' && node.init && !decls.has(node.id.name)) decls.set(node.id.name, node.init);
          const init = node.init && unwrapExpression(node.init);
          const part = init?.type === 'MemberExpression' && isIndex1(init) ? splitToken(init.object) : undefined;
          if (part && node.id.type === 'Identifier') parts.set(node.id.name, part);
          const whole = init && splitToken(init);
          const second = node.id.type === 'ArrayPattern' ? node.id.elements[1] : undefined;
          if (whole && second?.type === 'Identifier') parts.set(second.name, whole);
          const module = requiredModule(node.init);
          if (module !== undefined && APIS.some((a) => a.module === module)) {
            modules.add(module);
            bindPattern(node.id, module);
          }
          // `const { decode } = jwt` of a bound namespace
          const ns = init?.type === 'Identifier' ? bindings.get(init.name) : undefined;
          if (ns && 'namespace' in ns && node.id.type === 'ObjectPattern') bindPattern(node.id, ns.module);
          break;
        }
        case 'TSImportEqualsDeclaration': {
          // `import jwt = require('jsonwebtoken')`
          const ref = node.moduleReference;
          const module = ref.type === 'TSExternalModuleReference' ? staticString(ref.expression) : undefined;
          if (module === undefined || !APIS.some((a) => a.module === module) || node.importKind === 'type') break;
          modules.add(module);
          bindings.set(node.id.name, { module, namespace: true });
          break;
        }
        case 'CallExpression':
          calls.push(node);
          break;
        case 'MemberExpression':
          members.push(node);
          break;
      }
    },
    done() {
      const apiOf = (call: AstNode): Api | undefined => {
        if (call.type !== 'CallExpression') return undefined;
        const callee = unwrapExpression(call.callee);
        if (callee.type === 'Identifier') {
          const b = bindings.get(callee.name);
          if (!b) return undefined;
          const name = 'namespace' in b ? '' : b.name;
          // `import jwt from 'jsonwebtoken'` is the namespace of a CommonJS module
          return APIS.find((a) => a.module === b.module && !a.method && (a.name === name || (name === 'default' && a.name === '')));
        }
        if (callee.type !== 'MemberExpression') return undefined;
        const name = memberName(callee);
        if (name === undefined) return undefined;
        let root: AstNode = callee.object;
        while (root.type === 'MemberExpression' || root.type === 'CallExpression')
          root = root.type === 'MemberExpression' ? root.object : root.callee;
        const b = root.type === 'Identifier' ? bindings.get(root.name) : undefined;
        const direct = callee.object.type === 'Identifier' && b && ('namespace' in b || b.name === 'default');
        if (direct) return APIS.find((a) => a.module === b.module && a.name === name);
        // `verifier.verify(t)` where `verifier` is built by a verifier module
        const methodApi = APIS.find((a) => a.method && a.name === name && modules.has(a.module));
        return methodApi;
      };

      const facts: JwtFacts = { decodes: [], verifies: [] };
      for (const call of calls) {
        if (call.type !== 'CallExpression') continue;
        const api = apiOf(call);
        if (!api) continue;
        const token = call.arguments[0];
        if (!token || token.type === 'SpreadElement') continue;
        if (api.role === 'decode') {
          facts.decodes.push({
            kind: api.module,
            loc: locOf(call),
            token: textOf(token),
            used: resultUsed(call),
            ...sourceOf(token),
          });
          continue;
        }
        const v: JwtFacts['verifies'][number] = { kind: api.module, loc: locOf(call), token: textOf(token) };
        if (api.module === 'jsonwebtoken') {
          const opts = call.arguments[2];
          const algs = opts?.type === 'ObjectExpression' ? propertyOf(opts, 'algorithms') : undefined;
          if (algs?.type === 'ArrayExpression') {
            const none = algs.elements.find((e) => !!e && staticString(e)?.toLowerCase() === 'none');
            if (none) v.none = locOf(none);
          }
          // options we cannot see (a variable, a spread) may name the algorithms: unknown, not missing
          const optsKnown =
            !opts || isFunction(opts) || (opts.type === 'ObjectExpression' && opts.properties.every((p) => p.type === 'Property'));
          if (!algs && optsKnown && isSecretKey(call.arguments[1])) v.noAlgorithms = true;
        }
        facts.verifies.push(v);
      }
      // a hand-written decode: the payload part of `token.split('.')` given to a base64 decoder
      const addManual = (decoder: AstNode, tokenNode: AstNode): void => {
        facts.decodes.push({
          kind: 'base64',
          loc: locOf(decoder),
          token: textOf(tokenNode),
          used: resultUsed(decoder),
          ...sourceOf(tokenNode),
        });
      };
      for (const m of members) {
        if (m.type !== 'MemberExpression' || !isIndex1(m)) continue;
        const tokenNode = splitToken(m.object);
        const decoder = tokenNode && base64Decoder(m);
        if (tokenNode && decoder) addManual(decoder, tokenNode);
      }
      // …or held in a variable first
      for (const call of calls) {
        if (call.type !== 'CallExpression' || !isBase64Decoder(call)) continue;
        let arg: AstNode | undefined = call.arguments[0];
        // through string calls (`.replace(…)`), a default (`body ?? ''`) and TS wrappers
        for (let i = 0; arg && i < 8; i++) {
          const e: AstNode = unwrapExpression(arg);
          if (e.type === 'CallExpression' && e.callee.type === 'MemberExpression') arg = e.callee.object;
          else if (e.type === 'LogicalExpression') arg = e.left;
          else if (e.type === 'ChainExpression') arg = e.expression;
          else {
            arg = e;
            break;
          }
        }
        const tokenNode = arg?.type === 'Identifier' ? parts.get(arg.name) : undefined;
        if (tokenNode) addManual(call, tokenNode);
      }
      return facts.decodes.length || facts.verifies.length ? facts : undefined;

      function isSecretKey(key: AstNode | undefined): boolean {
        if (!key || key.type === 'SpreadElement') return false;
        const k = unwrapExpression(key);
        if (staticString(k) !== undefined || k.type === 'TemplateLiteral') return true;
        if (isEnvRead(k)) return true;
        if (k.type === 'Identifier') {
          const init = decls.get(k.name);
          return !!init && init !== key && (staticString(init) !== undefined || isEnvRead(unwrapExpression(init)));
        }
        return false;
      }

      /** `event.headers.authorization` when the token is read from the event (directly or through one variable). */
      function sourceOf(token: AstNode): { source?: string } {
        let n: AstNode | undefined = token;
        if (n.type === 'Identifier') n = decls.get(n.name);
        for (let i = 0; n && i < 12; i++) {
          const e: AstNode = unwrapExpression(n);
          const chain = eventChain(e);
          if (chain) return { source: chain };
          if (e.type === 'MemberExpression') n = e.object;
          else if (e.type === 'CallExpression') n = e.callee.type === 'MemberExpression' ? e.callee.object : e.arguments[0];
          else if (e.type === 'LogicalExpression' || e.type === 'BinaryExpression') n = e.left;
          else if (e.type === 'ChainExpression') n = e.expression;
          else n = undefined;
        }
        return {};
      }

      function eventChain(e: AstNode): string | undefined {
        const names: string[] = [];
        let cur: AstNode = e.type === 'ChainExpression' ? e.expression : e;
        while (cur.type === 'MemberExpression') {
          const name = memberName(cur);
          if (name === undefined) return undefined;
          names.unshift(name);
          cur = cur.object;
        }
        if (cur.type !== 'Identifier' || !EVENT_ROOTS.has(cur.name) || names.length < 2) return undefined;
        return cur.name + names.map((n) => (/^[A-Za-z_$][\w$]*$/.test(n) ? `.${n}` : `['${n}']`)).join('');
      }
    },
  };
}

function isEnvRead(n: AstNode): boolean {
  return (
    n.type === 'MemberExpression' &&
    n.object.type === 'MemberExpression' &&
    n.object.object.type === 'Identifier' &&
    n.object.object.name === 'process' &&
    memberName(n.object) === 'env'
  );
}

function propertyOf(obj: AstNode, key: string): AstNode | undefined {
  if (obj.type !== 'ObjectExpression') return undefined;
  for (const p of obj.properties) if (p.type === 'Property' && propertyKeyName(p.key, p.computed) === key) return p.value;
  return undefined;
}

/** `m` is `x[1]`. */
function isIndex1(m: AstNode): boolean {
  return m.type === 'MemberExpression' && m.computed && m.property.type === 'Literal' && m.property.value === 1;
}

/** The token of `token.split('.')`. */
function splitToken(n: AstNode): AstNode | undefined {
  if (n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression' || memberName(n.callee) !== 'split') return undefined;
  return staticString(n.arguments[0]) === '.' ? n.callee.object : undefined;
}

function isBase64Decoder(call: AstNode): boolean {
  if (call.type !== 'CallExpression') return false;
  const c = call.callee;
  if (c.type === 'Identifier') return c.name === 'atob';
  if (c.type !== 'MemberExpression' || c.object.type !== 'Identifier' || c.object.name !== 'Buffer' || memberName(c) !== 'from')
    return false;
  const enc = staticString(call.arguments[1]);
  return enc === 'base64' || enc === 'base64url';
}

/** `Buffer.from(x, 'base64')`/`atob(x)` that `part` reaches through string calls (`.replace(…)`). */
function base64Decoder(part: AstNode): AstNode | undefined {
  let cur: AstNode = part;
  for (let i = 0; i < 6; i++) {
    const up: AstNode | undefined = cur.parent;
    if (!up) return undefined;
    if (up.type === 'CallExpression' && up.arguments[0] === cur) return isBase64Decoder(up) ? up : undefined;
    // `token.split('.')[1].replace(/-/g, '+')`
    if (up.type === 'MemberExpression' && up.object === cur && up.parent?.type === 'CallExpression' && up.parent.callee === up) {
      cur = up.parent;
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** False for a call whose value is dropped (`decode(t);`). */
function resultUsed(call: AstNode): boolean {
  let cur: AstNode = call;
  while (cur.parent && (cur.parent.type === 'AwaitExpression' || cur.parent.type === 'ChainExpression')) cur = cur.parent;
  return cur.parent?.type !== 'ExpressionStatement';
}

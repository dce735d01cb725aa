import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  isFunction,
  memberName,
  requireSpecifier,
  staticString,
  unwrapExpression,
  type AstNode,
  type FunctionNode,
} from '../../code/ast.js';
import { findExport } from '../../code/exports.js';
import { literalNode, objectNode } from '../../code/literal.js';
import { nodeLoc, parseSource, walk } from '../../code/parse.js';

import type { Loc, MapEntry, MapNode } from '../../core/types.js';
import type { EventCategory, SourceFile } from '../../model/types.js';

/**
 * Functions registered in code: Firebase Functions v1 (`functions.https.onRequest(fn)`,
 * `functions.region('eu').runWith({ … }).firestore.document('x').onWrite(fn)`), v2 (`onRequest({ … },
 * fn)`, `onDocumentWritten('x', fn)`, `onSchedule('every 5 minutes', fn)`, `setGlobalOptions({ … })`)
 * and the Functions Framework (`functions.http('name', fn)`, `functions.cloudEvent('name', fn)`).
 * Firebase deploys each export of the codebase's main module; the framework registers by name.
 */

/** A function found in code, with its trigger and the options written for it. */
export interface Registration {
  /** the deployed name: the export name (Firebase), the registered name (Functions Framework) */
  name: string;
  /** the file of the registration call */
  file: string;
  /** the name the call is exported under in `file` (absent for a Functions Framework registration) */
  exportName?: string;
  category: EventCategory;
  /** e.g. `https.onRequest`, `onCall`, `firestore.document.onWrite`, `functions.http` */
  raw: string;
  callable: boolean;
  generation?: 1 | 2;
  /** the options written for this function (`runWith`, the options argument); `region` as a list */
  options: MapNode;
  /** the callee's last name: the place of the function in code */
  loc: Loc;
  handler: FunctionNode | null;
  /** the handler's name when it is an identifier (a function declared elsewhere, an express app) */
  handlerName?: string;
  /** the handler argument: the identifier, or the function written inline */
  handlerLoc?: Loc;
  /** where the handler authenticates its caller, when seen */
  authCheck?: Loc;
}

/** `setGlobalOptions({ … })` calls of a file (2nd generation defaults for the whole codebase). */
export interface CodeScan {
  registrations: Registration[];
  globalOptions: MapNode[];
}

type Binding = { module: string; path: string[] };

const FIREBASE = /^firebase-functions(\/|$)/;
const FRAMEWORK = '@google-cloud/functions-framework';

/** Trigger namespaces by category. */
const NAMESPACES: Record<string, EventCategory> = {
  https: 'http',
  firestore: 'stream',
  database: 'stream',
  storage: 'storage',
  pubsub: 'pubsub',
  scheduler: 'schedule',
  auth: 'auth',
  identity: 'auth',
  tasks: 'queue',
  eventarc: 'other',
  alerts: 'other',
  remoteConfig: 'other',
  testLab: 'other',
  analytics: 'other',
  dataconnect: 'other',
};

/** Names of v2 triggers imported on their own (`import { onDocumentWritten } from 'firebase-functions/v2/firestore'`). */
const V2_TRIGGERS: [RegExp, string][] = [
  [/^on(Request|Call|CallGenkit)$/, 'https'],
  [/^onDocument/, 'firestore'],
  [/^onValue/, 'database'],
  [/^onObject/, 'storage'],
  [/^onMessagePublished$/, 'pubsub'],
  [/^onSchedule$/, 'scheduler'],
  [/^before(User|Email|Sms)/, 'identity'],
  [/^onTaskDispatched$/, 'tasks'],
  [/^onCustomEventPublished$/, 'eventarc'],
];
const V1_TRIGGER_NAMES = /^on(Write|Create|Update|Delete|Run|Publish|Finalize|Archive|MetadataUpdate|Dispatch|Event|Log|Complete)$/;

/** The local names bound to firebase-functions modules and the Functions Framework in a file. */
function bindings(ast: TSESTree.Program): Map<string, Binding> {
  const out = new Map<string, Binding>();
  const known = (m: string) => FIREBASE.test(m) || m === FRAMEWORK;
  for (const st of ast.body) {
    if (st.type === 'ImportDeclaration' && known(st.source.value) && st.importKind !== 'type')
      for (const s of st.specifiers) {
        if (s.type === 'ImportSpecifier') {
          const imported = s.imported.type === 'Identifier' ? s.imported.name : s.imported.value;
          out.set(s.local.name, { module: st.source.value, path: [imported] });
        } else out.set(s.local.name, { module: st.source.value, path: [] });
      }
    if (st.type !== 'VariableDeclaration') continue;
    for (const d of st.declarations) {
      if (!d.init) continue;
      let init = unwrapExpression(d.init);
      const suffix: string[] = [];
      // `const https = require('firebase-functions/v2').https`
      if (init.type === 'MemberExpression' && !init.computed && init.property.type === 'Identifier') {
        suffix.push(init.property.name);
        init = unwrapExpression(init.object);
      }
      const spec = requireSpecifier(init);
      if (spec === undefined || !known(spec)) continue;
      if (d.id.type === 'Identifier') out.set(d.id.name, { module: spec, path: suffix });
      else if (d.id.type === 'ObjectPattern')
        for (const p of d.id.properties)
          if (p.type === 'Property' && p.key.type === 'Identifier' && p.value.type === 'Identifier')
            out.set(p.value.name, { module: spec, path: [...suffix, p.key.name] });
    }
  }
  return out;
}

interface Segment {
  name: string;
  args?: TSESTree.CallExpressionArgument[];
  node: AstNode;
}

/** `a.b(x).c.d(y)` as its root identifier and named segments with their call arguments. */
function chainOf(n: AstNode, depth = 0): { root: string; segs: Segment[]; rootArgs?: TSESTree.CallExpressionArgument[] } | undefined {
  const v = unwrapExpression(n);
  if (depth > 12) return undefined;
  if (v.type === 'Identifier') return { root: v.name, segs: [] };
  if (v.type === 'MemberExpression') {
    const name = memberName(v);
    const inner = chainOf(v.object, depth + 1);
    if (!inner || name === undefined) return undefined;
    inner.segs.push({ name, node: v.property });
    return inner;
  }
  if (v.type === 'CallExpression') {
    const inner = chainOf(v.callee, depth + 1);
    if (!inner) return undefined;
    const last = inner.segs[inner.segs.length - 1];
    if (last) last.args = v.arguments;
    else inner.rootArgs = v.arguments;
    return inner;
  }
  return undefined;
}

/** The trigger namespace a module path itself names: `firebase-functions/v2/https` → `https`. */
function moduleNamespace(module: string): string[] {
  const rest = module.replace(FIREBASE, '').replace(/^v[12]\/?/, '');
  return rest ? rest.split('/') : [];
}

function generationOfModule(module: string): 1 | 2 | undefined {
  if (/^firebase-functions\/v2(\/|$)/.test(module)) return 2;
  if (/^firebase-functions\/v1(\/|$)/.test(module)) return 1;
  // firebase-functions 6 moved the 2nd generation API to the package's root and its namespaces
  if (/^firebase-functions\/(https|firestore|storage|scheduler|pubsub|identity|tasks|database|options|params)$/.test(module)) return 2;
  return undefined;
}

/** Top-level `const opts = { … }` of a file, for options passed by name. */
function topLevelObject(ast: TSESTree.Program, name: string): TSESTree.ObjectExpression | undefined {
  for (const st of ast.body) {
    const decl = st.type === 'ExportNamedDeclaration' && st.declaration ? st.declaration : st;
    if (decl.type !== 'VariableDeclaration') continue;
    for (const d of decl.declarations)
      if (d.id.type === 'Identifier' && d.id.name === name && d.init && unwrapExpression(d.init).type === 'ObjectExpression')
        return unwrapExpression(d.init) as TSESTree.ObjectExpression;
  }
  return undefined;
}

function asObject(ast: TSESTree.Program, n: AstNode | undefined): TSESTree.ObjectExpression | undefined {
  if (!n || n.type === 'SpreadElement') return undefined;
  const v = unwrapExpression(n);
  if (v.type === 'ObjectExpression') return v;
  if (v.type === 'Identifier') return topLevelObject(ast, v.name);
  return undefined;
}

function localFunction(ast: TSESTree.Program, name: string): FunctionNode | null {
  for (const st of ast.body) {
    const decl = (st.type === 'ExportNamedDeclaration' || st.type === 'ExportDefaultDeclaration') && st.declaration ? st.declaration : st;
    if (decl.type === 'FunctionDeclaration' && decl.id?.name === name) return decl;
    if (decl.type === 'VariableDeclaration')
      for (const d of decl.declarations)
        if (d.id.type === 'Identifier' && d.id.name === name && d.init && isFunction(unwrapExpression(d.init)))
          return unwrapExpression(d.init) as FunctionNode;
  }
  return null;
}

/** A registration call as what it deploys, or undefined when the call is none. */
export function classifyCall(
  sf: SourceFile,
  call: AstNode,
  binds: Map<string, Binding>,
  sdkMajor: number | undefined,
): Omit<Registration, 'name' | 'file'> | undefined {
  const v = unwrapExpression(call);
  if (v.type !== 'CallExpression') return undefined;
  const chain = chainOf(v);
  if (!chain) return undefined;
  const bind = binds.get(chain.root);
  if (!bind) return undefined;
  const file = sf.path;
  const names = [...moduleNamespace(bind.module), ...bind.path, ...chain.segs.map((s) => s.name)];
  const last = names[names.length - 1];
  if (!last) return undefined;
  const args = v.arguments;
  const handlerArg = args[args.length - 1];
  const handlerNode = handlerArg && handlerArg.type !== 'SpreadElement' ? unwrapExpression(handlerArg) : undefined;
  let handler: FunctionNode | null = handlerNode && isFunction(handlerNode) ? handlerNode : null;
  const handlerName = handlerNode?.type === 'Identifier' ? handlerNode.name : undefined;
  if (!handler && handlerName) handler = localFunction(sf.ast, handlerName);
  const calleeNode = chain.segs.length ? chain.segs[chain.segs.length - 1]!.node : unwrapExpression(v.callee);
  const loc = nodeLoc(file, calleeNode);
  if (bind.module === FRAMEWORK) {
    if (last !== 'http' && last !== 'cloudEvent') return undefined;
    const second = args[1] && args[1].type !== 'SpreadElement' ? unwrapExpression(args[1]) : undefined;
    const fnNode = second && isFunction(second) ? second : second?.type === 'Identifier' ? localFunction(sf.ast, second.name) : null;
    const check = last === 'http' ? authCheckOf(sf, fnNode, false, undefined) : undefined;
    return {
      category: last === 'http' ? 'http' : 'other',
      raw: `functions.${last}`,
      callable: false,
      options: { kind: 'map', entries: [], loc },
      loc,
      handler: fnNode,
      ...(second?.type === 'Identifier' ? { handlerName: second.name } : {}),
      ...(second && (second.type === 'Identifier' || isFunction(second)) ? { handlerLoc: nodeLoc(file, second) } : {}),
      ...(check ? { authCheck: check } : {}),
    };
  }
  // the namespace is the first known trigger namespace of the path, or the one a v2 name implies
  const triggerNames = names.filter((n) => n !== 'region' && n !== 'runWith' && n !== 'v1' && n !== 'v2');
  let ns = triggerNames.find((n) => Object.hasOwn(NAMESPACES, n));
  if (!ns) ns = V2_TRIGGERS.find(([re]) => re.test(last))?.[1];
  if (!ns || !/^(on|before)[A-Z]/.test(last)) return undefined;
  const category = ns === 'pubsub' && names.includes('schedule') ? 'schedule' : NAMESPACES[ns]!;
  // options: `runWith({ … })` and `region(…)` of a v1 chain, the options argument of a v2 trigger
  const entries: MapEntry[] = [];
  let optionsLoc: Loc = loc;
  for (const s of chain.segs) {
    if (s.name === 'runWith' && s.args) {
      const o = asObject(sf.ast, s.args[0]);
      if (o) {
        const m = objectNode(file, o);
        entries.push(...m.entries);
        optionsLoc = m.loc;
      }
    }
    if (s.name === 'region' && s.args?.length)
      entries.push({
        key: 'region',
        keyLoc: nodeLoc(file, s.node),
        value: {
          kind: 'seq',
          items: s.args.flatMap((a) => (a.type === 'SpreadElement' ? [] : [literalNode(file, unwrapExpression(a))])),
          loc: nodeLoc(file, s.node),
        },
      });
  }
  const v1Chain = chain.segs.some((s) => s.name === 'runWith' || s.name === 'region') || V1_TRIGGER_NAMES.test(last);
  if (args.length >= 2) {
    const o = asObject(sf.ast, args[0]);
    if (o) {
      const m = objectNode(file, o);
      entries.push(...m.entries);
      optionsLoc = m.loc;
    } else if (args[0] && args[0].type !== 'SpreadElement') {
      // `onDocumentWritten('users/{id}', fn)`, `onSchedule('every 5 minutes', fn)`
      const key = ns === 'scheduler' ? 'schedule' : ns === 'firestore' ? 'document' : ns === 'storage' ? 'bucket' : 'target';
      entries.push({ key, keyLoc: nodeLoc(file, args[0]), value: literalNode(file, unwrapExpression(args[0])) });
    }
  }
  let generation = generationOfModule(bind.module);
  if (generation === undefined) {
    if (v1Chain) generation = 1;
    else if (V2_TRIGGERS.some(([re]) => re.test(last)) && !/^on(Request|Call)$/.test(last)) generation = 2;
    else if (args.length >= 2) generation = 2;
    else if (sdkMajor !== undefined) generation = sdkMajor >= 6 ? 2 : 1;
  }
  const callable = ns === 'https' && /^onCall/.test(last);
  const reg: Omit<Registration, 'name' | 'file'> = {
    category,
    raw: triggerNames.join('.'),
    callable,
    ...(generation ? { generation } : {}),
    options: { kind: 'map', entries, loc: optionsLoc },
    loc,
    handler,
    ...(handlerName ? { handlerName } : {}),
    ...(handlerNode && (handlerName || isFunction(handlerNode)) ? { handlerLoc: nodeLoc(file, handlerNode) } : {}),
  };
  const check = category === 'http' ? authCheckOf(sf, handler, callable, generation) : undefined;
  if (check) reg.authCheck = check;
  return reg;
}

/** Calls that verify a Firebase ID token or session cookie (the Admin SDK), by method name. */
const VERIFY_CALLS = new Set(['verifyIdToken', 'verifySessionCookie']);

/**
 * Where a handler authenticates its caller: a callable reading `request.auth` (2nd gen) or
 * `context.auth` (1st gen), or passing the request on whole (to a helper that may check it); any
 * handler calling `verifyIdToken`/`verifySessionCookie` (for a handler that is not a function of the
 * file, such as an express app, anywhere in the file: its middleware).
 */
function authCheckOf(sf: SourceFile, handler: FunctionNode | null, callable: boolean, generation: 1 | 2 | undefined): Loc | undefined {
  let found: Loc | undefined;
  // an inline handler (or a function of the file) is read alone; an app or a function from elsewhere: the whole file
  walk(handler ?? sf.ast, (n) => {
    if (found) return false;
    if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && VERIFY_CALLS.has(memberName(n.callee) ?? '')) {
      found = nodeLoc(sf.path, n.callee.property);
      return false;
    }
    return undefined;
  });
  if (found || !callable || !handler) return found;
  // the parameter that carries the caller's identity: v2 `(request)`, v1 `(data, context)`
  const params = handler.params;
  const candidates = generation === 1 ? [params[1]] : generation === 2 ? [params[0]] : [params[0], params[1]];
  const names = new Set(candidates.flatMap((p) => (p?.type === 'Identifier' ? [p.name] : [])));
  for (const p of candidates)
    if (p?.type === 'ObjectPattern')
      for (const prop of p.properties)
        if (prop.type === 'Property' && prop.key.type === 'Identifier' && prop.key.name === 'auth') return nodeLoc(sf.path, prop.key);
  walk(handler.body, (n) => {
    if (found) return false;
    if (n.type === 'MemberExpression' && n.object.type === 'Identifier' && names.has(n.object.name) && memberName(n) === 'auth') {
      found = nodeLoc(sf.path, n.property);
      return false;
    }
    if (n.type === 'CallExpression' && n.arguments.some((a) => a.type === 'Identifier' && names.has(a.name))) {
      found = nodeLoc(sf.path, n);
      return false;
    }
    return undefined;
  });
  return found;
}

/** The names a file exports (ESM and CommonJS), in order of appearance. */
export function exportNames(ast: TSESTree.Program): string[] {
  const out: string[] = [];
  const add = (n: string | undefined) => {
    if (n !== undefined && !out.includes(n)) out.push(n);
  };
  for (const st of ast.body) {
    if (st.type === 'ExportNamedDeclaration' && st.exportKind !== 'type') {
      const d = st.declaration;
      if (d?.type === 'VariableDeclaration') for (const x of d.declarations) add(x.id.type === 'Identifier' ? x.id.name : undefined);
      else if (d?.type === 'FunctionDeclaration') add(d.id?.name);
      for (const s of st.specifiers) add(s.exported.type === 'Identifier' ? s.exported.name : staticString(s.exported));
    }
    if (st.type === 'ExportDefaultDeclaration') add('default');
    if (st.type !== 'ExpressionStatement' || st.expression.type !== 'AssignmentExpression') continue;
    const left = st.expression.left;
    if (left.type !== 'MemberExpression') continue;
    const obj = left.object;
    const isExports =
      (obj.type === 'Identifier' && obj.name === 'exports') ||
      (obj.type === 'MemberExpression' &&
        obj.object.type === 'Identifier' &&
        obj.object.name === 'module' &&
        memberName(obj) === 'exports');
    if (isExports) add(memberName(left));
    else if (obj.type === 'Identifier' && obj.name === 'module' && memberName(left) === 'exports') {
      const right = unwrapExpression(st.expression.right);
      if (right.type === 'ObjectExpression')
        for (const p of right.properties)
          if (p.type === 'Property') add(p.key.type === 'Identifier' ? p.key.name : staticString(p.key));
          else add('default');
    }
  }
  return out;
}

/** Reads and parses a project file (null when missing or not parseable: the code layer reports it). */
export type Load = (file: string) => SourceFile | null;
export type Resolve = (from: string, spec: string) => string | undefined;

/**
 * Every function a Firebase codebase deploys: the exports of its main module that are registrations,
 * followed through re-exports (`export * from './api'`, `export { x } from`, `exports.x =
 * require('./x')`), and the Functions Framework registrations and `setGlobalOptions` of the files seen.
 */
export function scanCodebase(main: string, load: Load, resolve: Resolve, sdkMajor: number | undefined): CodeScan {
  const scan: CodeScan = { registrations: [], globalOptions: [] };
  const seenFiles = new Set<string>();
  const visitFile = (sf: SourceFile) => {
    if (seenFiles.has(sf.path)) return;
    seenFiles.add(sf.path);
    const binds = bindings(sf.ast);
    if (!binds.size) return;
    walk(sf.ast, (n) => {
      if (n.type !== 'CallExpression') return;
      const chain = chainOf(n.callee);
      const bind = chain && binds.get(chain.root);
      if (!chain || !bind) return;
      const names = [...bind.path, ...chain.segs.map((s) => s.name)];
      if (names[names.length - 1] === 'setGlobalOptions') {
        const o = asObject(sf.ast, n.arguments[0]);
        if (o) scan.globalOptions.push(objectNode(sf.path, o));
      }
      if (bind.module === FRAMEWORK) {
        const name = staticString(n.arguments[0]);
        const reg = name !== undefined ? classifyCall(sf, n, binds, sdkMajor) : undefined;
        if (reg && name !== undefined) scan.registrations.push({ ...reg, name, file: sf.path, loc: nodeLoc(sf.path, n.arguments[0]!) });
      }
    });
  };
  const seen = new Set<string>();
  const exportsOf = (file: string, only: string | undefined, as: string | undefined, depth: number) => {
    const key = `${file}\u0000${only ?? '*'}\u0000${as ?? ''}`;
    if (depth > 6 || seen.has(key)) return;
    seen.add(key);
    const sf = load(file);
    if (!sf) return;
    visitFile(sf);
    const binds = bindings(sf.ast);
    for (const name of only !== undefined ? [only] : exportNames(sf.ast)) {
      const found = findExport(sf, name);
      const shown = as ?? name;
      if (!found) continue;
      const node = unwrapExpression(found.node);
      if (node.type === 'CallExpression') {
        const reg = classifyCall(sf, node, binds, sdkMajor);
        if (reg) {
          scan.registrations.push({ ...reg, name: shown, file: sf.path, exportName: name });
          continue;
        }
        // `exports.api = require('./api')`, `exports.api = require('./api').api`
        const spec = requireSpecifier(node);
        const target = spec !== undefined ? resolve(sf.path, spec) : undefined;
        if (target) exportsOf(target, 'default', shown, depth + 1);
        continue;
      }
      if (node.type === 'MemberExpression') {
        const spec = requireSpecifier(unwrapExpression(node.object));
        const target = spec !== undefined ? resolve(sf.path, spec) : undefined;
        const prop = memberName(node);
        if (target && prop) exportsOf(target, prop, shown, depth + 1);
        continue;
      }
      if (node.type === 'ExportSpecifier' && node.parent?.type === 'ExportNamedDeclaration' && node.parent.source) {
        const target = resolve(sf.path, node.parent.source.value);
        const local = node.local.type === 'Identifier' ? node.local.name : staticString(node.local);
        if (target && local) exportsOf(target, local, shown, depth + 1);
      }
    }
    if (only === undefined || only !== 'default')
      for (const st of sf.ast.body) {
        if (st.type !== 'ExportAllDeclaration' || st.exportKind === 'type') continue;
        const target = resolve(sf.path, st.source.value);
        if (target && !st.exported) exportsOf(target, only, as, depth + 1);
      }
  };
  exportsOf(main, undefined, undefined, 0);
  return scan;
}

/** Parses a file for the scan, through a cache. */
export function sourceLoader(read: (file: string) => string | null): Load {
  const cache = new Map<string, SourceFile | null>();
  return (file) => {
    if (cache.has(file)) return cache.get(file)!;
    const text = read(file);
    const parsed = text === null ? null : parseSource(file, text);
    const sf = parsed && 'file' in parsed ? parsed.file : null;
    cache.set(file, sf);
    return sf;
  };
}

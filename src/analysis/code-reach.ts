import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunction, isModuleExports, memberName, propertyKeyName, staticString, unwrapExpression, type AstNode } from '../code/ast.js';
import { walk } from '../code/parse.js';
import { reachableFiles } from '../code/reach.js';
import type { Fn, Project, SourceFile } from '../model/types.js';

/**
 * Call-level reachability: which code of the project files a function loads can run for it. A file
 * the handler imports runs its module-scope code for every function that loads it, but a function
 * declared in it runs only when something reached names it: handler A importing `getOrder` from
 * `lib/db.ts` does not reach `putOrder`, which handler B imports from the same file.
 *
 * The units of a file are its top-level statements: function and class declarations, variable
 * declarators and CommonJS export assignments (`exports.x = …`, `module.exports = { … }`) run when a
 * reached unit names them (by name, in the same file or through an import: `import { x }`,
 * `import * as m` + `m.x`, `require('./m').x`, destructured requires, re-exports); everything else
 * runs at load. A declarator whose value is not a function (`const handler = middy(base)`) runs its
 * value at load, but the functions inside it run only when the declarator is reached. Anything we
 * cannot follow (a module object handed around, a computed member, `require` or `import()` inside a
 * function, an export we do not find) reaches the whole target file: the answer errs towards
 * "reached", as the file-level view did.
 */

type Span = readonly [number, number];

interface Unit {
  span: Span;
  /** scanned when the unit is reached */
  node: AstNode;
  /** `load`: runs when the file loads; `lazy`: when named; `value`: its value at load, its functions when named */
  kind: 'load' | 'lazy' | 'value';
  /** for `value`: the functions inside the value (not run at load) */
  holes?: Span[];
}

interface ImportTarget {
  file: string;
  /** the export named, `default`, or `*` for the module object */
  name: string;
}

interface FileUnits {
  units: Unit[];
  /** top-level names → the unit declaring them */
  locals: Map<string, Unit>;
  /** names imported from project files */
  imports: Map<string, ImportTarget>;
  /** export name → a local name, a unit, or another file's export */
  exports: Map<string, { local: string } | { unit: Unit } | { from: ImportTarget }>;
  /** files re-exported whole (`export * from './x'`) */
  stars: string[];
}

/** What of each loaded file one function can run. */
export interface FnReach {
  /** the project files the function loads (its handler file and what it imports), sorted by path */
  files: SourceFile[];
  /** Can code at this offset of the file run for the function? */
  reaches(file: string, offset: number): boolean;
}

export class CodeReach {
  private readonly byPath: Map<string, SourceFile>;
  private readonly units = new Map<string, FileUnits>();
  private readonly perFn = new Map<Fn, FnReach>();
  private readonly perInvocation = new Map<Fn, FnReach>();

  constructor(private readonly project: Project) {
    this.byPath = new Map(project.sourceFiles.map((f) => [f.path, f]));
  }

  of(fn: Fn): FnReach {
    let r = this.perFn.get(fn);
    if (!r) this.perFn.set(fn, (r = this.compute(fn, false)));
    return r;
  }

  /**
   * The code that runs on every invocation of the function, not at load: the handler and the
   * functions it names, followed through files as `of` does, but without the module-scope code of
   * the files loaded; a variable's value is evaluated at load, so naming it reaches only the
   * functions inside it (`const c = makeClient()` read by the handler does not run `makeClient`
   * again). A handler that is a value (`middy(base)`) is run whole.
   */
  invoked(fn: Fn): FnReach {
    let r = this.perInvocation.get(fn);
    if (!r) this.perInvocation.set(fn, (r = this.compute(fn, true)));
    return r;
  }

  private fileUnits(sf: SourceFile): FileUnits {
    let u = this.units.get(sf.path);
    if (!u) this.units.set(sf.path, (u = buildUnits(sf)));
    return u;
  }

  /** The unit of the file declaring its export `name` itself (not re-exported), if any. */
  private exportUnit(sf: SourceFile, name: string): Unit | undefined {
    const fu = this.fileUnits(sf);
    const e = fu.exports.get(name);
    if (e && 'unit' in e) return e.unit;
    if (e && 'local' in e) return fu.locals.get(e.local);
    return undefined;
  }

  /** A CommonJS file imported as a default (`import m from './m.cjs'`): the default is its exports object. */
  private cjsObject(path: string): boolean {
    const sf = this.byPath.get(path);
    return !!sf && !this.fileUnits(sf).exports.has('default') && this.fileUnits(sf).exports.size > 0;
  }

  private compute(fn: Fn, invocation: boolean): FnReach {
    const files = reachableFiles(this.project, fn);
    const loaded = new Set(files.map((f) => f.path));
    const whole = new Set<string>();
    const reached = new Set<Unit>();
    const queue: { file: SourceFile; node: AstNode; shallow: boolean }[] = [];
    /** per invocation: the spans of code run on a call, by file */
    const run = new Map<string, Span[]>();
    const runs = (file: SourceFile, n: AstNode) => {
      const list = run.get(file.path);
      if (list) list.push(span(n));
      else run.set(file.path, [span(n)]);
      queue.push({ file, node: n, shallow: false });
    };

    const reachUnit = (file: SourceFile, u: Unit) => {
      if (reached.has(u)) return;
      reached.add(u);
      if (!invocation) queue.push({ file, node: u.node, shallow: false });
      else if (u.kind === 'lazy') runs(file, u.node);
      // a value ran at load: only the functions inside it run on a call
      else if (u.kind === 'value') for (const f of functionNodes(u.node)) runs(file, f);
    };
    const reachWhole = (path: string) => {
      const sf = this.byPath.get(path);
      if (!sf || whole.has(path)) return;
      whole.add(path);
      for (const u of this.fileUnits(sf).units) reachUnit(sf, u);
    };
    const reachExport = (path: string, name: string, seen = new Set<string>()) => {
      const sf = this.byPath.get(path);
      if (!sf || seen.has(path) || whole.has(path)) return;
      seen.add(path);
      if (name === '*') return reachWhole(path);
      const fu = this.fileUnits(sf);
      const e = fu.exports.get(name);
      if (e && 'local' in e) {
        const local = fu.locals.get(e.local);
        if (local) reachUnit(sf, local);
        else {
          const imp = fu.imports.get(e.local);
          if (imp) reachExport(imp.file, imp.name, seen);
          else reachWhole(path);
        }
      } else if (e && 'unit' in e) reachUnit(sf, e.unit);
      else if (e) reachExport(e.from.file, e.from.name, seen);
      else if (fu.stars.length && name !== 'default') for (const s of fu.stars) reachExport(s, name, seen);
      else reachWhole(path);
    };
    const byName = (file: SourceFile, name: string, parent: AstNode | undefined, node: AstNode) => {
      const fu = this.fileUnits(file);
      const local = fu.locals.get(name);
      if (local) return reachUnit(file, local);
      const imp = fu.imports.get(name);
      if (!imp) return;
      if (imp.name !== '*' && !(imp.name === 'default' && this.cjsObject(imp.file))) return reachExport(imp.file, imp.name);
      // the module object: `m.x` names export x; anything else hands the whole module on
      const prop = parent?.type === 'MemberExpression' && parent.object === node ? memberName(parent) : undefined;
      if (prop !== undefined) reachExport(imp.file, prop);
      else reachWhole(imp.file);
    };

    // module-scope code of every loaded file runs at load
    if (!invocation)
      for (const sf of files)
        for (const u of this.fileUnits(sf).units)
          if (u.kind === 'load') reachUnit(sf, u);
          else if (u.kind === 'value') queue.push({ file: sf, node: u.node, shallow: true });
    // the handlers
    for (const sf of files) {
      if (!sf.handlerOf.includes(fn)) continue;
      const name = fn.entry?.file === sf.path ? fn.entry.exportName : undefined;
      const handler = invocation && name ? this.exportUnit(sf, name) : undefined;
      if (handler) {
        reached.add(handler);
        runs(sf, handler.node);
      } else if (name) reachExport(sf.path, name);
      else reachWhole(sf.path);
    }

    while (queue.length) {
      const { file, node, shallow } = queue.pop()!;
      walk(node, (n, parent) => {
        // at load, a function inside a value does not run (unless called right there: an IIFE)
        if (shallow && n !== node && isFunction(n) && !(parent?.type === 'CallExpression' && parent.callee === n)) return false;
        if (n.type === 'Identifier') {
          if (isReference(n, parent) && !(shallow && parent?.type === 'CallExpression' && parent.arguments.includes(n)))
            byName(file, n.name, parent, n);
        } else if (n.type === 'JSXIdentifier') byName(file, n.name, parent, n);
        else if (n.type === 'ImportExpression' || (n.type === 'CallExpression' && isRequire(n) && !isTopRequire(file, n))) {
          // a require or import() inside code: the module is reached whole
          const spec = staticString(n.type === 'ImportExpression' ? n.source : n.arguments[0]);
          const target = spec === undefined ? undefined : resolvedImport(file, spec);
          if (target) reachWhole(target);
        }
        return undefined;
      });
    }

    if (invocation)
      return {
        files,
        reaches: (path, offset) => loaded.has(path) && (run.get(path) ?? []).some((s) => offset >= s[0] && offset < s[1]),
      };
    return {
      files,
      reaches: (path, offset) => {
        if (!loaded.has(path)) return false;
        if (whole.has(path)) return true;
        const sf = this.byPath.get(path);
        if (!sf) return false;
        const u = this.fileUnits(sf).units.find((x) => offset >= x.span[0] && offset < x.span[1]);
        if (!u || u.kind === 'load' || reached.has(u)) return true;
        if (u.kind === 'value') return !u.holes!.some((h) => offset >= h[0] && offset < h[1]);
        return false;
      },
    };
  }
}

/** The functions inside a node that do not run when it is evaluated (see `functionsIn`). */
function functionNodes(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  walk(node, (n, parent) => {
    if (n !== node && isFunction(n)) {
      if (parent?.type === 'CallExpression' && parent.callee === n) return undefined;
      out.push(n);
      return false;
    }
    return undefined;
  });
  return out;
}

/** An identifier read as a value (not a property name, a key, a label or a declared name). */
function isReference(n: TSESTree.Identifier, parent: AstNode | undefined): boolean {
  if (!parent) return true;
  if (isFunction(parent) && (parent.id === n || parent.params.includes(n))) return false;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === n;
    case 'ClassDeclaration':
    case 'ClassExpression':
      return parent.id !== n;
    case 'MemberExpression':
      return parent.object === n || parent.computed;
    case 'Property':
      return parent.value === n || (parent.computed && parent.key === n);
    case 'PropertyDefinition':
    case 'MethodDefinition':
    case 'TSPropertySignature':
      return parent.computed && parent.key === n;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ExportSpecifier':
      return false;
    default:
      return true;
  }
}

function isRequire(n: TSESTree.CallExpression): boolean {
  return n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments.length === 1;
}

/** A require that is the whole value of a top-level declarator (bound as an import). */
function isTopRequire(file: SourceFile, n: TSESTree.CallExpression): boolean {
  let p: AstNode | undefined = n.parent;
  while (p && (p.type === 'MemberExpression' || p.type.startsWith('TS'))) p = p.parent;
  return !!p && p.type === 'VariableDeclarator' && p.parent?.parent === file.ast;
}

function resolvedImport(sf: SourceFile, spec: string): string | undefined {
  return sf.imports.find((i) => i.source === spec && i.resolved !== undefined && !i.typeOnly)?.resolved;
}

const span = (n: AstNode): Span => [n.range[0], n.range[1]];

/** The units of a file (see `CodeReach`). */
function buildUnits(sf: SourceFile): FileUnits {
  const fu: FileUnits = { units: [], locals: new Map(), imports: new Map(), exports: new Map(), stars: [] };
  const add = (node: AstNode, kind: Unit['kind'], at: AstNode = node): Unit => {
    const u: Unit = { span: span(at), node, kind };
    if (kind === 'value') u.holes = functionsIn(node);
    fu.units.push(u);
    return u;
  };
  const declare = (d: AstNode, exported: boolean): void => {
    if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) {
      const u = add(d, 'lazy');
      fu.locals.set(d.id.name, u);
      if (exported) fu.exports.set(d.id.name, { local: d.id.name });
      return;
    }
    if (d.type === 'VariableDeclaration') {
      for (const v of d.declarations) {
        if (!v.init) continue;
        const init = unwrapExpression(v.init);
        if (v.id.type === 'Identifier' || v.id.type === 'ObjectPattern') {
          if (requireTarget(sf, init, v.id)) continue;
        }
        const lazy = isFunction(init) || init.type === 'ClassExpression';
        const u = add(v, lazy ? 'lazy' : 'value');
        for (const name of boundNames(v.id)) {
          fu.locals.set(name, u);
          if (exported) fu.exports.set(name, { local: name });
        }
      }
      return;
    }
    add(d, 'load');
  };
  const requireTarget = (file: SourceFile, init: AstNode, id: TSESTree.Identifier | TSESTree.ObjectPattern): boolean => {
    let member: string | undefined;
    let call = init;
    if (call.type === 'MemberExpression') {
      member = memberName(call);
      call = unwrapExpression(call.object);
    }
    if (call.type !== 'CallExpression' || !isRequire(call)) return false;
    const spec = staticString(call.arguments[0]);
    const target = spec === undefined ? undefined : resolvedImport(file, spec);
    if (!target) return spec !== undefined; // a package: nothing of the project
    if (id.type === 'Identifier') fu.imports.set(id.name, { file: target, name: member ?? '*' });
    else
      for (const p of id.properties) {
        if (p.type !== 'Property') continue;
        const k = propertyKeyName(p.key, p.computed);
        const local = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
        if (k && local.type === 'Identifier')
          fu.imports.set(local.name, member ? { file: target, name: member } : { file: target, name: k });
      }
    return true;
  };

  for (const st of sf.ast.body) {
    switch (st.type) {
      case 'ImportDeclaration': {
        if (st.importKind === 'type') break;
        const target = resolvedImport(sf, String(st.source.value));
        if (!target) break;
        for (const s of st.specifiers) {
          if (s.type === 'ImportSpecifier') {
            if (s.importKind === 'type') continue;
            const name = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
            fu.imports.set(s.local.name, { file: target, name });
          } else if (s.type === 'ImportDefaultSpecifier') fu.imports.set(s.local.name, { file: target, name: 'default' });
          else fu.imports.set(s.local.name, { file: target, name: '*' });
        }
        break;
      }
      case 'ExportAllDeclaration': {
        const target = resolvedImport(sf, String(st.source.value));
        if (!target) break;
        if (st.exported) {
          const ex = st.exported as TSESTree.Identifier | TSESTree.StringLiteral;
          const name = ex.type === 'Identifier' ? ex.name : ex.value;
          fu.exports.set(name, { from: { file: target, name: '*' } });
        } else fu.stars.push(target);
        break;
      }
      case 'ExportNamedDeclaration': {
        if (st.exportKind === 'type') break;
        if (st.declaration) declare(st.declaration, true);
        const target = st.source ? resolvedImport(sf, String(st.source.value)) : undefined;
        for (const s of st.specifiers) {
          const exported = s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value);
          const local = s.local.type === 'Identifier' ? s.local.name : String(s.local.value);
          if (st.source) {
            if (target) fu.exports.set(exported, { from: { file: target, name: local } });
          } else fu.exports.set(exported, { local });
        }
        break;
      }
      case 'ExportDefaultDeclaration': {
        const d = st.declaration;
        if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) {
          declare(d, false);
          fu.exports.set('default', { local: d.id.name });
        } else if (d.type === 'Identifier') fu.exports.set('default', { local: d.name });
        else {
          const v = unwrapExpression(d as AstNode);
          fu.exports.set('default', { unit: add(st, isFunction(v) || v.type === 'ClassExpression' ? 'lazy' : 'value') });
        }
        break;
      }
      case 'ExpressionStatement': {
        if (!commonJsExports(st, fu, add)) add(st, 'load');
        break;
      }
      case 'TSTypeAliasDeclaration':
      case 'TSInterfaceDeclaration':
      case 'TSDeclareFunction':
        break;
      default:
        declare(st, false);
    }
  }
  return fu;
}

/** `exports.x = v`, `module.exports.x = v`, `module.exports = { a, b: v }`, `module.exports = v`: lazy units. */
function commonJsExports(
  st: TSESTree.ExpressionStatement,
  fu: FileUnits,
  add: (n: AstNode, k: Unit['kind'], at?: AstNode) => Unit,
): boolean {
  const e = st.expression;
  if (e.type !== 'AssignmentExpression' || e.operator !== '=' || e.left.type !== 'MemberExpression') return false;
  const right = unwrapExpression(e.right);
  const kindOf = (v: AstNode): Unit['kind'] =>
    isFunction(v) || v.type === 'ClassExpression' || v.type === 'Identifier' ? 'lazy' : 'value';
  if (isModuleExports(e.left)) {
    if (right.type === 'ObjectExpression') {
      for (const p of right.properties) {
        if (p.type !== 'Property') {
          add(p, 'load');
          continue;
        }
        const k = propertyKeyName(p.key, p.computed);
        const value = unwrapExpression(p.value as AstNode);
        if (k === undefined) add(p, 'load');
        else if (value.type === 'Identifier') fu.exports.set(k, { local: value.name });
        else fu.exports.set(k, { unit: add(p, kindOf(value)) });
      }
      return true;
    }
    if (right.type === 'Identifier') fu.exports.set('default', { local: right.name });
    else fu.exports.set('default', { unit: add(st, kindOf(right)) });
    return true;
  }
  const obj = e.left.object;
  const isExportsObject = (obj.type === 'Identifier' && obj.name === 'exports') || isModuleExports(obj);
  const name = memberName(e.left);
  if (!isExportsObject || name === undefined) return false;
  if (right.type === 'Identifier') fu.exports.set(name, { local: right.name });
  else fu.exports.set(name, { unit: add(st, kindOf(right)) });
  return true;
}

function boundNames(id: AstNode): string[] {
  if (id.type === 'Identifier') return [id.name];
  if (id.type === 'ObjectPattern')
    return id.properties.flatMap((p) => (p.type === 'RestElement' ? boundNames(p.argument) : boundNames(p.value)));
  if (id.type === 'ArrayPattern') return id.elements.flatMap((e) => (e ? boundNames(e) : []));
  if (id.type === 'AssignmentPattern') return boundNames(id.left);
  if (id.type === 'RestElement') return boundNames(id.argument);
  return [];
}

/** The functions inside a value that do not run when it is evaluated (an IIFE does). */
function functionsIn(node: AstNode): Span[] {
  const out: Span[] = [];
  walk(node, (n, parent) => {
    if (n !== node && isFunction(n)) {
      if (parent?.type === 'CallExpression' && parent.callee === n) return undefined;
      out.push(span(n));
      return false;
    }
    return undefined;
  });
  return out;
}

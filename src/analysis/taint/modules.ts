import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { findExport } from '../../code/exports.js';
import {
  isFunction,
  isModuleExports,
  memberName,
  propertyKeyName,
  staticString,
  unwrapExpression,
  type AstNode,
  type FunctionNode,
  requireSpecifier,
} from '../../code/ast.js';
import type { Project, SourceFile } from '../../model/types.js';
import { normaliseModule } from '../../knowledge/sinks.js';
import { CLIENT_FACTORIES } from '../../knowledge/sinks-input.js';
import { HTTP_ADAPTERS, ROUTE_METHODS } from '../../knowledge/sources.js';
import { walk } from '../../code/parse.js';
import { classMethodOf, classValue, instanceOf } from './classes.js';
export { requireSpecifier };
import { CLEAN, type AVal, type FnRef } from './values.js';

/**
 * What the names at the top of each project file are, for the taint analysis: functions, package
 * imports (`import { exec } from 'child_process'`, `const cp = require('node:child_process')`,
 * destructured requires, `promisify(exec)`), and imports of other project files, resolved through the
 * module graph to the exported function. Computed lazily, once per file and name.
 */

const MAX_FOLLOW = 6;

export class Modules {
  private readonly byPath = new Map<string, SourceFile>();
  private readonly scopes = new Map<SourceFile, Map<string, AstNode | 'pending' | AVal>>();
  private readonly packages = new Map<SourceFile, Set<string>>();
  private readonly exportsMemo = new Map<string, AVal>();
  private readonly around = new Map<SourceFile, Set<string>>();
  private importers: Map<SourceFile, Set<SourceFile>> | undefined;

  constructor(readonly project: Project) {
    for (const sf of project.sourceFiles) this.byPath.set(sf.path, sf);
  }

  file(path: string): SourceFile | undefined {
    return this.byPath.get(path);
  }

  /** The project file an import specifier of `sf` resolved to. */
  resolvedImport(sf: SourceFile, specifier: string): SourceFile | undefined {
    const imp = sf.imports.find((i) => i.source === specifier && i.resolved !== undefined);
    return imp ? this.byPath.get(imp.resolved!) : undefined;
  }

  /** Packages imported by the file or by any project file it imports (transitively), `node:` dropped. */
  packagesOf(sf: SourceFile): Set<string> {
    const memo = this.packages.get(sf);
    if (memo) return memo;
    const out = new Set<string>();
    const seen = new Set<SourceFile>();
    const stack = [sf];
    while (stack.length) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const imp of f.imports) {
        if (imp.typeOnly) continue;
        const target = imp.resolved !== undefined ? this.byPath.get(imp.resolved) : undefined;
        if (target) stack.push(target);
        else if (!imp.source.startsWith('.') && !imp.source.startsWith('/')) {
          const m = normaliseModule(imp.source);
          out.add(m);
          const scoped = m.startsWith('@') ? m.split('/').slice(0, 2).join('/') : m.split('/')[0]!;
          out.add(scoped);
        }
      }
    }
    this.packages.set(sf, out);
    return out;
  }

  /**
   * The packages a file's code can hold objects of: those it reaches through its imports, and those
   * of the project files that import it (a helper handed its client as a parameter by its caller).
   * Judged from the file's own neighbourhood, not from every file of the run, so what is found in a
   * file does not change with the other apps linted beside it.
   */
  packagesAround(sf: SourceFile): Set<string> {
    const memo = this.around.get(sf);
    if (memo) return memo;
    if (!this.importers) {
      this.importers = new Map();
      for (const f of this.project.sourceFiles)
        for (const imp of f.imports) {
          const target = !imp.typeOnly && imp.resolved !== undefined ? this.byPath.get(imp.resolved) : undefined;
          if (!target || target === f) continue;
          let set = this.importers.get(target);
          if (!set) this.importers.set(target, (set = new Set()));
          set.add(f);
        }
    }
    const out = new Set(this.packagesOf(sf));
    for (const f of this.importers.get(sf) ?? []) for (const p of this.packagesOf(f)) out.add(p);
    this.around.set(sf, out);
    return out;
  }

  /** The value of a top-level name of `sf`, or undefined when the file does not declare it. */
  scopeValue(sf: SourceFile, name: string): AVal | undefined {
    let scope = this.scopes.get(sf);
    if (!scope) this.scopes.set(sf, (scope = collectTopLevel(sf)));
    const entry = scope.get(name);
    if (entry === undefined) return undefined;
    if (entry === 'pending') return CLEAN; // a cycle of aliases
    if (!('type' in entry)) return entry;
    scope.set(name, 'pending');
    let value: AVal;
    try {
      value = this.valueOfDeclaration(sf, name, entry, 0);
    } catch (e) {
      scope.delete(name);
      throw e;
    }
    scope.set(name, value);
    return value;
  }

  /** The value a project file exports under `name` (functions, re-exports, `export * from`). */
  exportValue(sf: SourceFile, name: string, depth = 0): AVal {
    const key = `${sf.path}\u0000${name}`;
    const memo = this.exportsMemo.get(key);
    if (memo) return memo;
    this.exportsMemo.set(key, CLEAN);
    const v = this.computeExport(sf, name, depth);
    this.exportsMemo.set(key, v);
    return v;
  }

  private computeExport(sf: SourceFile, name: string, depth: number): AVal {
    if (depth > MAX_FOLLOW) return CLEAN;
    const found = findExport(sf, name);
    if (found?.fn) return { facts: [], fn: { node: found.fn, file: sf, env: null, name } };
    if (found) {
      const n = found.node;
      if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') return classValue({ node: n, file: sf });
      // a method of an instance of a class of the file (`lambda.handler.bind(lambda)`)
      const method = classMethodOf(sf, n);
      if (method) return { facts: [], fn: { node: method.value as FunctionNode, file: sf, env: null, name } };
      if (n.type === 'ExportSpecifier') {
        const decl = n.parent;
        const local = n.local.type === 'Identifier' ? n.local.name : staticString(n.local);
        if (local === undefined) return CLEAN;
        if (decl?.type === 'ExportNamedDeclaration' && decl.source) {
          const target = this.resolvedImport(sf, decl.source.value);
          return target ? this.exportValue(target, local, depth + 1) : CLEAN;
        }
        return this.scopeValue(sf, local) ?? CLEAN;
      }
      if (n.type === 'Identifier') return this.scopeValue(sf, n.name) ?? CLEAN;
      return CLEAN;
    }
    for (const st of sf.ast.body) {
      // `module.exports = require('./impl')`: the exports of the other module
      if (st.type === 'ExpressionStatement' && st.expression.type === 'AssignmentExpression' && isModuleExports(st.expression.left)) {
        const v = this.staticValue(sf, st.expression.right, depth + 1);
        // `module.exports = ImageAnalyser` (a class): its static methods
        if (v.cls && v.props?.has(name)) return v.props.get(name)!;
        if (v.mod) {
          const inner = this.exportValue(v.mod, name, depth + 1);
          if (inner.fn || inner.mod || inner.ref) return inner;
        }
      }
      if (st.type !== 'ExportAllDeclaration' || st.exported || st.exportKind === 'type') continue;
      const target = this.resolvedImport(sf, st.source.value);
      if (!target) continue;
      const v = this.exportValue(target, name, depth + 1);
      if (v.fn || v.mod || v.ref) return v;
    }
    return CLEAN;
  }

  /**
   * The route handlers of an HTTP framework app exported through an adapter (`serverless(app)`,
   * `serverlessExpress({ app })`): every `app.get('/x', (req, res) => …)`-style registration in the
   * file that creates the app (the exporting file, or the project file the app is imported from).
   */
  adapterRoutes(sf: SourceFile, exportName: string): FnRef[] {
    const found = findExport(sf, exportName);
    const call = found && unwrapExpression(found.node);
    if (!call || call.type !== 'CallExpression') return [];
    const adapter = this.staticValue(sf, call.callee, 0).ref;
    if (!adapter || adapter.path.length > 1 || !HTTP_ADAPTERS.includes(adapter.module)) return [];
    let appNode: AstNode | undefined = call.arguments[0];
    if (appNode && unwrapExpression(appNode).type === 'ObjectExpression') {
      const o = unwrapExpression(appNode) as TSESTree.ObjectExpression;
      appNode = o.properties.find(
        (p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p.key, p.computed) === 'app',
      )?.value;
    }
    return appNode ? this.appRoutes(sf, appNode) : [];
  }

  /**
   * The route handlers of the HTTP framework app `appNode` (an expression of `sf`): the
   * registrations in `sf` and, for a name imported or required there, in the project file it comes from.
   */
  appRoutes(sf: SourceFile, appNode: AstNode): FnRef[] {
    const files = [sf];
    const app = unwrapExpression(appNode);
    if (app.type === 'Identifier') {
      for (const st of sf.ast.body) {
        if (st.type !== 'ImportDeclaration' || !st.specifiers.some((s) => s.local.name === app.name)) continue;
        const target = this.resolvedImport(sf, st.source.value);
        if (target) files.push(target);
      }
      const req = this.requiredFrom(sf, app.name);
      if (req) files.push(req);
    }
    // an app made in another file: in this one, only the routes added to it by name (the file may hold other apps)
    const imported = files.length > 1 && app.type === 'Identifier' ? app.name : undefined;
    const out: FnRef[] = [];
    for (const f of files) {
      walk(f.ast, (n) => {
        if (n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression') return;
        if (f === sf && imported !== undefined && !(n.callee.object.type === 'Identifier' && n.callee.object.name === imported)) return;
        const method = memberName(n.callee);
        if (method === undefined || !ROUTE_METHODS.has(method)) return;
        for (const a of n.arguments) {
          const fn = unwrapExpression(a);
          if (
            isFunction(fn) &&
            fn.params.length >= 1 &&
            (fn.params.length >= 2 || (fn.params[0]!.type === 'Identifier' && /^req(uest)?$/.test(fn.params[0]!.name)))
          )
            out.push({ node: fn, file: f, env: null, name: `${method} route` });
        }
      });
    }
    return out;
  }

  /** The project file a top-level `const name = require('./x')` (or `.app`) reads. */
  private requiredFrom(sf: SourceFile, name: string): SourceFile | undefined {
    for (const st of sf.ast.body) {
      if (st.type !== 'VariableDeclaration') continue;
      for (const d of st.declarations) {
        if (!d.init || !patternHas(d.id, name)) continue;
        let e = unwrapExpression(d.init);
        if (e.type === 'MemberExpression') e = unwrapExpression(e.object);
        const spec = requireSpecifier(e);
        if (spec !== undefined) return this.resolvedImport(sf, spec);
      }
    }
    return undefined;
  }

  /** What `require(spec)` / `import … from spec` gives: a project module's namespace or a package. */
  moduleValue(sf: SourceFile, specifier: string): AVal {
    const target = this.resolvedImport(sf, specifier);
    if (target) return { facts: [], mod: target };
    if (specifier.startsWith('.') || specifier.startsWith('/')) return CLEAN;
    return { facts: [], ref: { module: normaliseModule(specifier), path: [] } };
  }

  /** A member of a module value (`cp.exec`, `db.findUser`). */
  member(v: AVal, name: string): AVal {
    if (v.mod) return this.exportValue(v.mod, name);
    if (v.ref) return { facts: [], ref: { module: v.ref.module, path: [...v.ref.path, name] } };
    return CLEAN;
  }

  private valueOfDeclaration(sf: SourceFile, name: string, decl: AstNode, depth: number): AVal {
    switch (decl.type) {
      case 'FunctionDeclaration':
        return { facts: [], fn: { node: decl, file: sf, env: null, name } };
      case 'ClassDeclaration':
        return classValue({ node: decl, file: sf });
      case 'ImportSpecifier':
      case 'ImportDefaultSpecifier':
      case 'ImportNamespaceSpecifier': {
        const st = decl.parent as TSESTree.ImportDeclaration;
        const mod = this.moduleValue(sf, st.source.value);
        if (decl.type === 'ImportNamespaceSpecifier') return mod;
        const imported =
          decl.type === 'ImportDefaultSpecifier'
            ? 'default'
            : decl.imported.type === 'Identifier'
              ? decl.imported.name
              : decl.imported.value;
        if (mod.mod) return this.exportValue(mod.mod, imported);
        // a package's default import is its namespace for CommonJS packages (`import cp from 'child_process'`)
        if (mod.ref) return imported === 'default' ? mod : this.member(mod, imported);
        return CLEAN;
      }
      case 'TSImportEqualsDeclaration':
        return decl.moduleReference.type === 'TSExternalModuleReference'
          ? this.moduleValue(sf, staticString(decl.moduleReference.expression) ?? '.')
          : CLEAN;
      case 'VariableDeclarator':
        return this.bindingOf(sf, decl, name, depth);
      default:
        return CLEAN;
    }
  }

  /** `const x = init` or `const { a: x } = init` at the top level: only code values matter here. */
  private bindingOf(sf: SourceFile, d: TSESTree.VariableDeclarator, name: string, depth: number): AVal {
    if (!d.init) return CLEAN;
    const init = this.staticValue(sf, d.init, depth);
    if (d.id.type === 'Identifier') {
      if (isFunction(unwrapExpression(d.init))) {
        const fn = unwrapExpression(d.init) as TSESTree.ArrowFunctionExpression;
        return { facts: [], fn: { node: fn, file: sf, env: null, name } };
      }
      return init;
    }
    if (d.id.type === 'ObjectPattern') {
      for (const p of d.id.properties) {
        if (p.type !== 'Property') continue;
        const target = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
        if (target.type === 'Identifier' && target.name === name) {
          const key = propertyKeyName(p.key, p.computed);
          return key === undefined ? CLEAN : this.member(init, key);
        }
      }
    }
    return CLEAN;
  }

  /** The code value of a module-level expression: requires, member paths, aliases, promisify. */
  staticValue(sf: SourceFile, expr: AstNode, depth: number): AVal {
    if (depth > MAX_FOLLOW) return CLEAN;
    const e = unwrapExpression(expr);
    if (e.type === 'Identifier') return this.scopeValue(sf, e.name) ?? CLEAN;
    if (e.type === 'AwaitExpression') return this.staticValue(sf, e.argument, depth + 1);
    if (e.type === 'NewExpression') {
      const cls = this.staticValue(sf, e.callee, depth + 1).cls;
      if (cls) return instanceOf(cls, []);
    }
    if (e.type === 'MemberExpression') {
      const key = memberName(e);
      return key === undefined ? CLEAN : this.member(this.staticValue(sf, e.object, depth + 1), key);
    }
    if (e.type === 'CallExpression' || e.type === 'ImportExpression') {
      const spec = requireSpecifier(e);
      if (spec !== undefined) return this.moduleValue(sf, spec);
      if (e.type === 'CallExpression' && isPromisify(e) && e.arguments[0]) return this.staticValue(sf, e.arguments[0], depth + 1);
      // `const client = axios.create({ … })`: a client behaving like the package itself
      if (e.type === 'CallExpression') {
        const ref = this.staticValue(sf, e.callee, depth + 1).ref;
        const factory =
          ref && CLIENT_FACTORIES.find((f) => f.module === normaliseModule(ref.module) && f.path.join('.') === ref.path.join('.'));
        if (factory) return { facts: [], ref: { module: ref.module, path: [] } };
      }
    }
    return CLEAN;
  }
}

/** `promisify(f)` / `util.promisify(f)`: the promise form of `f` is still `f` for sinks. */
export function isPromisify(e: TSESTree.CallExpression): boolean {
  const c = unwrapExpression(e.callee);
  return (c.type === 'Identifier' && c.name === 'promisify') || (c.type === 'MemberExpression' && memberName(c) === 'promisify');
}

/** The declaration behind each top-level name (resolved to a value on first use). */
function collectTopLevel(sf: SourceFile): Map<string, AstNode | 'pending' | AVal> {
  const out = new Map<string, AstNode | 'pending' | AVal>();
  const addPattern = (p: AstNode, d: TSESTree.VariableDeclarator) => {
    if (p.type === 'Identifier') out.set(p.name, d);
    else if (p.type === 'ObjectPattern')
      for (const prop of p.properties) {
        const v = prop.type === 'Property' ? (prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value) : null;
        if (v?.type === 'Identifier') out.set(v.name, d);
      }
  };
  for (const st of sf.ast.body) {
    const decl = (st.type === 'ExportNamedDeclaration' || st.type === 'ExportDefaultDeclaration') && st.declaration ? st.declaration : st;
    if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) out.set(decl.id.name, decl);
    else if (decl.type === 'VariableDeclaration') for (const d of decl.declarations) addPattern(d.id, d);
    else if (decl.type === 'ImportDeclaration' && decl.importKind !== 'type')
      for (const s of decl.specifiers) if (!(s.type === 'ImportSpecifier' && s.importKind === 'type')) out.set(s.local.name, s);
    if ((decl as AstNode).type === 'TSImportEqualsDeclaration') {
      const ie = decl as unknown as TSESTree.TSImportEqualsDeclaration;
      out.set(ie.id.name, ie);
    }
  }
  return out;
}

function patternHas(p: AstNode, name: string): boolean {
  if (p.type === 'Identifier') return p.name === name;
  if (p.type === 'ObjectPattern')
    return p.properties.some((q) => (q.type === 'Property' ? patternHas(q.value, name) : patternHas(q.argument, name)));
  if (p.type === 'AssignmentPattern') return patternHas(p.left, name);
  return false;
}

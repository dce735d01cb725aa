import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  isFunction,
  isModuleExports,
  memberName,
  propertyKeyName,
  staticString,
  unwrapExpression,
  type AstNode,
  type FunctionNode,
} from './ast.js';
import type { SourceFile } from '../model/types.js';

/** The exported handler inside a parsed file: every common ESM/CJS export shape, and wrapper calls. */

export interface ExportedHandler {
  /**
   * The exported value: a function, a wrapper call (`middy(base).use(…)`), a class, or the
   * export specifier / identifier when the value comes from another module.
   */
  node: AstNode;
  /**
   * The handler function itself when it is known statically: the exported function, or the function a
   * wrapper call receives (inline, or a function declared at the top level of the file).
   */
  fn: FunctionNode | null;
}

/** Depth bound when following `const a = b`, `export { a as main }` and nested wrappers. */
const MAX_FOLLOW = 8;

/**
 * The AST of export `name` of a file (`'default'` for the default export). Handles
 * `export const main = …`, `export async function main`, `export { x as main }`, `export default`,
 * `exports.main = …`, `module.exports.main = …`, `module.exports = { main }`, `export = { main }`.
 * The last assignment wins for CommonJS. null when the file has no such export.
 */
export function findExport(file: SourceFile, name: string): ExportedHandler | null {
  const body = file.ast.body;
  let found: AstNode | null = null;
  for (const st of body) {
    switch (st.type) {
      case 'ExportNamedDeclaration': {
        if (st.exportKind === 'type') break;
        if (st.declaration) found = declarationValue(st.declaration, name) ?? found;
        for (const s of st.specifiers) {
          if (s.exportKind === 'type' || specifierName(s.exported) !== name) continue;
          const local = specifierName(s.local);
          found = st.source || local === undefined ? s : (localValue(body, local) ?? s);
        }
        break;
      }
      case 'ExportDefaultDeclaration':
        if (name === 'default') found = st.declaration;
        break;
      case 'TSExportAssignment':
        found = objectProperty(st.expression, name) ?? found;
        break;
      case 'ExpressionStatement':
        found = commonJsExport(st.expression, name) ?? found;
        break;
    }
  }
  if (!found) return null;
  const node = follow(body, found, 0);
  return { node, fn: handlerFunction(body, node, 0) };
}

function specifierName(n: TSESTree.Identifier | TSESTree.StringLiteral): string | undefined {
  return n.type === 'Identifier' ? n.name : staticString(n);
}

function declarationValue(decl: TSESTree.NamedExportDeclarations, name: string): AstNode | null {
  if (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') return decl.id?.name === name ? decl : null;
  if (decl.type !== 'VariableDeclaration') return null;
  for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.id.name === name && d.init) return d.init;
  return null;
}

/** `exports.x = v`, `module.exports.x = v`, `module.exports = { x: v }`, also chained `a = b = v`. */
function commonJsExport(expr: AstNode, name: string): AstNode | null {
  let found: AstNode | null = null;
  let cur = expr;
  while (cur.type === 'AssignmentExpression' && cur.operator === '=') {
    const left = cur.left;
    let right: AstNode = cur.right;
    while (right.type === 'AssignmentExpression' && right.operator === '=') right = right.right;
    if (left.type === 'MemberExpression') {
      // `module.exports = function …` is the module's default export (Azure's legacy model calls it)
      if (isModuleExports(left))
        found =
          objectProperty(right, name) ??
          (name === 'default' && unwrapExpression(right).type !== 'ObjectExpression' ? right : null) ??
          found;
      else if (
        memberName(left) === name &&
        ((left.object.type === 'Identifier' && left.object.name === 'exports') || isModuleExports(left.object))
      )
        found = right;
    }
    cur = cur.right;
  }
  return found;
}

/** The value of property `name` of an object literal (`{ main }` gives the identifier `main`). */
function objectProperty(obj: AstNode, name: string): AstNode | null {
  const o = unwrapExpression(obj);
  if (o.type !== 'ObjectExpression') return null;
  let found: AstNode | null = null;
  for (const p of o.properties) if (p.type === 'Property' && propertyKeyName(p.key, p.computed) === name) found = p.value;
  return found;
}

/** The value bound to a top-level name: the function/class declaration, or a variable's initialiser. */
function localValue(body: TSESTree.ProgramStatement[], name: string): AstNode | null {
  let found: AstNode | null = null;
  for (const st of body) {
    const decl = (st.type === 'ExportNamedDeclaration' || st.type === 'ExportDefaultDeclaration') && st.declaration ? st.declaration : st;
    if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id?.name === name) found = decl;
    if (decl.type === 'VariableDeclaration')
      for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.id.name === name && d.init) found = d.init;
  }
  return found;
}

/** Through TS wrappers and local aliases (`const main = handler`) to the value. */
function follow(body: TSESTree.ProgramStatement[], n: AstNode, depth: number): AstNode {
  const v = unwrapExpression(n);
  if (v.type !== 'Identifier' || depth >= MAX_FOLLOW) return v;
  const target = localValue(body, v.name);
  return target ? follow(body, target, depth + 1) : v;
}

/**
 * The handler function behind an exported value: the value itself when it is a function; for a
 * wrapper call, the function passed to it (`middy(base)`, `withSentry(middy(base))`,
 * `middy().use(m).handler(base)`), looking at a `.handler(…)` call first, then from the innermost call
 * of a chain outwards so `middy(base).use(errorHandler)` yields `base`.
 */
function handlerFunction(body: TSESTree.ProgramStatement[], n: AstNode, depth: number): FunctionNode | null {
  const v = follow(body, n, 0);
  if (isFunction(v)) return v;
  if (v.type !== 'CallExpression' || depth >= MAX_FOLLOW) return null;
  const chain: TSESTree.CallExpression[] = [];
  for (let c: AstNode = v; c.type === 'CallExpression';) {
    chain.unshift(c);
    const callee = unwrapExpression(c.callee);
    if (callee.type !== 'MemberExpression') break;
    c = unwrapExpression(callee.object);
  }
  const isHandlerCall = (c: TSESTree.CallExpression) => c.callee.type === 'MemberExpression' && memberName(c.callee) === 'handler';
  const ordered = [...chain.filter(isHandlerCall), ...chain.filter((c) => !isHandlerCall(c))];
  for (const call of ordered) {
    for (const arg of call.arguments) {
      if (arg.type === 'SpreadElement') continue;
      const fn = handlerFunction(body, arg, depth + 1);
      if (fn) return fn;
    }
  }
  return null;
}

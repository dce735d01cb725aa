import type { TSESTree } from '@typescript-eslint/typescript-estree';

/**
 * Small, total helpers over typescript-estree nodes, shared by the fact collection in parse/code.ts,
 * handler lookup in model/handlers.ts and rules that inspect code.
 */

export type AstNode = TSESTree.Node;

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export function isFunction(n: AstNode | null | undefined): n is FunctionNode {
  return !!n && (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression');
}

/** The value of a string literal or an expression-free template literal (`\`abc\``), else undefined. */
export function staticString(n: AstNode | null | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'Literal') return typeof n.value === 'string' ? n.value : undefined;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) {
    const q = n.quasis[0];
    return q ? (q.value.cooked ?? q.value.raw) : undefined;
  }
  return undefined;
}

/** Strips TS-only wrappers that do not change a value: `x as T`, `x satisfies T`, `x!`, `<T>x`. */
export function unwrapExpression(n: AstNode): AstNode {
  let cur = n;
  while (
    cur.type === 'TSAsExpression' ||
    cur.type === 'TSSatisfiesExpression' ||
    cur.type === 'TSNonNullExpression' ||
    cur.type === 'TSTypeAssertion'
  ) {
    cur = cur.expression;
  }
  return cur;
}

/**
 * The static name of an object/class key: `a` and `'a'` and `['a']` → 'a', `1` → '1', `#a` → 'a';
 * a computed key that is not a literal → undefined.
 */
export function propertyKeyName(key: AstNode, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return key.name;
  if (key.type === 'Literal') return typeof key.value === 'string' || typeof key.value === 'number' ? String(key.value) : undefined;
  return staticString(key);
}

/** The static property name of a member access: `a.b` and `a['b']` → 'b'; `a[b]` → undefined. */
export function memberName(m: TSESTree.MemberExpression): string | undefined {
  return propertyKeyName(m.property, m.computed);
}

/** `module.exports` (also `module['exports']`). */
export function isModuleExports(n: AstNode): boolean {
  return n.type === 'MemberExpression' && n.object.type === 'Identifier' && n.object.name === 'module' && memberName(n) === 'exports';
}

/** `require('x')` / `import('x')` → 'x'. */
export function requireSpecifier(e: AstNode): string | undefined {
  if (e.type === 'ImportExpression') return staticString(e.source);
  if (e.type !== 'CallExpression' || e.arguments.length !== 1) return undefined;
  if (e.callee.type !== 'Identifier' || e.callee.name !== 'require') return undefined;
  return staticString(e.arguments[0]);
}

import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { MapEntry, MapNode, Node } from '../core/types.js';
import { staticString, unwrapExpression, type AstNode } from './ast.js';
import { nodeLoc } from './parse.js';

/**
 * Object literals written in code as the located value tree manifests use, so platform builders read
 * options registered in code (`app.http('x', { authLevel })`, `onRequest({ invoker }, …)`) the way
 * they read a manifest: literal strings, numbers, booleans and arrays are scalars and sequences; any
 * other expression is a reference (its node type), never guessed.
 */

/** The value of property `key` of an object literal (TS wrappers removed), else undefined. */
export function propertyValue(o: TSESTree.ObjectExpression, key: string): AstNode | undefined {
  for (const p of o.properties)
    if (p.type === 'Property' && !p.computed && ((p.key.type === 'Identifier' && p.key.name === key) || staticString(p.key) === key))
      return unwrapExpression(p.value);
  return undefined;
}

/** An empty map located at a node (a registration without options). */
export function emptyMapAt(file: string, n: AstNode): MapNode {
  return { kind: 'map', entries: [], loc: nodeLoc(file, n) };
}

/** An object literal as a located map of its literal values (others become references). */
export function objectNode(file: string, o: TSESTree.ObjectExpression): MapNode {
  const entries: MapEntry[] = [];
  for (const p of o.properties) {
    if (p.type !== 'Property' || p.computed) continue;
    const key = p.key.type === 'Identifier' ? p.key.name : staticString(p.key);
    if (key === undefined) continue;
    entries.push({ key, keyLoc: nodeLoc(file, p.key), value: literalNode(file, unwrapExpression(p.value)) });
  }
  return { kind: 'map', entries, loc: nodeLoc(file, o) };
}

/** An expression as a located node: literals, arrays and object literals as themselves, others as references. */
export function literalNode(file: string, n: AstNode): Node {
  const loc = nodeLoc(file, n);
  if (
    n.type === 'Literal' &&
    (typeof n.value === 'string' || typeof n.value === 'number' || typeof n.value === 'boolean' || n.value === null)
  )
    return { kind: 'scalar', value: n.value, loc };
  const s = staticString(n);
  if (s !== undefined) return { kind: 'scalar', value: s, loc };
  if (n.type === 'ArrayExpression')
    return {
      kind: 'seq',
      items: n.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? [literalNode(file, unwrapExpression(e))] : [])),
      loc,
    };
  if (n.type === 'ObjectExpression') return objectNode(file, n);
  if (n.type === 'UnaryExpression' && n.operator === '-' && n.argument.type === 'Literal' && typeof n.argument.value === 'number')
    return { kind: 'scalar', value: -n.argument.value, loc };
  return { kind: 'ref', text: n.type === 'Identifier' ? n.name : n.type, loc };
}

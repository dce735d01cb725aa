import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, unwrapExpression, type AstNode, type FunctionNode } from '../../code/ast.js';
import type { SourceFile } from '../../model/types.js';
import type { Fact } from './types.js';
import type { AVal, ClassRef } from './values.js';

/**
 * Handlers that are methods of a class of the file, the shape Powertools for AWS Lambda documents for
 * its decorators: `export const handler = lambda.handler.bind(lambda)` with `const lambda = new Lambda()`,
 * or `new Lambda().handler`. The method is read as the handler (its `this` is not followed).
 */
export function classMethodOf(sf: SourceFile, expr: AstNode): TSESTree.MethodDefinition | undefined {
  let e = unwrapExpression(expr);
  // `x.handler.bind(x)`
  if (e.type === 'CallExpression' && e.callee.type === 'MemberExpression' && memberName(e.callee) === 'bind')
    e = unwrapExpression(e.callee.object);
  if (e.type !== 'MemberExpression') return undefined;
  const method = memberName(e);
  if (method === undefined) return undefined;
  const cls = classOfInstance(sf, unwrapExpression(e.object));
  if (!cls) return undefined;
  for (const m of cls.body.body)
    if (
      m.type === 'MethodDefinition' &&
      !m.static &&
      m.kind === 'method' &&
      !m.computed &&
      m.key.type === 'Identifier' &&
      m.key.name === method
    )
      return m;
  return undefined;
}

/** The class an instance expression is made from: `new Lambda()`, or a top-level `const x = new Lambda()`. */
function classOfInstance(sf: SourceFile, e: AstNode): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  let inst: AstNode | undefined = e;
  if (e.type === 'Identifier') inst = topLevelInit(sf, e.name);
  inst = inst && unwrapExpression(inst);
  if (inst?.type !== 'NewExpression') return undefined;
  const callee = unwrapExpression(inst.callee);
  if (callee.type === 'ClassExpression') return callee;
  if (callee.type !== 'Identifier') return undefined;
  for (const st of sf.ast.body) {
    const d = (st.type === 'ExportNamedDeclaration' || st.type === 'ExportDefaultDeclaration') && st.declaration ? st.declaration : st;
    if (d.type === 'ClassDeclaration' && d.id?.name === callee.name) return d;
    const init = d.type === 'VariableDeclaration' ? topLevelInit(sf, callee.name) : undefined;
    if (init && unwrapExpression(init).type === 'ClassExpression') return unwrapExpression(init) as TSESTree.ClassExpression;
  }
  return undefined;
}

function topLevelInit(sf: SourceFile, name: string): AstNode | undefined {
  for (const st of sf.ast.body) {
    const d = st.type === 'ExportNamedDeclaration' && st.declaration ? st.declaration : st;
    if (d.type !== 'VariableDeclaration') continue;
    for (const v of d.declarations) if (v.id.type === 'Identifier' && v.id.name === name && v.init) return v.init;
  }
  return undefined;
}

/**
 * An object made with `new` from a project class: its facts are the constructor's arguments', and
 * its own methods (not static, not computed, not inherited) are project functions, analysed by
 * summary like any top-level function, so `new OrderService().place(event)` follows the event into
 * the method (its `this` is not followed).
 */
export function instanceOf(cls: ClassRef, facts: Fact[]): AVal {
  const props = new Map<string, AVal>();
  const className = cls.node.id?.name ?? 'class';
  for (const m of cls.node.body.body)
    if (m.type === 'MethodDefinition' && !m.static && m.kind === 'method' && !m.computed && m.key.type === 'Identifier')
      props.set(m.key.name, {
        facts: [],
        fn: { node: m.value as FunctionNode, file: cls.file, env: null, name: `${className}.${m.key.name}` },
      });
  return props.size ? { facts, instance: true, props } : { facts, instance: true };
}

/**
 * A project class as a value (`module.exports = ImageAnalyser`, `export class Repo`): its static
 * methods are project functions, analysed by summary, so `ImageAnalyser.getImageLabels(config)`
 * follows its argument into the method.
 */
export function classValue(cls: ClassRef): AVal {
  const props = new Map<string, AVal>();
  const className = cls.node.id?.name ?? 'class';
  for (const m of cls.node.body.body)
    if (m.type === 'MethodDefinition' && m.static && m.kind === 'method' && !m.computed && m.key.type === 'Identifier')
      props.set(m.key.name, {
        facts: [],
        fn: { node: m.value as FunctionNode, file: cls.file, env: null, name: `${className}.${m.key.name}` },
      });
  return props.size ? { facts: [], cls, props } : { facts: [], cls };
}

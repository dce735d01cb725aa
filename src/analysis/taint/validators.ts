import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { unwrapExpression, type AstNode } from '../../code/ast.js';
import { findExport } from '../../code/exports.js';
import { VALIDATOR_MIDDLEWARE } from '../../knowledge/sanitisers.js';
import type { SourceFile } from '../../model/types.js';
import { classMethodOf } from './classes.js';

/**
 * Whether export `name` of a file is a wrapper call that applies a validating middleware imported
 * from one of VALIDATOR_MIDDLEWARE (`middy(base).use(validator({ eventSchema }))`): the event is then
 * checked before the handler reads it.
 */
export function validatedByMiddleware(sf: SourceFile, name: string): boolean {
  const found = findExport(sf, name);
  if (!found) return false;
  const names = validatorBindings(sf);
  if (!names.size) return false;
  // a class method decorated with a validating decorator (Powertools `@parser({ schema })`)
  const method = classMethodOf(sf, found.node);
  if (method) return decoratedBy(method, names);
  if (found.node.type !== 'CallExpression') return false;
  let hit = false;
  const visit = (n: AstNode | null | undefined, depth: number): void => {
    if (!n || hit || depth > 32) return;
    const e = unwrapExpression(n);
    if (e.type !== 'CallExpression') {
      if (e.type === 'MemberExpression') visit(e.object, depth + 1);
      return;
    }
    const callee = unwrapExpression(e.callee);
    if (callee.type === 'Identifier' && names.has(callee.name)) hit = true;
    visit(callee, depth + 1);
    for (const a of e.arguments) visit(a as AstNode, depth + 1);
  };
  visit(found.node, 0);
  return hit;
}

/** Local names bound to a validator middleware: `import validator from '@middy/validator'`, `require(…)`. */
function validatorBindings(sf: SourceFile): Set<string> {
  const out = new Set<string>();
  for (const st of sf.ast.body) {
    if (st.type === 'ImportDeclaration' && VALIDATOR_MIDDLEWARE.includes(st.source.value)) {
      for (const s of st.specifiers) out.add(s.local.name);
    }
    if (st.type === 'VariableDeclaration') {
      for (const d of st.declarations) {
        const init = d.init && unwrapExpression(d.init);
        if (!isRequireOf(init)) continue;
        if (d.id.type === 'Identifier') out.add(d.id.name);
        if (d.id.type === 'ObjectPattern')
          for (const p of d.id.properties) if (p.type === 'Property' && p.value.type === 'Identifier') out.add(p.value.name);
      }
    }
  }
  return out;
}

function isRequireOf(n: AstNode | null | undefined): boolean {
  if (n?.type !== 'CallExpression') return false;
  const c = n as TSESTree.CallExpression;
  const a = c.arguments[0];
  return (
    c.callee.type === 'Identifier' &&
    c.callee.name === 'require' &&
    a?.type === 'Literal' &&
    typeof a.value === 'string' &&
    VALIDATOR_MIDDLEWARE.includes(a.value)
  );
}

/** `@parser({ schema })` / `@validator(…)` on the method, the decorator imported from a validating module. */
function decoratedBy(m: TSESTree.MethodDefinition, names: Set<string>): boolean {
  return (m.decorators ?? []).some((d) => {
    const e = unwrapExpression(d.expression);
    const callee = e.type === 'CallExpression' ? unwrapExpression(e.callee) : e;
    return callee.type === 'Identifier' && names.has(callee.name);
  });
}

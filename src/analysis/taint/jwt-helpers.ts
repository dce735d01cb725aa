import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, unwrapExpression, type AstNode } from '../../code/ast.js';
import { nodeLoc, walk } from '../../code/parse.js';
import type { Loc } from '../../core/types.js';
import type { SourceFile } from '../../model/types.js';
import type { Modules } from './modules.js';
import type { FnRef } from './values.js';

/**
 * Whether a token (its source text in `sf`) is verified by a project function it is passed to: the
 * call `verifyToken(token)` (or `auth.verifyToken(token)`) resolves through the module graph to a
 * function, in this file or another, whose parameter reaches a JWT verify call (`jwt.verify(t, key)`,
 * jose `jwtVerify`, aws-jwt-verify), directly or through further project functions. Returns where the
 * token is verified.
 */
export function verifiedByHelper(modules: Modules, sf: SourceFile, token: string, depth = 0, root: AstNode = sf.ast): Loc | undefined {
  if (depth > 3) return undefined;
  let found: Loc | undefined;
  walk(root, (n) => {
    if (found) return false;
    if (n.type !== 'CallExpression') return;
    n.arguments.forEach((a, i) => {
      if (found || a.type === 'SpreadElement' || textOf(sf, unwrapExpression(a)) !== token) return;
      const fn = calleeFunction(modules, sf, n);
      if (fn) found = paramVerified(modules, fn, i, depth);
    });
  });
  return found;
}

function paramVerified(modules: Modules, fn: FnRef, index: number, depth: number): Loc | undefined {
  const p = fn.node.params[index];
  const param = p?.type === 'AssignmentPattern' ? p.left : p;
  if (param?.type !== 'Identifier') return undefined;
  const span = nodeLoc(fn.file.path, fn.node);
  const at = (loc: Loc) => [loc.line, loc.column] as const;
  const before = (a: readonly [number, number], b: readonly [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
  const inside = (loc: Loc) => before([span.line, span.column], at(loc)) && before(at(loc), [span.endLine, span.endColumn]);
  const v = fn.file.jwt?.verifies.find((x) => x.token === param.name && inside(x.loc));
  if (v) return v.loc;
  // handed on to another project function (`return verifyWith(key, token)`)
  return verifiedByHelper(modules, fn.file, param.name, depth + 1, fn.node.body);
}

function calleeFunction(modules: Modules, sf: SourceFile, call: TSESTree.CallExpression): FnRef | undefined {
  const c = unwrapExpression(call.callee);
  if (c.type === 'Identifier') return modules.scopeValue(sf, c.name)?.fn;
  if (c.type === 'MemberExpression' && c.object.type === 'Identifier') {
    const name = memberName(c);
    const ns = modules.scopeValue(sf, c.object.name);
    return name !== undefined && ns?.mod ? modules.exportValue(ns.mod, name).fn : undefined;
  }
  return undefined;
}

function textOf(sf: SourceFile, n: AstNode): string {
  return sf.text.slice(n.range[0], n.range[1]);
}

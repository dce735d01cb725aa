import type { StringLiteralInfo } from '../model/types.js';
import { memberName, propertyKeyName, type AstNode } from './ast.js';

/**
 * The call a value is an argument of, found by climbing object literals: for `'public-read'` in
 * `s3.send(new PutObjectCommand({ Bucket, ACL: 'public-read' }))` it is
 * `{ callee: 'PutObjectCommand', construct: true, path: ['ACL'] }`; in
 * `new Upload({ client, params: { ACL: 'public-read' } })` the path is `['params', 'ACL']`.
 * Undefined when the value is not inside an object literal given straight to a call (an object held
 * in a variable first is not followed).
 */
export function callSiteOf(node: AstNode): StringLiteralInfo['call'] | undefined {
  const path: string[] = [];
  let cur: AstNode = node;
  for (let depth = 0; depth < 8; depth++) {
    let prop = cur.parent;
    // through an array of objects (`Grants: [{ Grantee: { URI } }]`)
    if (prop?.type === 'ArrayExpression') {
      path.unshift('[]');
      cur = prop;
      prop = cur.parent;
    }
    if (!prop || prop.type !== 'Property' || prop.value !== cur) return undefined;
    const key = propertyKeyName(prop.key, prop.computed);
    if (key === undefined) return undefined;
    path.unshift(key);
    const obj = prop.parent;
    if (!obj || obj.type !== 'ObjectExpression') return undefined;
    const up = obj.parent;
    if (!up) return undefined;
    if ((up.type === 'CallExpression' || up.type === 'NewExpression') && up.arguments.includes(obj as never)) {
      const callee = calleeName(up.callee);
      return callee === undefined ? undefined : { callee, construct: up.type === 'NewExpression', path };
    }
    cur = obj;
  }
  return undefined;
}

/** `putObject` for `s3.putObject`, `PutObjectCommand` for `PutObjectCommand` or `s3.PutObjectCommand`. */
function calleeName(n: AstNode): string | undefined {
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression') return memberName(n);
  return undefined;
}

import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, propertyKeyName, staticString, unwrapExpression, type AstNode } from '../../code/ast.js';

/**
 * Syntactic shapes the taint engine recognises at a sink or a sanitiser: constant origins, Lambda
 * proxy responses, markup, regular-expression escaping, option objects.
 */

/**
 * Text that fixes the host of a URL: a scheme and host followed by a path, query or fragment
 * delimiter (`https://api.example.com/`), or a path that is not protocol-relative (`/items/`).
 */
export function fixedOrigin(prefix: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s\\\u0000@]+[/?#]/i.test(prefix) || /^\/[^/\\\u0000]/.test(prefix);
}

/** The operands of a chain of `+` (`a + b + c` → [a, b, c]). */
export function plusOperands(n: TSESTree.BinaryExpression): AstNode[] {
  const out: AstNode[] = [];
  const visit = (e: AstNode) => {
    const x = unwrapExpression(e);
    if (x.type === 'BinaryExpression' && x.operator === '+' && (x.left as AstNode).type !== 'PrivateIdentifier') {
      visit(x.left);
      visit(x.right);
    } else out.push(e);
  };
  visit(n);
  return out;
}

function objectProp(o: TSESTree.ObjectExpression, pred: (key: string) => boolean): TSESTree.Property | undefined {
  for (const p of o.properties) {
    if (p.type !== 'Property') continue;
    const k = propertyKeyName(p.key, p.computed);
    if (k !== undefined && pred(k)) return p;
  }
  return undefined;
}

export interface ResponseParts {
  location: { group: string; key: string; node: AstNode }[];
  body?: AstNode;
  html: boolean;
}

/**
 * A Lambda proxy response object literal (`{ statusCode, headers, body }`): where its Location
 * headers are (unless the status is a literal outside 3xx) and whether it declares text/html.
 */
export function responseParts(o: TSESTree.ObjectExpression): ResponseParts | undefined {
  const status = objectProp(o, (k) => k === 'statusCode');
  if (!status) return undefined;
  const code = unwrapExpression(status.value);
  const literalCode = code.type === 'Literal' && typeof code.value === 'number' ? code.value : undefined;
  const out: ResponseParts = { location: [], html: false };
  for (const group of ['headers', 'multiValueHeaders']) {
    const h = objectProp(o, (k) => k === group);
    const hv = h && unwrapExpression(h.value);
    if (!hv || hv.type !== 'ObjectExpression') continue;
    const loc = objectProp(hv, (k) => k.toLowerCase() === 'location');
    if (loc && (literalCode === undefined || (literalCode >= 300 && literalCode < 400)))
      out.location.push({ group, key: propertyKeyName(loc.key, loc.computed)!, node: loc.value });
    const ct = objectProp(hv, (k) => k.toLowerCase() === 'content-type');
    const ctv = ct && unwrapExpression(ct.value);
    const text = ctv && (ctv.type === 'ArrayExpression' ? staticString(ctv.elements[0] ?? undefined) : staticString(ctv));
    if (text && /^\s*text\/html\b/i.test(text)) out.html = true;
  }
  const body = objectProp(o, (k) => k === 'body');
  if (body) out.body = body.value;
  return out;
}

const MARKUP = /<\/?[a-z][\w-]*[\s>/]|<!doctype/i;

/**
 * An express body argument that is HTML: markup concatenated or interpolated with values
 * (`'<p>' + name`, `` `<h1>${t}</h1>` ``), or any value sent by `res.type('html').send(…)`.
 */
export function bodyIsMarkup(arg: AstNode, callee: AstNode): boolean {
  const c = unwrapExpression(callee);
  if (c.type === 'MemberExpression') {
    const o = unwrapExpression(c.object);
    if (
      o.type === 'CallExpression' &&
      o.callee.type === 'MemberExpression' &&
      ['type', 'contentType'].includes(memberName(o.callee) ?? '')
    ) {
      const t = staticString(o.arguments[0]);
      if (t && /html/i.test(t)) return true;
    }
  }
  const a = unwrapExpression(arg);
  if (a.type === 'TemplateLiteral') return a.expressions.length > 0 && a.quasis.some((q) => MARKUP.test(q.value.raw));
  if (a.type === 'BinaryExpression' && a.operator === '+')
    return plusOperands(a).some((o) => {
      const s = staticString(o);
      return s !== undefined && MARKUP.test(s);
    });
  return false;
}

/** A regular expression literal that matches every metacharacter (`/[.*+?^${}()|[\]\\]/g`). */
export function escapesRegex(arg: AstNode): boolean {
  const a = unwrapExpression(arg);
  if (a.type !== 'Literal' || !('regex' in a) || !a.regex || !a.regex.flags.includes('g')) return false;
  const m = /^\[(.*)\]$/.exec(a.regex.pattern);
  if (!m) return false;
  const cls = m[1]!.replace(/\\(.)/g, '$1');
  return [...'.*+?^$(){}|[]\\'].every((ch) => cls.includes(ch));
}

/** An options object literal that sets `root` (express `sendFile(p, { root })`). */
export function rootOption(args: readonly TSESTree.CallExpressionArgument[]): boolean {
  return args.some((a) => {
    const o = unwrapExpression(a);
    return o.type === 'ObjectExpression' && objectProp(o, (k) => k === 'root') !== undefined;
  });
}

/** An options object literal whose `schema` is js-yaml's full schema (`yaml.DEFAULT_FULL_SCHEMA`). */
export function unsafeYamlSchema(args: readonly TSESTree.CallExpressionArgument[]): boolean {
  return args.some((a) => {
    const o = unwrapExpression(a);
    if (o.type !== 'ObjectExpression') return false;
    const p = objectProp(o, (k) => k === 'schema');
    const v = p && unwrapExpression(p.value);
    const name = v?.type === 'Identifier' ? v.name : v?.type === 'MemberExpression' ? memberName(v) : undefined;
    return name !== undefined && /^(DEFAULT_)?FULL_SCHEMA$/.test(name);
  });
}

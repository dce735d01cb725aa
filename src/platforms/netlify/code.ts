import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyKeyName, staticString, unwrapExpression, type AstNode } from '../../code/ast.js';
import { findExport } from '../../code/exports.js';
import { nodeLoc, parseSource } from '../../code/parse.js';
import type { Loc, Value } from '../../core/types.js';

/** What a Netlify function's own code says about how it is called. */
export interface FunctionCode {
  /** `default` (v2: `export default async (req: Request, context: Context)`), `handler` (v1), or none */
  exportName?: 'default' | 'handler';
  /** `export const config = { path }` (one or more), each as written */
  paths: Value[];
  /** `config.method` */
  methods: Value[];
  /** `config.schedule`, or the cron of a v1 `schedule('@daily', handler)` wrapper */
  schedule?: Value;
  /** `config.background: true` */
  background?: Loc;
  /** where the export was found (the config object, or the handler) */
  loc?: Loc;
}

/**
 * Reads a function file for its export and its `config`: v2 `export default` with
 * `export const config = { path, schedule, method, background }` (also `satisfies Config`), v1
 * `exports.handler` / `export const handler`, the `schedule(cron, fn)` wrapper of `@netlify/functions`.
 * Only literals are taken; anything else is left unknown. A file that does not parse says nothing
 * (the code layer reports it when it parses the entry).
 */
export function readFunctionCode(path: string, text: string): FunctionCode {
  const out: FunctionCode = { paths: [], methods: [] };
  const parsed = parseSource(path, text);
  if (!('file' in parsed)) return out;
  const file = parsed.file;
  const loc = (n: AstNode): Loc => nodeLoc(path, n);
  const literal = (n: AstNode): Value | undefined => {
    const s = staticString(n);
    return s === undefined ? undefined : { kind: 'literal', value: s, loc: loc(n) };
  };
  const strings = (n: AstNode): Value[] => {
    const v = unwrapExpression(n);
    if (v.type === 'ArrayExpression') return v.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? (literal(e) ?? []) : []));
    const one = literal(v);
    return one ? [one] : [{ kind: 'ref', text: 'an expression', loc: loc(v) }];
  };
  const def = findExport(file, 'default');
  const handler = findExport(file, 'handler');
  if (def) out.exportName = 'default';
  else if (handler) {
    out.exportName = 'handler';
    // v1 scheduled: `exports.handler = schedule('@hourly', async (event) => …)`
    const call = unwrapExpression(handler.node);
    if (call.type === 'CallExpression' && calleeName(call) === 'schedule' && call.arguments[0])
      out.schedule = strings(call.arguments[0])[0];
  }
  const config = findExport(file, 'config');
  const obj = config ? unwrapExpression(config.node) : undefined;
  if (obj?.type === 'ObjectExpression') {
    out.loc = loc(obj);
    for (const p of obj.properties) {
      if (p.type !== 'Property') continue;
      const key = propertyKeyName(p.key, p.computed);
      if (key === 'path') out.paths.push(...strings(p.value));
      else if (key === 'method') out.methods.push(...strings(p.value));
      else if (key === 'schedule') out.schedule = strings(p.value)[0];
      else if (key === 'background') {
        const v = unwrapExpression(p.value);
        if (v.type === 'Literal' && v.value === true) out.background = loc(p);
      }
    }
  }
  return out;
}

/** `schedule` of `schedule(…)` and `netlify.schedule(…)`. */
function calleeName(call: TSESTree.CallExpression): string | undefined {
  const c = call.callee;
  if (c.type === 'Identifier') return c.name;
  if (c.type === 'MemberExpression') return propertyKeyName(c.property, c.computed);
  return undefined;
}

import { isFunction, type AstNode, type FunctionNode } from '../../code/ast.js';
import { nodeLoc, walk } from '../../code/parse.js';
import type { Loc } from '../../core/types.js';
import type { EntryPoint, SourceFile } from '../../model/types.js';
import type { Modules } from './modules.js';
import type { FnRef } from './values.js';

/**
 * The entry points of a function registered in code whose handler is not an export the analysis can
 * start at (`EntryPoint.registered`): a function written inline in the registration call
 * (`app.http('x', { handler: async (request) => … })`, `functions.http('x', (req, res) => …)`), a
 * top-level function of the file or one it imports, or an HTTP framework app handed to the platform
 * (`onRequest(app)`, `functions.http('x', app)`), whose routes are then the entry points.
 */
export function registeredEntries(modules: Modules, sf: SourceFile, reg: NonNullable<EntryPoint['registered']>, name: string): FnRef[] {
  if (reg.name === undefined) {
    const fn = nodeAt(sf, reg.loc, isFunction) as FunctionNode | undefined;
    return fn ? [{ node: fn, file: sf, env: null, name }] : [];
  }
  const v = modules.scopeValue(sf, reg.name);
  if (v?.fn) return [v.fn];
  const id = nodeAt(sf, reg.loc, (n) => n.type === 'Identifier' && n.name === reg.name);
  return id ? modules.appRoutes(sf, id) : [];
}

/** The node of `sf` written exactly at `loc` that `test` accepts (the outermost one). */
function nodeAt(sf: SourceFile, loc: Loc, test: (n: AstNode) => boolean): AstNode | undefined {
  let found: AstNode | undefined;
  walk(sf.ast, (n) => {
    if (found) return false;
    const l = nodeLoc(sf.path, n);
    // a node that ends before the place, or starts after it, holds nothing there
    if (l.endLine < loc.line || l.line > loc.endLine) return false;
    if (l.line === loc.line && l.column === loc.column && l.endLine === loc.endLine && l.endColumn === loc.endColumn && test(n)) {
      found = n;
      return false;
    }
    return undefined;
  });
  return found;
}

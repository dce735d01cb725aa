import { sourceVariants, type ModuleResolver } from '../../code/resolve.js';
import { get } from '../../core/node.js';
import type { Node, ToolNotice } from '../../core/types.js';
import type { App, EntryPoint, FnEvent } from '../../model/types.js';
import type { Entry } from '../types.js';
import { scanCodebase, sourceLoader, type Registration } from './code.js';
import { hostingRewrites } from './firebase-json.js';
import { applyOptions, lowerLiteral, newGcpFn } from './model.js';

/**
 * The functions of a firebase.json app: each codebase's main module is scanned for registrations
 * (`code.ts`), and each becomes a `Fn` whose entry is the export that holds it.
 */
export function firebaseEntries(app: App, resolver: ModuleResolver, notice: (n: ToolNotice) => void): Entry[] {
  const out: Entry[] = [];
  const rewrites = hostingRewrites(app.root);
  const load = sourceLoader((f) => resolver.io.read(f));
  for (const cb of app.gcp?.codebases ?? []) {
    const main = resolver.probe(sourceVariants(cb.main));
    if (!main) {
      notice({
        id: 'unresolved-handler',
        level: 'note',
        message: `the main module "${cb.main}" of functions codebase "${cb.name}" was not found; its functions are not analysed`,
        loc: cb.loc,
      });
      continue;
    }
    const scan = scanCodebase(main, load, (from, spec) => resolver.resolve(from, spec), cb.sdkMajor);
    for (const reg of scan.registrations) {
      const fn = newGcpFn(app, reg.name, reg.loc, reg.options, cb.runtime);
      const facts = applyOptions(fn, reg.options, reg.loc, reg.generation, reg.generation === 2 ? scan.globalOptions : []);
      if (reg.authCheck) facts.authCheck = reg.authCheck;
      for (const v of cb.env) v.functions.push(fn.name);
      fn.env.push(...cb.env);
      const ev: FnEvent = {
        category: reg.category,
        service: reg.category === 'http' ? 'gcpHttp' : 'other',
        raw: reg.raw,
        loc: reg.loc,
        node: reg.options,
        auth: authOf(reg, get(facts.options, 'invoker')),
        fn,
      };
      if (reg.category === 'http') {
        const rw = rewrites.get(fn.name);
        ev.path = rw ? { kind: 'literal', value: rw.source, loc: rw.loc } : { kind: 'literal', value: `/${fn.name}`, loc: reg.loc };
      }
      fn.events.push(ev);
      fn.entry = { kind: 'registration', text: { kind: 'literal', value: reg.name, loc: reg.loc }, file: reg.file };
      // the export holding the registration; the handler it passes when that is not a function the
      // analysis finds through the export (an express app, a Functions Framework registration's handler)
      if (reg.exportName !== undefined) fn.entry.exportName = reg.exportName;
      const registered = registeredHandler(reg);
      if (registered) fn.entry.registered = registered;
      else if (reg.exportName === undefined)
        notice({
          id: 'unresolved-handler',
          level: 'note',
          message: `the handler of function "${fn.name}" is neither written in its registration nor named there; flows from its input are not analysed`,
          loc: reg.loc,
        });
      out.push({ file: reg.file, fn });
    }
  }
  return out;
}

/** The handler a registration passes, for the taint analysis (`EntryPoint.registered`). */
export function registeredHandler(reg: Registration): EntryPoint['registered'] {
  if (!reg.handlerLoc) return undefined;
  return reg.handlerName !== undefined ? { name: reg.handlerName, loc: reg.handlerLoc } : { loc: reg.handlerLoc };
}

/**
 * A registration's authentication as the model sees it. An HTTPS function deployed by the Firebase
 * CLI is public (`allUsers` may invoke it) unless `invoker` names someone else; a callable is public
 * too but carries the caller's Firebase Auth token, which the code must check (unknown here); a
 * Functions Framework function's invoker is set at deploy time (unknown); event triggers are private.
 */
function authOf(reg: Registration, invoker: Node | undefined): FnEvent['auth'] {
  if (reg.category !== 'http') return 'private';
  if (reg.raw.startsWith('functions.') || reg.callable) return 'unknown';
  if (!invoker) return 'none';
  // a list that names `public` (or allUsers) among service accounts is public all the same
  const items = invoker.kind === 'seq' ? invoker.items : [invoker];
  if (items.some((i) => /^(public|allusers|allauthenticatedusers)$/.test(lowerLiteral(i) ?? ''))) return 'none';
  const literal = lowerLiteral(invoker.kind === 'seq' && invoker.items.length === 1 ? invoker.items[0] : invoker);
  // `'private'`, service accounts: only callers with the invoker role
  return literal !== undefined || (invoker.kind === 'seq' && invoker.items.every((i) => lowerLiteral(i) !== undefined)) ? 'iam' : 'unknown';
}

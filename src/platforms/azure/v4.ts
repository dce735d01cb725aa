import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunction, staticString, unwrapExpression } from '../../code/ast.js';
import { findExport } from '../../code/exports.js';
import { nodeLoc, parseSource, walk } from '../../code/parse.js';
import { emptyMapAt, objectNode, propertyValue } from '../../code/literal.js';
import { sourceVariants, type ModuleResolver } from '../../code/resolve.js';
import { get, isMap, str } from '../../core/node.js';
import type { Document, ToolNotice } from '../../core/types.js';
import type { App, FnEvent } from '../../model/types.js';
import { settingsVars } from './settings.js';
import type { BuildContext } from '../context.js';
import type { Entry } from '../types.js';
import { authOf, newAzureApp, newAzureFn, triggerService } from './model.js';
import type { EventCategory } from '../../model/types.js';

/**
 * The v4 Node.js programming model: functions are registered in code (`app.http('name', { authLevel,
 * methods, route, handler })`, `app.storageQueue(…)`, `app.timer(…)`, …) in the files `package.json`
 * `main` names (a path or a glob, usually of build output: `dist/src/functions/*.js` is read from
 * `src/functions/*.ts` when that is in the project). The app is the directory of `host.json`; its
 * functions are found when the code layer asks for the entries, and each registration becomes a `Fn`.
 */

/** `app.<method>` registrations and the trigger category each one is. */
const REGISTRATIONS: Record<string, EventCategory> = {
  http: 'http',
  get: 'http',
  post: 'http',
  put: 'http',
  patch: 'http',
  deleteRequest: 'http',
  storageQueue: 'queue',
  serviceBusQueue: 'queue',
  serviceBusTopic: 'pubsub',
  storageBlob: 'storage',
  eventGrid: 'pubsub',
  eventHub: 'stream',
  cosmosDB: 'stream',
  timer: 'schedule',
  generic: 'other',
};
const METHOD_SHORTHANDS: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', deleteRequest: 'DELETE' };

export function buildHostJson(doc: Document, ctx: BuildContext): App | null {
  const root = doc.root;
  if (!isMap(root)) return null;
  const dir = posix.dirname(doc.file) === '.' ? '' : posix.dirname(doc.file);
  const pkg = ctx.loadDocument(dir ? `${dir}/package.json` : 'package.json');
  const main = str(get(pkg?.root, 'main'));
  // without `main` the app uses function.json files (the legacy model), each its own manifest
  if (!main) return null;
  const app = newAzureApp(doc, root, 'azure-functions', str(get(pkg?.root, 'name')) ?? (posix.basename(dir) || 'functions'));
  // the settings its functions read locally (reported once, by the local.settings.json app)
  const settings = ctx.loadDocument(dir ? `${dir}/local.settings.json` : 'local.settings.json');
  app.azure = {
    mainFiles: [...new Set(expandBraces(main).flatMap((m) => mainFiles(dir, m, ctx)))],
    settings: settings ? settingsVars(settings, app, false) : [],
  };
  return app;
}

/** `dist/src/{index.js,functions/*.js}` (the `func init` default) as its alternatives; one level of braces. */
export function expandBraces(glob: string): string[] {
  const m = /^([^{]*)\{([^{}]*)\}(.*)$/.exec(glob);
  if (!m) return [glob];
  return m[2]!.split(',').flatMap((alt) => expandBraces(`${m[1]}${alt}${m[3]}`));
}

/** `main` as files: a path, or a glob in its last segment over the directory and its source variants. */
function mainFiles(dir: string, main: string, ctx: BuildContext): string[] {
  const rel = posix.normalize(posix.join(dir || '.', main.replace(/^\.\//, '')));
  if (posix.isAbsolute(rel) || (ctx.inside ? !ctx.inside(rel) : rel.startsWith('../'))) return [];
  const base = posix.basename(rel);
  const parent = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
  if (!/[*?{[]/.test(base) && !/[*?{[]/.test(parent)) return [rel.replace(/\.(c|m)?js$/, '')];
  if (/[*?{[]/.test(parent)) return [];
  // a `*.js` glob of build output also matches the TypeScript sources it is built from
  const match = picomatch(base.replace(/\.(c|m)?js$/, '.*'), { dot: false });
  const out: string[] = [];
  for (const d of sourceVariants(parent || '.'))
    for (const name of ctx.listFiles?.(d === '.' ? '' : d) ?? [])
      if (match(name) && !/\.d\.ts$|\.map$/.test(name)) out.push(`${d === '.' ? '' : `${d}/`}${name}`.replace(/\.[cm]?[jt]sx?$/, ''));
  return [...new Set(out)];
}

/** The functions registered in the app's `main` files; each becomes a `Fn` of the app. */
export function v4Entries(app: App, resolver: ModuleResolver, notice: (n: ToolNotice) => void): Entry[] {
  const entries: Entry[] = [];
  for (const module of app.azure?.mainFiles ?? []) {
    const file = resolver.probe(sourceVariants(module));
    if (!file) continue;
    const text = resolver.io.read(file);
    if (text === null) continue;
    const parsed = parseSource(file, text);
    if ('error' in parsed) continue; // the code layer reports it when it parses the entry
    const appNames = azureAppNames(parsed.file.ast);
    if (!appNames.size) continue;
    walk(parsed.file.ast, (n) => {
      if (n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression' || n.callee.computed) return;
      const obj = n.callee.object;
      const method = n.callee.property.type === 'Identifier' ? n.callee.property.name : undefined;
      if (obj.type !== 'Identifier' || !appNames.has(obj.name) || !method || !Object.hasOwn(REGISTRATIONS, method)) return;
      const nameArg = n.arguments[0];
      const name = staticString(nameArg);
      if (!nameArg || name === undefined) return;
      const optsArg = n.arguments[1] ? unwrapExpression(n.arguments[1]) : undefined;
      const options = optsArg?.type === 'ObjectExpression' ? objectNode(file, optsArg) : emptyMapAt(file, nameArg);
      const nameLoc = nodeLoc(file, nameArg);
      const fn = newAzureFn(app, name, nameLoc, options, null);
      fn.env.push(...(app.azure?.settings ?? []));
      const handler = optsArg?.type === 'ObjectExpression' ? propertyValue(optsArg, 'handler') : optsArg;
      fn.entry = { kind: 'registration', text: { kind: 'literal', value: name, loc: nameLoc }, file };
      // the taint analysis starts at an exported handler (`export async function getOrder…`, as `func new`
      // writes it), else at the function the registration passes: one of the file's, or written inline
      if (handler?.type === 'Identifier') {
        if (findExport(parsed.file, handler.name)) fn.entry.exportName = handler.name;
        else fn.entry.registered = { name: handler.name, loc: nodeLoc(file, handler) };
      } else if (handler && isFunction(handler)) fn.entry.registered = { loc: nodeLoc(file, handler) };
      else
        notice({
          id: 'unresolved-handler',
          level: 'note',
          message: `the handler of function "${name}" is not a function written in the registration or named there; flows from its input are not analysed`,
          loc: nameLoc,
        });
      const category = REGISTRATIONS[method]!;
      const ev: FnEvent = {
        category,
        service: triggerService(category),
        raw: `app.${method}`,
        loc: nodeLoc(file, n.callee.property),
        node: options,
        auth: category === 'http' ? authOf(get(options, 'authLevel')) : 'private',
        fn,
      };
      if (category === 'http') {
        const methods = get(options, 'methods');
        if (METHOD_SHORTHANDS[method]) ev.method = { kind: 'literal', value: METHOD_SHORTHANDS[method]!, loc: ev.loc };
        else if (methods?.kind === 'seq' && methods.items.length)
          ev.method = { kind: 'literal', value: methods.items.map((m) => str(m) ?? '*').join(','), loc: methods.loc };
        const route = get(options, 'route');
        ev.path =
          route && route.kind === 'scalar'
            ? { kind: 'literal', value: route.value, loc: route.loc }
            : { kind: 'literal', value: name, loc: nameLoc };
      }
      fn.events.push(ev);
      entries.push({ file, fn });
    });
  }
  return entries;
}

/** Local names of `app` imported from `@azure/functions` (ESM import or CommonJS destructuring). */
function azureAppNames(ast: TSESTree.Program): Set<string> {
  const names = new Set<string>();
  walk(ast, (n) => {
    if (n.type === 'ImportDeclaration' && n.source.value === '@azure/functions')
      for (const s of n.specifiers)
        if (s.type === 'ImportSpecifier' && s.imported.type === 'Identifier' && s.imported.name === 'app') names.add(s.local.name);
    if (
      n.type === 'VariableDeclarator' &&
      n.id.type === 'ObjectPattern' &&
      n.init?.type === 'CallExpression' &&
      n.init.callee.type === 'Identifier' &&
      n.init.callee.name === 'require' &&
      staticString(n.init.arguments[0]) === '@azure/functions'
    )
      for (const p of n.id.properties)
        if (p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'app' && p.value.type === 'Identifier')
          names.add(p.value.name);
  });
  return names;
}

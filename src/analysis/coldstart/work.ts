import { posix } from 'node:path';
import { isFunction, memberName, staticString, unwrapExpression, type AstNode } from '../../code/ast.js';
import { nodeLoc, walk } from '../../code/parse.js';
import type { Loc } from '../../core/types.js';
import type { SourceFile } from '../../model/types.js';

/**
 * Work a file does at module scope, when it loads (every cold start of every function loading it),
 * before any handler runs: synchronous file-system reads, top-level `await` of network calls, and
 * JSON files pulled in whole by `require`/`import`. Code inside a function is not module scope
 * (an immediately-invoked function is: it runs at load).
 */
export interface ModuleWork {
  kind: 'sync-read' | 'await-network' | 'json';
  /** as written, shortened: `fs.readFileSync()`, `await fetch()`, `./countries.json` */
  what: string;
  loc: Loc;
  file: string;
  /** for `await-network`: the network calls the awaited expression makes */
  calls?: number;
  /** for `json`: the JSON file (srcRoot-relative) */
  json?: string;
}

const FS_MODULES = new Set(['fs', 'node:fs', 'fs-extra', 'graceful-fs']);
const SYNC_READS = new Set(['readFileSync', 'readdirSync']);
/** Calls that go to the network by name (`fetch`) or through an HTTP client package's binding. */
const HTTP_PACKAGES = new Set(['axios', 'node-fetch', 'undici', 'got', 'superagent', 'ky', 'needle', 'request']);

/** `sdkCallAt(pos)`: is there an SDK call at this offset (from the SDK-call collection)? */
export function moduleWork(sf: SourceFile, sdkCallOffsets: readonly number[]): ModuleWork[] {
  const out: ModuleWork[] = [];
  const fsNames = new Map<string, 'module' | string>();
  const httpNames = new Set<string>(['fetch']);
  for (const st of sf.ast.body) {
    if (st.type === 'ImportDeclaration') {
      const src = String(st.source.value);
      for (const s of st.specifiers) {
        if (FS_MODULES.has(src))
          fsNames.set(s.local.name, s.type === 'ImportSpecifier' && s.imported.type === 'Identifier' ? s.imported.name : 'module');
        if (HTTP_PACKAGES.has(src)) httpNames.add(s.local.name);
      }
    }
  }
  // the names a `require()` binds: only a file that requires fs or an HTTP client has any
  const requiresNamed = sf.imports.some((i) => i.kind === 'require' && (FS_MODULES.has(i.source) || HTTP_PACKAGES.has(i.source)));
  if (requiresNamed)
    walk(sf.ast, (n) => {
      if (n.type === 'VariableDeclarator' && n.init) {
        let init = unwrapExpression(n.init);
        let member: string | undefined;
        if (init.type === 'MemberExpression') {
          member = memberName(init);
          init = unwrapExpression(init.object);
        }
        const spec = requireSpec(init);
        if (spec !== undefined && n.id.type === 'Identifier') {
          if (FS_MODULES.has(spec)) fsNames.set(n.id.name, member ?? 'module');
          if (HTTP_PACKAGES.has(spec)) httpNames.add(n.id.name);
        } else if (spec !== undefined && n.id.type === 'ObjectPattern' && FS_MODULES.has(spec))
          for (const p of n.id.properties)
            if (p.type === 'Property' && p.key.type === 'Identifier' && p.value.type === 'Identifier')
              fsNames.set(p.value.name, p.key.name);
      }
      return undefined;
    });

  const isNetworkCall = (n: AstNode): boolean => {
    // an SDK call is recorded at its call, or at the command it sends (`send(new XCommand(…))`)
    if ((n.type === 'CallExpression' || n.type === 'NewExpression') && sdkCallOffsets.includes(n.range[0])) return true;
    if (n.type !== 'CallExpression') return false;
    let c = unwrapExpression(n.callee);
    while (c.type === 'MemberExpression') c = unwrapExpression(c.object);
    return c.type === 'Identifier' && httpNames.has(c.name);
  };

  // everything reported runs at load: a function's body is not walked (an immediately-invoked one is)
  walk(sf.ast, (n) => {
    if (isFunction(n) && !(n.parent?.type === 'CallExpression' && n.parent.callee === n)) return false;
    if (n.type === 'CallExpression') {
      const json = jsonSpec(n);
      if (json) {
        const target = posix.normalize(posix.join(posix.dirname(sf.path), json));
        out.push({ kind: 'json', what: json, loc: nodeLoc(sf.path, n), file: sf.path, json: target });
        return undefined;
      }
      const name = syncRead(n.callee, fsNames);
      if (name) out.push({ kind: 'sync-read', what: `${name}()`, loc: nodeLoc(sf.path, n), file: sf.path });
    } else if (n.type === 'ImportDeclaration' && n.importKind !== 'type') {
      const spec = String(n.source.value);
      if (isRelativeJson(spec) && n.specifiers.length)
        out.push({
          kind: 'json',
          what: spec,
          loc: nodeLoc(sf.path, n.source),
          file: sf.path,
          json: posix.normalize(posix.join(posix.dirname(sf.path), spec)),
        });
    } else if (n.type === 'AwaitExpression') {
      let calls = 0;
      let first: AstNode | undefined;
      walk(n.argument, (m) => {
        if (isFunction(m)) return false;
        if (isNetworkCall(m)) {
          calls++;
          // `send(new XCommand(…))`: the call that sends it
          const at =
            m.type === 'NewExpression' && m.parent?.type === 'CallExpression' && m.parent.arguments.includes(m as never) ? m.parent : m;
          if (!first || at.range[0] < first.range[0]) first = at;
        }
        return undefined;
      });
      if (first) {
        out.push({ kind: 'await-network', what: `await ${calleeText(sf, first)}()`, calls, loc: nodeLoc(sf.path, n), file: sf.path });
        return false;
      }
    }
    return undefined;
  });
  return out.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
}

function calleeText(sf: SourceFile, call: AstNode): string {
  const c = call.type === 'CallExpression' || call.type === 'NewExpression' ? call.callee : call;
  const s = sf.text.slice(c.range[0], c.range[1]).replace(/\s+/g, '');
  return s.length > 50 ? `${s.slice(0, 47)}...` : s;
}

function requireSpec(n: AstNode): string | undefined {
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments.length === 1)
    return staticString(n.arguments[0]);
  return undefined;
}

function isRelativeJson(spec: string): boolean {
  return (spec.startsWith('./') || spec.startsWith('../')) && spec.toLowerCase().endsWith('.json');
}

function jsonSpec(n: AstNode): string | undefined {
  const spec = requireSpec(n);
  return spec !== undefined && isRelativeJson(spec) ? spec : undefined;
}

/** `fs.readFileSync`, `readFileSync` (imported from fs), `fs.promises`-free: the sync read's name, else undefined. */
function syncRead(callee: AstNode, fsNames: Map<string, string>): string | undefined {
  const c = unwrapExpression(callee);
  if (c.type === 'Identifier') {
    const b = fsNames.get(c.name);
    return b && SYNC_READS.has(b) ? c.name : undefined;
  }
  if (c.type !== 'MemberExpression') return undefined;
  const m = memberName(c);
  if (!m || !SYNC_READS.has(m)) return undefined;
  const o = unwrapExpression(c.object);
  if (o.type === 'Identifier' && fsNames.get(o.name) === 'module') return `${o.name}.${m}`;
  // `require('fs').readFileSync(…)`
  const spec = requireSpec(o);
  if (spec !== undefined && FS_MODULES.has(spec)) return `require('${spec}').${m}`;
  return undefined;
}

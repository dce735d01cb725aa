import { normaliseModule, type CalleeSpec } from '../../knowledge/sinks.js';

/** A callee as the knowledge tables write it (sanitisers add `global-member`: `Number.parseInt`). */
export type TableCallee = CalleeSpec | { kind: 'global-member'; object: string };

/** What a call's callee is, as far as the tables' callees can name it. */
export interface CallKeys {
  /** the package value called (`child_process.exec` → module `child_process`, path `exec`) */
  ref?: { module: string; path: readonly string[] };
  /** the member name called (`pool.query` → `query`) */
  method?: string;
  /** the global called, when the name is bound nowhere in scope (`eval`) */
  globalName?: string;
  /** the global whose member is called (`JSON.parse` → `JSON`) */
  recvGlobal?: string;
}

/**
 * A knowledge table (sinks, sanitisers, validators) indexed by what its callees name, so a call is
 * matched against the few entries naming its module path, method or global instead of every entry
 * (the sink table has hundreds, and every call of every handler is matched). `candidates` only
 * narrows: the caller checks each candidate as before, and gets them in table order, so which entry
 * matches first is unchanged.
 */
export class CalleeIndex<T> {
  private readonly byKey = new Map<string, number[]>();

  constructor(
    private readonly table: readonly T[],
    calleeOf: (entry: T) => TableCallee,
  ) {
    table.forEach((entry, i) => {
      for (const key of specKeys(calleeOf(entry))) {
        const list = this.byKey.get(key);
        if (!list) this.byKey.set(key, [i]);
        else if (list.at(-1) !== i) list.push(i);
      }
    });
  }

  candidates(call: CallKeys): T[] {
    const hits: number[] = [];
    const add = (key: string) => {
      const list = this.byKey.get(key);
      if (list) hits.push(...list);
    };
    if (call.globalName !== undefined) add(`g\0${call.globalName}`);
    if (call.ref) {
      if (call.ref.module === 'globalThis') add(`g\0${call.ref.path.join('.')}`);
      add(moduleKey(normaliseModule(call.ref.module), call.ref.path));
    }
    if (call.method !== undefined) add(`n\0${call.method}`);
    if (call.recvGlobal !== undefined) add(`o\0${call.recvGlobal}`);
    if (hits.length > 1) hits.sort((a, b) => a - b);
    const out: T[] = [];
    for (let i = 0; i < hits.length; i++) if (i === 0 || hits[i] !== hits[i - 1]) out.push(this.table[hits[i]!]!);
    return out;
  }
}

function moduleKey(module: string, path: readonly string[]): string {
  return `m\0${module}\0${path.join('\0')}`;
}

function specKeys(c: TableCallee): string[] {
  switch (c.kind) {
    case 'global':
      return [`g\0${c.name}`];
    case 'module':
      return [moduleKey(c.module, c.path)];
    case 'method':
      return c.names.map((n) => `n\0${n}`);
    case 'global-member':
      return [`o\0${c.object}`];
  }
}

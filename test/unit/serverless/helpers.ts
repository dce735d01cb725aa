import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildContext } from '../../../src/platforms/context.js';
import type { Document, Loc, Node, ToolNotice } from '../../../src/core/types.js';
import { parseJson } from '../../../src/parse/json.js';
import { parseYaml } from '../../../src/parse/yaml.js';

export interface TestContext extends BuildContext {
  notices: ToolNotice[];
  /** every path loadDocument was asked for, in order */
  loads: string[];
}

export interface ContextOptions {
  stage?: string;
  region?: string;
  allowEnv?: boolean;
  env?: Record<string, string | undefined>;
}

export function parse(file: string, text: string): Document {
  const r = /\.json$/i.test(file) ? parseJson(file, text) : parseYaml(file, text);
  if (r.errors.length) throw new Error(`fixture ${file} does not parse: ${r.errors[0]!.message}`);
  return r.doc;
}

/**
 * A BuildContext over in-memory files (posix paths relative to a virtual root). Like the real one it
 * refuses paths outside the root, parses YAML/JSON only and caches each document.
 */
export function memoryContext(files: Record<string, string>, opts: ContextOptions = {}): TestContext {
  const cache = new Map<string, Document | null>();
  const ctx: TestContext = {
    srcRoot: '/virtual/root',
    stage: opts.stage ?? 'dev',
    region: opts.region,
    allowEnv: opts.allowEnv ?? false,
    env: opts.env ?? {},
    notices: [],
    loads: [],
    notice(n) {
      ctx.notices.push(n);
    },
    loadDocument(rel) {
      ctx.loads.push(rel);
      const key = path.posix.normalize(rel);
      if (key.startsWith('../') || path.posix.isAbsolute(key) || !/\.(ya?ml|json)$/i.test(key)) return null;
      if (cache.has(key)) return cache.get(key)!;
      const text = files[key];
      const doc = text === undefined ? null : parse(key, text);
      cache.set(key, doc);
      return doc;
    },
  };
  return ctx;
}

/** A BuildContext over a real directory (the fixtures), reading YAML/JSON inside it only. */
export function diskContext(root: string, opts: ContextOptions = {}): TestContext {
  const ctx = memoryContext({}, opts);
  const cache = new Map<string, Document | null>();
  ctx.srcRoot = root;
  ctx.loadDocument = (rel) => {
    ctx.loads.push(rel);
    const key = path.posix.normalize(rel);
    const abs = path.resolve(root, key);
    if (path.relative(root, abs).startsWith('..') || !/\.(ya?ml|json)$/i.test(key)) return null;
    if (cache.has(key)) return cache.get(key)!;
    let doc: Document | null = null;
    try {
      doc = parse(key, fs.readFileSync(abs, 'utf8'));
    } catch {
      doc = null;
    }
    cache.set(key, doc);
    return doc;
  };
  return ctx;
}

/** Lines joined with '\n' (line N of the result is lines[N-1]). */
export function yaml(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

/** [line, column, endLine, endColumn] of a Loc, for compact assertions. */
export function pos(l: Loc | undefined): [number, number, number, number] | undefined {
  return l && [l.line, l.column, l.endLine, l.endColumn];
}

/** A scalar/ref node's value for assertions: the literal, or `ref:<text>`. */
export function leaf(n: Node | undefined): unknown {
  if (!n) return undefined;
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'ref') return `ref:${n.text}`;
  return n.kind;
}

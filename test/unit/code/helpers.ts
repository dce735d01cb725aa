import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { App, Fn, Origin, Project } from '../../../src/model/types.js';
import type { Loc, MapNode, Node, ToolNotice, Value } from '../../../src/core/types.js';
import type { SourceIo } from '../../../src/code/resolve.js';

/** A temp project with the given files (posix paths → text). */
export function tempProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-code-'));
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  return root;
}

/** A tiny io over a folder that records what was asked; it refuses paths that leave the root. */
export function recordingIo(root: string): SourceIo & { reads: string[]; asked: string[] } {
  const reads: string[] = [];
  const asked: string[] = [];
  const inside = (rel: string) => {
    const abs = path.resolve(root, rel);
    return abs === root || abs.startsWith(root + path.sep);
  };
  return {
    reads,
    asked,
    exists(rel) {
      asked.push(rel);
      if (!inside(rel)) return false;
      try {
        return fs.statSync(path.resolve(root, rel)).isFile();
      } catch {
        return false;
      }
    },
    read(rel) {
      reads.push(rel);
      if (!inside(rel)) return null;
      try {
        return fs.readFileSync(path.resolve(root, rel), 'utf8');
      } catch {
        return null;
      }
    },
  };
}

export function loc(file: string, line: number, column: number, endLine = line, endColumn = column + 1): Loc {
  return { file, line, column, endLine, endColumn };
}

export function lit(value: string, at: Loc): Value {
  return { kind: 'literal', value, loc: at };
}

/** A located map node from a plain object (every node located at `at`). */
export function node(v: unknown, at: Loc): Node {
  if (Array.isArray(v)) return { kind: 'seq', items: v.map((i) => node(i, at)), loc: at };
  if (v !== null && typeof v === 'object')
    return {
      kind: 'map',
      loc: at,
      entries: Object.entries(v).map(([key, value]) => ({ key, keyLoc: at, value: node(value, at) })),
    };
  return { kind: 'scalar', value: v as string | number | boolean | null, loc: at };
}

export function app(file: string, origin: Origin, root: Record<string, unknown> = {}): App {
  const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
  const at = loc(file, 1, 1);
  return {
    file,
    origin,
    dir,
    doc: { file, format: 'yaml', root: null, comments: new Map(), lines: [] },
    root: node(root, at) as MapNode,
    functions: [],
    resources: [],
    roles: [],
    statements: [],
    envVars: [],
    name: 'test',
  };
}

export interface FnSpec {
  name: string;
  handler: string | Value | null;
  runtime?: string | null;
  /** SAM/CFN resource properties (CodeUri, Code, InlineCode, …) */
  props?: Record<string, unknown>;
  /** SAM resource Metadata */
  metadata?: Record<string, unknown>;
  /** where the handler value is written */
  at?: Loc;
}

/** Adds a function (and for SAM/CFN its resource) to an app. */
export function addFn(a: App, spec: FnSpec): Fn {
  const at = spec.at ?? loc(a.file, 1, 1);
  const entry =
    spec.handler === null
      ? null
      : { kind: 'handler' as const, text: typeof spec.handler === 'string' ? lit(spec.handler, at) : spec.handler };
  const fn: Fn = {
    name: spec.name,
    id: spec.name,
    origin: a.origin,
    platform: 'aws',
    app: a,
    loc: at,
    node: node(spec.props ?? {}, at),
    runtime: spec.runtime === null ? null : lit(spec.runtime ?? 'nodejs20.x', at),
    architecture: null,
    memory: null,
    timeout: null,
    reservedConcurrency: null,
    entry,
    env: [],
    events: [],
    role: null,
    layers: [],
    url: null,
    tracing: null,
    logRetention: null,
  };
  a.functions.push(fn);
  if (a.origin !== 'serverless') {
    const resource: Record<string, unknown> = { Type: 'AWS::Serverless::Function', Properties: spec.props ?? {} };
    if (spec.metadata) resource.Metadata = spec.metadata;
    a.resources.push({
      id: spec.name,
      idLoc: at,
      type: 'AWS::Serverless::Function',
      typeLoc: at,
      properties: node(spec.props ?? {}, at) as MapNode,
      node: node(resource, at) as MapNode,
      ignore: [],
      app: a,
    });
  }
  return fn;
}

export function project(root: string, apps: App[]): Project {
  return { srcRoot: root, apps, sourceFiles: [], textFiles: [], files: new Map() };
}

export function collect(): { notices: ToolNotice[]; notice: (n: ToolNotice) => void } {
  const notices: ToolNotice[] = [];
  return { notices, notice: (n) => notices.push(n) };
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildContext } from '../../../src/platforms/context.js';
import { buildCloudFormationApp } from '../../../src/platforms/aws/template.js';
import { parseJson } from '../../../src/parse/json.js';
import { parseYaml } from '../../../src/parse/yaml.js';
import type { App } from '../../../src/model/types.js';
import type { Document, Loc, Node, ToolNotice, Value } from '../../../src/core/types.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

/** A small in-memory BuildContext: no file is ever read, notices are collected. */
export function memoryContext(): { ctx: BuildContext; notices: ToolNotice[] } {
  const notices: ToolNotice[] = [];
  const ctx: BuildContext = {
    srcRoot: '/nonexistent-root',
    loadDocument: () => null,
    stage: 'dev',
    allowEnv: false,
    env: {},
    notice: (n) => notices.push(n),
  };
  return { ctx, notices };
}

/** Parses a text as the file `file` (YAML, or JSON by extension); fails the test on parse errors. */
export function parse(file: string, text: string): Document {
  const r = file.endsWith('.json') ? parseJson(file, text) : parseYaml(file, text);
  if (r.errors.length) throw new Error(`fixture ${file} does not parse: ${r.errors[0]!.message}`);
  return r.doc;
}

export function fixtureDoc(name: string): Document {
  return parse(`fixtures/${name}`, fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
}

/** Builds a fixture template; the app must exist. */
export function buildFixture(name: string): { app: App; notices: ToolNotice[] } {
  const { ctx, notices } = memoryContext();
  const app = buildCloudFormationApp(fixtureDoc(name), ctx);
  if (!app) throw new Error(`${name}: not built`);
  return { app, notices };
}

/** `line:column-endLine:endColumn` */
export function span(loc: Loc | undefined): string {
  return loc ? `${loc.line}:${loc.column}-${loc.endLine}:${loc.endColumn}` : 'none';
}

/** A Value or Node leaf as `literal@span` / `ref(text)@span`, for compact exact assertions. */
export function show(v: Value | Node | null | undefined): string {
  if (!v) return String(v);
  if (v.kind === 'literal' || v.kind === 'scalar') return `${JSON.stringify(v.value)}@${span(v.loc)}`;
  if (v.kind === 'ref') return `ref(${v.text})@${span(v.loc)}`;
  return `${v.kind}@${span(v.loc)}`;
}

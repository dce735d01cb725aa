import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SOURCE_FILES } from '../../../src/code/graph.js';
import { resolveImport } from '../../../src/code/resolve.js';
import { resolveHandlers } from '../../../src/platforms/aws/handlers.js';
import { addFn, app, collect, loc, project, recordingIo, tempProject } from './helpers.js';

const roots: string[] = [];
function tmp(files: Record<string, string>): string {
  const r = tempProject(files);
  roots.push(r);
  return r;
}
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

describe('resolveHandlers: serverless', () => {
  it('resolves `path/file.export` relative to the serverless.yml folder, preferring .ts', () => {
    const root = tmp({
      'svc/serverless.yml': '',
      'svc/src/users/get.ts': 'export const main = async () => ({ statusCode: 200 });',
      'svc/src/users/get.js': 'exports.main = async () => ({});',
    });
    const a = app('svc/serverless.yml', 'serverless');
    const fn = addFn(a, { name: 'getUser', handler: 'src/users/get.main' });
    const p = project(root, [a]);
    const { notices, notice } = collect();
    resolveHandlers(p, recordingIo(root), notice);
    expect(notices).toEqual([]);
    expect(fn.entry).toMatchObject({ file: 'svc/src/users/get.ts', exportName: 'main' });
    expect(p.sourceFiles.map((f) => f.path)).toEqual(['svc/src/users/get.ts']);
    expect(p.sourceFiles[0]!.handlerOf).toEqual([fn]);
    expect(p.sourceFiles[0]!.exports).toEqual(['main']);
  });

  it('finds folder index files and .mjs/.cjs handlers', () => {
    const root = tmp({
      'src/orders/index.ts': 'export const handler = () => 1;',
      'esm/h.mjs': 'export const go = () => 1;',
      'cjs/h.cjs': 'exports.go = () => 1;',
    });
    const a = app('serverless.yml', 'serverless');
    const f1 = addFn(a, { name: 'orders', handler: 'src/orders.handler' });
    const f2 = addFn(a, { name: 'esm', handler: './esm/h.go' });
    const f3 = addFn(a, { name: 'cjs', handler: 'cjs\\h.go' });
    const p = project(root, [a]);
    const { notices, notice } = collect();
    resolveHandlers(p, recordingIo(root), notice);
    expect(notices).toEqual([]);
    expect([f1, f2, f3].map((f) => f.entry?.file)).toEqual(['src/orders/index.ts', 'esm/h.mjs', 'cjs/h.cjs']);
  });

  it('falls back to the runtime reading (first dot) for `file.a.b` handlers', () => {
    const root = tmp({ 'src/app.ts': 'export const handlers = { main: () => 1 };' });
    const a = app('serverless.yml', 'serverless');
    const fn = addFn(a, { name: 'nested', handler: 'src/app.handlers.main' });
    const { notices, notice } = collect();
    resolveHandlers(project(root, [a]), recordingIo(root), notice);
    expect(notices).toEqual([]);
    expect(fn.entry).toMatchObject({ file: 'src/app.ts', exportName: 'handlers' });
  });

  it('maps build output to its source: dist/ → src/, and keeps the built file when there is no source', () => {
    const root = tmp({
      'dist/handlers/a.js': 'exports.handler = () => 1;',
      'src/handlers/a.ts': 'export const handler = () => 1;',
      'dist/only/b.js': 'exports.handler = () => 1;',
      '.esbuild/.build/src/c.js': 'exports.handler = () => 1;',
      'src/c.ts': 'export const handler = () => 1;',
    });
    const a = app('serverless.yml', 'serverless');
    const fa = addFn(a, { name: 'a', handler: 'dist/handlers/a.handler' });
    const fb = addFn(a, { name: 'b', handler: 'dist/only/b.handler' });
    const fc = addFn(a, { name: 'c', handler: '.esbuild/.build/src/c.handler' });
    const { notices, notice } = collect();
    resolveHandlers(project(root, [a]), recordingIo(root), notice);
    expect(notices).toEqual([]);
    expect([fa, fb, fc].map((f) => f.entry?.file)).toEqual(['src/handlers/a.ts', 'dist/only/b.js', 'src/c.ts']);
  });

  it('notes a missing handler at the handler value, listing where it looked', () => {
    const root = tmp({ 'serverless.yml': '' });
    const a = app('serverless.yml', 'serverless');
    const at = loc('serverless.yml', 7, 14, 7, 25);
    const fn = addFn(a, { name: 'f', handler: 'src/x.main', at });
    const p = project(root, [a]);
    const { notices, notice } = collect();
    resolveHandlers(p, recordingIo(root), notice);
    expect(notices).toEqual([
      {
        id: 'unresolved-handler',
        level: 'note',
        message: 'handler "src/x.main" of function "f" not found (looked for src/x.ts, src/x.js, …)',
        loc: at,
      },
    ]);
    expect(fn.entry?.file).toBeUndefined();
    expect(p.sourceFiles).toEqual([]);
  });

  it('lists the mapped source paths it tried for build output', () => {
    const root = tmp({});
    const a = app('serverless.yml', 'serverless');
    addFn(a, { name: 'f', handler: 'dist/x.main' });
    const { notices, notice } = collect();
    resolveHandlers(project(root, [a]), recordingIo(root), notice);
    expect(notices.map((n) => n.message)).toEqual([
      'handler "dist/x.main" of function "f" not found (looked for dist/x.ts, dist/x.js, src/x.ts, src/x.js, x.ts, x.js, …)',
    ]);
  });

  it('skips non-Node runtimes silently, and unknown runtimes whose handler is a Python file', () => {
    const root = tmp({ 'app.py': 'def handler(e, c): pass' });
    const a = app('serverless.yml', 'serverless');
    const py = addFn(a, { name: 'py', handler: 'app.handler', runtime: 'python3.12' });
    const java = addFn(a, { name: 'java', handler: 'com.example.Handler::handleRequest', runtime: null });
    const unknown = addFn(a, { name: 'unknown', handler: 'app.handler', runtime: null });
    const go = addFn(a, { name: 'go', handler: 'bootstrap', runtime: 'provided.al2023' });
    const { notices, notice } = collect();
    const io = recordingIo(root);
    resolveHandlers(project(root, [a]), io, notice);
    expect(notices).toEqual([]);
    expect([py, java, unknown, go].map((f) => f.entry?.file)).toEqual([undefined, undefined, undefined, undefined]);
    expect(io.reads).toEqual([]);
  });

  it('notes a handler that is not a static value, and one without an export name on a Node runtime', () => {
    const root = tmp({});
    const a = app('serverless.yml', 'serverless');
    const at = loc('serverless.yml', 3, 14, 3, 40);
    addFn(a, { name: 'ref', handler: { kind: 'ref', text: '${self:custom.handler}', loc: at } });
    addFn(a, { name: 'bare', handler: 'index', at });
    const { notices, notice } = collect();
    resolveHandlers(project(root, [a]), recordingIo(root), notice);
    expect(notices).toEqual([
      {
        id: 'unresolved-handler',
        level: 'note',
        message: 'handler "${self:custom.handler}" of function "ref" is not a static value; its code is not analysed',
        loc: at,
      },
      {
        id: 'unresolved-handler',
        level: 'note',
        message: 'handler "index" of function "bare" names no export; expected "file.export"',
        loc: at,
      },
    ]);
  });
});

describe('resolveHandlers: SAM and CloudFormation', () => {
  it('joins CodeUri with the module path of Handler', () => {
    const root = tmp({
      'sam/hello-world/app.ts': 'export const lambdaHandler = async () => ({});',
      'sam/hello-world/app.js': 'exports.lambdaHandler = async () => ({});',
    });
    const a = app('sam/template.yaml', 'sam');
    const fn = addFn(a, { name: 'Hello', handler: 'app.lambdaHandler', props: { CodeUri: 'hello-world/' } });
    const { notices, notice } = collect();
    resolveHandlers(project(root, [a]), recordingIo(root), notice);
    expect(notices).toEqual([]);
    expect(fn.entry).toMatchObject({ file: 'sam/hello-world/app.ts', exportName: 'lambdaHandler' });
  });

  it('uses Globals.Function.CodeUri when the function has none', () => {
    const root = tmp({ 'functions/h.js': 'exports.run = () => 1;' });
    const a = app('template.yaml', 'sam', { Globals: { Function: { CodeUri: 'functions' } } });
    const fn = addFn(a, { name: 'G', handler: 'h.run' });
    const { notices, notice } = collect();
    resolveHandlers(project(root, [a]), recordingIo(root), notice);
    expect(notices).toEqual([]);
    expect(fn.entry?.file).toBe('functions/h.js');
  });

  it("uses the builder's merged CodeUri and its inline code marker", () => {
    const root = tmp({ 'fns/h.ts': 'export const run = () => 1;' });
    const a = app('template.yaml', 'sam');
    const at = loc('template.yaml', 4, 3);
    const fn = addFn(a, { name: 'Merged', handler: 'h.run' });
    fn.entry!.codeUri = { kind: 'literal', value: 'fns', loc: at };
    const inline = addFn(a, { name: 'Inline', handler: 'index.handler' });
    inline.entry!.inlineCode = { kind: 'literal', value: 'exports.handler = () => 1', loc: at };
    const { notices, notice } = collect();
    resolveHandlers(project(root, [a]), recordingIo(root), notice);
    expect(notices).toEqual([]);
    expect([fn.entry?.file, inline.entry?.file]).toEqual(['fns/h.ts', undefined]);
  });

  it('follows esbuild Metadata EntryPoints on the resource', () => {
    const root = tmp({ 'hello/src/handlers/app.ts': 'export const lambdaHandler = async () => ({});' });
    const a = app('template.yaml', 'sam');
    const fn = addFn(a, {
      name: 'Hello',
      handler: 'app.lambdaHandler',
      props: { CodeUri: 'hello' },
      metadata: { BuildMethod: 'esbuild', BuildProperties: { Minify: true, EntryPoints: ['src/handlers/app.ts'] } },
    });
    const { notices, notice } = collect();
    resolveHandlers(project(root, [a]), recordingIo(root), notice);
    expect(notices).toEqual([]);
    expect(fn.entry).toMatchObject({ file: 'hello/src/handlers/app.ts', exportName: 'lambdaHandler' });
  });

  it('picks the entry point matching the handler among several', () => {
    const root = tmp({ 'src/a.ts': 'export const h = 1;', 'src/b.ts': 'export const h = 1;' });
    const a = app('template.yaml', 'sam');
    const fn = addFn(a, {
      name: 'B',
      handler: 'b.h',
      props: { CodeUri: '.' },
      metadata: { BuildMethod: 'esbuild', BuildProperties: { EntryPoints: ['src/a.ts', 'src/b.ts'] } },
    });
    const { notice } = collect();
    resolveHandlers(project(root, [a]), recordingIo(root), notice);
    expect(fn.entry?.file).toBe('src/b.ts');
  });

  it('maps a CodeUri into build output back to src/', () => {
    const root = tmp({ 'src/handlers/a.ts': 'export const handler = () => 1;' });
    const a = app('template.yaml', 'sam');
    const fn = addFn(a, { name: 'A', handler: 'handlers/a.handler', props: { CodeUri: 'dist/' } });
    const { notices, notice } = collect();
    resolveHandlers(project(root, [a]), recordingIo(root), notice);
    expect(notices).toEqual([]);
    expect(fn.entry?.file).toBe('src/handlers/a.ts');
  });

  it('does not look for code in S3 or archives, and stays silent for inline code and images', () => {
    const root = tmp({});
    const a = app('template.yaml', 'cloudformation');
    const s3At = loc('template.yaml', 9, 16, 9, 40);
    addFn(a, { name: 'S3', handler: 'index.handler', props: { CodeUri: 's3://bucket/code.zip' }, at: s3At });
    addFn(a, { name: 'Map', handler: 'index.handler', props: { Code: { S3Bucket: 'b', S3Key: 'k' } }, at: s3At });
    addFn(a, { name: 'Inline', handler: 'index.handler', props: { Code: { ZipFile: 'exports.handler = () => 1' } } });
    addFn(a, { name: 'SamInline', handler: 'index.handler', props: { InlineCode: 'exports.handler = () => 1' } });
    addFn(a, { name: 'Image', handler: 'index.handler', props: { Code: { ImageUri: 'x' } } });
    const { notices, notice } = collect();
    resolveHandlers(project(root, [a]), recordingIo(root), notice);
    expect(notices).toEqual([
      {
        id: 'unresolved-handler',
        level: 'note',
        message: 'code of function "S3" is "s3://bucket/code.zip", not a source folder; its handler is not analysed',
        loc: s3At,
      },
      {
        id: 'unresolved-handler',
        level: 'note',
        message: 'code of function "Map" is not in the repository or not a static path; its handler is not analysed',
        loc: s3At,
      },
    ]);
  });
});

describe('resolveHandlers: following imports', () => {
  it('follows relative imports, `.js` specifiers to `.ts` sources, index files; not packages or type-only imports', () => {
    const root = tmp({
      'src/handler.ts': [
        "import { db } from './lib/db.js';",
        "import * as util from './util';",
        "import type { Shape } from './types';",
        "import { S3Client } from '@aws-sdk/client-s3';",
        "const lazy = () => import('./lazy.mjs');",
        'export const main = async () => db(util);',
      ].join('\n'),
      'src/lib/db.ts': 'export const db = (x: unknown) => x;',
      'src/lib/db.js': 'exports.db = (x) => x;',
      'src/util/index.ts': 'export const u = 1;',
      'src/types.ts': 'export interface Shape { a: string }',
      'src/lazy.mts': 'export default 1;',
    });
    const a = app('serverless.yml', 'serverless');
    addFn(a, { name: 'main', handler: 'src/handler.main' });
    const p = project(root, [a]);
    const { notices, notice } = collect();
    const io = recordingIo(root);
    resolveHandlers(p, io, notice);
    expect(notices).toEqual([]);
    expect(p.sourceFiles.map((f) => f.path)).toEqual(['src/handler.ts', 'src/lazy.mts', 'src/lib/db.ts', 'src/util/index.ts']);
    const entry = p.sourceFiles[0]!;
    expect(entry.imports.map((i) => [i.source, i.resolved])).toEqual([
      ['./lib/db.js', 'src/lib/db.ts'],
      ['./util', 'src/util/index.ts'],
      ['./types', 'src/types.ts'],
      ['@aws-sdk/client-s3', undefined],
      ['./lazy.mjs', 'src/lazy.mts'],
    ]);
    expect(io.reads.sort()).toEqual(['src/handler.ts', 'src/lazy.mts', 'src/lib/db.ts', 'src/util/index.ts']);
    expect(p.sourceFiles.map((f) => f.handlerOf.map((fn) => fn.name))).toEqual([['main'], [], [], []]);
  });

  it('parses a file shared by many functions once, and lists every function it is the entry of', () => {
    const root = tmp({
      'src/api.ts': "import { log } from './shared';\nexport const a = log; export const b = log;",
      'src/worker.ts': "import { log } from './shared';\nexport const w = log;",
      'src/shared.ts': "import { a } from './api';\nexport const log = () => a;",
    });
    const a = app('serverless.yml', 'serverless');
    const fa = addFn(a, { name: 'a', handler: 'src/api.a' });
    const fb = addFn(a, { name: 'b', handler: 'src/api.b' });
    const fw = addFn(a, { name: 'w', handler: 'src/worker.w' });
    const p = project(root, [a]);
    const io = recordingIo(root);
    const { notices, notice } = collect();
    resolveHandlers(p, io, notice);
    expect(notices).toEqual([]);
    expect(io.reads).toEqual(['src/api.ts', 'src/worker.ts', 'src/shared.ts']);
    expect(p.sourceFiles.map((f) => [f.path, f.handlerOf])).toEqual([
      ['src/api.ts', [fa, fb]],
      ['src/shared.ts', []],
      ['src/worker.ts', [fw]],
    ]);
  });

  it('terminates on import cycles', () => {
    const root = tmp({
      'a.js': "require('./b'); exports.h = 1;",
      'b.js': "require('./c');",
      'c.js': "require('./a.js'); require('./b');",
    });
    const a = app('serverless.yml', 'serverless');
    addFn(a, { name: 'h', handler: 'a.h' });
    const p = project(root, [a]);
    const io = recordingIo(root);
    const { notice } = collect();
    resolveHandlers(p, io, notice);
    expect(p.sourceFiles.map((f) => f.path)).toEqual(['a.js', 'b.js', 'c.js']);
    expect(io.reads).toEqual(['a.js', 'b.js', 'c.js']);
  });

  it('never leaves the root, neither through imports nor handler paths', () => {
    const root = tmp({
      'app/src/h.ts': "import x from '../../outside/secret';\nimport y from '../../../etc/passwd';\nexport const main = 1;",
    });
    // a real file beside the root: a path check that failed would find it
    const sibling = `${path.basename(root)}-sibling`;
    fs.writeFileSync(path.join(root, '..', `${sibling}.ts`), 'export const main = 1;');
    roots.push(path.join(root, '..', `${sibling}.ts`));
    const a = app('app/serverless.yml', 'serverless');
    addFn(a, { name: 'in', handler: 'src/h.main' });
    const escape = addFn(a, { name: 'out', handler: `../../${sibling}.main`, at: loc('app/serverless.yml', 4, 14, 4, 40) });
    const sam = app('template.yaml', 'sam');
    addFn(sam, { name: 'Up', handler: 'x.main', props: { CodeUri: '../' }, at: loc('template.yaml', 5, 16, 5, 19) });
    const p = project(root, [a, sam]);
    const io = recordingIo(root);
    const { notices, notice } = collect();
    resolveHandlers(p, io, notice);
    expect(io.asked.filter((r) => r.startsWith('..') || r.startsWith('/'))).toEqual([]);
    expect(io.reads).toEqual(['app/src/h.ts']);
    expect(escape.entry?.file).toBeUndefined();
    expect(p.sourceFiles[0]!.imports.map((i) => i.resolved)).toEqual([undefined, undefined]);
    expect(notices).toEqual([
      {
        id: 'unresolved-handler',
        level: 'note',
        message: `handler "../../${sibling}.main" of function "out" points outside the scanned root`,
        loc: loc('app/serverless.yml', 4, 14, 4, 40),
      },
      {
        id: 'unresolved-handler',
        level: 'note',
        message: 'code of function "Up" ("../") is outside the scanned root; its handler is not analysed',
        loc: loc('template.yaml', 5, 16, 5, 19),
      },
    ]);
  });

  it('reports a parse error located and goes on with the other files', () => {
    const root = tmp({
      'src/h.ts': "import './broken';\nimport './fine';\nexport const main = 1;",
      'src/broken.ts': 'export const = 1;',
      'src/fine.ts': 'export const ok = 1;',
    });
    const a = app('serverless.yml', 'serverless');
    addFn(a, { name: 'main', handler: 'src/h.main' });
    const p = project(root, [a]);
    const { notices, notice } = collect();
    resolveHandlers(p, recordingIo(root), notice);
    expect(notices).toEqual([
      {
        id: 'parse-error',
        level: 'error',
        message: 'Parsing error: Variable declaration expected.',
        loc: loc('src/broken.ts', 1, 14, 1, 15),
      },
    ]);
    expect(p.sourceFiles.map((f) => f.path)).toEqual(['src/fine.ts', 'src/h.ts']);
  });

  it('skips binary and oversized files with a note', () => {
    const root = tmp({
      'src/h.ts': "import './bin';\nimport './big';\nexport const main = 1;",
      'src/bin.ts': 'export const a = 1;\u0000',
      'src/big.ts': `export const s = '${'x'.repeat(2 * 1024 * 1024)}';`,
    });
    const a = app('serverless.yml', 'serverless');
    addFn(a, { name: 'main', handler: 'src/h.main' });
    const p = project(root, [a]);
    const { notices, notice } = collect();
    resolveHandlers(p, recordingIo(root), notice);
    expect(notices).toEqual([
      { id: 'file-skipped', level: 'note', message: 'src/bin.ts skipped: binary (contains NUL bytes)', loc: loc('src/bin.ts', 1, 1, 1, 1) },
      { id: 'file-skipped', level: 'note', message: 'src/big.ts skipped: larger than 2 MB', loc: loc('src/big.ts', 1, 1, 1, 1) },
    ]);
    expect(p.sourceFiles.map((f) => f.path)).toEqual(['src/h.ts']);
  });

  it(`stops following imports after ${MAX_SOURCE_FILES} files beyond the entries, with one note`, () => {
    const files: Record<string, string> = {};
    const n = MAX_SOURCE_FILES + 5;
    for (let i = 0; i < n; i++) files[`src/m${i}.js`] = i + 1 < n ? `require('./m${i + 1}');` : '';
    files['src/m0.js'] = "require('./m1'); exports.h = 1;";
    const root = tmp(files);
    const a = app('serverless.yml', 'serverless');
    addFn(a, { name: 'h', handler: 'src/m0.h' });
    const p = project(root, [a]);
    const { notices, notice } = collect();
    resolveHandlers(p, recordingIo(root), notice);
    // the entry, then MAX_SOURCE_FILES imported files
    const budget = MAX_SOURCE_FILES + 1;
    expect(p.sourceFiles).toHaveLength(budget);
    expect(notices).toEqual([
      {
        id: 'file-skipped',
        level: 'note',
        message: `stopped following imports after ${budget} source files; src/m${budget}.js and later files are not analysed`,
        loc: loc(`src/m${budget - 1}.js`, 1, 9, 1, 9 + `'./m${budget}'`.length),
      },
    ]);
  });

  it('parses every handler a manifest names, however many, and their shared imports', () => {
    const files: Record<string, string> = { 'src/shared.js': 'exports.x = 1;' };
    const n = MAX_SOURCE_FILES + 20;
    const a = app('serverless.yml', 'serverless');
    for (let i = 0; i < n; i++) {
      files[`src/h${i}.js`] = "const { x } = require('./shared'); exports.h = () => x;";
      addFn(a, { name: `h${i}`, handler: `src/h${i}.h` });
    }
    const root = tmp(files);
    const p = project(root, [a]);
    const { notices, notice } = collect();
    resolveHandlers(p, recordingIo(root), notice);
    expect(notices).toEqual([]);
    expect(p.sourceFiles).toHaveLength(n + 1);
    expect(p.sourceFiles.filter((f) => f.handlerOf.length === 1)).toHaveLength(n);
  });
});

describe('resolveImport', () => {
  const files = new Set([
    'src/a.ts',
    'src/b.js',
    'src/c/index.tsx',
    'src/d.cts',
    'src/e.service.ts',
    'node_modules/x/index.js',
    'src/f.d.ts',
  ]);
  const exists = (rel: string) => files.has(rel);
  it.each([
    ['./a', 'src/a.ts'],
    ['./a.js', 'src/a.ts'],
    ['./b.js', 'src/b.js'],
    ['./b', 'src/b.js'],
    ['./c', 'src/c/index.tsx'],
    ['./d.cjs', 'src/d.cts'],
    ['./e.service', 'src/e.service.ts'],
    ['../node_modules/x', undefined],
    ['x', undefined],
    ['./f', undefined],
    ['../../a', undefined],
  ])('%s → %s', (spec, expected) => {
    expect(resolveImport('src/h.ts', spec, exists)).toBe(expected);
  });
});

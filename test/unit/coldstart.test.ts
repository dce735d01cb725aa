import fs from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { formatJson, formatText } from '../../src/formatters/index.js';
import { lint } from '../../src/lint.js';
import type { ColdstartReportData } from '../../src/reports/coldstart.js';
import { reportSchemas } from '../helpers/report-schemas.js';
import { PROJECT_ROOT } from '../helpers/sarif.js';
import { tmpTree } from '../helpers/tmp.js';

/**
 * The cold-start analysis and `--report coldstart` on the test project `coldstart-app`, whose
 * `node_modules` is a committed, hand-made install of packages of known sizes (string literals of
 * fixed length, so the minified bytes are known); and the same project with nothing installed.
 */

type AjvCtor = typeof AjvModule.default;
const Ajv: AjvCtor = (AjvModule as unknown as { default?: AjvCtor }).default ?? (AjvModule as unknown as AjvCtor);
const validate = new Ajv({ allErrors: true, strict: true, schemas: reportSchemas() }).compile(
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'output.schema.json'), 'utf8')) as object,
);

const APP = path.join(PROJECT_ROOT, 'test', 'projects', 'coldstart-app');

function run(dir: string, only?: string[]) {
  return lint({ cwd: dir, srcRoot: dir, noConfig: true, stage: 'dev', reports: ['coldstart'], ...(only ? { only } : {}) }).result;
}

const data = (dir: string) => run(dir).reports!.find((r) => r.name === 'coldstart')!.data as ColdstartReportData;

/** The project's own files, without its node_modules: a fresh clone before `npm ci`. */
function sourcesOnly(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p).split(path.sep).join('/')] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

describe('coldstart analysis, with the hand-made node_modules', () => {
  const d = data(APP);
  const fn = (name: string) => d.functions.find((f) => f.name === name)!;

  it('measures each function exactly, by package, with the import that pulls each in', () => {
    expect(
      d.functions.map(
        (f) => `${f.name} ${f.initBytes} own ${f.ownBytes} runtime ${f.runtimeBytes} lazy ${f.lazyBytes} modules ${f.modules}`,
      ),
    ).toEqual([
      'users 57321 own 203 runtime 10145 lazy 0 modules 12',
      'report 12300 own 105 runtime 0 lazy 95 modules 2',
      'light 741 own 70 runtime 0 lazy 0 modules 2',
    ]);
    expect(fn('users').packages).toEqual([
      { name: 'aws-sdk', bytes: 38169, modules: 4, runtimeProvided: false, via: 'src/lib/db.ts:1' },
      { name: 'lodash', bytes: 8227, modules: 4, runtimeProvided: false, via: 'src/users.ts:1' },
      { name: '@smithy/smithy-client', bytes: 6038, modules: 1, runtimeProvided: true, via: 'src/users.ts:2' },
      { name: '@aws-sdk/client-dynamodb', bytes: 4107, modules: 1, runtimeProvided: true, via: 'src/users.ts:2' },
    ]);
    // the string literals dominate: each package is its literals plus a few bytes of code
    expect(fn('users').packages[0]!.bytes).toBeGreaterThan(20000 + 10000 + 8000);
    // `lodash/get` is required inside the handler: bundled, but loaded on the first call
    expect(fn('report').packages.map((p) => p.name)).toEqual(['moment']);
    // a deep import loads one module of lodash
    expect(fn('light').packages).toEqual([{ name: 'lodash', bytes: 95, modules: 1, runtimeProvided: false, via: 'src/light.mjs:1' }]);
    expect(d.functions.every((f) => f.measured && f.bundler === 'serverless-esbuild' && f.unknownPackages.length === 0)).toBe(true);
    // bundled: what ships is the bundle, not the folder
    expect(d.functions.map((f) => `${f.shipped} ${f.shippedWhy}`)).toEqual(['null bundled', 'null bundled', 'null bundled']);
  });

  it('writes the report under "coldstart" in JSON, valid against the schema, the same bytes run after run', () => {
    const result = run(APP);
    const out = formatJson(result);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.coldstart).toEqual(d);
    expect(formatJson(run(APP))).toBe(out);
  });

  it('draws the table in text, its contributors wrapped at the width', () => {
    const table = (width: number) => {
      const text = formatText(run(APP), { color: false, width });
      return text
        .slice(text.indexOf('\ncoldstart report\n') + 1)
        .trimEnd()
        .split('\n');
    };
    const rows = [
      'coldstart report',
      'function  runtime     memory  bundled             zip       init  modules',
      'users     nodejs20.x  1024    serverless-esbuild    -    56.0 KB       12',
      '    aws-sdk 37.3 KB (src/lib/db.ts:1), lodash 8.0 KB (src/users.ts:1), @smithy/smithy-client* 5.9 KB (src/users.ts:2)',
      'report    nodejs20.x  1024    serverless-esbuild    -    12.0 KB        2',
      '    moment 11.8 KB (src/report.js:1), own code 105 bytes',
      'light     nodejs20.x  1024    serverless-esbuild    -  741 bytes        2',
      '    lodash 95 bytes (src/light.mjs:1), own code 70 bytes',
      '* provided by the Lambda runtime (AWS SDK v3 on nodejs18.x+): loaded at init, not shipped',
    ];
    expect(table(0)).toEqual(rows);
    expect(table(80)).toEqual([
      ...rows.slice(0, 3),
      '    aws-sdk 37.3 KB (src/lib/db.ts:1), lodash 8.0 KB (src/users.ts:1),',
      '      @smithy/smithy-client* 5.9 KB (src/users.ts:2)',
      ...rows.slice(4),
    ]);
  });

  it('reports heavy-init over a budget with the figure and the top three contributors', () => {
    const dir = tmpTree({
      ...sourcesOnly(APP),
      '.sls-lint.yml': 'rules:\n  coldstart/heavy-init: [warning, { maxInitBytes: 50000 }]\n',
    });
    fs.cpSync(path.join(APP, 'node_modules'), path.join(dir, 'node_modules'), { recursive: true });
    const { result } = lint({ cwd: dir, srcRoot: dir, stage: 'dev', only: ['coldstart/heavy-init'] });
    expect(result.diagnostics.map((x) => `${x.loc.file}:${x.loc.line} ${x.message}`)).toEqual([
      'serverless.yml:17 Function "users" loads 56.0 KB of minified JavaScript at init, over the budget of 48.8 KB, 9.9 KB of it from the runtime\'s AWS SDK v3; most of it: aws-sdk 37.3 KB (67%, src/lib/db.ts:1), lodash 8.0 KB (14%, src/users.ts:1), @smithy/smithy-client 5.9 KB (11%, src/users.ts:2)',
    ]);
  });
});

describe('coldstart analysis, with nothing installed', () => {
  const dir = tmpTree(sourcesOnly(APP));

  it('names the packages with their bytes unknown, gives the own code as a lower bound, and says so once', () => {
    const d = data(dir);
    expect(d.functions.map((f) => `${f.name} ${f.initBytes} ≥${f.knownBytes} [${f.unknownPackages.join(' ')}]`)).toEqual([
      'users null ≥265 [@aws-sdk/client-dynamodb aws-sdk lodash]',
      'report null ≥489 [moment]',
      'light null ≥98 [lodash]',
    ]);
    expect(d.functions[0]!.packages.every((p) => p.bytes === null && p.modules === 0)).toBe(true);
    expect(d.functions[0]!.packages.map((p) => `${p.name} ${p.via}`)).toEqual([
      '@aws-sdk/client-dynamodb src/users.ts:2',
      'aws-sdk src/lib/db.ts:1',
      'lodash src/users.ts:1',
    ]);
    const notes = run(dir).notices.filter((n) => n.message.startsWith('cold start:'));
    expect(notes.map((n) => n.message)).toEqual([
      "cold start: packages the handlers import are not installed, so those functions' init bytes are not known (`--report coldstart` names them); install the dependencies (`npm ci`) before linting to measure them",
    ]);
    expect(notes[0]!.level).toBe('note');
    expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(false);
  });

  it('still runs the structural rules, and heavy-init guesses nothing', () => {
    const result = run(dir, ['coldstart/aws-sdk-v2', 'coldstart/whole-package-import', 'coldstart/heavy-init']);
    expect(result.diagnostics.map((x) => `${x.loc.file}:${x.loc.line} ${x.ruleId}`)).toEqual([
      'src/lib/db.ts:1 coldstart/aws-sdk-v2',
      'src/report.js:1 coldstart/whole-package-import',
      'src/users.ts:1 coldstart/whole-package-import',
    ]);
  });
});

describe('coldstart bundling stays inside the scanned root', () => {
  it('leaves a package linked from outside the root external, and says so', () => {
    const outside = tmpTree({
      'evil/package.json': '{"name":"evil","main":"index.js"}',
      'evil/index.js': `module.exports = "${'o'.repeat(5000)}";\n`,
    });
    const dir = tmpTree({
      'serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: h.main\n',
      'h.js': "const evil = require('evil');\nexports.main = async () => evil;\n",
      'package.json': '{"name":"s","dependencies":{"evil":"1.0.0"}}\n',
    });
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(path.join(outside, 'evil'), path.join(dir, 'node_modules', 'evil'), 'dir');
    const result = run(dir);
    const f = (result.reports![0]!.data as ColdstartReportData).functions[0]!;
    expect(f.packages).toEqual([]);
    expect(f.knownBytes).toBeLessThan(1000);
    // nor is it counted in what the zip ships: the dependency is named as not installed, a lower bound
    expect(f.shipped).toMatchObject({ nodeModulesBytes: 0, nodeModulesPackages: 0, missing: ['evil'] });
    expect(result.notices.map((n) => n.message)).toContain(
      'cold start: an import left out of the measured bundles (evil from h.js, outside the scanned root)',
    );
  });
});

describe('coldstart bundling budget', () => {
  it('past its budget measures nothing, says so, and the run goes on', () => {
    const dir = tmpTree({ ...sourcesOnly(APP), '.sls-lint.yml': 'settings:\n  coldstart:\n    budgetMs: 1\n' });
    fs.cpSync(path.join(APP, 'node_modules'), path.join(dir, 'node_modules'), { recursive: true });
    const { result } = lint({
      cwd: dir,
      srcRoot: dir,
      stage: 'dev',
      reports: ['coldstart'],
      only: ['coldstart/heavy-init', 'coldstart/aws-sdk-v2'],
    });
    const d = result.reports![0]!.data as ColdstartReportData;
    expect(d.functions.map((f) => `${f.name} ${f.measured} ${f.initBytes}`)).toEqual([
      'users false null',
      'report false null',
      'light false null',
    ]);
    expect(result.notices.map((n) => n.message)).toContain(
      'cold start: the bundler ran past its budget of 1 ms; init bytes are not measured',
    );
    expect(result.diagnostics.map((x) => x.ruleId)).toEqual(['coldstart/aws-sdk-v2']);
  });
});

const UNBUNDLED = path.join(PROJECT_ROOT, 'test', 'projects', 'coldstart-unbundled');

describe('what an unbundled deploy zips, with the hand-made node_modules', () => {
  // test/projects/coldstart-unbundled: no bundler plugin, the service zipped whole. Its install:
  // pdfkit (index.js 12000 + package.json 115, docs/guide.md 5000 excluded by a pattern) needs
  // fontkit (6000 + 68); uuid (1000 + 113) needs fontkit too, resolved to its own nested copy
  // (2000 + 68); the devDependencies @faker-js/faker (9000 + 130, needing faker-locales 4000 + 74)
  // and jest-lite (3000 + 70) stay out, and so does stray (500 + 66), needed by nothing.
  const nodeModules = 12000 + 115 + (6000 + 68) + (1000 + 113) + (2000 + 68);
  // the project's files: package.json 208, README.md 73, .sls-lint.yml 199, src/render.js 178,
  // src/seed.js 352; serverless.yml and .gitignore are default excludes, test/** a pattern
  const own = 208 + 73 + 199 + 178 + 352;

  it('sizes the zip exactly from the files the patterns include and the production packages', () => {
    const d = data(UNBUNDLED);
    const want = {
      tool: 'serverless',
      bytes: own + nodeModules,
      files: 5 + 8,
      nodeModulesBytes: nodeModules,
      nodeModulesPackages: 4,
      devDependenciesBytes: 0,
      missing: [],
    };
    expect(nodeModules).toBe(21364);
    expect(d.functions.map((f) => f.name)).toEqual(['render', 'seed']);
    for (const f of d.functions) expect([f.bundler, f.shipped, f.shippedWhy]).toEqual([null, want, null]);
    const json = JSON.parse(formatJson(run(UNBUNDLED))) as Record<string, unknown>;
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  it('shows the zip in the table', () => {
    const text = formatText(run(UNBUNDLED), { color: false, width: 0 });
    const table = text.slice(text.indexOf('\ncoldstart report\n') + 1).split('\n');
    expect(table.slice(1, 3)).toEqual([
      'function  runtime     memory  bundled      zip     init  modules',
      'render    nodejs22.x  1024    no       21.8 KB  12.9 KB        3',
    ]);
  });

  it('reports the large node_modules with its figure, and the devDependency a handler imports', () => {
    const { result } = lint({ cwd: UNBUNDLED, srcRoot: UNBUNDLED, stage: 'dev', configFile: '.sls-lint.yml' });
    const got = result.diagnostics
      .filter((x) => x.ruleId === 'coldstart/no-bundler-large-node-modules' || x.ruleId === 'coldstart/dev-dependencies')
      .map((x) => `${x.loc.file}:${x.loc.line} ${x.message}`);
    expect(got).toEqual([
      'serverless.yml:10 No bundler: the functions render, seed ship 20.9 KB of node_modules (4 packages; largest pdfkit 11.8 KB, fontkit 5.9 KB, uuid/node_modules/fontkit 2.0 KB), over the budget of 19.5 KB; the zip holds 21.8 KB in 13 files before compression. Bundle each function (the serverless-esbuild or serverless-webpack plugin, with `package.individually: true`) so it ships only the code it imports',
      'src/seed.js:1 `@faker-js/faker` is imported by function "seed" but package.json lists it only in devDependencies: the Serverless Framework leaves devDependencies out of an unbundled deploy, so the import fails at runtime; move it to dependencies',
    ]);
  });

  it('with `excludeDevDependencies: false` counts the devDependencies too, and says how much they are', () => {
    const dir = tmpTree({
      ...sourcesOnly(UNBUNDLED),
      'serverless.yml': fs
        .readFileSync(path.join(UNBUNDLED, 'serverless.yml'), 'utf8')
        .replace('  patterns:\n', '  excludeDevDependencies: false\n  patterns:\n'),
    });
    fs.cpSync(path.join(UNBUNDLED, 'node_modules'), path.join(dir, 'node_modules'), { recursive: true });
    const dev = 9000 + 130 + (4000 + 74) + (3000 + 70);
    // everything installed ships, the extraneous stray too
    const all = nodeModules + dev + 500 + 66;
    const f = data(dir).functions[0]!;
    expect(f.shipped).toMatchObject({ nodeModulesBytes: all, nodeModulesPackages: 8, devDependenciesBytes: dev });
    const { result } = lint({ cwd: dir, srcRoot: dir, stage: 'dev', configFile: '.sls-lint.yml', only: ['coldstart/dev-dependencies'] });
    expect(result.diagnostics.map((x) => `${x.loc.file}:${x.loc.line} ${x.message}`)).toEqual([
      'serverless.yml:11 With `excludeDevDependencies: false` and no bundler, the zip carries the devDependencies too (15.9 KB of packages only they need: `@faker-js/faker`, `faker-locales`, `jest-lite`); remove the setting so the Serverless Framework leaves them out',
    ]);
  });
});

describe('what an unbundled deploy zips, with nothing installed', () => {
  const dir = tmpTree(sourcesOnly(UNBUNDLED));

  it('gives no figure, says so in the one tool note, and the size rule reports nothing', () => {
    const d = data(dir);
    expect(d.functions.map((f) => `${f.name} ${f.shipped} ${f.shippedWhy}`)).toEqual([
      'render null node_modules is not installed',
      'seed null node_modules is not installed',
    ]);
    const text = formatText(run(dir), { color: false, width: 0 });
    expect(text).toContain('render    nodejs22.x  1024    no       unknown');
    const { result } = lint({ cwd: dir, srcRoot: dir, stage: 'dev', configFile: '.sls-lint.yml' });
    const ids = result.diagnostics.map((x) => `${x.loc.file}:${x.loc.line} ${x.ruleId}`);
    expect(ids).not.toContain('serverless.yml:10 coldstart/no-bundler-large-node-modules');
    // the devDependency import is a fact of package.json: still reported
    expect(ids).toContain('src/seed.js:1 coldstart/dev-dependencies');
    const notes = result.notices.filter((n) => n.message.startsWith('cold start:'));
    expect(notes.map((n) => n.message)).toEqual([
      "cold start: packages the handlers import are not installed, so those functions' init bytes are not known (`--report coldstart` names them); install the dependencies (`npm ci`) before linting to measure them",
    ]);
    expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(false);
  });
});

describe('the code folder probe follows links inside the root, once', () => {
  it('counts a package linked from a store inside the root, and a link back up the tree ends', () => {
    const dir = tmpTree({
      'serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  a:\n    handler: h.main\n',
      'h.js': "exports.main = async () => 'ok';\n",
      'package.json': '{"name":"s","dependencies":{"pdf":"1.0.0"}}\n',
      'store/pdf/package.json': '{"name":"pdf"}\n',
      'store/pdf/index.js': 'x'.repeat(3000),
    });
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(path.join(dir, 'store', 'pdf'), path.join(dir, 'node_modules', 'pdf'), 'dir');
    // a link to the package's own folder: walked once, not forever
    fs.symlinkSync(path.join(dir, 'store', 'pdf'), path.join(dir, 'store', 'pdf', 'self'), 'dir');
    const f = data(dir).functions[0]!;
    // the store's files are project files too (the zip holds them), each counted once per path
    expect(f.shipped).toMatchObject({ nodeModulesBytes: 3000 + 15, nodeModulesPackages: 1, missing: [] });
  });
});

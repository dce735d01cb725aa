import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analysis/index.js';
import type { BundleMeasure, BundleRequest } from '../../src/core/bundle.js';
import { lint } from '../../src/lint.js';
import { buildProject } from '../../src/pipeline.js';
import { PROJECT_ROOT } from '../helpers/sarif.js';
import { tmpTree } from '../helpers/tmp.js';

/**
 * The cold-start analysis bundles only what a question needs: `initBytesAtMost` bounds a function's
 * bytes without bundling when no package it imports is installed, so `coldstart/heavy-init` (in every
 * default run) bundles only the functions a bound cannot settle. The bound is never below the measure.
 */

const APP = path.join(PROJECT_ROOT, 'test', 'projects', 'coldstart-app');

/** The project's own files, without its node_modules: a fresh clone before `npm ci`. */
function sourcesOnly(): string {
  const dir = tmpTree({});
  fs.cpSync(APP, dir, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
  return dir;
}

/** The project's analyses with the loading stage's bundler, each bundling run recorded. */
function analyses(dir: string) {
  const built = buildProject({ srcRoot: dir, paths: [dir], ignore: [], stage: 'dev', allowEnv: false, env: {} });
  const runs: string[][] = [];
  const real = built.measure!;
  const measure: BundleMeasure = Object.assign(
    (req: BundleRequest) => {
      runs.push(req.entries.map((e) => e.file));
      return real(req);
    },
    real.installed ? { installed: real.installed } : {},
  );
  const cs = new Analyses(built.project, { settings: {}, measure }).get('coldstart');
  return { cs, runs };
}

const handler = (name: string, body: string) => `import { z } from 'zod';\n${body}\nexport const ${name} = async () => z.string();\n`;

describe('coldstart bounds', () => {
  it('bounds own code with nothing installed, never below the measured bytes, and says what is missing once', () => {
    const dir = sourcesOnly();
    const { cs, runs } = analyses(dir);
    const bounds = cs.functions().map((fn) => cs.initBytesAtMost(fn));
    expect(bounds.every((b) => typeof b === 'number')).toBe(true);
    expect(runs).toEqual([]);
    expect(cs.notices().map((n) => n.message)).toEqual([expect.stringContaining('packages the handlers import are not installed')]);
    // asking for the bytes bundles every function at once, and the note is not said twice
    for (const [i, fn] of cs.functions().entries()) {
      const cost = cs.cost(fn)!;
      expect(cost.measured).toBe(true);
      expect(cost.knownBytes).toBeGreaterThan(0);
      expect(bounds[i]!).toBeGreaterThanOrEqual(cost.knownBytes);
    }
    expect(runs.map((r) => r.slice().sort())).toEqual([['src/light.mjs', 'src/report.js', 'src/users.ts']]);
    expect(cs.notices()).toHaveLength(1);
  });

  it('gives no bound where a package is installed, a project import is unresolved or a load is computed', () => {
    const dir = tmpTree({
      'serverless.yml':
        'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  own:\n    handler: own.main\n  inst:\n    handler: inst.main\n  json:\n    handler: json.main\n  glob:\n    handler: glob.main\n',
      'own.js': handler('main', "import { helper } from './lib/helper.js';\nhelper();"),
      'lib/helper.js': 'export const helper = () => 1;\n',
      'inst.js': "const left = require('left-pad');\nexports.main = async () => left('x', 3);\n",
      'node_modules/left-pad/package.json': '{"name":"left-pad","main":"index.js"}',
      'node_modules/left-pad/index.js': 'module.exports = (s, n) => s.padStart(n);\n',
      'json.js': "const data = require('./data.json');\nexports.main = async () => data;\n",
      'data.json': `{"big":"${'d'.repeat(4000)}"}`,
      'glob.js': "exports.main = async (e) => require('./locale/' + e.lang);\n",
      'locale/en.js': `module.exports = "${'e'.repeat(3000)}";\n`,
    });
    const { cs, runs } = analyses(dir);
    const byName = new Map(cs.functions().map((fn) => [fn.name, fn]));
    expect(Object.fromEntries([...byName].map(([n, fn]) => [n, cs.initBytesAtMost(fn) !== undefined]))).toEqual({
      own: true,
      inst: false,
      json: false,
      glob: false,
    });
    // the first question bundles only the functions no bound answers for
    expect(cs.cost(byName.get('inst')!)!.packages.map((p) => p.name)).toEqual(['left-pad']);
    expect(runs.map((r) => r.slice().sort())).toEqual([['glob.js', 'inst.js', 'json.js']]);
    expect(cs.cost(byName.get('json')!)!.knownBytes).toBeGreaterThan(4000);
    // a function the bound answered for is bundled when its bytes are asked for (a report)
    expect(cs.cost(byName.get('own')!)!.measured).toBe(true);
    expect(runs.map((r) => r.slice().sort())).toEqual([['glob.js', 'inst.js', 'json.js'], ['own.js']]);
    expect(cs.initBytesAtMost(byName.get('own')!)!).toBeGreaterThanOrEqual(cs.cost(byName.get('own')!)!.knownBytes);
  });

  it('still reports heavy-init on own code over the budget, nothing installed', () => {
    const big = `export const TEXT = "${'x'.repeat(30000)}";\n`;
    const dir = tmpTree({
      'serverless.yml':
        'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  big:\n    handler: big.main\n  small:\n    handler: small.main\n',
      'big.ts': handler('main', "import { TEXT } from './text';\nconsole.log(TEXT);"),
      'text.ts': big,
      'small.ts': handler('main', ''),
      '.sls-lint.yml': 'rules:\n  coldstart/heavy-init: [warning, { maxInitBytes: 20000 }]\n',
    });
    const { result } = lint({ cwd: dir, srcRoot: dir, stage: 'dev', only: ['coldstart/heavy-init'] });
    expect(result.diagnostics.map((x) => `${x.loc.file}:${x.loc.line} ${x.message}`)).toEqual([
      expect.stringMatching(
        /^serverless\.yml:7 Function "big" loads at least 29\.\d KB of minified JavaScript at init, over the budget of 19\.5 KB, before the packages not installed \(zod\); most of it: own code/,
      ),
    ]);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { loadPlugins, validatePlugin, type LoadedPlugin } from '../src/config/plugins.js';
import { definePlugin, defineRule } from '../src/index.js';
import { lint } from '../src/lint.js';
import { rules as registry } from '../rules/index.js';
import { annotations, checkCase, fixtureCases, ROOT } from './helpers/fixtures.js';
import { runCli, tmpTree } from './helpers/tmp.js';

/**
 * Plugins: the example plugin (examples/sls-lint-plugin-acme) installed into a temporary
 * `node_modules`, as a team installs its own, next to a link to this package (the plugin imports
 * `defineRule` from "sls-lint", which is dist/: `npx tsc` first).
 */
const EXAMPLE = path.join(ROOT, 'examples', 'sls-lint-plugin-acme');

const APP = {
  'serverless.yml': [
    'service: orders',
    'provider:',
    '  name: aws',
    '  runtime: nodejs22.x',
    'functions:',
    '  list:',
    '    handler: lib/list.handler',
    '',
  ].join('\n'),
  'lib/list.js': 'export const handler = async () => ({ statusCode: 200 });\n',
};

/** A project with the example plugin installed in its node_modules and a config naming it (plus `extra` config lines). */
function project(extra: string[] = [], files: Record<string, string> = {}): string {
  const dir = tmpTree({ ...APP, '.sls-lint.yml': ['plugins:', '  - sls-lint-plugin-acme', ...extra, ''].join('\n'), ...files });
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.cpSync(EXAMPLE, path.join(dir, 'node_modules', 'sls-lint-plugin-acme'), {
    recursive: true,
    filter: (s) => !s.includes(`${path.sep}fixtures`),
  });
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'sls-lint'), 'dir');
  return dir;
}

describe('the example plugin', () => {
  let plugin: LoadedPlugin;
  beforeAll(async () => {
    const dir = project();
    const cfg = loadConfig(path.join(dir, '.sls-lint.yml'), dir);
    plugin = (await loadPlugins(cfg, registry))[0]!;
  });

  it('loads from node_modules with its namespaced rules', () => {
    expect(plugin.name).toBe('acme');
    expect(plugin.rules.map((r) => r.meta.id)).toEqual(['acme/explicit-memory', 'acme/handler-under-src']);
  });

  // the same fixture runner as the built-in rules: each case, only that rule, exact findings
  for (const name of ['explicit-memory', 'handler-under-src']) {
    const ruleDir = path.join(EXAMPLE, 'rules', name);
    describe(`acme/${name} fixtures`, () => {
      it('has a failing and a passing case', () => {
        const cases = fixtureCases(ruleDir);
        const withFindings = cases.filter((c) => annotations(c, path.join(ruleDir, 'fixtures')).expect.length);
        expect(withFindings.length).toBeGreaterThan(0);
        expect(withFindings.length).toBeLessThan(cases.length);
      });
      for (const c of fixtureCases(ruleDir)) {
        it(path.basename(c), () => {
          const rule = plugin.rules.find((r) => r.meta.id === `acme/${name}`)!;
          const r = checkCase(rule, c, path.join(ruleDir, 'fixtures'));
          expect(r.actual).toEqual(r.expected);
        });
      }
    });
  }
});

describe('plugins through the command', () => {
  it('runs the plugin rules, lists and explains them, and gives SARIF their help', async () => {
    const dir = project();
    const r = await runCli(['--only', 'acme/*', '-f', 'json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const found = JSON.parse(r.stdout).diagnostics.map((d: { ruleId: string; line: number }) => `${d.ruleId}:${d.line}`);
    expect(found.sort()).toEqual(['acme/explicit-memory:6', 'acme/handler-under-src:7']);

    const list = await runCli(['--list-rules'], dir);
    expect(list.stdout).toMatch(/^acme\/explicit-memory +warning +Require every function to set its memory size/m);
    expect(list.stdout).toMatch(/^acme\/handler-under-src +error /m);

    const explain = await runCli(['--explain', 'acme/handler-under-src'], dir);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain("Require every function's handler file to be under the team's source folders");

    const sarif = JSON.parse((await runCli(['--only', 'acme/*', '-f', 'sarif'], dir)).stdout);
    const rule = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'acme/explicit-memory');
    expect(rule.help.markdown).toMatch(/^# acme\/explicit-memory/);
    expect(rule.helpUri).toBe('https://github.com/sls-lint/sls-lint/tree/main/examples/sls-lint-plugin-acme/rules/explicit-memory');
  });

  it('configures plugin rules like built-in ones', async () => {
    const dir = project(['rules:', '  acme/explicit-memory: off', '  acme/handler-under-src: [warning, { dirs: [lib] }]']);
    // (--only would turn an `off` rule back on)
    const r = await runCli(['-f', 'json'], dir);
    expect(JSON.parse(r.stdout).diagnostics.filter((d: { ruleId: string }) => d.ruleId.startsWith('acme/'))).toEqual([]);
    const moved = project(['rules:', '  acme/handler-under-src: [warning, { dirs: [src] }]']);
    const found = JSON.parse((await runCli(['--only', 'acme/handler-under-src', '-f', 'json'], moved)).stdout).diagnostics;
    expect(found.map((d: { ruleId: string; severity: string }) => `${d.ruleId} ${d.severity}`)).toEqual(['acme/handler-under-src warning']);
  });

  it('--no-plugins imports nothing, and the config may still set the plugin rules', async () => {
    // a plugin that leaves a mark when its code runs
    const dir = project(['  - ./tools/marker.js', 'rules:', '  acme/explicit-memory: error'], {
      'tools/marker.js':
        "import { writeFileSync } from 'node:fs';\nwriteFileSync(new URL('./ran', import.meta.url), 'x');\nexport default { name: 'marker', rules: [] };\n",
    });
    const off = await runCli(['--no-plugins', '-f', 'json'], dir);
    expect(off.stderr).toBe('');
    expect(fs.existsSync(path.join(dir, 'tools', 'ran'))).toBe(false);
    expect(JSON.parse(off.stdout).diagnostics.filter((d: { ruleId: string }) => d.ruleId.startsWith('acme/'))).toEqual([]);
    expect((await runCli(['--no-plugins', '--list-rules'], dir)).stdout).not.toMatch(/acme\//);
    // with plugins: the marker's code runs, and its empty rule list is refused
    const on = await runCli([], dir);
    expect(fs.existsSync(path.join(dir, 'tools', 'ran'))).toBe(true);
    expect(on.code).toBe(2);
    expect(on.stderr).toBe(
      'sls-lint: .sls-lint.yml:3:5: plugin "./tools/marker.js": "rules" must be a non-empty list of rules made with defineRule\n',
    );
  });

  it('lint() refuses a config that names plugins it was not given', () => {
    const dir = project();
    expect(() => lint({ cwd: dir })).toThrow(/names plugins: load them first/);
    expect(lint({ cwd: dir, noPlugins: true }).result.rules.some((r) => r.meta.id.startsWith('acme/'))).toBe(false);
  });
});

describe('bad plugins', () => {
  const rule = (meta: string) => `export default { name: 'team', rules: [{ meta: { ${meta} }, create: () => ({}) }] };\n`;
  const META = "description: 'd', severity: 'warning', recommended: true, messages: { m: 'x' }, tags: []";
  const cases: [string, Record<string, string>, string][] = [
    ['not installed', {}, 'plugin "sls-lint-plugin-none": package "sls-lint-plugin-none" is not installed'],
    ['outside the repository', {}, 'plugin "../elsewhere.js": no such file or folder "../elsewhere.js"'],
    [
      'a rule outside its namespace',
      { 'p.js': rule(`id: 'other/x', ${META}`) },
      'plugin "./p.js": rule "other/x": meta.id must be "team/<name>"',
    ],
    [
      'a rule without a description',
      { 'p.js': rule("id: 'team/x', severity: 'warning', recommended: true, messages: { m: 'x' }, tags: []") },
      'plugin "./p.js": rule "team/x": meta.description must be a non-empty string',
    ],
    [
      'a bad severity',
      { 'p.js': rule(`id: 'team/x', ${META.replace("'warning'", "'fatal'")}`) },
      'meta.severity must be error, warning or note',
    ],
    [
      'a built-in namespace',
      { 'p.js': "export default { name: 'iam', rules: [] };\n" },
      'plugin "./p.js": the namespace "iam" is sls-lint\'s own',
    ],
    ['a module that throws', { 'p.js': "throw new Error('boom');\n" }, 'plugin "./p.js" failed to load: boom'],
    [
      'defaults that break its own options',
      {
        'p.js': rule(
          `id: 'team/x', ${META}, options: { type: 'object', properties: { n: { type: 'number' } } }, defaultOptions: { n: 'x' }`,
        ),
      },
      'meta.defaultOptions do not satisfy meta.options',
    ],
  ];
  for (const [name, files, message] of cases) {
    it(`${name}: one located error, exit 2`, async () => {
      const spec = name === 'not installed' ? 'sls-lint-plugin-none' : name === 'outside the repository' ? '../elsewhere.js' : './p.js';
      const dir = tmpTree({ ...APP, '.sls-lint.yml': `plugins:\n  - ${spec}\n`, ...files });
      const r = await runCli([], dir);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toMatch(/^sls-lint: \.sls-lint\.yml:2:5: /);
      expect(r.stderr).toContain(message);
    });
  }

  it('a path out of the repository is refused even when it exists', async () => {
    const outside = tmpTree({ 'p.js': "export default { name: 'x', rules: [] };\n" });
    const dir = tmpTree({
      ...APP,
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.sls-lint.yml': `plugins:\n  - ${path.join(outside, 'p.js')}\n`,
    });
    const r = await runCli([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("resolves outside the repository; only the repository's own code is loaded");
  });

  it('a second plugin with a taken namespace is refused', async () => {
    const p =
      "export default { name: 'team', rules: [{ meta: { id: 'team/x', description: 'd', severity: 'note', recommended: true, messages: { m: 'x' }, tags: [] }, create: () => ({}) }] };\n";
    const dir = tmpTree({ ...APP, 'a.js': p, 'b.js': p, '.sls-lint.yml': 'plugins:\n  - ./a.js\n  - ./b.js\n' });
    const r = await runCli([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.sls-lint.yml:3:5: plugin "./b.js": rule "team/x" is defined twice');
  });
});

it('ConfigError is what a bad plugin throws to library callers', async () => {
  const dir = tmpTree({ ...APP, '.sls-lint.yml': 'plugins:\n  - ./nope.js\n' });
  const cfg = loadConfig(path.join(dir, '.sls-lint.yml'), dir);
  await expect(loadPlugins(cfg, registry)).rejects.toBeInstanceOf(ConfigError);
});

describe('plugins in other shapes', () => {
  it('a CommonJS plugin (module.exports) loads', async () => {
    const p =
      "module.exports = { name: 'cjs', rules: [{ meta: { id: 'cjs/any-function', description: 'd', severity: 'note', recommended: true, messages: { m: 'function {{n}}' }, tags: [] }, create: (ctx) => ({ function: (fn) => ctx.report({ at: fn.loc, messageId: 'm', data: { n: fn.name } }) }) }] };\n";
    const dir = tmpTree({ ...APP, 'tools/p.cjs': p, '.sls-lint.yml': 'plugins:\n  - ./tools/p.cjs\n' });
    const r = await runCli(['--only', 'cjs/*', '-f', 'json'], dir);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).diagnostics.map((d: { ruleId: string; message: string }) => `${d.ruleId} ${d.message}`)).toEqual([
      'cjs/any-function function list',
    ]);
  });

  it('a TypeScript plugin typed by the public API runs through lint({ plugins })', () => {
    const plugin = definePlugin({
      name: 'typed',
      rules: [
        defineRule({
          meta: {
            id: 'typed/no-x86',
            description: 'Disallow x86_64',
            severity: 'error',
            recommended: true,
            messages: { x86: 'Function {{name}} is x86_64' },
            tags: [],
          },
          create(ctx) {
            return {
              function(fn) {
                if (fn.architecture?.kind === 'literal' && fn.architecture.value === 'x86_64')
                  ctx.report({ at: fn.architecture, messageId: 'x86', data: { name: fn.name } });
              },
            };
          },
        }),
      ],
    });
    const dir = tmpTree({
      ...APP,
      'serverless.yml': APP['serverless.yml'].replace('  runtime: nodejs22.x\n', '  runtime: nodejs22.x\n  architecture: x86_64\n'),
    });
    const loaded = validatePlugin({ default: plugin }, 'typed', undefined, new Set(registry.map((r) => r.meta.id)), new Set(['iam']));
    const { result } = lint({ cwd: dir, noConfig: true, plugins: [loaded], only: ['typed/*'] });
    expect(result.diagnostics.map((d) => `${d.ruleId}:${d.loc.line}:${d.loc.column}`)).toEqual(['typed/no-x86:5:17']);
  });
});

// Hostile input for the parse and resolution budgets (src/limits.ts): each class, built small by a
// seeded generator, must end with a located error-level notice naming the limit, exit 1 through the
// CLI (a file that could not be analysed fails the gate), and the other file's finding intact.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { LIMITS } from '../../src/core/limits.js';
import { parseJson } from '../../src/parse/json.js';
import { parseYaml } from '../../src/parse/yaml.js';
import type { ToolNotice } from '../../src/core/types.js';
import { runCli, tmpTree } from '../helpers/tmp.js';
import * as g from './gen-budgets.js';

const ONLY = ['iam/no-admin-policy', 'iam/no-wildcard-action'];

interface Expectation {
  file: string;
  /** the line of each notice expected, in order */
  line: number | number[];
  limit: keyof typeof LIMITS;
}

async function check(files: Record<string, string>, want: Expectation, extraArgs: string[] = []): Promise<ToolNotice[]> {
  const dir = tmpTree({ ...files, [g.OTHER_FILE]: g.OTHER_SERVICE });
  const { result } = lint({ cwd: dir, noConfig: true, only: ONLY });
  const hit = result.notices.filter((n) => n.message.includes(`the ${want.limit} limit (${LIMITS[want.limit]})`));
  expect(hit.map((n) => [n.level, n.loc?.file, n.loc?.line])).toEqual([want.line].flat().map((l) => ['error', want.file, l]));
  // the other service is analysed as usual
  expect(
    result.diagnostics
      .filter((d) => d.loc.file === g.OTHER_FILE)
      .map((d) => `${d.ruleId}:${d.loc.line}`)
      .sort(),
  ).toEqual([`iam/no-admin-policy:${g.OTHER_FINDING_LINE}`, `iam/no-wildcard-action:${g.OTHER_FINDING_LINE}`]);
  // nothing crashed
  expect(result.notices.filter((n) => n.id === 'rule-error')).toEqual([]);
  // at the default --fail-on, only the unanalysable file's notice remains when the other file's
  // findings are silenced: it alone fails the gate
  const cli = await runCli(['--no-config', '-f', 'json', '--only', 'iam/no-open-trust-policy', ...extraArgs], dir);
  expect(cli.code).toBe(1);
  expect(JSON.parse(cli.stdout).diagnostics).toEqual([]);
  return result.notices;
}

describe('YAML alias bombs', () => {
  it('stops expanding aliases at the aliasNodes limit (579 bytes, 9 levels x 10)', async () => {
    const text = g.aliasBomb(9, 10);
    // the alias that crosses the limit: the ten aliases of level 4 add 10 x 11,111 nodes
    const line = text.split('\n').findIndex((l) => l.startsWith('  l4:')) + 1;
    await check({ 'bomb/serverless.yml': text }, { file: 'bomb/serverless.yml', line, limit: 'aliasNodes' });
  });

  it('leaves ordinary anchors alone: a block shared by many functions resolves', () => {
    const fns = Array.from({ length: 200 }, (_, i) => `  f${i}:\n    handler: h.handler\n    environment: *env`).join('\n');
    const { doc, errors } = parseYaml('s.yml', `env: &env\n  A: "1"\n  B: "2"\nfunctions:\n${fns}\n`);
    expect(errors).toEqual([]);
    expect(doc.root?.kind).toBe('map');
  });

  it('refuses a config file that is an alias bomb, with a located config error naming the limit', async () => {
    const dir = tmpTree({ '.sls-lint.yml': g.configAliasBomb(6, 10), [g.OTHER_FILE]: g.OTHER_SERVICE });
    const cli = await runCli(['-f', 'json'], dir);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/^sls-lint: \.sls-lint\.yml:5:\d+: YAML: .*the aliasNodes limit \(100000\)/);
    expect(cli.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('deep nesting never overflows the stack', () => {
  for (const depth of [LIMITS.maxDepth + 1, 5000, 50_000]) {
    it(`JSON nested ${depth} deep`, async () => {
      await check({ 'deep/template.json': g.deepJsonTemplate(depth) }, { file: 'deep/template.json', line: 1, limit: 'maxDepth' });
    });
  }

  it('YAML flow collections nested 5,000 deep, and compact block sequences 5,000 deep', async () => {
    await check({ 'deep/serverless.yml': g.deepYaml(5000) }, { file: 'deep/serverless.yml', line: 6, limit: 'maxDepth' });
    await check({ 'deep/serverless.yml': g.deepCompactYaml(5000) }, { file: 'deep/serverless.yml', line: 7, limit: 'maxDepth' });
  });

  it('YAML block mappings one level past the limit', async () => {
    const text = g.deepBlockYaml(LIMITS.maxDepth + 5);
    // the root map is level 1, custom's map (line 6) level 2, k<i>'s map (line 7 + i) level i + 3
    await check({ 'deep/serverless.yml': text }, { file: 'deep/serverless.yml', line: 7 + LIMITS.maxDepth + 1 - 3, limit: 'maxDepth' });
  });

  it('accepts nesting just under the limit, through the whole pipeline', () => {
    const dir = tmpTree({
      'deep/serverless.yml': g.deepYaml(LIMITS.maxDepth - 5),
      'deep2/template.json': g.deepJsonTemplate(LIMITS.maxDepth - 5),
    });
    const { result } = lint({ cwd: dir, noConfig: true });
    expect(result.notices.filter((n) => n.level === 'error' || n.id === 'rule-error')).toEqual([]);
  });

  it('Fn::Join nested 5,000 deep', async () => {
    await check({ 'deep/template.json': g.deepJoinTemplate(5000) }, { file: 'deep/template.json', line: 1, limit: 'maxDepth' });
  });

  it('aliases that stack shallow anchors into a deep tree', () => {
    // each anchor is 100 deep and holds the previous one: 8 x 100 levels once expanded
    const lines: string[] = [];
    for (let i = 0; i < 8; i++) lines.push(`a${i}: &a${i} ${'['.repeat(100)}${i ? `*a${i - 1}` : 'x'}${']'.repeat(100)}`);
    const { errors } = parseYaml('s.yml', `${lines.join('\n')}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('the maxDepth limit (500)');
  });

  it('a ${file()} of deep JSON is reported on the included file, not dropped silently', async () => {
    await check(g.fileOfDeepJson(5000), { file: 'svc/deep.json', line: 1, limit: 'maxDepth' });
  });

  it('a tsconfig.json nested 5,000 deep (with a long extends chain) is reported', async () => {
    await check(g.tsconfigChain(50, 5000), { file: 'ts/tsconfig.json', line: 1, limit: 'maxDepth' });
  });
});

describe('many keys', () => {
  it('a 20k-key YAML map parses, resolves and still reports duplicate keys', () => {
    const dir = tmpTree({ 'keys/serverless.yml': g.manyKeys(20_000) });
    const { result, project } = lint({ cwd: dir, noConfig: true, only: ONLY });
    expect(result.notices.filter((n) => n.level === 'error')).toEqual([]);
    const app = project.apps[0]!;
    const custom = app.root.kind === 'map' ? app.root.entries.find((e) => e.key === 'custom')!.value : undefined;
    expect(custom?.kind === 'map' && custom.entries.at(-1)).toMatchObject({ key: 'last', value: { kind: 'scalar', value: 1 } });
    const dup = parseYaml('d.yml', 'a: 1\nb: 2\na: 3\n"1": x\n1: y\n');
    expect(dup.errors.map((e) => [e.message, e.level, e.loc.line, e.loc.column])).toEqual([
      ['YAML: map keys must be unique: the last value of a repeated key is analysed, as the deploy tools load it', 'warning', 3, 1],
    ]);
  });

  it('a YAML map past the documentTokens budget is refused where the budget runs out, before it is built', async () => {
    // 8 scalars up to `custom:` on its 5th line, then two per key line: the first scalar past the
    // budget is key number (documentTokens - 8) / 2 + 1, at column 3
    const keys = LIMITS.documentTokens / 2 + 10;
    const text = g.manyKeys(keys);
    const line = 5 + (LIMITS.documentTokens - 8) / 2 + 1;
    expect(text.split('\n')[line - 1]).toBe(`  k${(LIMITS.documentTokens - 8) / 2}: 1`);
    await check({ 'keys/serverless.yml': text }, { file: 'keys/serverless.yml', line, limit: 'documentTokens' });
  });

  it('comment lines count too: a manifest padded with comments past the budget is refused at the first one over', async () => {
    const head = g.manyKeys(1);
    const text = head + '# padding\n'.repeat(LIMITS.documentTokens + 5);
    // manyKeys(1): 8 scalars, `k0`, `1`, `last` and its value, then the tail's 4 scalars (16 in all)
    const line = head.split('\n').length - 1 + (LIMITS.documentTokens - 16) + 1;
    await check({ 'pad/serverless.yml': text }, { file: 'pad/serverless.yml', line, limit: 'documentTokens' });
  });

  it('a JSON object past the documentTokens budget is refused, located on its one line', async () => {
    const r = parseJson('t.json', g.manyKeysJson(LIMITS.documentTokens / 2));
    expect(r.doc.root).toBeNull();
    expect(r.errors.map((e) => [e.message, e.loc.line])).toEqual([
      [`JSON: more values and comments than the documentTokens limit (${LIMITS.documentTokens}): the file is not analysed`, 1],
    ]);
    await check(
      { 'keys/template.json': g.manyKeysJson(LIMITS.documentTokens / 2) },
      { file: 'keys/template.json', line: 1, limit: 'documentTokens' },
    );
  });

  it('a 40k-key JSON object parses', () => {
    const r = parseJson('t.json', g.manyKeysJson(40_000));
    expect(r.errors).toEqual([]);
    expect(r.doc.root?.kind === 'map' && r.doc.root.entries[1]!.value.kind === 'map' && r.doc.root.entries[1]!.value.entries.length).toBe(
      40_000,
    );
  });
});

describe('intrinsic amplification', () => {
  it('Fn::Sub variable maps that double per level', async () => {
    await check({ 'sub/template.json': g.subDoubling(30) }, { file: 'sub/template.json', line: 1, limit: 'stringLength' });
  });

  it('Fn::Join with a 1 MB separator', async () => {
    await check({ 'join/template.json': g.joinSeparator(1024 * 1024, 3) }, { file: 'join/template.json', line: 1, limit: 'stringLength' });
  });

  it('Fn::Join of a 100 KB parameter default used 20 times', async () => {
    await check(
      { 'join/template.json': g.joinSeparatorRef(100 * 1024, 20) },
      { file: 'join/template.json', line: 1, limit: 'stringLength' },
    );
  });

  it('a Sub that stays under the limit still resolves', () => {
    const dir = tmpTree({
      'sub/template.json': g
        .subDoubling(4)
        .replace('"ab"', '"s3:*"')
        .replace(/\$\{V\}\$\{V\}/, '${V}'),
    });
    const { result } = lint({ cwd: dir, noConfig: true, only: ONLY });
    expect(result.notices.filter((n) => n.level === 'error')).toEqual([]);
  });
});

describe('variable amplification', () => {
  it('${self:} objects referencing each other 3x per level', async () => {
    const text = g.selfTriple(15);
    // l13's map (the line after its key) is the first level over 2,000,000 nodes once expanded;
    // the levels below it, all under `custom:` (line 6), add up to more than that as well
    const line = text.split('\n').findIndex((l) => l === '  l13:') + 2;
    await check({ 'self/serverless.yml': text }, { file: 'self/serverless.yml', line: [6, line], limit: 'resolvedNodes' });
  });

  it('${self:} strings doubling per level', async () => {
    const text = g.selfStringDoubling(30);
    const line = text.split('\n').findIndex((l) => l.startsWith('  s19:')) + 1;
    await check({ 'self/serverless.yml': text }, { file: 'self/serverless.yml', line, limit: 'stringLength' });
  });
});

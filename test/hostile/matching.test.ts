// Hostile inputs for the matchers, at small sizes: IAM wildcards, config regexes, masking of many
// secrets on one long line, SARIF on a one-line template, generated bundles. Seeded generators; no
// timing is asserted — the full sizes are in test/stress/cases-matching.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { checkRegexSafety } from '../../src/config/regex-safety.js';
import { Redactor } from '../../src/engine/mask.js';
import { actionMatches, allActions, expandActionPattern, MAX_ACTION_LENGTH } from '../../src/knowledge/aws/iam/actions.js';
import { generatedCodeReason } from '../../src/code/generated.js';
import { maskSecret } from '../../src/knowledge/secrets/mask.js';
import { compileWildcard, wildcardMatch } from '../../src/core/glob.js';
import { runCli, tmpTree } from '../helpers/tmp.js';
import { rng } from '../helpers/seeded.js';

function pick(r: () => number, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

/** The matcher this replaces: an anchored RegExp, `i` and `s` flags. Only for small inputs here. */
function oldRegex(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'is');
}

describe('IAM wildcard matching', () => {
  it('answers as the old RegExp did on random patterns and texts (differential)', () => {
    const r = rng(1);
    // letters in both cases, separators, characters regex `i` folds specially (ſ, K, é/É, ß), a newline
    const alphabet = 'aAbB:-.?*/ſKkéÉß\n';
    let agreed = 0;
    for (let n = 0; n < 20_000; n++) {
      const pattern = pick(r, alphabet, 1 + Math.floor(r() * 8));
      const text = pick(r, alphabet.replace('*', '').replace('?', ''), Math.floor(r() * 10));
      const want = oldRegex(pattern).test(text);
      expect(wildcardMatch(pattern, text), `${JSON.stringify(pattern)} ~ ${JSON.stringify(text)}`).toBe(want);
      if (want) agreed++;
    }
    expect(agreed).toBeGreaterThan(200); // the corpus exercises matches, not only misses
  });

  it('answers as the old RegExp did for ordinary policy patterns over every AWS action', () => {
    const patterns = [
      's3:Get*',
      'S3:get*',
      'iam:*Role*',
      '*:Get*',
      's3:Get?bject',
      'ec2:Describe*',
      'dynamodb:*Item',
      'kms:*',
      'lambda:Invoke?unction',
      'sts:AssumeRole*',
      '*Object',
      's?:*',
    ];
    const actions = allActions();
    expect(actions.length).toBeGreaterThan(10_000);
    for (const p of patterns) {
      const re = oldRegex(p);
      const m = compileWildcard(p);
      const want = actions.filter((a) => re.test(a));
      expect(
        actions.filter((a) => m(a)),
        p,
      ).toEqual(want);
      expect(
        actions.filter((a) => actionMatches(p, a)),
        p,
      ).toEqual(want);
    }
    expect(expandActionPattern('s3:Get?bject')).toEqual(['s3:GetObject']);
    expect(expandActionPattern('iam:PassRol?')).toEqual(['iam:PassRole']);
  });

  it('matches case-sensitively when asked', () => {
    expect(wildcardMatch('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/x', false)).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::Bucket/x', false)).toBe(true);
    expect(wildcardMatch('a?c', 'abc', false)).toBe(true);
  });

  it('gives the right answer for backtracking-hostile patterns (s3:*?*?…*?Zq)', () => {
    for (const n of [10, 100, 1000]) {
      const hostile = `s3:${'*?'.repeat(n)}Zq`;
      expect(expandActionPattern(hostile)).toEqual([]);
      expect(actionMatches(hostile, 's3:GetObject')).toBe(false);
      const text = `s3:${'x'.repeat(n)}Zq`;
      expect(actionMatches(hostile, text)).toBe(true);
      expect(actionMatches(hostile, text.slice(0, -3) + 'Zq')).toBe(false); // one character short
    }
    // `*a*a…*a` against a text of a's with no final b
    const p = `${'*a'.repeat(500)}*b`;
    expect(wildcardMatch(p, 'a'.repeat(2000))).toBe(false);
    expect(wildcardMatch(p, `${'a'.repeat(2000)}b`)).toBe(true);
  });

  it('does not examine strings over the length cap: they match nothing but `*`', () => {
    const long = `s3:${'*a'.repeat(MAX_ACTION_LENGTH)}`;
    expect(expandActionPattern(long)).toEqual([]);
    expect(actionMatches(long, 's3:GetObject')).toBe(false);
    expect(actionMatches('s3:*', `s3:${'x'.repeat(MAX_ACTION_LENGTH)}`)).toBe(false);
    expect(actionMatches('*', long)).toBe(true);
  });

  it('reports a 1 MB action reused through aliases as matching nothing, and still reports the admin statement', async () => {
    const big = `s3:${'*a'.repeat(100_000)}`; // 200 KB: the same code path as 1 MB
    const yml = [
      'service: hostile',
      'custom:',
      `  big: &big '${big}'`,
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      '  iam:',
      '    role:',
      '      statements:',
      ...Array.from({ length: 4 }, () => [
        '        - Effect: Allow',
        '          Action:',
        '            - *big',
        "          Resource: '*'",
      ]).flat(),
      '        - Effect: Allow',
      "          Action: '*'",
      "          Resource: '*'",
      '        - Effect: Allow',
      `          Action: 's3${' '.repeat(50_000)}x'`, // malformed, and polynomial for a `\s*[\s]\s*` regex
      "          Resource: '*'",
    ].join('\n');
    const dir = tmpTree({ 'serverless.yml': yml, '.git/HEAD': '' });
    const { code, stdout } = await runCli(['.', '-f', 'json'], dir);
    const out = JSON.parse(stdout) as { diagnostics: { ruleId: string; messageId: string }[] };
    expect(code).toBe(1);
    expect(out.diagnostics.some((d) => d.ruleId === 'iam/no-admin-policy')).toBe(true);
    const unknown = out.diagnostics.filter((d) => d.ruleId === 'iam/no-unknown-action');
    expect(unknown.map((d) => d.messageId).sort()).toEqual(['malformed', 'noMatch']); // the aliases share the anchor's location: one finding
    // quoted shortened: the output stays small however long the action
    for (const d of unknown) expect((d as unknown as { message: string }).message.length).toBeLessThan(400);
    expect(stdout.length).toBeLessThan(20_000);
  });
});

describe('regular expressions from the config', () => {
  const write = (pattern: string) =>
    tmpTree({ '.sls-lint.yml': `settings:\n  secrets:\n    allow:\n      - hash: ${'a'.repeat(64)}\n      - pattern: '${pattern}'\n` });

  it.each([
    ['^([a-zA-Z0-9_]+)*$', 'exponential'],
    ['(a|a)*$', 'exponential'],
    ['^\\s*a*\\s*$', 'polynomial'],
  ])('refuses %s with a located config error (%s)', (pattern, kind) => {
    const dir = write(pattern);
    let err: unknown;
    try {
      loadConfig(path.join(dir, '.sls-lint.yml'), dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(
      new RegExp(`^\\.sls-lint\\.yml:5:18: settings\\.secrets\\.allow\\[1\\]\\.pattern is refused: ${kind} backtracking`),
    );
  });

  it('accepts ordinary patterns', () => {
    for (const p of ['^pk_live_', '^sk_test_[A-Za-z0-9]{24}$', 'EXAMPLE', '^AKIA[0-9A-Z]{16}$']) {
      expect(checkRegexSafety(p), p).toEqual({ safe: true });
      const dir = write(p);
      expect(loadConfig(path.join(dir, '.sls-lint.yml'), dir).settings).toBeTruthy();
    }
  });

  it.each([
    ["ignore:\n  - 'src/**'\n  - '*a*a*a*b'\n", '.sls-lint.yml:3:5: ignore[1] is refused: more than 2 "*" in the segment "*a*a*a*b"'],
    ["ignore:\n  - '**/a/**/a/**/b'\n", '.sls-lint.yml:2:5: ignore[0] is refused: more than 2 "**" segments'],
    [
      "settings:\n  secrets:\n    testPaths: ['+(a|aa)/**']\n",
      '.sls-lint.yml:3:17: settings.secrets.testPaths[0] is refused: extglob groups',
    ],
    [
      "settings:\n  secrets:\n    allow:\n      - path: 'x/*-*-*-*.js'\n",
      '.sls-lint.yml:4:15: settings.secrets.allow[0].path is refused: more than 2 "*"',
    ],
  ])('refuses a glob that backtracks on long paths, located (%#)', (yml, want) => {
    const dir = tmpTree({ '.sls-lint.yml': yml });
    expect(() => loadConfig(path.join(dir, '.sls-lint.yml'), dir)).toThrow(want);
  });

  it('accepts the default and documented globs', () => {
    const yml =
      "ignore:\n  - legacy/**\n  - '**/*.generated.*'\nsettings:\n  secrets:\n    allow:\n      - path: 'docs/**'\n    testPaths: ['**/test/**', '**/__fixtures__/**', '**/*.test.*', '**/*.spec.*']\n";
    const dir = tmpTree({ '.sls-lint.yml': yml });
    expect(loadConfig(path.join(dir, '.sls-lint.yml'), dir).ignore).toEqual(['legacy/**', '**/*.generated.*']);
  });

  it('exits 2 with the located error from the CLI, before reading any file', async () => {
    const dir = tmpTree({
      '.git/HEAD': '',
      '.sls-lint.yml': "settings:\n  secrets:\n    allow:\n      - pattern: '^([a-zA-Z0-9_]+)*$'\n",
      'serverless.yml': `service: s\nprovider:\n  name: aws\ncustom:\n  x: ${'a'.repeat(5000)}!\n`,
    });
    const { code, stdout, stderr } = await runCli(['.'], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('.sls-lint.yml:4:18: settings.secrets.allow[0].pattern is refused: exponential backtracking');
  });
});

describe('masking many secrets on one long line', () => {
  /** The masking this replaces: secret after secret, longest first, over the whole text. */
  function oldRedact(secrets: string[], text: string): string {
    const ordered = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    let out = text;
    for (const s of ordered) if (out.includes(s)) out = out.split(s).join(maskSecret(s));
    return out;
  }

  it('masks exactly as before when secrets do not overlap', () => {
    const r = rng(2);
    for (let round = 0; round < 50; round++) {
      const secrets = Array.from(
        { length: 1 + Math.floor(r() * 40) },
        (_, i) => `sk_live_${i}_${pick(r, 'ABCDEFGHabcdefgh0123456789', 8 + Math.floor(r() * 20))}`,
      );
      const parts: string[] = [];
      for (let i = 0; i < 200; i++)
        parts.push(r() < 0.3 ? secrets[Math.floor(r() * secrets.length)]! : pick(r, 'xyz ,"{}:', Math.floor(r() * 12)));
      const text = parts.join(r() < 0.5 ? '' : ' ');
      const red = new Redactor();
      red.add(secrets);
      expect(red.redact(text)).toBe(oldRedact(secrets, text));
    }
  });

  it('never lets a secret through, overlapping or nested', () => {
    const r = rng(3);
    for (let round = 0; round < 200; round++) {
      const base = pick(r, 'abcdefghij0123', 60);
      const secrets = Array.from({ length: 1 + Math.floor(r() * 6) }, () => {
        const start = Math.floor(r() * 40);
        return base.slice(start, start + 8 + Math.floor(r() * 20));
      }).filter((s) => s.length >= 8);
      const text = `${pick(r, 'xyz', 5)}${base}${pick(r, 'xyz', 5)}${base.slice(10)}`;
      const red = new Redactor();
      red.add(secrets);
      const out = red.redact(text);
      expect(out.length).toBe(text.length);
      for (const s of secrets) expect(out.includes(s), `${s} in ${out}`).toBe(false);
    }
  });
});

/** A one-line CloudFormation template: `n` functions, each with two plaintext secrets and an admin role. */
function oneLineTemplate(n: number, seed: number): { text: string; secrets: string[] } {
  const r = rng(seed);
  const resources: Record<string, unknown> = {};
  const secrets: string[] = [];
  for (let i = 0; i < n; i++) {
    const password = pick(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 16);
    const stripe = `sk_live_${pick(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 24)}`;
    secrets.push(password, stripe);
    resources[`Fn${i}`] = {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Handler: 'index.handler',
        Runtime: 'nodejs20.x',
        Role: { 'Fn::GetAtt': [`Role${i}`, 'Arn'] },
        Code: { S3Bucket: 'b', S3Key: 'k' },
        Environment: { Variables: { DB_PASSWORD: password, STRIPE_KEY: stripe, STAGE: 'prod' } },
      },
    };
    resources[`Role${i}`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        Policies: [
          { PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
        ],
      },
    };
  }
  return { text: JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }), secrets };
}

describe('SARIF on a one-line template with many findings and secrets', () => {
  it('reports every finding, prints no secret and keeps snippets off the long line', async () => {
    const { text, secrets } = oneLineTemplate(40, 4);
    const dir = tmpTree({ '.git/HEAD': '', 'template.json': text });
    const sarif = await runCli(['.', '-f', 'sarif'], dir);
    const json = await runCli(['.', '-f', 'json'], dir);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as {
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { region: { snippet?: unknown }; contextRegion?: unknown } }[] }[];
      }[];
    };
    const results = log.runs[0]!.results;
    const diags = (JSON.parse(json.stdout) as { diagnostics: { ruleId: string }[] }).diagnostics;
    expect(results.map((x) => x.ruleId).sort()).toEqual(diags.map((d) => d.ruleId).sort());
    const count = (id: string) => results.filter((x) => x.ruleId === id).length;
    // every Stripe live key; most random passwords too (a few are too regular to be called secrets)
    expect(count('secrets/no-plaintext-env')).toBeGreaterThanOrEqual(70);
    expect(count('iam/no-admin-policy')).toBe(40);
    for (const s of secrets) {
      expect(sarif.stdout.includes(s)).toBe(false);
      expect(json.stdout.includes(s)).toBe(false);
    }
    // the line is far longer than a snippet may be: no snippet, no context region
    for (const x of results) {
      expect(x.locations[0]!.physicalLocation.region.snippet).toBeUndefined();
      expect(x.locations[0]!.physicalLocation.contextRegion).toBeUndefined();
    }
    // output grows with the findings, not with findings × line length
    expect(sarif.stdout.length).toBeLessThan(results.length * 3000 + 200_000);
  });
});

describe('generated bundles', () => {
  function bundle(n: number, seed: number): string {
    const r = rng(seed);
    const parts = ['"use strict";var e={};'];
    for (let i = 0; i < n; i++)
      parts.push(`function ${pick(r, 'abcdef', 3)}${i}(a,b){return a+b*${i}}e.f${i}=${pick(r, 'abcdef', 3)}${i};`);
    return parts.join('');
  }

  it('recognises minified and source-mapped files, and not hand-written code', () => {
    expect(generatedCodeReason(bundle(1000, 5))).toMatch(/^minified \(a line of \d+ characters\)$/);
    expect(generatedCodeReason(`${bundle(40, 6)}\n//# sourceMappingURL=index.js.map\n`)).toMatch(/^a bundle with a source map/);
    const dense = Array.from({ length: 700 }, (_, i) => bundle(8, i)).join('\n');
    expect(generatedCodeReason(dense)).toMatch(/characters per line on average/);
    const handWritten = fs.readFileSync(path.join(import.meta.dirname, '../../src/code/generated.ts'), 'utf8');
    expect(generatedCodeReason(handWritten)).toBeNull();
    expect(generatedCodeReason(`${'export const x = 1;\n'.repeat(20_000)}//# sourceMappingURL=x.js.map\n`)).toBeNull();
  });

  it('keeps the parser off a minified handler and says so; the manifest is still linted', async () => {
    const dir = tmpTree({
      '.git/HEAD': '',
      'serverless.yml':
        "service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: '*'\n          Resource: '*'\nfunctions:\n  f:\n    handler: dist/index.handler\n",
      'dist/index.js': `${bundle(2000, 7)}exports.handler=async function(t){return{statusCode:200}};\n//# sourceMappingURL=index.js.map\n`,
    });
    const { code, stdout } = await runCli(['.', '-f', 'json'], dir);
    const out = JSON.parse(stdout) as {
      diagnostics: { ruleId: string }[];
      notices: { id: string; level: string; message: string; file: string }[];
    };
    expect(code).toBe(1);
    expect(out.diagnostics.some((d) => d.ruleId === 'iam/no-admin-policy')).toBe(true);
    const n = out.notices.find((x) => x.file === 'dist/index.js');
    expect(n).toMatchObject({ id: 'file-skipped', level: 'note' });
    expect(n!.message).toMatch(/^dist\/index\.js not analysed as code: it looks generated, minified \(a line of \d+ characters\)/);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.js';
import type { Diagnostic } from '../../src/engine/result.js';
import { lint, type LintOptions } from '../../src/lint.js';
import type { Project } from '../../src/model/types.js';
import { maskSecret, secretHash } from '../../src/knowledge/secrets/index.js';
import {
  describeSecret,
  locateInRegion,
  maskedForMessage,
  nameOfEntry,
  secretsSettings,
  secretsSettingsProblems,
} from '../../rules/_shared/secrets.js';
import { ROOT } from '../helpers/fixtures.js';
import { tmpTree } from '../helpers/tmp.js';

/**
 * The behaviour every secrets/* rule shares through rules/_shared/secrets.ts: the allow-list and
 * test-path settings, the split between rules, and the helpers behind locations and messages. The
 * values are synthetic test credentials.
 */

const STRIPE = 'sk_live_b2gmnIE22CJLzpaFMmwRjoDGirhTj37S';
const GITHUB = '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';
const PASSWORD = 'Tz8&qW2!mK5^vN9r';
const TOKEN = 'U0qTUuAPYEnNe4gyz3wvmW33kmsdO1i8kZ4uwuaK';
const URL_PASSWORD = 'Vq7tLm2Rx9Kd4Wp8Ne3Z';

const SECRETS_RULES = ['secrets/no-plaintext-env', 'secrets/no-template-secret', 'secrets/no-dotenv-secret', 'secrets/no-hardcoded-secret'];

/** A small service with a secret in each kind of place, plus test files. */
function app(config?: string): string {
  return tmpTree({
    ...(config !== undefined ? { '.sls-lint.yml': config } : {}),
    'serverless.yml': [
      'service: shop',
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      '  environment:',
      `    STRIPE_SECRET_KEY: ${STRIPE}`,
      `    DATABASE_URL: postgres://shop:${URL_PASSWORD}@db.internal:5432/shop`,
      'functions:',
      '  api:',
      '    handler: src/api.handler',
      '  stub:',
      '    handler: test/stubs/idp.handler',
      '',
    ].join('\n'),
    'src/api.ts': `export const GITHUB_TOKEN = '${GITHUB}';\nexport const handler = async () => ({ statusCode: 200 });\n`,
    'test/stubs/idp.ts': `const clientSecret = '${TOKEN}';\nexport const handler = async () => ({ body: clientSecret });\n`,
    'e2e/.env': `E2E_PASSWORD=${PASSWORD}\n`,
    'scripts/.env': `SEED_API_TOKEN=${TOKEN}\n`,
  });
}

function run(dir: string, opts: Partial<LintOptions> = {}): Diagnostic[] {
  const config = fs.existsSync(path.join(dir, '.sls-lint.yml')) ? { configFile: '.sls-lint.yml' } : { noConfig: true };
  return lint({ cwd: dir, srcRoot: dir, only: SECRETS_RULES, ...config, ...opts }).result.diagnostics.filter((d) => !d.suppression);
}

const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.loc.file}:${d.loc.line}:${d.loc.column} ${d.ruleId} ${d.severity}`);

describe('test paths', () => {
  it('reports secrets in test files as notes by default, others at the rule level', () => {
    expect(summary(run(app()))).toEqual([
      'e2e/.env:1:14 secrets/no-dotenv-secret error',
      'scripts/.env:1:16 secrets/no-dotenv-secret error',
      'serverless.yml:6:24 secrets/no-plaintext-env error',
      'serverless.yml:7:19 secrets/no-plaintext-env error',
      'src/api.ts:1:29 secrets/no-hardcoded-secret error',
      'test/stubs/idp.ts:1:22 secrets/no-hardcoded-secret note',
    ]);
  });

  it('gives the fixture cases of the test-path feature the note level', () => {
    const base = path.join(ROOT, 'rules/secrets/no-hardcoded-secret/fixtures');
    const code = lint({ cwd: base, srcRoot: base, paths: ['test-paths'], noConfig: true, only: ['secrets/no-hardcoded-secret'] }).result
      .diagnostics;
    expect(summary(code)).toEqual([
      'test-paths/src/__fixtures__/events.ts:2:29 secrets/no-hardcoded-secret note',
      'test-paths/test/stubs/fake-idp.ts:1:22 secrets/no-hardcoded-secret note',
    ]);
    const envBase = path.join(ROOT, 'rules/secrets/no-dotenv-secret/fixtures');
    const env = lint({ cwd: envBase, srcRoot: envBase, paths: ['test-paths'], noConfig: true, only: ['secrets/no-dotenv-secret'] }).result
      .diagnostics;
    expect(summary(env)).toEqual(['test-paths/tests/integration/.env.test:2:18 secrets/no-dotenv-secret note']);
  });

  it('uses testPathLevel for test files, and drops them with off', () => {
    const warn = run(app('settings:\n  secrets:\n    testPathLevel: warning\n'));
    expect(summary(warn).filter((s) => s.startsWith('test/'))).toEqual(['test/stubs/idp.ts:1:22 secrets/no-hardcoded-secret warning']);
    const off = run(app('settings:\n  secrets:\n    testPathLevel: "off"\n'));
    expect(summary(off).some((s) => s.startsWith('test/'))).toBe(false);
    expect(off).toHaveLength(5);
  });

  it('replaces the globs with testPaths, and [] disables the feature', () => {
    const custom = run(app("settings:\n  secrets:\n    testPaths: ['e2e/**']\n"));
    expect(summary(custom).filter((s) => / note$/.test(s))).toEqual(['e2e/.env:1:14 secrets/no-dotenv-secret note']);
    expect(summary(custom)).toContain('test/stubs/idp.ts:1:22 secrets/no-hardcoded-secret error');
    const none = run(app('settings:\n  secrets:\n    testPaths: []\n'));
    expect(none.every((d) => d.severity === 'error')).toBe(true);
    expect(none).toHaveLength(6);
  });
});

describe('settings.secrets.allow', () => {
  it('allows a secret by the sha256 of its value, in every rule and file', () => {
    const ds = run(app(`settings:\n  secrets:\n    allow:\n      - hash: ${secretHash(TOKEN)}\n        reason: throwaway\n`));
    expect(summary(ds)).toEqual([
      'e2e/.env:1:14 secrets/no-dotenv-secret error',
      'serverless.yml:6:24 secrets/no-plaintext-env error',
      'serverless.yml:7:19 secrets/no-plaintext-env error',
      'src/api.ts:1:29 secrets/no-hardcoded-secret error',
    ]);
  });

  it('keeps allowed secrets in the results as suppressed by config, with the reason, and masked', () => {
    const dir = app(`settings:\n  secrets:\n    allow:\n      - hash: ${secretHash(TOKEN)}\n        reason: throwaway\n`);
    const { result } = lint({ cwd: dir, srcRoot: dir, only: SECRETS_RULES, configFile: '.sls-lint.yml' });
    const allowed = result.diagnostics.filter((d) => d.suppression);
    expect(allowed.length).toBeGreaterThan(0);
    expect(allowed.map((d) => d.suppression)).toEqual(allowed.map(() => ({ kind: 'config', reason: 'throwaway' })));
    for (const d of allowed) expect(d.message).not.toContain(TOKEN);
  });

  it('matches the hash of the secret within a value (a password in a URL), in upper case too', () => {
    const ds = run(app(`settings:\n  secrets:\n    allow:\n      - hash: ${secretHash(URL_PASSWORD).toUpperCase()}\n`));
    expect(summary(ds)).not.toContain('serverless.yml:7:19 secrets/no-plaintext-env error');
    expect(ds).toHaveLength(5);
  });

  it('drops secrets matching a pattern', () => {
    const ds = run(app("settings:\n  secrets:\n    allow:\n      - pattern: '^sk_live_'\n      - pattern: '^ghp_'\n"));
    expect(summary(ds).map((s) => s.split(':')[0])).toEqual(['e2e/.env', 'scripts/.env', 'serverless.yml', 'test/stubs/idp.ts']);
  });

  it('drops every secret of the files a path glob matches', () => {
    const ds = run(app("settings:\n  secrets:\n    allow:\n      - path: 'scripts/**'\n      - path: src/api.ts\n"));
    expect(summary(ds).map((s) => s.split(':')[0])).toEqual(['e2e/.env', 'serverless.yml', 'serverless.yml', 'test/stubs/idp.ts']);
  });

  it('rejects a pattern that is not a regular expression at config load, and the rules never crash on one', () => {
    const dir = app("settings:\n  secrets:\n    allow:\n      - pattern: '(sk_live_'\n");
    expect(() => lint({ cwd: dir, srcRoot: dir, configFile: '.sls-lint.yml', only: SECRETS_RULES })).toThrow(
      /\.sls-lint\.yml:4:18: settings\.secrets\.allow\.0\.pattern must be a valid regex/,
    );
    // settings that bypass the schema (the API) are still handled: the bad pattern allows nothing
    const { result } = lint({
      cwd: dir,
      srcRoot: dir,
      config: { extends: 'recommended', rules: {}, ignore: [], settings: { secrets: { allow: [{ pattern: '(sk_live_' }] } } },
      only: SECRETS_RULES,
    });
    expect(result.notices.filter((n) => n.id === 'rule-error')).toEqual([]);
    expect(result.diagnostics).toHaveLength(6);
    expect(secretsSettingsProblems({ secrets: { allow: [{ pattern: '(sk_live_' }] } })).toEqual([
      'settings.secrets.allow[0].pattern is not a valid regular expression (Invalid regular expression: /(sk_live_/: Unterminated group); ignored',
    ]);
  });

  it('never throws on settings that did not come through the schema', () => {
    const s = secretsSettings({
      secrets: {
        allow: [null, { hash: 'abc' }, { path: 7 }, { hash: secretHash('x'), path: 'a' }],
        testPaths: 'tests',
        testPathLevel: 'loud',
      },
    });
    expect(s.allow).toEqual([]);
    expect(s.testPathLevel).toBe('note');
    expect(s.isTestPath('tests/a.ts')).toBe(true);
    expect(s.problems).toEqual([
      'settings.secrets.allow[0] must be a map with one of hash, pattern or path; ignored',
      'settings.secrets.allow[1].hash must be the sha256 of the value in hex (64 characters); ignored',
      'settings.secrets.allow[2].path must be a non-empty string; ignored',
      'settings.secrets.allow[3] must have exactly one of hash, pattern or path; ignored',
      'settings.secrets.testPaths must be a list of globs; the defaults are used',
      'settings.secrets.testPathLevel must be one of off, note, warning, error; "note" is used',
    ]);
    expect(secretsSettings(undefined).problems).toEqual([]);
  });
});

describe('config schema for settings.secrets', () => {
  const load = (yaml: string) => {
    const dir = tmpTree({ '.sls-lint.yml': yaml, 'serverless.yml': 'service: x\nprovider:\n  name: aws\nfunctions: {}\n' });
    return () => lint({ cwd: dir, srcRoot: dir, configFile: '.sls-lint.yml' });
  };

  it('accepts every documented key', () => {
    expect(
      load(
        `settings:\n  iam: {anything: 1}\n  secrets:\n    allow:\n      - hash: ${secretHash('x')}\n        reason: public\n      - pattern: '^pk_'\n      - path: 'scripts/**'\n    testPaths: ['**/e2e/**']\n    testPathLevel: warning\n`,
      ),
    ).not.toThrow();
  });

  it.each([
    [
      'a hash that is not sha256 hex',
      'allow:\n      - hash: abc123',
      '.sls-lint.yml:4:15: settings.secrets.allow.0.hash must match pattern "^[0-9a-fA-F]{64}$"',
    ],
    [
      'two kinds in one entry',
      `allow:\n      - hash: ${'a'.repeat(64)}\n        path: src/**`,
      '.sls-lint.yml:4:9: settings.secrets.allow.0 must NOT have more than 1 properties',
    ],
    [
      'an entry without a kind',
      'allow:\n      - reason: why',
      ".sls-lint.yml:4:9: settings.secrets.allow.0 must have required property 'hash'",
    ],
    ['an unknown key', 'allowList: []', '.sls-lint.yml:3:5: unknown key "allowList" in settings.secrets'],
    [
      'an unknown level',
      'testPathLevel: loud',
      '.sls-lint.yml:3:20: settings.secrets.testPathLevel must be one of "off", "note", "warning", "warn", "error", 0, 1, 2',
    ],
  ])('rejects %s with a located config error', (_name, body, message) => {
    const go = load(`settings:\n  secrets:\n    ${body}\n`);
    let error: unknown;
    try {
      go();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(message);
  });
});

describe('one finding per literal across the secrets rules', () => {
  const ALL = [...SECRETS_RULES, 'secrets/prefer-secret-reference'];
  const lintAll = (files: Record<string, string>) => {
    const dir = tmpTree(files);
    return lint({ cwd: dir, srcRoot: dir, noConfig: true, only: ALL }).result.diagnostics;
  };

  it('leaves a custom literal reached by a secret-named variable to no-plaintext-env, and judges it by its key otherwise', () => {
    const ds = lintAll({
      'serverless.yml': [
        'service: shop',
        'custom:',
        `  stripeKey: ${STRIPE}`,
        `  db: { password: '${PASSWORD}' }`,
        'provider:',
        '  name: aws',
        '  runtime: python3.12',
        '  environment:',
        '    STRIPE_SECRET_KEY: ${self:custom.stripeKey}',
        '    DB_CONFIG_VALUE: ${self:custom.db.password}',
        '    ADMIN_PASSWORD: portal',
        'functions:',
        '  portal:',
        '    handler: handler.main',
        '',
      ].join('\n'),
    });
    expect(ds.map((d) => `${d.loc.line}:${d.loc.column} ${d.ruleId}(${d.messageId}) ${d.severity}`)).toEqual([
      '3:14 secrets/no-plaintext-env(plaintext) error',
      '4:19 secrets/no-template-secret(setting) error',
      '11:21 secrets/prefer-secret-reference(literal) note',
    ]);
    // `portal` is masked in its own message but not where it names the function
    const prefer = ds[2]!;
    expect(prefer.message).toBe(
      'Environment variable "ADMIN_PASSWORD" of function "portal" has the name of a secret (password) but holds a literal ("********"); keep it in SSM Parameter Store or Secrets Manager and reference it (${ssm:…} or {{resolve:secretsmanager:…}}) so it can be rotated without a deploy',
    );
    expect(ds[0]!.message).toBe(
      `Environment variable "STRIPE_SECRET_KEY" holds a plaintext Stripe live secret key ("${maskSecret(STRIPE)}") for function "portal"; store it in SSM Parameter Store or Secrets Manager and reference it`,
    );
  });

  it('reports a parameter default once, whether reached by a property, an environment variable or neither', () => {
    const ds = lintAll({
      'template.yaml': [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Parameters:',
        '  DbPassword:',
        '    Type: String',
        `    Default: '${PASSWORD}'`,
        '  ApiToken:',
        '    Type: String',
        `    Default: ${TOKEN}`,
        'Resources:',
        '  Db:',
        '    Type: AWS::RDS::DBInstance',
        '    Properties:',
        '      MasterUserPassword: !Ref DbPassword',
        '  Replica:',
        '    Type: AWS::RDS::DBInstance',
        '    Properties:',
        '      MasterUserPassword: !Ref DbPassword',
        '  Fn:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Runtime: python3.12',
        '      Handler: index.handler',
        '      Role: arn:aws:iam::123456789012:role/fn',
        '      Code: { S3Bucket: b, S3Key: k }',
        '      Environment:',
        '        Variables:',
        '          API_TOKEN: !Ref ApiToken',
        '',
      ].join('\n'),
    });
    expect(ds.map((d) => `${d.loc.line}:${d.loc.column} ${d.ruleId}(${d.messageId})`)).toEqual([
      '5:14 secrets/no-template-secret(parameterDefault)',
      '8:14 secrets/no-plaintext-env(plaintext)',
    ]);
  });
});

describe('helpers', () => {
  it('describes a kind with its article', () => {
    expect(describeSecret('password')).toBe('a plaintext password');
    expect(describeSecret('API key', '')).toBe('an API key');
    expect(describeSecret('credentials')).toBe('plaintext credentials');
    expect(describeSecret('AWS access key ID', 'hardcoded')).toBe('a hardcoded AWS access key ID');
  });

  it('masks for messages like maskSecret, abbreviating long and multi-line secrets', () => {
    expect(maskedForMessage(STRIPE)).toBe(maskSecret(STRIPE));
    expect(maskedForMessage('short')).toBe('********');
    const long = `https://hooks.slack.com/services/T0000/B0000/${TOKEN}`;
    expect(maskedForMessage(long)).toBe(`${long.slice(0, 4)}********…${long.slice(-4)}`);
    const pem = `-----BEGIN PRIVATE KEY-----\n${TOKEN}${TOKEN}\n-----END PRIVATE KEY-----`;
    expect(maskedForMessage(pem)).toBe('----********…----');
    expect(maskedForMessage(pem)).not.toMatch(/\n/);
  });

  it('names a pair value by its sibling, or by its parent', () => {
    const loc = { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1 };
    const e = (key: string, value: string) => ({ key, keyLoc: loc, value: { kind: 'scalar' as const, value, loc } });
    const pair = [e('Name', 'DB_PASSWORD'), e('Value', 'x')];
    expect(nameOfEntry(pair[1]!, pair, 'EnvironmentVariables')).toBe('DB_PASSWORD');
    const stack = [e('ParameterKey', 'ApiToken'), e('ParameterValue', 'x')];
    expect(nameOfEntry(stack[1]!, stack, 'stackParameters')).toBe('ApiToken');
    const bare = [e('value', 'x')];
    expect(nameOfEntry(bare[0]!, bare, 'apiKeys')).toBe('apiKeys_value');
    expect(nameOfEntry(e('password', 'x'), [], 'db')).toBe('password');
  });

  it('locates a secret inside a multi-line literal, line by line', () => {
    const text = [
      '      ZipFile: |',
      '        const a = 1;',
      `        const token = '${GITHUB}';`,
      '        exports.handler = async () => a;',
    ].join('\n');
    const project: Project = { srcRoot: '/', apps: [], sourceFiles: [], textFiles: [], files: new Map() };
    project.files.set('x.yaml', { lines: text.split('\n'), comments: new Map() });
    const region = { file: 'x.yaml', line: 1, column: 16, endLine: 4, endColumn: 41 };
    expect(locateInRegion(project, region, GITHUB)).toEqual({
      file: 'x.yaml',
      line: 3,
      column: 24,
      endLine: 3,
      endColumn: 24 + GITHUB.length,
    });
    expect(locateInRegion(project, region, 'not there')).toBeNull();
    const pemLines = ['K: |', '  -----BEGIN KEY-----', '  abc', '  -----END KEY-----'];
    project.files.set('k.yaml', { lines: pemLines, comments: new Map() });
    expect(
      locateInRegion(
        project,
        { file: 'k.yaml', line: 1, column: 4, endLine: 4, endColumn: 21 },
        '-----BEGIN KEY-----\nabc\n-----END KEY-----\n',
      ),
    ).toEqual({
      file: 'k.yaml',
      line: 2,
      column: 3,
      endLine: 4,
      endColumn: 20,
    });
  });
});

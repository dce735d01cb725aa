import { describe, expect, it } from 'vitest';
import { runCli, tmpTree } from '../helpers/tmp.js';

/**
 * Hostile input, leaks and output hygiene: each class of the leak rows is a real CLI run over a
 * crafted project in every output format (text, text with code frames, JSON, SARIF, GitHub
 * annotations), and no output may hold any raw piece of a planted secret. The secrets are realistic
 * fakes (a Stripe live key shape, an AWS secret access key shape, a PEM body), written the way a
 * file can spell a value differently from what it means: continued over lines, folded, escaped.
 */

const STRIPE = 'sk_live_Rk4vX9pQ2mW7tZ3nB8cL5hJd';
const AWS_SECRET = 'Zq3vR8pL2mT6xW9yB4nK7cF1hJ5sD0gA2eU8iO3t';
const PEM_LINES = [
  'qUdKI5bFOMAvJ7PDoA1nWIefU159ufsd9osxJx1LAoTILZit/W++KktBPkIFXA40',
  'Xhx3ggaVmXn0mT6udg60aX5ooOMIvslyta2o67V4kh01DvQL4Rpx30ZA2rOy+8xU',
  'InleJS/dp61ZUklZocl2dkKykXe3J9rUHeWskQjsimkdnWJIaO45ffyhwacl1lPz',
  'M3X4xH+rFhkqbdAogrNQ/pDA0YIoV8tFb42FTlXl8UR0oODnuvzrHxNwEyIqIkDP',
  '9mfqu9KlR5o77C51dJQFkzHedF5bjMF9JGqijm3XwXk0BlW2sgea4P88dXFl2ero',
  'agPgjphxZ9WPXmHnBvmXRgkaT3Fdhvw3JFvfY4GPuTwDtNJvAYSsHOThvUrl20OE',
];

/** A variant of the Stripe key per case (its last character), so each case plants its own secret. */
const stripe = (c: string) => STRIPE.slice(0, -1) + c;

/**
 * The raw pieces of a secret that must never be printed: every window of 6 characters that holds a
 * character the masked form hides (the masked form shows at most the first and last 4). Windows
 * start after `sk_` so rule help quoting `sk_live_…` cannot match.
 */
function pieces(secret: string): string[] {
  const out: string[] = [];
  const from = secret.startsWith('sk_live_') ? 4 : 1;
  for (let i = from; i + 6 <= secret.length - 1; i++) out.push(secret.slice(i, i + 6));
  return out;
}

function leaked(output: string, secrets: string[]): string[] {
  return secrets.flatMap((s) =>
    pieces(s)
      .filter((p) => output.includes(p))
      .map((p) => `${p} (of ${s.slice(0, 4)}…)`),
  );
}

const FORMATS: [string, string[]][] = [
  ['text', []],
  ['frames', ['--frames']],
  ['json', ['-f', 'json']],
  ['sarif', ['-f', 'sarif']],
  ['github', ['-f', 'github']],
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function everyFormat(dir: string): Promise<Record<string, Run>> {
  const out: Record<string, Run> = {};
  for (const [name, args] of FORMATS) out[name] = await runCli(args, dir);
  return out;
}

function expectNoLeak(runs: Record<string, Run>, secrets: string[], code = 1): void {
  for (const [name, r] of Object.entries(runs)) {
    expect(r.code, `${name}: ${r.stderr}`).toBe(code);
    expect(leaked(r.stdout + r.stderr, secrets), name).toEqual([]);
  }
}

interface SarifRegion {
  startLine: number;
  snippet?: { text: string };
}
interface SarifLocation {
  physicalLocation: { region: SarifRegion; contextRegion?: SarifRegion };
}
interface SarifLog {
  runs: {
    results: { ruleId: string; locations: SarifLocation[] }[];
    invocations: {
      toolExecutionNotifications?: { message: { text: string }; descriptor: { id: string }; locations?: SarifLocation[] }[];
    }[];
  }[];
}

const PROVIDER = ['service: s', 'provider:', '  name: aws', '  runtime: nodejs20.x', '  environment:'];
const FUNCTIONS = ['functions:', '  a:', '    handler: a.handler', ''];
const HANDLER = 'exports.handler = async () => ({ statusCode: 200 });\n';

describe('secrets written over several lines are masked in frames and snippets', () => {
  it('YAML double-quoted strings continued with a backslash (also with escapes)', async () => {
    const a = stripe('a');
    const b = stripe('b');
    const dir = tmpTree({
      'serverless.yml': [
        ...PROVIDER,
        `    STRIPE_KEY: "${a.slice(0, 16)}\\`,
        `      ${a.slice(16)}"`,
        `    ESCAPED_KEY: "sk_live_\\x${b.charCodeAt(8).toString(16)}${b.slice(9, 16)}\\`,
        `      ${b.slice(16)}"`,
        ...FUNCTIONS,
      ].join('\n'),
      'a.js': HANDLER,
    });
    const runs = await everyFormat(dir);
    expectNoLeak(runs, [a, b]);
    const frames = runs.frames!.stdout;
    expect(frames).toContain('    6 |     STRIPE_KEY: "sk_l************\\\n');
    expect(frames).toContain('    7 |       ************5hJa"\n');
    expect(frames).toContain('    8 |     ESCAPED_KEY: "sk_l***************\\\n');
    expect(frames).toContain('    9 |       ************5hJb"\n');
    const sarif = JSON.parse(runs.sarif!.stdout) as SarifLog;
    const loc = sarif.runs[0]!.results.find((r) => r.ruleId === 'secrets/no-plaintext-env')!.locations[0]!.physicalLocation;
    expect(loc.region.snippet?.text).toBe('"sk_l************\\\n      ************5hJa"');
    expect(loc.contextRegion?.snippet?.text).toBe(
      ['  environment:', '    STRIPE_KEY: "sk_l************\\', '      ************5hJa"', '    ESCAPED_KEY: "sk_l***************\\'].join(
        '\n',
      ),
    );
  });

  it('YAML folded, plain and double-quoted multi-line scalars (a private key)', async () => {
    const pem = (a: number, b: number, indent: string) => [
      `${indent}-----BEGIN RSA PRIVATE KEY-----`,
      `${indent}${PEM_LINES[a]}`,
      `${indent}${PEM_LINES[b]}`,
      `${indent}-----END RSA PRIVATE KEY-----`,
    ];
    const folded = pem(0, 1, '      ');
    const plain = pem(2, 3, '      ');
    const quoted = pem(4, 5, '      ');
    const dir = tmpTree({
      'serverless.yml': [
        ...PROVIDER,
        '    SIGNING_KEY: >-',
        ...folded,
        `    OTHER_KEY: ${plain[0]!.trim()}`,
        ...plain.slice(1),
        `    QUOTED_KEY: "${quoted[0]!.trim()}`,
        ...quoted.slice(1, -1),
        `${quoted[quoted.length - 1]}"`,
        ...FUNCTIONS,
      ].join('\n'),
      'a.js': HANDLER,
    });
    const runs = await everyFormat(dir);
    expectNoLeak(runs, PEM_LINES);
    const json = JSON.parse(runs.json!.stdout) as { diagnostics: { ruleId: string; line: number }[] };
    expect(json.diagnostics.map((d) => `${d.line} ${d.ruleId}`)).toEqual([
      '6 secrets/no-plaintext-env',
      '11 secrets/no-plaintext-env',
      '15 secrets/no-plaintext-env',
    ]);
    // the body lines are shown, every character past the first line's prefix masked
    expect(runs.frames!.stdout).toContain(`    8 |       ${'*'.repeat(64)}\n`);
    expect(runs.frames!.stdout).toContain(`    12 |       ${'*'.repeat(64)}\n`);
    expect(runs.frames!.stdout).toContain(`    16 |       ${'*'.repeat(64)}\n`);
  });

  it('JS strings continued with a backslash and template literals spanning lines', async () => {
    const c = stripe('c');
    const d = stripe('d');
    const dir = tmpTree({
      'serverless.yml': ['service: s', 'provider:', '  name: aws', '  runtime: nodejs20.x', ...FUNCTIONS].join('\n'),
      'a.js': [
        `const k = '${c.slice(0, 16)}\\`,
        `${c.slice(16)}';`,
        `const t = \`${d.slice(0, 16)}\\`,
        `${d.slice(16)}\`;`,
        'const pem = `-----BEGIN RSA PRIVATE KEY-----',
        `    ${PEM_LINES[0]}`,
        `    ${PEM_LINES[1]}`,
        '    -----END RSA PRIVATE KEY-----`;',
        'exports.handler = async () => [k, t, pem];',
        '',
      ].join('\n'),
    });
    const runs = await everyFormat(dir);
    expectNoLeak(runs, [c, d, PEM_LINES[0]!, PEM_LINES[1]!]);
    const frames = runs.frames!.stdout;
    expect(frames).toContain("    1 | const k = 'sk_l************\\\n");
    expect(frames).toContain("    2 | ************5hJc';\n");
    expect(frames).toContain('    3 | const t = `sk_l************\\\n');
    expect(frames).toContain('    4 | ************5hJd`;\n');
    const json = JSON.parse(runs.json!.stdout) as { diagnostics: { ruleId: string; line: number }[] };
    expect(json.diagnostics.map((x) => `${x.line} ${x.ruleId}`)).toEqual([
      '1 secrets/no-hardcoded-secret',
      '3 secrets/no-hardcoded-secret',
      '5 secrets/no-hardcoded-secret',
    ]);
  });

  it('a CloudFormation JSON template writing the key with \\u escapes', async () => {
    const e = stripe('e');
    const escaped = [...e].map((ch, i) => (i >= 8 && i < 20 ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch)).join('');
    const dir = tmpTree({
      'template.json': JSON.stringify(
        {
          AWSTemplateFormatVersion: '2010-09-09',
          Resources: {
            Fn: {
              Type: 'AWS::Lambda::Function',
              Properties: {
                Handler: 'a.handler',
                Runtime: 'nodejs20.x',
                Role: 'arn:aws:iam::123456789012:role/r',
                Environment: { Variables: { STRIPE_KEY: 'PLACEHOLDER' } },
              },
            },
          },
        },
        null,
        2,
      ).replace('PLACEHOLDER', escaped),
      'a.js': HANDLER,
    });
    const runs = await everyFormat(dir);
    expectNoLeak(runs, [e]);
    for (const r of Object.values(runs)) expect(r.stdout).not.toContain(escaped.slice(10, 40));
    // each escape of a masked character is masked whole: 12 escapes of 6 characters and 12 characters
    expect(runs.frames!.stdout).toContain(`    12 |             "STRIPE_KEY": "sk_l${'*'.repeat(84)}5hJe"\n`);
  });
});

describe('files with a syntax error', () => {
  it('have their lines scanned before any frame or snippet, and errors quote nothing', async () => {
    const f = stripe('f');
    const g = stripe('g');
    const h = stripe('h');
    const dir = tmpTree({
      // the yaml library's own message for line 6 is "Block scalar header includes extra characters: |sk_live_…"
      'serverless.yml': [
        ...PROVIDER,
        `    STRIPE_KEY: |${f}`,
        `    AWS_SECRET_ACCESS_KEY: ${AWS_SECRET}`,
        `    OTHER: "${g.slice(0, 16)}\\`,
        `      ${g.slice(16)}"`,
        ...FUNCTIONS,
      ].join('\n'),
      'b/template.json': `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": { "K": "${h}" "x" }\n}\n`,
    });
    const runs = await everyFormat(dir);
    expectNoLeak(runs, [f, g, h, AWS_SECRET]);
    const frames = runs.frames!.stdout;
    expect(frames).toContain('parse-error');
    expect(frames).toContain(`    6 |     STRIPE_KEY: |sk_l************************5hJf\n`);
    expect(frames).toContain(`    3 |   "Resources": { "K": "sk_l************************5hJh" "x" }\n`);
    const sarif = JSON.parse(runs.sarif!.stdout) as SarifLog;
    const notes = sarif.runs[0]!.invocations[0]!.toolExecutionNotifications ?? [];
    expect(notes.length).toBeGreaterThanOrEqual(2);
    for (const n of notes) {
      expect(n.descriptor.id).toBe('parse-error');
      expect(n.message.text).toMatch(/^(YAML|JSON): [A-Za-z ,]+$/);
      expect(n.locations?.[0]?.physicalLocation.region.snippet).toBeDefined();
    }
    const json = JSON.parse(runs.json!.stdout) as { notices: { message: string; file: string; line: number }[] };
    expect(json.notices.find((n) => n.file === 'serverless.yml' && n.line === 6)?.message).toBe('YAML: unexpected text');
  });
});

describe('workflow-command injection', () => {
  const admin = (extra = '') =>
    [
      'service: s',
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      '  iam:',
      '    role:',
      '      statements:',
      '        - Effect: Allow',
      `          Action: "*"${extra}`,
      '          Resource: "*"',
      ...FUNCTIONS,
    ].join('\n');

  it('no line of the text output or of stderr starts with "::" or holds "##["', async () => {
    const dir = tmpTree({
      '::add-mask::error/serverless.yml': admin(),
      '::add-mask::error/a.js': HANDLER,
      '::error file=x.yml::No problems/serverless.yml': admin('  # ##[error]forged'),
      '::error file=x.yml::No problems/a.js': HANDLER,
    });
    const COMMAND = /^(?:\s|\x1b\[[0-9;]*m)*::/;
    for (const args of [[], ['--frames'], ['--frames', '--color'], ['-q']]) {
      const r = await runCli(args, dir, {}, true);
      expect(r.code, args.join(' ')).toBe(1);
      for (const line of (r.stdout + r.stderr).split(/\r\n|\r|\n/)) {
        expect(COMMAND.test(line), JSON.stringify(line)).toBe(false);
        expect(line).not.toContain('##[');
      }
      // both manifests are still linted and named, escaped
      expect(r.stdout).toContain('%3A%3Aadd-mask::error/serverless.yml');
      expect(r.stdout).toContain('%3A%3Aerror file=x.yml::No problems/serverless.yml');
    }
    const frames = (await runCli(['--frames'], dir)).stdout;
    expect(frames).toContain('Action: "*"  # ##%5Berror]forged');
    // JSON and SARIF hold the same strings, written so that no log line can carry "##["
    for (const f of ['json', 'sarif']) {
      const out = (await runCli(['-f', f], dir)).stdout;
      expect(out).not.toContain('##[');
      expect(out.split('\n').some((l) => COMMAND.test(l))).toBe(false);
    }
  });
});

describe('prototype-named keys are plain keys', () => {
  const template = (body: string[]) => ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', ...body, ''].join('\n');

  it('a resource of Type constructor with __proto__ properties gives no bogus finding', async () => {
    const dir = tmpTree({
      'template.yaml': template([
        '  Thing:',
        '    Type: constructor',
        '    Properties:',
        '      __proto__: Xk9mP2vL7qR4wzT8',
        '      constructor: Xk9mP2vL7qR4wzT8',
        '      toString: Xk9mP2vL7qR4wzT8',
        '      hasOwnProperty: {}',
      ]),
    });
    const r = await runCli(['-f', 'json'], dir);
    const out = JSON.parse(r.stdout) as { diagnostics: unknown[]; notices: unknown[] };
    expect(out.diagnostics).toEqual([]);
    expect(out.notices).toEqual([]);
    expect(r.stdout).not.toContain('native code');
    expect(r.code).toBe(0);
  });

  it('verbatim tags are unknown tags: the file is parsed and the value kept', async () => {
    const dir = tmpTree({
      'template.yaml': template([
        '  Pol:',
        '    Type: AWS::IAM::Policy',
        '    Properties:',
        '      PolicyName: !<constructor> p',
        '      Roles: !<toString> [r]',
        '      Tags: !<__proto__> {a: b}',
        '      PolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Action: !<constructor> "s3:*"',
        '            Resource: !<tag:yaml.org,2002:str> arn:aws:s3:::b/*',
      ]),
    });
    const r = await runCli(['-f', 'json'], dir);
    const out = JSON.parse(r.stdout) as { diagnostics: { ruleId: string; line: number; column: number }[]; notices: unknown[] };
    expect(out.notices).toEqual([]);
    expect(out.diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`)).toEqual(['12:36 iam/no-wildcard-action']);
    expect(r.code).toBe(1);
  });

  it('config keys __proto__ and constructor are located config errors', async () => {
    const cases: [string, string, string][] = [
      ['.sls-lint.yml', '__proto__:\n  extends: none\n', '.sls-lint.yml:1:1: unknown key "__proto__" in (root)'],
      ['.sls-lint.yml', 'extends: recommended\nconstructor: 1\n', '.sls-lint.yml:2:1: unknown key "constructor" in (root)'],
      ['.sls-lint.yml', 'rules:\n  __proto__: off\n', '.sls-lint.yml:2:3: unknown rule "__proto__"'],
      [
        '.sls-lint.yml',
        'settings:\n  secrets:\n    __proto__:\n      allow: []\n',
        '.sls-lint.yml:3:5: unknown key "__proto__" in settings.secrets',
      ],
      ['.sls-lint.json', '{"__proto__": {"extends": "none"}}\n', '.sls-lint.json:1:2: unknown key "__proto__" in (root)'],
    ];
    for (const [name, text, error] of cases) {
      const dir = tmpTree({ [name]: text, 'serverless.yml': 'service: s\nprovider:\n  name: aws\n' });
      const r = await runCli([], dir);
      expect(r.code, text).toBe(2);
      expect(r.stderr, text).toBe(`sls-lint: ${error}\n`);
      expect(r.stdout).toBe('');
    }
  });
});

/**
 * Start-up: the heavy dependencies are loaded only when needed. The real launcher runs as a child
 * process with a probe that reports, at exit, which of them Node's module cache holds — the
 * TypeScript parser only once a code file is parsed, recheck only once a config regex is checked.
 * (Which modules load, never how long: speed lives in the bench.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBundle, HANG_GUARD_MS, removeBundle } from '../hostile/spawn.js';

const HEAVY = ['@typescript-eslint/typescript-estree', 'typescript', 'recheck'] as const;
type Heavy = (typeof HEAVY)[number];

let tmp: string;
let probe: string;

beforeAll(async () => {
  await cliBundle();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-lazy-'));
  probe = path.join(tmp, 'probe.mjs');
  fs.writeFileSync(
    probe,
    `import { createRequire } from 'node:module';
const req = createRequire(import.meta.url);
process.on('exit', () => {
  const loaded = Object.keys(req.cache).map((f) => f.split('/node_modules/').pop());
  process.stderr.write('LOADED ' + JSON.stringify(${JSON.stringify(HEAVY)}.filter((p) => loaded.some((f) => f.startsWith(p + '/')))) + '\\n');
});
`,
  );
}, HANG_GUARD_MS);

afterAll(() => {
  removeBundle();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

async function loaded(args: string[], cwd: string): Promise<{ heavy: Heavy[]; code: number | null; stdout: string }> {
  const cli = await cliBundle();
  const r = spawnSync(process.execPath, ['--import', probe, cli, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: HANG_GUARD_MS,
    killSignal: 'SIGKILL',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
  });
  const line = /^LOADED (.*)$/m.exec(r.stderr ?? '');
  expect(line, r.stderr).not.toBeNull();
  return { heavy: JSON.parse(line![1]!) as Heavy[], code: r.status, stdout: r.stdout };
}

const MANIFEST = `service: lazy
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
functions:
  hello:
    handler: src/hello.handler
`;

describe('nothing heavy is loaded until needed', () => {
  it('--version and --help load neither the parser nor recheck', async () => {
    const dir = project('empty', {});
    for (const args of [['--version'], ['--help'], ['-v']]) {
      const r = await loaded(args, dir);
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
      expect(r.heavy).toEqual([]);
    }
  });

  it('an empty directory and a manifest without code load neither', async () => {
    expect((await loaded(['.'], project('nothing', { 'README.md': '# none\n' }))).heavy).toEqual([]);
    const manifestOnly = await loaded(['-f', 'json', '.'], project('manifest-only', { 'serverless.yml': MANIFEST }));
    // the manifest was analysed (the wildcard statement is reported), without the code parser
    expect(manifestOnly.stdout).toContain('iam/');
    expect(manifestOnly.heavy).toEqual([]);
  });

  it('the TypeScript parser is loaded once a handler is parsed', async () => {
    for (const [file, text] of [
      ['src/hello.ts', 'export const handler = async () => ({ statusCode: 200 });\n'],
      ['src/hello.js', 'exports.handler = async () => ({ statusCode: 200 });\n'],
    ] as const) {
      const dir = project(`with-code-${path.extname(file).slice(1)}`, { 'serverless.yml': MANIFEST, [file]: text });
      const r = await loaded(['-f', 'json', '.'], dir);
      expect(r.heavy).toContain('@typescript-eslint/typescript-estree');
      expect(r.heavy).not.toContain('recheck');
    }
  });

  it('recheck is loaded only when the config holds a regex to check', async () => {
    const files = { 'serverless.yml': MANIFEST };
    const plain = await loaded(
      ['.'],
      project('config-plain', { ...files, '.sls-lint.yml': 'rules:\n  iam/no-wildcard-action: warning\n' }),
    );
    expect(plain.heavy).not.toContain('recheck');
    const allow = 'settings:\n  secrets:\n    allow:\n      - pattern: "^AKIA[0-9A-Z]{16}$"\n        reason: test keys\n';
    const withRegex = await loaded(['.'], project('config-regex', { ...files, '.sls-lint.yml': allow }));
    expect(withRegex.heavy).toContain('recheck');
    expect(withRegex.heavy).not.toContain('@typescript-eslint/typescript-estree');
  });
});

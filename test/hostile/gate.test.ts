/**
 * Hostile input, gate bypasses: a file in a pull request must not make the gate skip a manifest
 * quietly, pick up a config from outside the repository, echo a file from outside it, or hang on a
 * read. Every case here either reports the finding or fails the gate (exit 1) with an error notice;
 * files named on the command line that cannot be used are one line and exit 2.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { multitoolPath, runMultitool, validateSarifSchema } from '../helpers/sarif.js';
import { runCli, tmpTree } from '../helpers/tmp.js';
import { removeBundle, spawnCli, spawnShell } from './spawn.js';
import { adminServerless } from '../helpers/manifests.js';

afterAll(removeBundle);

const ADMIN_SLS = adminServerless();

const ADMIN_TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  Role:',
  '    Type: AWS::IAM::Role',
  '    Properties:',
  '      AssumeRolePolicyDocument:',
  '        Statement:',
  '          - Effect: Allow',
  '            Principal: { Service: lambda.amazonaws.com }',
  '            Action: sts:AssumeRole',
  '      Policies:',
  '        - PolicyName: p',
  '          PolicyDocument:',
  '            Statement:',
  '              - Effect: Allow',
  '                Action: "*"',
  '                Resource: "*"',
  '',
].join('\n');

const ONLY = ['--only', 'iam/no-admin-policy', '-f', 'json'];

interface Out {
  diagnostics: { ruleId: string; file: string; line: number }[];
  notices: { id: string; level: string; file?: string; message: string }[];
  configFile?: string;
}

async function json(dir: string, args: string[] = []) {
  const r = await runCli([...ONLY, ...args], dir);
  return { ...r, out: JSON.parse(r.stdout) as Out };
}

const at = (o: Out) => o.diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}`);
const skipped = (o: Out) => o.notices.filter((n) => n.id === 'file-skipped').map((n) => `${n.file ?? '-'} ${n.level}`);

function utf16le(text: string, bom: boolean): Buffer {
  const b = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), b]) : b;
}

describe('names that start with two dots are inside the root', () => {
  it('lints app/..hidden/serverless.yml and ..template.yaml', async () => {
    const dir = tmpTree({
      'app/..hidden/serverless.yml': ADMIN_SLS,
      '..template.yaml': ADMIN_TEMPLATE,
      'x/..a/..b.template.json': JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: {} }),
    });
    const { code, out } = await json(dir);
    expect(code).toBe(1);
    expect(at(out)).toEqual(['..template.yaml:16 iam/no-admin-policy', 'app/..hidden/serverless.yml:9 iam/no-admin-policy']);
    expect(skipped(out)).toEqual([]);
  });

  it('applies ignore files to them like to any other name', async () => {
    const dir = tmpTree({ 'app/..hidden/serverless.yml': ADMIN_SLS, 'app/.gitignore': '..hidden/\n', 'b/..x/serverless.yml': ADMIN_SLS });
    const { out } = await json(dir);
    expect(at(out)).toEqual(['b/..x/serverless.yml:9 iam/no-admin-policy']);
  });

  it('resolves ${file()} and handlers under such names', () => {
    const dir = tmpTree({
      '..svc/serverless.yml': ADMIN_SLS.replace(
        / {6}statements:\n(.|\n)*?functions:/,
        '      statements: ${file(./..iam/policy.yml):statements}\nfunctions:',
      ),
      '..svc/..iam/policy.yml': 'statements:\n  - Effect: Allow\n    Action: "*"\n    Resource: "*"\n',
      '..svc/a.ts': 'export const handler = async () => 1;\n',
    });
    const { result, project } = lint({ cwd: dir, noConfig: true, only: ['iam/no-admin-policy'] });
    expect(result.diagnostics.map((d) => `${d.loc.file}:${d.loc.line}`)).toEqual(['..svc/..iam/policy.yml:3']);
    expect(project.apps[0]!.functions[0]!.entry!.file).toBe('..svc/a.ts');
  });
});

describe('a manifest that cannot be analysed fails the gate', () => {
  it('reads a Latin-1 byte in a comment as Latin-1 and reports the admin policy', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('# r'),
      Buffer.from([0xe9]),
      Buffer.from('sum'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
      Buffer.from(ADMIN_SLS),
    ]);
    const dir = tmpTree({ 'serverless.yml': latin1 });
    const { code, out } = await json(dir);
    expect(code).toBe(1);
    expect(at(out)).toEqual(['serverless.yml:10 iam/no-admin-policy']);
    expect(out.notices.filter((n) => n.id === 'file-decoded')).toEqual([
      expect.objectContaining({
        level: 'note',
        file: 'serverless.yml',
        message: 'serverless.yml: not valid UTF-8: 2 bytes were read as Latin-1 characters, as Node reads the file',
      }),
    ]);
  });

  it('keeps valid UTF-8 around a stray byte intact', () => {
    const bytes = Buffer.concat([Buffer.from('# é \u{1F600} '), Buffer.from([0xff]), Buffer.from('\n' + ADMIN_SLS)]);
    const dir = tmpTree({ 'serverless.yml': bytes });
    const { project } = lint({ cwd: dir, noConfig: true, only: ['iam/no-admin-policy'] });
    expect(project.files.get('serverless.yml')!.lines[0]).toBe('# é \u{1F600} \u00ff');
  });

  it('decodes UTF-16 with a BOM (both byte orders) and without one, and reports the admin policy', async () => {
    const be = Buffer.from(utf16le(ADMIN_SLS, false)).swap16();
    const dir = tmpTree({
      'le-bom/serverless.yml': utf16le(ADMIN_SLS, true),
      'be-bom/serverless.yml': Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
      'le/serverless.yml': utf16le(ADMIN_SLS, false),
      'tpl/template.yaml': utf16le(ADMIN_TEMPLATE, true),
    });
    const { code, out } = await json(dir);
    expect(code).toBe(1);
    expect(at(out)).toEqual([
      'be-bom/serverless.yml:9 iam/no-admin-policy',
      'le-bom/serverless.yml:9 iam/no-admin-policy',
      'le/serverless.yml:9 iam/no-admin-policy',
      'tpl/template.yaml:16 iam/no-admin-policy',
    ]);
    expect(out.notices.filter((n) => n.id === 'file-decoded').map((n) => n.message)).toEqual([
      'be-bom/serverless.yml: read as UTF-16BE',
      'le-bom/serverless.yml: read as UTF-16LE',
      'le/serverless.yml: read as UTF-16LE',
      'tpl/template.yaml: read as UTF-16LE',
    ]);
  });

  it('fails on a NUL byte in a manifest-named file, an error notice for each', async () => {
    const nul = (text: string) => Buffer.from(text.replace('Resource: "*"', 'Resource: "*\u0000"'));
    const dir = tmpTree({
      'a/serverless.yml': nul(ADMIN_SLS),
      'b/template.yaml': nul(ADMIN_TEMPLATE),
      'c/stack.template.json': Buffer.from([0x7b, 0x00, 0x7d]),
    });
    const { code, out } = await json(dir);
    expect(code).toBe(1);
    expect(skipped(out)).toEqual(['a/serverless.yml error', 'b/template.yaml error', 'c/stack.template.json error']);
    expect(out.notices.find((n) => n.file === 'a/serverless.yml')!.message).toBe('a/serverless.yml skipped: binary (contains NUL bytes)');
  });

  it('passes over a binary file that is not named like a manifest, as before', async () => {
    const dir = tmpTree({
      'assets/logo.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]),
      'serverless.yml': ADMIN_SLS.replace('Action: "*"', 'Action: "s3:GetObject"').replace('Resource: "*"', 'Resource: arn:aws:s3:::b/*'),
    });
    const { code, out } = await json(dir);
    expect(code).toBe(0);
    expect(skipped(out)).toEqual([]);
  });

  it('fails on a manifest padded past 5 MB, even when the padding comes first', async () => {
    const pad = `#${'x'.repeat(1023)}\n`.repeat(5 * 1024 + 1);
    const dir = tmpTree({ 'a/serverless.yml': ADMIN_SLS + pad, 'b/template.yaml': pad + ADMIN_TEMPLATE, 'c/serverless.yml': ADMIN_SLS });
    const { code, out } = await json(dir);
    expect(code).toBe(1);
    expect(at(out)).toEqual(['c/serverless.yml:9 iam/no-admin-policy']);
    expect(skipped(out)).toEqual(['a/serverless.yml error', 'b/template.yaml error']);
    expect(out.notices.find((n) => n.file === 'b/template.yaml')!.message).toBe('b/template.yaml skipped: larger than 5 MB');
  });

  it('fails on a document a manifest includes that cannot be read', async () => {
    const dir = tmpTree({
      'serverless.yml': ADMIN_SLS.replace(
        / {6}statements:\n(.|\n)*?functions:/,
        '      statements: ${file(./iam.yml):statements}\nfunctions:',
      ),
      'iam.yml': Buffer.from('statements:\n  - Effect: Allow\n    Action: "*"\u0000\n'),
    });
    const { code, out } = await json(dir);
    expect(code).toBe(1);
    expect(skipped(out)).toEqual(['iam.yml error']);
  });

  it('can be downgraded with --unanalysed or the config, and says so at that level', async () => {
    const dir = tmpTree({ 'serverless.yml': Buffer.from('service: s\u0000\n') });
    expect((await json(dir)).code).toBe(1);
    const warning = await json(dir, ['--unanalysed', 'warning']);
    expect(warning.code).toBe(0);
    expect(skipped(warning.out)).toEqual(['serverless.yml warning']);
    expect((await json(dir, ['--unanalysed', 'warning', '--fail-on', 'warning'])).code).toBe(1);
    fs.writeFileSync(path.join(dir, '.sls-lint.yml'), 'unanalysed: note\n');
    const note = await json(dir);
    expect(note.code).toBe(0);
    expect(skipped(note.out)).toEqual(['serverless.yml note']);
    const bad = await runCli(['--unanalysed', 'ignore'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('sls-lint: --unanalysed expects error, warning (or warn) or note, got "ignore" (see sls-lint --help)\n');
    fs.writeFileSync(path.join(dir, '.sls-lint.yml'), 'unanalysed: off\n');
    expect((await runCli([], dir)).stderr).toBe(
      'sls-lint: .sls-lint.yml:1:13: unanalysed must be one of "error", "warning", "warn", "note"\n',
    );
  });

  it('fails on a manifest that is a link out of the root', async () => {
    const outside = tmpTree({ 'serverless.yml': ADMIN_SLS });
    const dir = tmpTree({ 'ok/serverless.yml': ADMIN_SLS });
    fs.mkdirSync(path.join(dir, 'app'));
    fs.symlinkSync(path.join(outside, 'serverless.yml'), path.join(dir, 'app', 'serverless.yml'));
    fs.symlinkSync(path.join(dir, 'nowhere.yml'), path.join(dir, 'ok', 'template.yaml'));
    const { code, out } = await json(dir);
    expect(code).toBe(1);
    expect(at(out)).toEqual(['ok/serverless.yml:9 iam/no-admin-policy']);
    expect(out.notices.filter((n) => n.id === 'file-skipped').map((n) => `${n.file} ${n.level}: ${n.message}`)).toEqual([
      'app/serverless.yml error: app/serverless.yml skipped: a symbolic link to a file outside the scanned root; not read',
      'ok/template.yaml error: ok/template.yaml skipped: a broken symbolic link',
    ]);
    // named on the command line: found, refused at the read, and still reported
    const named = await json(dir, ['app/serverless.yml']);
    expect(named.code).toBe(1);
    expect(named.out.notices.filter((n) => n.id === 'file-skipped').map((n) => `${n.level}: ${n.message}`)).toEqual([
      'error: app/serverless.yml skipped: outside the scanned root',
    ]);
  });
});

describe('${file()} and handlers resolve the same way whatever the srcroot', () => {
  const tree = () => {
    const root = tmpTree({
      'a/serverless.yml': ADMIN_SLS.replace(
        / {6}statements:\n(.|\n)*?functions:/,
        '      statements: ${file(./iam.yml):statements}\nfunctions:',
      ),
      'a/iam.yml': 'statements:\n  - Effect: Allow\n    Action: "*"\n    Resource: "*"\n',
      'a/a.ts': 'export const handler = async () => 1;\n',
      'b/.keep': '',
    });
    return root;
  };

  it('cd b && sls-lint ../a reads ../a/iam.yml', async () => {
    const root = tree();
    const r = await runCli(ONLY.concat('../a'), path.join(root, 'b'));
    const out = JSON.parse(r.stdout) as Out;
    expect(r.code).toBe(1);
    expect(at(out)).toEqual(['../a/iam.yml:3 iam/no-admin-policy']);
    expect(out.notices.filter((n) => n.id === 'unresolved-variable' || n.id === 'file-skipped')).toEqual([]);
  });

  it('gives the same findings and handler files from the parent', () => {
    const root = tree();
    const fromB = lint({ cwd: path.join(root, 'b'), paths: ['../a'], noConfig: true, only: ['iam/no-admin-policy'] });
    const fromRoot = lint({ cwd: root, paths: ['a'], noConfig: true, only: ['iam/no-admin-policy'] });
    expect(fromB.result.diagnostics.map((d) => d.loc.file)).toEqual(['../a/iam.yml']);
    expect(fromRoot.result.diagnostics.map((d) => d.loc.file)).toEqual(['a/iam.yml']);
    expect(fromB.project.apps[0]!.functions[0]!.entry!.file).toBe('../a/a.ts');
    expect(fromRoot.project.apps[0]!.functions[0]!.entry!.file).toBe('a/a.ts');
  });

  it('still refuses a ${file()} that leaves the scanned directory', async () => {
    const root = tree();
    fs.writeFileSync(
      path.join(root, 'a', 'serverless.yml'),
      ADMIN_SLS.replace(/ {6}statements:\n(.|\n)*?functions:/, '      statements: ${file(../b/iam.yml):statements}\nfunctions:'),
    );
    fs.writeFileSync(path.join(root, 'b', 'iam.yml'), 'statements:\n  - Effect: Allow\n    Action: "*"\n    Resource: "*"\n');
    const r = await runCli(ONLY.concat('../a'), path.join(root, 'b'));
    const out = JSON.parse(r.stdout) as Out;
    expect(at(out)).toEqual([]);
    expect(out.notices.map((n) => n.message)).toContain('${file(../b/iam.yml)} is outside the scanned root and is not read');
  });
});

describe('config comes from the repository only, and the output names it', () => {
  const APP = { 'serverless.yml': ADMIN_SLS };

  it('without .git, a parent .sls-lint.yml is not used', async () => {
    const parent = tmpTree({ '.sls-lint.yml': 'extends: none\n', 'app/serverless.yml': ADMIN_SLS });
    const app = path.join(parent, 'app');
    const r = await runCli([], app);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/iam\/no-admin-policy/);
    expect(r.stdout).not.toMatch(/\(config /);
    const j = JSON.parse((await runCli(['-f', 'json'], app)).stdout) as Out;
    expect(j.configFile).toBeUndefined();
  });

  it('with .git above, the config at the repository root applies and is named in text, JSON and SARIF', async () => {
    const repo = tmpTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.sls-lint.yml': 'extends: none\n',
      'app/serverless.yml': ADMIN_SLS,
      'app/a.ts': 'export const handler = async () => 1;\n',
    });
    const app = path.join(repo, 'app');
    const text = await runCli([], app);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      '✔ No problems found (config ../.sls-lint.yml)\n  analysed 1 manifest, 1 function (1 with handler code), 1 code file\n',
    );
    expect((JSON.parse((await runCli(['-f', 'json'], app)).stdout) as Out).configFile).toBe('../.sls-lint.yml');
    const inRoot = await runCli(['-f', 'sarif'], repo);
    const run = JSON.parse(inRoot.stdout).runs[0];
    expect(run.invocations[0].properties).toEqual({ configFile: '.sls-lint.yml' });
    expect(run.artifacts).toEqual([{ location: { uri: '.sls-lint.yml', uriBaseId: '%SRCROOT%' }, roles: ['userSpecifiedConfiguration'] }]);
  });

  it('keeps the SARIF with the config named valid for the schema and the GitHub rules', async () => {
    const repo = tmpTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.sls-lint.yml': 'rules:\n  iam/no-wildcard-action: warning\n',
      'serverless.yml': ADMIN_SLS,
      'a.ts': 'export const handler = async () => 1;\n',
    });
    const r = await runCli(['-f', 'sarif', '-o', 'out.sarif'], repo);
    expect(r.code).toBe(1);
    const file = path.join(repo, 'out.sarif');
    expect(validateSarifSchema(JSON.parse(fs.readFileSync(file, 'utf8')))).toEqual([]);
    if (multitoolPath()) expect(runMultitool(file)).toEqual({ errors: [], warnings: [], notes: [] });
  });

  it('does not search above .git either', async () => {
    const outer = tmpTree({ '.sls-lint.yml': 'extends: none\n', 'repo/.git': 'gitdir: /elsewhere\n', 'repo/serverless.yml': ADMIN_SLS });
    const r = await runCli([], path.join(outer, 'repo'));
    expect(r.code).toBe(1);
  });

  it('refuses a config that is a link to a file outside the repository, without showing it', async () => {
    const secret = tmpTree({ 'passwd.yml': 'topsecretvalue42: root:x:0:0\n' });
    const dir = tmpTree(APP);
    fs.symlinkSync(path.join(secret, 'passwd.yml'), path.join(dir, '.sls-lint.yml'));
    for (const args of [[], ['--config', '.sls-lint.yml'], ['--print-config']]) {
      const r = await runCli(args, dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('sls-lint: cannot read config .sls-lint.yml: resolves outside the repository; not read\n');
      expect(r.stdout + r.stderr).not.toMatch(/topsecretvalue42|root:x/);
    }
  });

  it('refuses a baseline that is a link out of the repository, and never echoes a non-JSON baseline', async () => {
    const secret = tmpTree({ 'b.json': 'topsecretvalue42\n' });
    const dir = tmpTree(APP);
    fs.symlinkSync(path.join(secret, 'b.json'), path.join(dir, 'baseline.json'));
    const link = await runCli(['--baseline', 'baseline.json'], dir);
    expect(link.code).toBe(2);
    expect(link.stderr).toBe(
      'sls-lint: cannot read baseline baseline.json: resolves outside the repository; not read (see sls-lint --help)\n',
    );
    fs.writeFileSync(path.join(dir, 'notjson.txt'), 'topsecretvalue42 and more\n');
    const bad = await runCli(['--baseline', 'notjson.txt'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('sls-lint: cannot read baseline notjson.txt: not valid JSON (see sls-lint --help)\n');
    // a baseline named outside the repository (an artifact downloaded to a temp dir) is read as given, never echoed
    const named = await runCli(['--baseline', path.join(secret, 'b.json')], dir);
    expect(named.code).toBe(2);
    expect(named.stdout + named.stderr).not.toMatch(/topsecretvalue42/);
  });
});

describe('only regular files are read, and nothing blocks', () => {
  const mkfifo = (p: string) => {
    const r = spawnSync('mkfifo', [p]);
    expect(r.status, String(r.stderr)).toBe(0);
  };

  it('a config that is a FIFO or a link to /dev/zero is one line and exit 2', async () => {
    const dir = tmpTree({ 'serverless.yml': ADMIN_SLS });
    mkfifo(path.join(dir, '.sls-lint.yml'));
    const fifo = await spawnCli([], dir);
    expect(fifo.timedOut).toBe(false);
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toBe('sls-lint: cannot read config .sls-lint.yml: not a regular file (a FIFO)\n');
    fs.rmSync(path.join(dir, '.sls-lint.yml'));
    fs.symlinkSync('/dev/zero', path.join(dir, '.sls-lint.yml'));
    const zero = await spawnCli([], dir);
    expect(zero.timedOut).toBe(false);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toBe('sls-lint: cannot read config .sls-lint.yml: resolves outside the repository; not read\n');
    const explicit = await spawnCli(['--config', '/dev/zero'], dir);
    expect(explicit.code).toBe(2);
    expect(explicit.stderr).toBe(
      'sls-lint: cannot read config ../../../dev/zero: not a regular file (a character device)\n'.replace(
        '../../../dev/zero',
        path.relative(dir, '/dev/zero'),
      ),
    );
  });

  it('--baseline /dev/zero or a FIFO is one line and exit 2', async () => {
    const dir = tmpTree({ 'serverless.yml': ADMIN_SLS });
    mkfifo(path.join(dir, 'baseline.json'));
    for (const [arg, kind] of [
      ['/dev/zero', 'a character device'],
      ['baseline.json', 'a FIFO'],
    ] as const) {
      const r = await spawnCli(['--baseline', arg], dir);
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`sls-lint: cannot read baseline ${arg}: not a regular file (${kind}) (see sls-lint --help)\n`);
    }
  });

  it('a FIFO or device in the tree or on the command line is never opened', async () => {
    const dir = tmpTree({ 'ok/serverless.yml': ADMIN_SLS });
    fs.mkdirSync(path.join(dir, 'app'));
    mkfifo(path.join(dir, 'app', 'serverless.yml'));
    mkfifo(path.join(dir, 'app', 'other.yml'));
    mkfifo(path.join(dir, 'app', '.gitignore'));
    mkfifo(path.join(dir, 'app', '.env'));
    mkfifo(path.join(dir, 'named.yml'));
    const r = await spawnCli([...ONLY, '.', 'named.yml'], dir);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Out;
    expect(at(out)).toEqual(['ok/serverless.yml:9 iam/no-admin-policy']);
    expect(out.notices.filter((n) => n.id === 'file-skipped').map((n) => `${n.level}: ${n.message}`)).toEqual([
      'error: app/serverless.yml skipped: not a regular file',
      'error: named.yml is not a regular file (a FIFO); not read',
    ]);
  });

  it('a template that is a link to /dev/zero is never read, and fails the gate', async () => {
    const dir = tmpTree({});
    fs.symlinkSync('/dev/zero', path.join(dir, 'template.yaml'));
    const r = await spawnCli(['-f', 'json', '.'], dir);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(skipped(JSON.parse(r.stdout) as Out)).toEqual(['template.yaml error']);
  });
});

describe('write errors are one line and exit 2', () => {
  it('a --write-baseline path that cannot be written', async () => {
    const dir = tmpTree({ 'serverless.yml': ADMIN_SLS });
    const r = await runCli(['--write-baseline', 'no/such/dir/b.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sls-lint: cannot write baseline no/such/dir/b.json: ENOENT (no such file or directory)\n');
    fs.mkdirSync(path.join(dir, 'adir'));
    const d = await runCli(['--write-baseline', 'adir'], dir);
    expect(d.code).toBe(2);
    expect(d.stderr).toBe('sls-lint: cannot write baseline adir: EISDIR (illegal operation on a directory)\n');
  });

  it.skipIf(!fs.existsSync('/dev/full'))('stdout to a full disk, and --write-baseline /dev/full', async () => {
    const dir = tmpTree({ 'serverless.yml': ADMIN_SLS });
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const r = await spawnCli([], dir, { stdoutFd: fd });
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('sls-lint: cannot write the report to stdout: ENOSPC (no space left on device)\n');
    } finally {
      fs.closeSync(fd);
    }
    const b = await spawnCli(['--write-baseline', '/dev/full'], dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe('sls-lint: cannot write baseline /dev/full: ENOSPC (no space left on device)\n');
  });

  it('a closed pipe stays quiet and keeps the exit code of the run', async () => {
    const dir = tmpTree({ 'serverless.yml': ADMIN_SLS });
    // SARIF with every rule's help is far larger than a pipe buffer: the write meets the closed pipe
    const r = await spawnShell('"$NODE" "$CLI_JS" -f sarif | true; echo "exit ${PIPESTATUS[0]}"', dir);
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toBe('exit 1\n');
    expect(r.stderr).toBe('');
  });
});

describe('the sandboxed read', () => {
  it('caps what it reads from a file that is larger than it says', async () => {
    const { readRegularFile } = await import('../../src/load/safe-read.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-read-'));
    const f = path.join(dir, 'f');
    fs.writeFileSync(f, 'x'.repeat(100));
    expect(readRegularFile(f, { maxBytes: 99 })).toEqual({ ok: false, reason: 'too-big', detail: 'larger than 99 bytes' });
    const ok = readRegularFile(f, { maxBytes: 100 });
    expect(ok.ok && ok.bytes.length).toBe(100);
    const head = readRegularFile(f, { maxBytes: 10, head: true });
    expect(head.ok && head.bytes.toString()).toBe('x'.repeat(10));
    expect(readRegularFile(path.join(dir, 'missing'), { maxBytes: 10 })).toEqual({ ok: false, reason: 'not-found', detail: 'not found' });
    expect(readRegularFile(f, { maxBytes: 100, roots: [path.join(dir, 'sub')] })).toEqual({
      ok: false,
      reason: 'outside',
      detail: 'outside the scanned root',
    });
    expect(readRegularFile(dir, { maxBytes: 100 })).toEqual({
      ok: false,
      reason: 'not-regular',
      detail: 'not a regular file (a directory)',
    });
  });

  it('reads the same through the folders real-path memo as without it, across links', async () => {
    const { readRegularFile } = await import('../../src/load/safe-read.js');
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-memo-')));
    const root = path.join(base, 'root');
    fs.mkdirSync(path.join(root, 'real'), { recursive: true });
    fs.mkdirSync(path.join(base, 'out'));
    fs.writeFileSync(path.join(root, 'real', 'a.ts'), 'a');
    fs.writeFileSync(path.join(base, 'out', 'secret'), 's');
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'linked')); // a folder link inside the root
    fs.symlinkSync(path.join(base, 'out'), path.join(root, 'escape')); // a folder link out of it
    fs.symlinkSync(path.join(root, 'real', 'a.ts'), path.join(root, 'real', 'b.ts')); // a file link inside
    fs.symlinkSync(path.join(base, 'out', 'secret'), path.join(root, 'real', 'c.ts')); // a file link out
    fs.symlinkSync(path.join(root, 'real', 'gone'), path.join(root, 'real', 'd.ts')); // dangling
    expect(spawnSync('mkfifo', [path.join(root, 'real', 'fifo')]).status).toBe(0);
    const names = [
      'real/a.ts',
      'linked/a.ts',
      'linked/b.ts',
      'real/b.ts',
      'real/c.ts',
      'real/d.ts',
      'escape/secret',
      'real/missing',
      'missing/x',
      'real/a.ts/x',
      'real',
      'real/fifo',
    ];
    const realDirs = new Map<string, string>();
    for (const name of [...names, ...names]) {
      const abs = path.join(root, name);
      const plain = readRegularFile(abs, { maxBytes: 100, roots: [root] });
      const memo = readRegularFile(abs, { maxBytes: 100, roots: [root], realDirs });
      expect(memo, name).toEqual(plain);
    }
    const outcome = (name: string) => {
      const r = readRegularFile(path.join(root, name), { maxBytes: 100, roots: [root], realDirs });
      return r.ok ? `ok ${path.relative(root, r.real)}` : r.reason;
    };
    expect(names.map(outcome)).toEqual([
      'ok real/a.ts',
      'ok real/a.ts',
      'ok real/a.ts',
      'ok real/a.ts',
      'outside',
      'not-found',
      'outside',
      'not-found',
      'not-found',
      'not-found',
      'not-regular',
      'not-regular',
    ]);
  });
});

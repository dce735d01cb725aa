/**
 * The pre-commit hook definition and the README's pre-commit examples agree: the hook runs the
 * package's bin over the whole repository, on commits that touch a file sls-lint reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Hook {
  id: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
  files?: string;
}

const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** the YAML blocks of the README's "pre-commit" section */
const examples = [
  ...readme
    .split(/^## pre-commit\n/m)[1]!
    .split(/^## /m)[0]!
    .matchAll(/^```yaml\n([\s\S]*?)^```/gm),
].map((m) => parse(m[1]!) as { repos: { repo: string; rev?: string; hooks: Hook[] }[] });

describe('.pre-commit-hooks.yaml', () => {
  it('defines a node hook running the package bin once per commit, and one given the changed files', () => {
    const bin = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin as object);
    expect(hooks.map((h) => [h.id, h.entry, h.language, h.pass_filenames])).toEqual([
      ['sls-lint', bin[0], 'node', false],
      ['sls-lint-changed', bin[0], 'node', true],
    ]);
    // files passed by name: no ignore files (they change what a whole-repository run reads, not a file)
    const changed = new RegExp(hooks[1]!.files!);
    expect(['serverless.yml', 'src/handler.ts', '.env'].filter((f) => !changed.test(f))).toEqual([]);
    expect(['.gitignore', 'README.md'].filter((f) => changed.test(f))).toEqual([]);
  });

  it('runs on manifests, templates, handler code, .env and ignore files only', () => {
    const files = new RegExp(hooks[0]!.files!);
    const runs = [
      'serverless.yml',
      'services/api/serverless.yaml',
      'template.json',
      'infra/stack.template.yaml',
      '.sls-lint.yml',
      'src/handler.ts',
      'src/handler.mjs',
      'src/handler.cjs',
      'src/view.tsx',
      'lambda/index.js',
      '.env',
      'app/.env.production',
      '.gitignore',
      'sub/.slslintignore',
    ];
    const skips = ['README.md', 'docs/diagram.png', 'Dockerfile', 'src/.environment', 'notes.txt', 'yarn.lock'];
    expect(runs.filter((f) => !files.test(f))).toEqual([]);
    expect(skips.filter((f) => files.test(f))).toEqual([]);
  });
});

describe('README pre-commit examples', () => {
  it('use the hook of this repository, with a rev that is clearly a placeholder', () => {
    expect(examples).toHaveLength(2);
    const remote = examples[0]!.repos[0]!;
    expect(remote.repo).toBe('https://github.com/sls-lint/sls-lint');
    expect(remote.rev).toBe('REPLACE-WITH-A-COMMIT-OR-TAG');
    expect(remote.hooks.map((h) => h.id)).toEqual([hooks[0]!.id]);
  });

  it('give the local hook the same files and pass_filenames as the hook repository', () => {
    const local = examples[1]!.repos[0]!;
    expect(local.repo).toBe('local');
    const [h] = local.hooks;
    expect([h!.id, h!.entry, h!.language, h!.pass_filenames, h!.files]).toEqual([
      hooks[0]!.id,
      'node_modules/.bin/sls-lint',
      'system',
      hooks[0]!.pass_filenames,
      hooks[0]!.files,
    ]);
  });
});

/**
 * What the mutation fuzzer (fuzz.test.ts) found, each pinned at its cause: the input class, the
 * located notice the run now gives, and the rest of the run going on.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { adminServerless } from '../helpers/manifests.js';
import { runCli, tmpTree } from '../helpers/tmp.js';

const ONLY = ['iam/no-admin-policy'];
const at = (r: ReturnType<typeof lint>) => r.result.diagnostics.map((d) => `${d.loc.file}:${d.loc.line} ${d.ruleId}`);

describe('ignore files', () => {
  it('a pattern too long to compile is left out with a located warning; the other patterns apply', () => {
    const dir = tmpTree({
      '.gitignore': `ignored/\n${'y'.repeat(100_000)}\nalso-ignored/\n`,
      'ignored/serverless.yml': adminServerless('a'),
      'also-ignored/serverless.yml': adminServerless('b'),
      'kept/serverless.yml': adminServerless('c'),
    });
    const r = lint({ cwd: dir, noConfig: true, only: ONLY });
    expect(at(r)).toEqual(['kept/serverless.yml:9 iam/no-admin-policy']);
    expect(
      r.result.notices.filter((n) => n.id !== 'unresolved-handler').map((n) => [n.id, n.level, n.loc?.file, n.loc?.line, n.message]),
    ).toEqual([
      [
        'parse-error',
        'warning',
        '.gitignore',
        2,
        '.gitignore: a pattern of 100000 characters cannot be applied (Regular expression too large); it is left out',
      ],
    ]);
  });
});

describe('config globs', () => {
  it('a glob longer than any path is a located config error, not an internal error with a stack', async () => {
    // picomatch throws on one over 65,536 characters; the run ended as "internal error" before
    const dir = tmpTree({
      '.git/HEAD': '',
      '.sls-lint.yml': `ignore:\n  - legacy/**\n  - "${'y'.repeat(100_000)}"\n`,
      'serverless.yml': adminServerless(),
    });
    const r = await runCli(['-f', 'json'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'sls-lint: .sls-lint.yml:3:5: ignore[1] is refused: a glob of 100000 characters (at most 4096; no path is longer)\n',
    );
    // at the limit it is a glob like any other
    const ok = tmpTree({ '.git/HEAD': '', '.sls-lint.yml': `ignore:\n  - "${'y'.repeat(4096)}"\n`, 'serverless.yml': adminServerless() });
    expect((await runCli(['-f', 'json'], ok)).code).toBe(1);
  });

  it('a rule option glob longer than any path is refused by the option schema, located', async () => {
    const dir = tmpTree({
      '.git/HEAD': '',
      '.sls-lint.yml': `rules:\n  iam/no-unauthenticated-http: [error, { publicPaths: ["${'p'.repeat(70_000)}"] }]\n`,
      'serverless.yml': adminServerless(),
    });
    const r = await runCli(['-f', 'json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'sls-lint: .sls-lint.yml:2:3: invalid options for iam/no-unauthenticated-http: publicPaths.0 must NOT have more than 4096 characters\n',
    );
  });
});

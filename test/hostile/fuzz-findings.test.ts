/**
 * What the mutation fuzzer (fuzz.test.ts) found, each pinned at its cause: the input class, the
 * located notice the run now gives, and the rest of the run going on.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { adminServerless } from '../helpers/manifests.js';
import { tmpTree } from '../helpers/tmp.js';

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

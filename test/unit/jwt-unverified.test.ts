// The messages of input/jwt-unverified name where the token comes from when the code shows it.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/input/jwt-unverified/index.js';
import { lintCase, ROOT } from '../helpers/fixtures.js';

const base = path.join(ROOT, 'rules/input/jwt-unverified/fixtures');

function messages(kase: string): string[] {
  return lintCase(rule, path.join(base, kase), base)
    .diagnostics.filter((d) => d.ruleId === rule.meta.id)
    .map((d) => `${d.loc.file}:${d.loc.line} ${d.message}`)
    .sort();
}

describe('input/jwt-unverified messages', () => {
  it('names the event path of a token read from the event, else "A token"', () => {
    const m = messages('serverless-esm');
    expect(m[0]).toMatch(/^serverless-esm\/src\/admin\.mjs:5 The token from `event\.headers\.authorization` is decoded with `jwt-decode`/);
    expect(m[1]).toMatch(
      /^serverless-esm\/src\/admin\.mjs:6 The token from `event\.headers\['x-id-token'\]` is decoded with `split\('\.'\) and base64`/,
    );
    expect(m[4]).toMatch(
      /^serverless-esm\/src\/profile\.mjs:5 The token from `event\.headers\.authorization` is decoded with `jsonwebtoken decode`.*use `verify` with the issuer's key/,
    );
    const ts = messages('sam-typescript');
    expect(ts).toEqual([
      expect.stringMatching(/^sam-typescript\/src\/lib\/auth\.ts:4 A token is decoded with `jsonwebtoken decode`/),
      expect.stringMatching(/^sam-typescript\/src\/lib\/session\.ts:4 A token is decoded with `split\('\.'\) and base64`/),
    ]);
  });
});

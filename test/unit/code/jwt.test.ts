// JWT decode and verify calls are a fact of the one walk over a file: which library, which token,
// where it comes from, and what a verify call accepts.
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/code/parse.js';

function facts(path: string, text: string) {
  const r = parseSource(path, text);
  if (!('file' in r)) throw new Error(r.error.message);
  const j = r.file.jwt;
  return {
    decodes: (j?.decodes ?? []).map((d) => [d.kind, d.loc.line, d.token, d.used, d.source ?? '-']),
    verifies: (j?.verifies ?? []).map((v) => [
      v.kind,
      v.loc.line,
      v.token,
      v.none ? `none@${v.none.column}` : v.noAlgorithms ? 'no-algs' : '-',
    ]),
  };
}

describe('jwt facts', () => {
  it('binds jsonwebtoken and jwt-decode however they are imported', () => {
    const esm =
      "import jwt from 'jsonwebtoken';\nimport * as j from 'jsonwebtoken';\nimport { decode as d } from 'jsonwebtoken';\nconst a = jwt.decode(t);\nconst b = j.decode(t);\nconst c = d(t);\n";
    expect(facts('a.mjs', esm).decodes.map((x) => x[1])).toEqual([4, 5, 6]);
    const cjs =
      "const jwtDecode = require('jwt-decode');\nconst { jwtDecode: jd } = require('jwt-decode');\nconst a = jwtDecode(t);\nconst b = jd(t);\n";
    expect(facts('a.js', cjs).decodes.map((x) => [x[0], x[1]])).toEqual([
      ['jwt-decode', 3],
      ['jwt-decode', 4],
    ]);
    const ts = "import jwt = require('jsonwebtoken');\nconst { decode } = jwt;\nconst a = jwt.decode(t);\nconst b = decode(t);\n";
    expect(facts('a.ts', ts).decodes.map((x) => x[1])).toEqual([3, 4]);
    // a `decode` of another library is not a JWT decode
    expect(facts('a.mjs', "import { decode } from 'he';\nconst a = decode(t);\n").decodes).toEqual([]);
  });

  it('names the event path a token is read from, through one variable', () => {
    const text =
      "import jwt from 'jsonwebtoken';\nexport const handler = async (event) => {\n  const token = event.headers.authorization?.split(' ')[1];\n  return jwt.decode(token).sub;\n};\n";
    expect(facts('a.mjs', text).decodes).toEqual([['jsonwebtoken', 4, 'token', true, 'event.headers.authorization']]);
    expect(facts('a.mjs', "import jwt from 'jsonwebtoken';\njwt.decode(x);\n").decodes).toEqual([['jsonwebtoken', 2, 'x', false, '-']]);
  });

  it('finds a hand-written decode of the payload part, inline or held in a variable', () => {
    const text = [
      "const a = JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString());",
      "const [, body] = u.split('.');",
      'const b = JSON.parse(atob(body));',
      "const c = Buffer.from(v.split('.')[1], 'hex');",
      "const d = t.split('.')[0];",
      '',
    ].join('\n');
    expect(facts('a.js', text).decodes).toEqual([
      ['base64', 1, 't', true, '-'],
      ['base64', 3, 'u', true, '-'],
    ]);
  });

  it("records 'none' among the algorithms and a shared secret without algorithms", () => {
    const text = [
      "const jwt = require('jsonwebtoken');",
      "jwt.verify(t, key, { algorithms: ['RS256', 'none'] });",
      'jwt.verify(t, process.env.SECRET);',
      "jwt.verify(t, 'literal', (err, c) => c);",
      "jwt.verify(t, process.env.SECRET, { algorithms: ['HS256'] });",
      'jwt.verify(t, process.env.SECRET, opts);',
      'jwt.verify(t, publicKey);',
      '',
    ].join('\n');
    expect(facts('a.js', text).verifies.map((v) => [v[1], v[3]])).toEqual([
      [2, 'none@44'],
      [3, 'no-algs'],
      [4, 'no-algs'],
      [5, '-'],
      [6, '-'],
      [7, '-'],
    ]);
  });

  it('counts jose and aws-jwt-verify verifiers', () => {
    const text =
      "import { CognitoJwtVerifier } from 'aws-jwt-verify';\nimport { jwtVerify } from 'jose';\nconst v = CognitoJwtVerifier.create({});\nawait v.verify(a);\nawait jwtVerify(b, k);\n";
    expect(facts('a.mjs', text).verifies.map((v) => [v[0], v[2]])).toEqual([
      ['aws-jwt-verify', 'a'],
      ['jose', 'b'],
    ]);
  });
});

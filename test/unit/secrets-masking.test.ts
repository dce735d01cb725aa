import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskSecret } from '../../src/knowledge/secrets/index.js';
import { maskedForMessage } from '../../rules/_shared/secrets.js';
import { ROOT } from '../helpers/fixtures.js';
import { runCli } from '../helpers/tmp.js';

/**
 * A secret found is never printed whole, in any format: the secrets-app is linted through the CLI in
 * every output format (text with code frames, JSON, SARIF with snippets, GitHub annotations) and with
 * --write-baseline, and no output may hold any raw secret of the app — whole, as the secret inside
 * its value, or any line of a multi-line one. The values are the app's synthetic test credentials,
 * listed here with where they are written; the test checks the list against the files and the
 * findings, so it cannot go stale.
 */

const APP = path.join(ROOT, 'test', 'projects', 'secrets-app');

interface Planted {
  file: string;
  line: number;
  rule: string;
  /** the value as the program sees it */
  value: string;
  /** the secret within the value, when it is only part of it */
  secret?: string;
}

const PEM = `-----BEGIN RSA PRIVATE KEY-----
qUdKI5bFOMAvJ7PDoA1nWIefU159ufsd9osxJx1LAoTILZit/W++KktBPkIFXA40
Xhx3ggaVmXn0mT6udg60aX5ooOMIvslyta2o67V4kh01DvQL4Rpx30ZA2rOy+8xU
InleJS/dp61ZUklZocl2dkKykXe3J9rUHeWskQjsimkdnWJIaO45ffyhwacl1lPz
M3X4xH+rFhkqbdAogrNQ/pDA0YIoV8tFb42FTlXl8UR0oODnuvzrHxNwEyIqIkDP
9mfqu9KlR5o77C51dJQFkzHedF5bjMF9JGqijm3XwXk0BlW2sgea4P88dXFl2ero
agPgjphxZ9WPXmHnBvmXRgkaT3Fdhvw3JFvfY4GPuTwDtNJvAYSsHOThvUrl20OE
tvfToRnGR8acnoVSHtRV==
-----END RSA PRIVATE KEY-----`;

const PLANTED: Planted[] = [
  { file: 'infra/cache.yaml', line: 21, rule: 'secrets/no-template-secret', value: 'XTPyLsxPFkThf4VucSmEHgaKwVJ7faC9qEwjky40' },
  { file: 'services/api/.env.production', line: 6, rule: 'secrets/no-dotenv-secret', value: 'HAytJ18hkFjCvsBxznRsx3wLQXpeoFdkcXl6MIVj' },
  {
    file: 'services/api/.env.production',
    line: 7,
    rule: 'secrets/no-dotenv-secret',
    value: 'postgres://shop:c8Hn2QxT5mWz9RkLp4Jd@shop-db.cluster-c9x2.eu-west-1.rds.amazonaws.com:5432/shop',
    secret: 'c8Hn2QxT5mWz9RkLp4Jd',
  },
  { file: 'services/api/.env.production', line: 10, rule: 'secrets/no-dotenv-secret', value: PEM },
  { file: 'services/api/serverless.yml', line: 12, rule: 'secrets/no-template-secret', value: 'YVn2fz2IbHslxuvgeKYINbfJ5hMlGXThoGJrgarb' },
  { file: 'services/api/serverless.yml', line: 16, rule: 'secrets/no-plaintext-env', value: 'sk_live_b2gmnIE22CJLzpaFMmwRjoDGirhTj37S' },
  {
    file: 'services/api/serverless.yml',
    line: 19,
    rule: 'secrets/no-template-secret',
    value: 'https://hooks.slack.com/services/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',
  },
  {
    file: 'services/api/serverless.yml',
    line: 40,
    rule: 'secrets/no-plaintext-env',
    value: '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',
  },
  { file: 'services/api/serverless.yml', line: 74, rule: 'secrets/no-plaintext-env', value: 'U0qTUuAPYEnNe4gyz3wvmW33kmsdO1i8kZ4uwuaK' },
  {
    file: 'services/api/src/handlers/create-order.ts',
    line: 9,
    rule: 'secrets/no-hardcoded-secret',
    value: 'TVDZ3CVC5guBRiNB91BDcXxVKclIMtlQEz3HsSG8',
  },
  {
    file: 'services/api/src/lib/payments.ts',
    line: 4,
    rule: 'secrets/no-hardcoded-secret',
    value: 'sk_live_afCPgSgS2aFTwrF1JUxYqGO1ZZSXRBlO',
  },
  {
    file: 'services/api/src/lib/shipping.ts',
    line: 8,
    rule: 'secrets/no-hardcoded-secret',
    value: 'Bearer U8JZpDE0iGXlD6gNCFbaEPFjbD0kH8Oool8DklZD',
    secret: 'U8JZpDE0iGXlD6gNCFbaEPFjbD0kH8Oool8DklZD',
  },
  {
    file: 'services/reports/src/config.js',
    line: 12,
    rule: 'secrets/no-hardcoded-secret',
    value: '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',
  },
  { file: 'services/reports/template.yaml', line: 13, rule: 'secrets/no-template-secret', value: 'Gm5!xR8#Lq2@Zt7w' },
  { file: 'services/reports/template.yaml', line: 16, rule: 'secrets/no-plaintext-env', value: 'OCj2ISaJiHkTj0rLGlkoMXGjtEkDnNfribxUdl7d' },
  { file: 'services/reports/template.yaml', line: 30, rule: 'secrets/no-plaintext-env', value: 'f16947ccf25ec84d8dbc74254770f589' },
  { file: 'services/reports/template.yaml', line: 69, rule: 'secrets/no-template-secret', value: 'Kd3$Wn9&Hs6!Pv2y' },
  { file: 'services/exports/serverless.yml', line: 10, rule: 'secrets/no-plaintext-env', value: 'AKIAIOSFODNN7EXAMPLE' },
  {
    file: 'services/exports/serverless.yml',
    line: 11,
    rule: 'secrets/no-plaintext-env',
    value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
  { file: 'services/exports/serverless.yml', line: 12, rule: 'secrets/no-plaintext-env', value: 'Wint3rIsC0ming' },
  { file: 'services/exports/serverless.yml', line: 34, rule: 'secrets/no-template-secret', value: 'Rq7#vN3mKx9!Lp2w' },
  { file: 'services/exports/exports/handler.py', line: 8, rule: 'secrets/no-hardcoded-secret', value: 'Tq4Zp8Wm2Rx6Kv9Nb3Ls7Hd' },
];

/**
 * Names, paths and the words around a secret are never masked: the variable and property names of the
 * findings and the script text around a secret found inside it, in every output.
 */
const NEVER_MASKED = ['"AWS_SECRET_ACCESS_KEY"', '"FTP_PW"', '"MasterUserPassword"', '"UserData"'];

const secretOf = (p: Planted) => p.secret ?? p.value;

/** Every text that must not appear in any output: values, secrets, and each line of a multi-line secret. */
const FORBIDDEN: string[] = [
  ...new Set(
    PLANTED.flatMap((p) => [p.value, secretOf(p), ...p.value.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'))]),
  ),
];

function leaks(output: string): string[] {
  return FORBIDDEN.filter((s) => output.includes(s)).map((s) => maskSecret(s));
}

interface JsonDiagnostic {
  ruleId: string;
  message: string;
  file: string;
  line: number;
  severity: string;
}

const outputs: Record<string, string> = {};
let json: { diagnostics: JsonDiagnostic[] };
let sarif: {
  runs: {
    results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { region: { snippet?: { text: string } } } }[] }[];
  }[];
};

beforeAll(async () => {
  const text = await runCli(['--frames', '.'], APP);
  const jsonRun = await runCli(['-f', 'json', '.'], APP);
  const sarifRun = await runCli(['-f', 'sarif', '.'], APP);
  const github = await runCli(['-f', 'github', '.'], APP);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-baseline-'));
  const baselineFile = path.join(out, 'baseline.json');
  const baseline = await runCli(['--write-baseline', baselineFile, '.'], APP);
  for (const r of [text, jsonRun, sarifRun, github]) expect(r.code, r.stderr).toBe(1);
  expect(baseline.code, baseline.stderr).toBe(0);
  Object.assign(outputs, {
    text: text.stdout + text.stderr,
    json: jsonRun.stdout + jsonRun.stderr,
    sarif: sarifRun.stdout + sarifRun.stderr,
    github: github.stdout + github.stderr,
    'baseline file': fs.readFileSync(baselineFile, 'utf8'),
    'baseline stderr': baseline.stdout + baseline.stderr,
  });
  json = JSON.parse(jsonRun.stdout);
  sarif = JSON.parse(sarifRun.stdout);
});

describe('the planted secrets', () => {
  it('are written in the app where the list says', () => {
    for (const p of PLANTED) {
      const lines = fs.readFileSync(path.join(APP, p.file), 'utf8').split(/\r?\n/);
      expect(lines[p.line - 1], `${p.file}:${p.line}`).toContain(p.value.split('\n')[0]);
    }
  });

  it('are exactly the secrets findings of the app', () => {
    const found = json.diagnostics.filter((d) => d.ruleId.startsWith('secrets/')).map((d) => `${d.file}:${d.line} ${d.ruleId}`);
    expect(found.sort()).toEqual(PLANTED.map((p) => `${p.file}:${p.line} ${p.rule}`).sort());
  });
});

describe('no raw secret in any output', () => {
  for (const name of ['text', 'json', 'sarif', 'github', 'baseline file', 'baseline stderr']) {
    it(`${name}`, () => {
      expect(outputs[name]!.length).toBeGreaterThan(0);
      expect(leaks(outputs[name]!)).toEqual([]);
    });
  }

  it('names, paths and the text around a secret stay readable', () => {
    for (const name of ['text', 'json', 'sarif']) {
      const out = outputs[name]!;
      for (const word of NEVER_MASKED) expect(out, `${name}: ${word}`).toContain(word.replace(/"/g, name === 'text' ? '"' : '\\"'));
    }
    // code frames show the line around a secret found in a script as written, the secret masked
    expect(outputs.text).toContain(`echo "SFTP_PASSWORD=${maskSecret('Rq7#vN3mKx9!Lp2w')}" >> /etc/exports.env`);
  });

  it('text shows code frames, masked', () => {
    const text = outputs.text!;
    // a frame line for each single-line finding: the gutter with its line number
    expect(text).toMatch(/^ {4}21 \| {7}AuthToken: /m);
    // the multi-line PEM: its header, and body lines masked one by one
    expect(text).toMatch(/^ {4}10 \| JWT_SIGNING_KEY="----\*+----$/m);
    const body = PEM.split('\n')[1]!;
    expect(text).toContain(`    11 | ${maskSecret(body)}`);
  });

  it('SARIF carries snippets, masked', () => {
    const results = sarif.runs[0]!.results.filter((r) => r.ruleId.startsWith('secrets/'));
    const snippets = results
      .flatMap((r) => r.locations.map((l) => l.physicalLocation.region.snippet?.text))
      .filter((s): s is string => !!s);
    expect(snippets.length).toBeGreaterThanOrEqual(PLANTED.length - 1); // the 9-line PEM region has none
    expect(snippets).toContain(maskSecret('XTPyLsxPFkThf4VucSmEHgaKwVJ7faC9qEwjky40'));
  });

  it('the baseline file holds one fingerprint per finding', () => {
    const fingerprints = outputs['baseline file']!.match(/\b[0-9a-f]{32}\b/g) ?? [];
    expect(new Set(fingerprints).size).toBe(json.diagnostics.length);
  });
});

describe('messages', () => {
  it('show each secret masked', () => {
    for (const p of PLANTED) {
      const d = json.diagnostics.find((x) => x.file === p.file && x.line === p.line && x.ruleId === p.rule)!;
      expect(d.message, `${p.file}:${p.line}`).toContain(`("${maskedForMessage(secretOf(p))}")`);
      const sarifResult = sarif.runs[0]!.results.find((r) => r.ruleId === p.rule && r.message.text === d.message);
      expect(sarifResult, `${p.file}:${p.line} in SARIF`).toBeDefined();
    }
  });

  it('reveal at most a prefix and suffix of four characters', () => {
    for (const p of PLANTED) {
      const masked = maskedForMessage(secretOf(p));
      expect(masked.replace(/[*…]/g, '').length, maskSecret(secretOf(p))).toBeLessThanOrEqual(8);
    }
  });
});

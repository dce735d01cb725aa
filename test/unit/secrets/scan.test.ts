import { describe, expect, it } from 'vitest';
import { DETECTORS, parseDotenv, scanText, type DotenvEntry } from '../../../src/knowledge/secrets/index.js';
import { ALNUM, B64URL, checksummedToken, makeJwt, makePem, Rng } from './gen.js';

const rng = new Rng(99);
const p = (...parts: string[]) => parts.join('');

/** [detectorId, value, line] of each match, with the 1-based line of its start. */
function summary(text: string, found: ReturnType<typeof scanText>): [string, string, number][] {
  return found.map((m) => [m.detectorId, m.value, text.slice(0, m.start).split('\n').length]);
}

describe('scanText', () => {
  const ghp = checksummedToken(p('gh', 'p_'), rng);
  const stripe = p('sk', '_live_') + rng.str(40, ALNUM);

  it('reports every secret with its exact offsets, sorted', () => {
    const text = `service: api\nprovider:\n  environment:\n    GH: ${ghp}\n    STRIPE: "${stripe}"\n`;
    const found = scanText(text);
    expect(summary(text, found)).toEqual([
      ['github-token', ghp, 4],
      ['stripe-secret-key', stripe, 5],
    ]);
    expect(found[0]!.start).toBe(text.indexOf(ghp));
    expect(found[0]!.end).toBe(text.indexOf(ghp) + ghp.length);
    expect(found[1]!.start).toBe(text.indexOf(stripe));
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.value);
  });

  it('spans a multi-line PEM block from BEGIN to END', () => {
    const pem = makePem('OPENSSH PRIVATE KEY', rng);
    const text = `deploy_key: |\n${pem.replace(/^/gm, '  ')}\nnext: 1\n`;
    const found = scanText(text);
    expect(found).toHaveLength(1);
    const m = found[0]!;
    expect(m.detectorId).toBe('private-key');
    expect(m.start).toBe(text.indexOf('-----BEGIN'));
    expect(m.end).toBe(text.indexOf('PRIVATE KEY-----', text.indexOf('-----END')) + 'PRIVATE KEY-----'.length);
    expect(m.value.split('\n')).toHaveLength(pem.split('\n').length);
  });

  it('spans a JSON-escaped PEM and a PEM whose END line is missing', () => {
    const escaped = makePem('EC PRIVATE KEY', rng, 200, '\\n');
    const json = `{"key": "${escaped}"}`;
    expect(summary(json, scanText(json))).toEqual([['private-key', escaped, 1]]);

    const truncated = makePem('PRIVATE KEY', rng, 300).replace(/\n-----END PRIVATE KEY-----$/, '');
    const text = `${truncated}\n---\nother: value`;
    const found = scanText(text);
    expect(found.map((m) => m.detectorId)).toEqual(['private-key']);
    expect(found[0]!.start).toBe(0);
    // the body ends where base64 stops (before the YAML document marker), trailing newline excluded
    expect(found[0]!.value).toBe(truncated);
    expect(text.slice(found[0]!.end)).toBe('\n---\nother: value');
  });

  it('keeps the more specific detector when matches overlap', () => {
    const text = `remote: https://ci-bot:${ghp}@github.com/org/repo.git`;
    expect(summary(text, scanText(text))).toEqual([['github-token', ghp, 1]]);
  });

  it('runs the generic check on assignments only when asked', () => {
    const pw = 'Xk9#mP2$vL7qR4wz';
    const text = `db:\n  password: "${pw}"\n  user: app\n`;
    expect(scanText(text)).toEqual([]);
    const found = scanText(text, { generic: true });
    expect(found).toEqual([
      {
        detectorId: 'generic',
        name: 'password',
        confidence: 'medium',
        start: text.indexOf(pw),
        end: text.indexOf(pw) + pw.length,
        value: pw,
      },
    ]);
  });

  it('does not mistake code for a secret in generic mode', () => {
    const code = [
      'const token = scanner.getToken();',
      'let secretKey = keys[index];',
      'password = !!opts.password;',
      'const apiKey = ctx.config.apiKey;',
      'const auth = (req) => check(req);',
      'password: process.env.DB_PASSWORD,',
      'token: `${prefix}-${id}`,',
    ].join('\n');
    expect(scanText(code, { generic: true })).toEqual([]);
  });

  it('finds named formats after a matching name in free text', () => {
    const dd = rng.str(32, '0123456789abcdef');
    const text = `env:\n  DD_API_KEY: "${dd}"\n  DD_SITE: datadoghq.eu\n`;
    expect(summary(text, scanText(text))).toEqual([['datadog-api-key', dd, 2]]);
  });

  it('filters by confidence, detector subset and a match limit', () => {
    const jwt = makeJwt({ alg: 'RS256', typ: 'JWT' }, { sub: 'svc', aud: 'api' }, rng);
    const gkey = p('AI', 'za') + rng.str(35, B64URL);
    const text = `a=${jwt}\nb=${gkey}\nc=${ghp}\n`;
    expect(scanText(text).map((m) => m.detectorId)).toEqual(['jwt', 'google-api-key', 'github-token']);
    expect(scanText(text, { minConfidence: 'high' }).map((m) => m.detectorId)).toEqual(['github-token']);
    expect(scanText(text, { detectors: DETECTORS.filter((d) => d.id === 'jwt') }).map((m) => m.detectorId)).toEqual(['jwt']);
    expect(scanText(text, { maxMatches: 2 }).map((m) => m.detectorId)).toEqual(['jwt', 'google-api-key']);
  });

  it('never throws on odd input', () => {
    expect(scanText('')).toEqual([]);
    expect(scanText(undefined as unknown as string)).toEqual([]);
    expect(scanText(42 as unknown as string)).toEqual([]);
    expect(scanText('\u0000\uffff\ud800-----BEGIN PRIVATE KEY-----')).toEqual([]);
    expect(scanText('postgres://:@/'.repeat(1000))).toEqual([]);
  });

  it('scans many PEM headers without END lines in linear time (completes)', () => {
    const text = '-----BEGIN PRIVATE KEY-----'.repeat(100_000);
    expect(scanText(text)).toEqual([]);
  });
});

describe('parseDotenv', () => {
  /** An entry, with its offsets located in `text` by unique markers. */
  const at = (text: string, name: string, raw: string, extra: Partial<DotenvEntry>): DotenvEntry => {
    const nameStart = text.indexOf(`${name}`);
    const valueStart = text.indexOf(raw, nameStart + name.length);
    return {
      name,
      raw,
      value: raw,
      quote: null,
      nameStart,
      valueStart,
      valueEnd: valueStart + raw.length,
      line: text.slice(0, nameStart).split('\n').length,
      ...extra,
    };
  };

  it('parses names, values, quotes, comments and exports with exact offsets', () => {
    const text = [
      '# a comment',
      '',
      'export AAA=plain',
      'BBB = "double # not a comment"   # a comment',
      "CCC='single $X'",
      'DDD=value # inline comment',
      'EEE=val#ue',
      'FFF=',
      '  GGG="esc\\"aped\\nnext"',
      'HHH: colon style',
      'not an assignment line',
      'III=`back tick`',
    ].join('\n');
    expect(parseDotenv(text)).toEqual([
      at(text, 'AAA', 'plain', {}),
      at(text, 'BBB', 'double # not a comment', { quote: '"' }),
      at(text, 'CCC', 'single $X', { quote: "'" }),
      at(text, 'DDD', 'value', {}),
      at(text, 'EEE', 'val#ue', {}),
      {
        name: 'FFF',
        raw: '',
        value: '',
        quote: null,
        nameStart: text.indexOf('FFF'),
        valueStart: text.indexOf('FFF') + 4,
        valueEnd: text.indexOf('FFF') + 4,
        line: 8,
      },
      at(text, 'GGG', 'esc\\"aped\\nnext', { quote: '"', value: 'esc"aped\nnext' }),
      at(text, 'HHH', 'colon style', {}),
      at(text, 'III', 'back tick', { quote: '`' }),
    ]);
  });

  it('reads multi-line quoted values and keeps counting lines after them', () => {
    const pem = makePem('RSA PRIVATE KEY', rng, 120);
    const text = `A=1\nKEY="${pem}"\nB=2\n`;
    const entries = parseDotenv(text);
    expect(entries.map((e) => [e.name, e.line])).toEqual([
      ['A', 1],
      ['KEY', 2],
      ['B', 2 + pem.split('\n').length],
    ]);
    expect(entries[1]!.value).toBe(pem);
    expect(text.slice(entries[1]!.valueStart, entries[1]!.valueEnd)).toBe(pem);
  });

  it('treats an unclosed quote as a plain value instead of swallowing the next lines', () => {
    const text = 'A="abc\nB="def"\n';
    expect(parseDotenv(text).map((e) => [e.name, e.value, e.quote, e.line])).toEqual([
      ['A', '"abc', null, 1],
      ['B', 'def', '"', 2],
    ]);
  });

  it('handles CRLF, a BOM and odd input', () => {
    const text = '\ufeffA=1\r\nB="two"\r\n# c\r\nC=three  \r\n';
    expect(parseDotenv(text).map((e) => [e.name, e.value, e.line, text.slice(e.valueStart, e.valueEnd)])).toEqual([
      ['A', '1', 1, '1'],
      ['B', 'two', 2, 'two'],
      ['C', 'three', 4, 'three'],
    ]);
    expect(parseDotenv('')).toEqual([]);
    expect(parseDotenv(undefined as unknown as string)).toEqual([]);
    expect(parseDotenv('=value\n==\n"\n')).toEqual([]);
  });
});

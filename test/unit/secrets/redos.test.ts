import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { allSecretRegexes, DETECTORS, scanText } from '../../../src/knowledge/secrets/index.js';
import { ALNUM, Rng } from './gen.js';

describe('secrets regexes are linear-time', () => {
  const all = allSecretRegexes();

  it('lists every detector pattern, name hint and anchor', () => {
    const ids = new Set(all.map((r) => r.id));
    for (const d of DETECTORS) {
      expect(ids.has(`${d.id}/pattern`)).toBe(true);
      if (d.nameHint) expect(ids.has(`${d.id}/nameHint`)).toBe(true);
      if (d.pair) expect(ids.has(`${d.id}/anchor`)).toBe(true);
    }
    expect(all.length).toBeGreaterThan(DETECTORS.length);
  });

  it('recheck with these settings rejects known-quadratic regexes (the check can fail)', async () => {
    const plain = await check('[a-z0-9]+x', '', { checker: 'automaton', timeout: 30_000 });
    expect(plain.status).toBe('vulnerable');
    // the automaton checker cannot model a look-behind in a vulnerable position: 'unknown', also a failure below
    const guarded = await check('(?<![a-z])[a-z0-9]+x', '', { checker: 'automaton', timeout: 30_000 });
    expect(guarded.status).toBe('unknown');
  });

  it('recheck finds no ReDoS-vulnerable regex', async () => {
    // One at a time, with the automaton checker: it is exact (the fuzz checker measures step counts and
    // reports bounded repetitions such as `{43}` as polynomial when the machine is busy), and it
    // analyses an unanchored search, like exec/test over a long text.
    const results: { id: string; source: string; status: string; complexity?: string }[] = [];
    for (const { id, regex } of all) {
      const r = await check(regex.source, regex.flags.replace(/[gyd]/g, ''), { checker: 'automaton', timeout: 30_000 });
      results.push({
        id,
        source: regex.source,
        status: r.status,
        complexity: r.status === 'vulnerable' ? r.complexity.summary : undefined,
      });
    }
    const vulnerable = results.filter((r) => r.status === 'vulnerable');
    expect(vulnerable).toEqual([]);
    // 'unknown' means recheck gave up (timeout); none of ours should be that complex either
    expect(results.filter((r) => r.status === 'unknown').map((r) => r.id)).toEqual([]);
  });

  it('scans a 2 MB single-line random string to completion', () => {
    // deterministic pseudo-random text over an alphabet rich in token characters and separators
    const text = new Rng(12345).str(2 * 1024 * 1024, `${ALNUM}+/=_-.:@ "'`);
    expect(text.includes('\n')).toBe(false);
    const found = scanText(text, { generic: true });
    expect(Array.isArray(found)).toBe(true);
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.value);
  });
});

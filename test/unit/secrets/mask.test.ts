import { describe, expect, it } from 'vitest';
import { maskSecret, secretHash } from '../../../src/knowledge/secrets/index.js';

describe('maskSecret', () => {
  it.each([
    // a 4-character prefix and the last 4 from 20 characters on
    [['AK', 'IAIOSFODNN7', 'EXAMPLE'].join(''), 'AKIA************MPLE'],
    // prefix capped at 25%: 8 characters show 2, 12 show 3
    ['abcdefgh', 'ab******'],
    ['abcdefghijkl', 'abc*********'],
    // 16-19 characters: 4-character prefix, no suffix
    ['abcdefghijklmnop', 'abcd************'],
    ['abcdefghijklmnopqrs', 'abcd***************'],
    ['abcdefghijklmnopqrst', 'abcd************qrst'],
    // shorter than 8: a fixed-length mask that says nothing about the length
    ['hunter2', '********'],
    ['x', '********'],
    ['', '********'],
  ])('%s → %s', (value, masked) => {
    expect(maskSecret(value)).toBe(masked);
  });

  it('keeps line breaks so redacted text keeps its lines', () => {
    expect(maskSecret('line1abc\nline2def\r\nline3ghi')).toBe('line****\n********\r\n****3ghi');
  });

  it('counts code points, never splitting a surrogate pair', () => {
    expect(maskSecret('😀😀😀😀😀😀😀😀')).toBe('😀😀******');
    expect(maskSecret('pässwörd-ünïcode-key')).toBe('päss************-key');
  });

  it('never returns the value and is safe on non-strings', () => {
    const v = 'Xk9#mP2$vL7qR4wz';
    expect(maskSecret(v)).not.toContain(v.slice(4));
    expect(maskSecret(undefined as unknown as string)).toBe('********');
  });
});

describe('secretHash', () => {
  it('is the sha256 hex of the UTF-8 bytes', () => {
    expect(secretHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(secretHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(secretHash('é')).not.toBe(secretHash('e\u0301'));
  });
});

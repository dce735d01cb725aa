import { describe, expect, it } from 'vitest';
import { unfoldContinuations } from '../../src/engine/source-mask.js';

describe('unfoldContinuations', () => {
  it('joins continued lines and maps every joined offset back to where the character is written', () => {
    const text = 'a = "ab\\\n    cd\\\r\n\\\nef"\nnext';
    const { text: joined, map } = unfoldContinuations(text);
    expect(joined).toBe('a = "abcdef"\nnext');
    for (let i = 0; i < joined.length; i++) expect(text[map(i)], `offset ${i}`).toBe(joined[i]);
    expect(map(joined.length)).toBe(text.length);
  });

  it('is the identity, without copying, when nothing is continued', () => {
    const text = 'x: 1\ny: 2\n';
    const { text: joined, map } = unfoldContinuations(text);
    expect(joined).toBe(text);
    expect([0, 4, text.length].map(map)).toEqual([0, 4, text.length]);
  });
});

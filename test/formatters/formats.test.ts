import { describe, expect, it } from 'vitest';
import { format, FORMATS, isFormat } from '../../src/formatters/index.js';
import { formatGithub } from '../../src/formatters/github.js';
import { formatJson } from '../../src/formatters/json.js';
import { formatSarif } from '../../src/formatters/sarif.js';
import { formatText } from '../../src/formatters/text.js';
import { formatMarkdown } from '../../src/formatters/summary.js';
import { formatJunit } from '../../src/formatters/junit.js';
import { formatGitlab } from '../../src/formatters/gitlab.js';
import { formatHtml } from '../../src/formatters/html.js';
import type { RunResult } from '../../src/engine/result.js';
import { makeResult, SECRET_KEY, SECRET_PASSWORD, SOURCES } from './fixture.js';

const ALL = { color: true, frames: true, quiet: false, category: 'sls-lint/' };

describe('format dispatcher', () => {
  it('lists the formats', () => {
    expect(FORMATS).toEqual(['text', 'json', 'sarif', 'github', 'markdown', 'junit', 'gitlab', 'html']);
    expect(isFormat('sarif')).toBe(true);
    expect(isFormat('xml')).toBe(false);
    expect(isFormat(undefined)).toBe(false);
  });

  it('dispatches to each formatter with its options', () => {
    const r = makeResult();
    expect(format(r, 'text', { color: false, frames: true })).toBe(formatText(r, { frames: true }));
    expect(format(r, 'json', {})).toBe(formatJson(r));
    expect(format(r, 'sarif', { category: 'x/' })).toBe(formatSarif(r, { category: 'x/' }));
    expect(format(r, 'github', { quiet: true })).toBe(formatGithub(r, { quiet: true }));
    expect(format(r, 'markdown', { linkBase: 'https://x.test/' })).toBe(formatMarkdown(r, { linkBase: 'https://x.test/' }));
    expect(format(r, 'junit', {})).toBe(formatJunit(r));
    expect(format(r, 'gitlab', { startTime: '2026-01-02T03:04:05' })).toBe(formatGitlab(r, { startTime: '2026-01-02T03:04:05' }));
    expect(format(r, 'html', {})).toBe(formatHtml(r));
  });

  it('rejects an unknown format name from untyped callers', () => {
    expect(() => format(makeResult(), 'xml' as never)).toThrow(
      'unknown format "xml"; expected one of text, json, sarif, github, markdown, junit, gitlab, html',
    );
  });
});

describe('every format', () => {
  it('the fixture really puts the raw secrets in source lines', () => {
    expect(SOURCES['serverless.yml']!.join('\n')).toContain(SECRET_PASSWORD);
    expect(SOURCES['src/handler.ts']!.join('\n')).toContain(SECRET_KEY);
  });

  for (const name of FORMATS) {
    it(`${name}: byte-identical output for the same input`, () => {
      expect(format(makeResult(), name, ALL)).toBe(format(makeResult(), name, ALL));
    });

    it(`${name}: never prints a raw secret, with frames/snippets on and unredacted source lines`, () => {
      const r = makeResult({}, { redactedLines: false });
      const out = format(r, name, ALL);
      expect(out.length).toBeGreaterThan(0);
      expect(out).not.toContain(SECRET_PASSWORD);
      expect(out).not.toContain(SECRET_KEY);
    });

    it(`${name}: a redactor that throws hides the text instead of leaking it`, () => {
      const r: RunResult = {
        ...makeResult(),
        redact: () => {
          throw new Error('redactor failed');
        },
      };
      const out = format(r, name, ALL);
      expect(out).not.toContain(SECRET_PASSWORD);
      expect(out).not.toContain(SECRET_KEY);
    });
  }
});

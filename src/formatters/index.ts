/**
 * Output formats. Every formatter is a pure function of a `RunResult` and its options: the same
 * input gives the same bytes (no time, no absolute path, no environment lookup such as colour
 * detection — the caller passes `color`).
 */
import type { RunResult } from '../engine/result.js';
import { formatGithub, type GithubOptions } from './github.js';
import { formatGitlab, type GitlabOptions } from './gitlab.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif, type SarifOptions } from './sarif.js';
import { formatMarkdown, type MarkdownOptions } from './summary.js';
import { formatText, type TextOptions } from './text.js';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'markdown', 'junit', 'gitlab', 'html'] as const;
export type FormatName = (typeof FORMATS)[number];

/**
 * Options of all formats; each formatter reads the ones it knows. `quiet` applies to text and github
 * (the report formats json and sarif always carry every finding), `category` to sarif, `linkBase` to
 * markdown, `startTime`/`endTime` to gitlab (API callers only: the CLI writes the fixed time).
 */
export type FormatOptions = Partial<TextOptions & SarifOptions & GithubOptions & MarkdownOptions & GitlabOptions>;

export function isFormat(name: unknown): name is FormatName {
  return typeof name === 'string' && (FORMATS as readonly string[]).includes(name);
}

export function format(result: RunResult, name: FormatName, opts: FormatOptions = {}): string {
  switch (name) {
    case 'text':
      return formatText(result, opts);
    case 'json':
      return formatJson(result);
    case 'sarif':
      return formatSarif(result, opts);
    case 'github':
      return formatGithub(result, opts);
    case 'markdown':
      return formatMarkdown(result, opts);
    case 'junit':
      return formatJunit(result);
    case 'gitlab':
      return formatGitlab(result, opts);
    case 'html':
      return formatHtml(result);
    default: {
      // unreachable for typed callers; a JS caller gets a clear error instead of empty output
      const never: never = name;
      throw new Error(`unknown format "${String(never)}"; expected one of ${FORMATS.join(', ')}`);
    }
  }
}

export { formatText, formatJson, formatSarif, formatGithub, formatMarkdown, formatJunit, formatGitlab, formatHtml };
export type { TextOptions, SarifOptions, GithubOptions, MarkdownOptions, GitlabOptions };
export { toGitlab } from './gitlab.js';
export { toJsonOutput, JSON_OUTPUT_VERSION } from './json.js';
export type { JsonOutput, JsonDiagnostic, JsonNotice, JsonRule } from './json.js';
export { toSarif } from './sarif.js';

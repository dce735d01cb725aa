/**
 * `--format gitlab`: a GitLab SAST report (`gl-sast-report.json`, schema 15.1.4) for
 * `artifacts:reports:sast`, which GitLab shows in the merge request widget, the pipeline's security
 * tab and the vulnerability report.
 *
 * - `id` is derived from the finding's fingerprint (and the source root's place in the repository),
 *   so it is the same on every run and survives unrelated edits; it has the shape of a UUID.
 * - `severity`: a rule's security severity decides when it has one, on the CVSS bands GitHub uses
 *   (9.0 Critical, 7.0 High, 4.0 Medium, above 0 Low); otherwise the finding's level (error High,
 *   warning Medium, note Info).
 * - `identifiers`: the rule first (the primary identifier GitLab groups by), then its CWE tags.
 * - Paths are relative to the repository root, as GitLab resolves them.
 * - Suppressed findings and, with --baseline, the known ones are left out (the schema has no state
 *   for them; GitLab's own dismissals are the place to triage); tool notices are `scan.messages`.
 * - `start_time`/`end_time`: a formatter reads no clock, so the same input gives the same bytes.
 *   They are the `startTime`/`endTime` options when a caller of the API passes them, else the fixed
 *   {@link GITLAB_FIXED_TIME}.
 */
import { createHash } from 'node:crypto';
import { PROJECT_URL } from '../core/links.js';
import type { Severity } from '../core/types.js';
import type { Diagnostic, RuleInfo, RunResult } from '../engine/result.js';
import { message, normalizeLoc, repositoryFile, severityOf } from './common.js';
import { truncate } from './markdown.js';
import { neutralizeJson } from './workflow.js';

export const GITLAB_SAST_VERSION = '15.1.4';
export const GITLAB_SAST_SCHEMA = `https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v${GITLAB_SAST_VERSION}/dist/sast-report-format.json`;
/** The scan times written when no caller gives them (the schema's format: UTC, no zone, seconds). */
export const GITLAB_FIXED_TIME = '1970-01-01T00:00:00';

export interface GitlabOptions {
  /** when the scan started (a Date, or text in the schema's `yyyy-mm-ddThh:mm:ss` UTC form) */
  startTime: Date | string;
  /** when it finished */
  endTime: Date | string;
}

export type GitlabSeverity = 'Critical' | 'High' | 'Medium' | 'Low' | 'Info';

export interface GitlabIdentifier {
  type: string;
  name: string;
  value: string;
  url?: string;
}

export interface GitlabVulnerability {
  id: string;
  name: string;
  description: string;
  severity: GitlabSeverity;
  location: { file: string; start_line: number; end_line: number };
  identifiers: GitlabIdentifier[];
  links?: { name: string; url: string }[];
}

export interface GitlabReport {
  version: string;
  schema: string;
  scan: {
    analyzer: GitlabComponent;
    scanner: GitlabComponent;
    type: 'sast';
    start_time: string;
    end_time: string;
    status: 'success';
    messages?: { level: 'info' | 'warn' | 'fatal'; value: string }[];
  };
  vulnerabilities: GitlabVulnerability[];
}

interface GitlabComponent {
  id: string;
  name: string;
  version: string;
  vendor: { name: string };
  url: string;
}

/** The schema allows at most this for `name`, 1 MiB for `description`. */
const MAX_NAME = 255;
const MAX_DESCRIPTION = 1 << 20;

const LEVEL_SEVERITY: Record<Severity, GitlabSeverity> = { error: 'High', warning: 'Medium', note: 'Info' };
const NOTICE_LEVEL = { error: 'warn', warning: 'warn', note: 'info' } as const;

export function gitlabSeverity(level: Severity, securitySeverity: number | undefined): GitlabSeverity {
  if (typeof securitySeverity === 'number' && Number.isFinite(securitySeverity)) {
    if (securitySeverity >= 9) return 'Critical';
    if (securitySeverity >= 7) return 'High';
    if (securitySeverity >= 4) return 'Medium';
    if (securitySeverity > 0) return 'Low';
    return 'Info';
  }
  return LEVEL_SEVERITY[severityOf(level)];
}

/** A UUID-shaped id (RFC 9562 version 8: name-based, our own hash) from what the fingerprint hashes. */
export function vulnerabilityId(repositoryPath: string, fingerprint: string): string {
  const h = createHash('sha256').update(`sls-lint\u0000${repositoryPath}\u0000${fingerprint}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** `CWE-89` tags as GitLab identifiers. */
export function cweIdentifiers(tags: readonly string[] | undefined): GitlabIdentifier[] {
  const out: GitlabIdentifier[] = [];
  for (const t of tags ?? []) {
    const m = /^CWE-(\d+)$/.exec(t);
    if (m && !out.some((i) => i.value === m[1]))
      out.push({ type: 'cwe', name: `CWE-${m[1]}`, value: m[1]!, url: `https://cwe.mitre.org/data/definitions/${m[1]}.html` });
  }
  return out;
}

function time(t: Date | string | undefined): string {
  if (t instanceof Date && Number.isFinite(t.getTime())) return t.toISOString().slice(0, 19);
  if (typeof t === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(t)) return t;
  return GITLAB_FIXED_TIME;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function vulnerability(result: RunResult, d: Diagnostic, rules: Map<string, RuleInfo>): GitlabVulnerability {
  const loc = normalizeLoc(d.loc);
  const info = rules.get(d.ruleId);
  const text = message(result, d.message);
  const description = info?.meta.description ? `${text}\n\n${info.meta.description}.`.replace(/\.\.$/, '.') : text;
  const url = info?.helpUri;
  const rule: GitlabIdentifier = { type: 'sls_lint_rule', name: `sls-lint ${d.ruleId}`, value: d.ruleId, ...(url ? { url } : {}) };
  return {
    id: vulnerabilityId(result.repositoryPath ?? '', d.fingerprint),
    name: truncate(oneLine(info?.meta.description || d.ruleId), MAX_NAME),
    description: truncate(description, MAX_DESCRIPTION),
    severity: gitlabSeverity(severityOf(d.severity), info?.meta.securitySeverity),
    location: { file: repositoryFile(result, loc.file), start_line: loc.line, end_line: loc.endLine },
    identifiers: [rule, ...cweIdentifiers(info?.meta.tags)],
    ...(url ? { links: [{ name: `${d.ruleId} documentation`, url }] } : {}),
  };
}

/** The report object (what `formatGitlab` serialises). */
export function toGitlab(result: RunResult, options: Partial<GitlabOptions> = {}): GitlabReport {
  const rules = new Map(result.rules.map((r) => [r.meta.id, r]));
  const component: GitlabComponent = {
    id: 'sls-lint',
    name: 'sls-lint',
    version: result.toolVersion || '0.0.0',
    vendor: { name: 'sls-lint' },
    url: PROJECT_URL,
  };
  const messages = result.notices
    .map((n) => {
      const where = n.loc ? ` (${repositoryFile(result, normalizeLoc(n.loc).file)}:${normalizeLoc(n.loc).line})` : '';
      const value = oneLine(`${n.id}${n.ruleId ? ` ${n.ruleId}` : ''}: ${message(result, n.message)}${where}`);
      return { level: NOTICE_LEVEL[severityOf(n.level)], value };
    })
    .filter((m) => m.value);
  return {
    version: GITLAB_SAST_VERSION,
    schema: GITLAB_SAST_SCHEMA,
    scan: {
      analyzer: component,
      scanner: { ...component, vendor: { ...component.vendor } },
      type: 'sast',
      start_time: time(options.startTime),
      end_time: time(options.endTime ?? options.startTime),
      status: 'success',
      ...(messages.length ? { messages } : {}),
    },
    vulnerabilities: result.diagnostics.filter((d) => !d.suppression).map((d) => vulnerability(result, d, rules)),
  };
}

/** Pretty-printed (2 spaces) with a trailing newline. */
export function formatGitlab(result: RunResult, options: Partial<GitlabOptions> = {}): string {
  return neutralizeJson(JSON.stringify(toGitlab(result, options), null, 2)) + '\n';
}

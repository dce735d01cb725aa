/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).
 *
 * - Paths are relative URIs against `%SRCROOT%` (the directory the tool ran in, normally the
 *   repository root in CI); no absolute path is ever written.
 * - Regions are full (start and end line/column). The model's columns are 1-based UTF-16 offsets,
 *   hence `columnKind: 'utf16CodeUnits'`.
 * - Rule metadata carries what GitHub displays and sorts by: short/full description, help text and
 *   markdown from the rule README, `tags`, `precision`, `problem.severity` and `security-severity`.
 * - Suppressed findings are kept, with `suppressions` (kind and reason), so consumers can tell them
 *   apart and audit them.
 * - Tool notices (parse errors, rule crashes, …) are `toolExecutionNotifications`.
 *
 * Checked in tests against the official schema and the Microsoft SARIF Multitool's GitHub rules.
 */
import { PROJECT_URL, ruleHelpUri } from '../core/links.js';
import type * as Sarif from 'sarif';
import type { Loc, ToolNotice } from '../core/types.js';
import type { Diagnostic, RuleInfo, RunResult, Suppression } from '../engine/result.js';
import { compareDiagnostics } from '../engine/run.js';
import { message, normalizeLoc, repositoryFile, severityOf, sourceLine } from './common.js';
import { firstParagraph, markdownToText, truncate } from './markdown.js';
import { neutralizeJson } from './workflow.js';

export interface SarifOptions {
  /**
   * `automationDetails.id`. GitHub reads everything up to the last `/` as the analysis category
   * (distinguishes several uploads of the tool for one commit, e.g. one per sub-project), so the
   * value is normalised to end with `/`. Written only when given: upload-sarif's own `category:`
   * input is then what names the analysis (one per job of a monorepo matrix).
   */
  category: string;
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** Our key in `partialFingerprints`. */
export const FINGERPRINT_KEY = 'slsLint/v1';

/** GitHub truncates longer descriptions; we cut them ourselves, cleanly. */
const MAX_DESCRIPTION = 1024;
/** Snippets are given for regions of at most this many lines… */
const MAX_SNIPPET_LINES = 3;
/** …and this many characters (minified bundles have very long lines). */
const MAX_SNIPPET_CHARS = 2000;

/** `iam/no-wildcard-action` → `IamNoWildcardAction`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/**
 * A relative posix path as a relative URI reference: each segment percent-encoded where needed
 * (spaces, `%`, `#`, `?`, non-ASCII), keeping the characters a path segment may hold as they are.
 * A colon stays encoded so the first segment can never read as a URI scheme.
 */
export function pathToUri(path: string): string {
  return path
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/%(24|26|2B|2C|3B|3D|40)/g, (m) => decodeURIComponent(m)))
    .join('/');
}

function ruleDescriptor(info: RuleInfo): Sarif.ReportingDescriptor {
  const meta = info.meta;
  const description = truncate(oneLine(meta.description || meta.id), MAX_DESCRIPTION);
  const readme = typeof info.readme === 'string' && info.readme.trim() ? info.readme : undefined;
  const full = (readme && firstParagraph(readme)) || description;
  const level = severityOf(info.level);
  const tags = [...(meta.tags ?? [])];
  // CWE tags also as CodeQL writes them, which code scanning links to the CWE entry
  for (const t of meta.tags ?? []) {
    const cwe = /^CWE-(\d+)$/.exec(t);
    if (cwe) tags.push(`external/cwe/cwe-${cwe[1]}`);
  }
  const properties: Sarif.PropertyBag = {
    tags,
    precision: meta.precision ?? 'high',
    // GitHub's severity for non-security results (security ones use security-severity)
    'problem.severity': level === 'note' ? 'recommendation' : level,
  };
  const sec = meta.securitySeverity;
  if (typeof sec === 'number' && Number.isFinite(sec)) {
    properties['security-severity'] = String(Math.min(10, Math.max(0, sec)).toFixed(1));
  }
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: description },
    fullDescription: { text: truncate(full, MAX_DESCRIPTION) },
    help: readme ? { text: markdownToText(readme), markdown: readme.replace(/\r\n?/g, '\n').trim() } : { text: description },
    helpUri: info.helpUri || ruleHelpUri(meta.id),
    defaultConfiguration: { level },
    properties,
  };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Snippets let a viewer show a result without the checkout. Both come from redacted lines only:
 * `region.snippet` is the region's own text, `contextRegion` the whole lines around it (one line
 * either side, when there is one). Left out for regions longer than a few lines, for very long
 * lines (bundles) and when a line is unknown. A mask that changed a line's length can shift the
 * region text; it can never reveal anything.
 */
function physicalLocation(result: RunResult, loc: Loc): Sarif.PhysicalLocation {
  const region: Sarif.Region = {
    startLine: loc.line,
    startColumn: loc.column,
    endLine: loc.endLine,
    endColumn: loc.endColumn,
  };
  const out: Sarif.PhysicalLocation = {
    artifactLocation: { uri: pathToUri(repositoryFile(result, loc.file)), uriBaseId: SRCROOT },
    region,
  };
  if (loc.endLine - loc.line + 1 > MAX_SNIPPET_LINES) return out;
  // measured as written first: masking a line costs its length, and a long one is left out anyway
  const written = (n: number): number => result.lineLength(loc.file, n) ?? 0;
  let length = 0;
  for (let n = loc.line; n <= loc.endLine; n++) length += written(n);
  if (length > MAX_SNIPPET_CHARS) return out;
  const lines: string[] = [];
  for (let n = loc.line; n <= loc.endLine; n++) {
    const text = sourceLine(result, loc.file, n);
    if (text === undefined) return out;
    lines.push(text);
  }
  if (lines.reduce((a, l) => a + l.length, 0) > MAX_SNIPPET_CHARS) return out;
  const last = lines.length - 1;
  region.snippet = {
    text: lines.map((l, i) => l.slice(i === 0 ? loc.column - 1 : 0, i === last ? loc.endColumn - 1 : undefined)).join('\n'),
  };
  const near = (n: number): string | undefined =>
    n >= 1 && length + written(n) <= MAX_SNIPPET_CHARS ? sourceLine(result, loc.file, n) : undefined;
  const before = near(loc.line - 1);
  const after = near(loc.endLine + 1);
  const context = [...(before === undefined ? [] : [before]), ...lines, ...(after === undefined ? [] : [after])];
  // a context region must be a proper superset of the region: without a neighbour line, none
  if (context.length > lines.length && context.reduce((a, l) => a + l.length, 0) <= MAX_SNIPPET_CHARS) {
    out.contextRegion = {
      startLine: before === undefined ? loc.line : loc.line - 1,
      endLine: after === undefined ? loc.endLine : loc.endLine + 1,
      snippet: { text: context.join('\n') },
    };
  }
  return out;
}

function suppression(s: Suppression, result: RunResult): Sarif.Suppression {
  const out: Sarif.Suppression = { kind: s.kind === 'config' ? 'external' : 'inSource' };
  if (s.reason) out.justification = message(result, s.reason);
  return out;
}

function sarifResult(
  result: RunResult,
  d: Diagnostic,
  ruleIndex: Map<string, number>,
  baselineState?: Sarif.Result.baselineState,
): Sarif.Result {
  const loc = normalizeLoc(d.loc);
  const index = ruleIndex.get(d.ruleId);
  const r: Sarif.Result = {
    ruleId: d.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: severityOf(d.severity),
    message: { text: message(result, d.message) },
    locations: [{ physicalLocation: physicalLocation(result, loc) }],
    partialFingerprints: { [FINGERPRINT_KEY]: d.fingerprint },
  };
  if (d.suppression) r.suppressions = [suppression(d.suppression, result)];
  if (baselineState) r.baselineState = baselineState;
  if (d.related?.length)
    r.relatedLocations = d.related.map((x, i) => ({
      id: i + 1,
      physicalLocation: physicalLocation(result, normalizeLoc(x.loc)),
      message: { text: message(result, x.message) },
    }));
  if (d.flow?.length)
    r.codeFlows = [
      {
        threadFlows: [
          {
            locations: d.flow.map((x) => ({
              location: { physicalLocation: physicalLocation(result, normalizeLoc(x.loc)), message: { text: message(result, x.message) } },
            })),
          },
        ],
      },
    ];
  return r;
}

function notification(result: RunResult, n: ToolNotice, ruleIndex: Map<string, number>): Sarif.Notification {
  const out: Sarif.Notification = {
    level: severityOf(n.level),
    message: { text: message(result, n.message) },
    descriptor: { id: n.id },
  };
  if (n.loc) out.locations = [{ physicalLocation: physicalLocation(result, normalizeLoc(n.loc)) }];
  if (n.ruleId) {
    const index = ruleIndex.get(n.ruleId);
    out.associatedRule = index === undefined ? { id: n.ruleId } : { id: n.ruleId, index };
  }
  return out;
}

/**
 * Every finding of the run; with --baseline also the ones it knew, merged in the run's order, each
 * marked `baselineState` `new` or `unchanged` (code scanning keeps an unchanged alert open instead
 * of closing it as fixed).
 */
function results(result: RunResult, ruleIndex: Map<string, number>): Sarif.Result[] {
  if (!result.baselineKnown) return result.diagnostics.map((d) => sarifResult(result, d, ruleIndex));
  const all = [
    ...result.diagnostics.map((d) => ({ d, state: 'new' as const })),
    ...result.baselineKnown.map((d) => ({ d, state: 'unchanged' as const })),
  ].sort((a, b) => compareDiagnostics(a.d, b.d) || (a.d.fingerprint < b.d.fingerprint ? -1 : a.d.fingerprint > b.d.fingerprint ? 1 : 0));
  return all.map(({ d, state }) => sarifResult(result, d, ruleIndex, state));
}

/** The category as GitHub reads it (ending with `/`), or undefined when none is given. */
export function normalizeCategory(category: string | undefined): string | undefined {
  const c = (category ?? '').trim();
  if (!c) return undefined;
  return c.endsWith('/') ? c : `${c}/`;
}

/** The SARIF log object (what `formatSarif` serialises). */
export function toSarif(result: RunResult, options: Partial<SarifOptions> = {}): Sarif.Log {
  const ruleIndex = new Map<string, number>();
  result.rules.forEach((r, i) => {
    if (!ruleIndex.has(r.meta.id)) ruleIndex.set(r.meta.id, i);
  });
  const driver: Sarif.ToolComponent = {
    name: result.toolName,
    version: result.toolVersion,
  };
  if (SEMVER.test(result.toolVersion)) driver.semanticVersion = result.toolVersion;
  driver.informationUri = PROJECT_URL;
  driver.rules = result.rules.map(ruleDescriptor);

  const invocation: Sarif.Invocation = { executionSuccessful: true };
  // which config applied: a property of the invocation, and the file itself as an artifact with the
  // role SARIF has for it (only when it is under the source root, so its URI resolves there)
  let configArtifact: Sarif.Artifact | undefined;
  if (result.configFile !== undefined) {
    invocation.properties = { configFile: result.configFile };
    if (!/^\.\.(\/|$)/.test(result.configFile))
      configArtifact = {
        location: { uri: pathToUri(repositoryFile(result, result.configFile)), uriBaseId: SRCROOT },
        roles: ['userSpecifiedConfiguration'],
      };
  }
  if (result.notices.length) {
    invocation.toolExecutionNotifications = result.notices.map((n) => notification(result, n, ruleIndex));
  }

  const category = normalizeCategory(options.category);
  const run: Sarif.Run = {
    tool: { driver },
    ...(category ? { automationDetails: { id: category } } : {}),
    invocations: [invocation],
    ...(configArtifact ? { artifacts: [configArtifact] } : {}),
    columnKind: 'utf16CodeUnits',
    results: results(result, ruleIndex),
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/** One line of JSON with a trailing newline. */
export function formatSarif(result: RunResult, options: Partial<SarifOptions> = {}): string {
  // compact, as a machine format: half the bytes of an indented log to write and to upload (GitHub
  // caps uploads), and thousands of results serialise in a third of the time
  return neutralizeJson(JSON.stringify(toSarif(result, options))) + '\n';
}

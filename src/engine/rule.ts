import type { App, EnvVar, Fn, FnEvent, IamStatement, ManagedPolicyRef, Project, Resource, Role, SourceFile, TextFile } from '../model/types.js';
import type { Loc, Node, Severity, Value } from '../core/types.js';

export type Family = 'iam' | 'secrets' | 'input' | 'coldstart' | 'lockin' | 'cost';

export interface RuleMeta {
  /** `<family>/<name>`, equal to the rule's folder under rules/ */
  id: string;
  /** one line, used in --list-rules, README tables and SARIF shortDescription */
  description: string;
  /** default level; config overrides */
  severity: Severity;
  /** on in the `recommended` preset */
  recommended: boolean;
  /** messageId → template with `{{placeholders}}` */
  messages: Record<string, string>;
  /** JSON Schema of the options object */
  options?: Record<string, unknown>;
  defaultOptions?: Record<string, unknown>;
  /** e.g. ['security', 'CWE-269'] → SARIF properties.tags */
  tags: string[];
  /** CVSS-like 0.0–10.0 → SARIF properties["security-severity"] */
  securitySeverity?: number;
}

/** Anything with a location can be reported at. */
export type At = Loc | { loc: Loc };

export interface ReportDescriptor {
  at: At;
  messageId: string;
  data?: Record<string, string | number>;
  /**
   * Raw secret values this finding is about. They are never printed: the engine masks them in the
   * message, and formatters mask them in any source text they show. Fingerprints use a hash.
   */
  secrets?: string[];
  /**
   * A stable name of what the finding is about within its file (e.g. `function:api/env:DB_PASSWORD`),
   * used for the fingerprint in place of the line number. Defaults to the visited entity's key.
   */
  entity?: string;
  /** Override the rule's configured level for this one finding (e.g. secrets in test fixtures). */
  severity?: Severity;
  /**
   * The finding is allowed by configuration (e.g. `settings.secrets.allow`): it is kept, marked as
   * suppressed (kind `config`, with the reason), so SARIF and JSON still account for it.
   */
  suppressed?: { reason?: string };
}

export interface RuleContext<O = Record<string, unknown>> {
  readonly id: string;
  /** defaultOptions merged with the configured options */
  readonly options: O;
  /** free-form settings from the config (e.g. `secrets.allow`) */
  readonly settings: Record<string, unknown>;
  readonly project: Project;
  report(d: ReportDescriptor): void;
}

/** Visitors are keyed by model entity; the engine walks the project once and calls each rule's. */
export interface Visitors {
  project?(p: Project): void;
  app?(a: App): void;
  function?(fn: Fn): void;
  role?(r: Role): void;
  iamStatement?(s: IamStatement): void;
  managedPolicy?(m: ManagedPolicyRef): void;
  envVar?(e: EnvVar): void;
  event?(e: FnEvent): void;
  resource?(r: Resource): void;
  sourceFile?(f: SourceFile): void;
  textFile?(f: TextFile): void;
}

export interface Rule<O = Record<string, unknown>> {
  meta: RuleMeta;
  create(ctx: RuleContext<O>): Visitors;
}

export function defineRule<O = Record<string, unknown>>(rule: Rule<O>): Rule<O> {
  return rule;
}

/** Format `{{name}}` placeholders. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (Object.hasOwn(data, k) ? String(data[k]) : m));
}

export function locOf(at: At): Loc {
  return 'loc' in at ? at.loc : at;
}

export type { Value, Node };

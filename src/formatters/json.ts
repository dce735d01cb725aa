/**
 * `--format json`: the machine-readable contract described by `schemas/output.schema.json`.
 *
 * Stable by design: keys are written in a fixed order, arrays keep the run's sorted order, paths are
 * the relative posix paths of the model, and nothing depends on time or the machine. Suppressed
 * findings are included (with their `suppression`) so tooling can audit them; `summary` counts only
 * the unsuppressed ones per level.
 */
import type { Coverage } from '../engine/coverage.js';
import type { LocatedMessage, Severity } from '../core/types.js';
import type { RunResult } from '../engine/result.js';
import { message, normalizeLoc, severityOf, summarize, type Summary } from './common.js';
import { neutralizeJson } from './workflow.js';

/** Bumped only on a breaking change of the shape below. */
export const JSON_OUTPUT_VERSION = 1;

export interface JsonSuppression {
  kind: 'inline' | 'metadata' | 'config';
  reason?: string;
}

/** A place with a message: one related location or one flow step. */
export interface JsonLocatedMessage {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface JsonDiagnostic {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fingerprint: string;
  suppression?: JsonSuppression;
  related?: JsonLocatedMessage[];
  flow?: JsonLocatedMessage[];
}

export interface JsonNotice {
  id: string;
  level: Severity;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  ruleId?: string;
}

export interface JsonRule {
  id: string;
  level: Severity;
  description: string;
}

export interface JsonOutput {
  version: typeof JSON_OUTPUT_VERSION;
  tool: { name: string; version: string };
  /** the config file that applied (posix, relative to the source root); absent when none did */
  configFile?: string;
  summary: Summary;
  /** what was analysed and what was not, by reason (absent for a result built without it) */
  coverage?: Coverage;
  diagnostics: JsonDiagnostic[];
  notices: JsonNotice[];
  rules: JsonRule[];
  /** `--report <name>`: the report's data under its name */
  [report: string]: unknown;
}

/** The output object (what `formatJson` serialises). */
export function toJsonOutput(result: RunResult): JsonOutput {
  const s = summarize(result);
  return {
    version: JSON_OUTPUT_VERSION,
    tool: { name: result.toolName, version: result.toolVersion },
    ...(result.configFile !== undefined ? { configFile: result.configFile } : {}),
    summary: {
      errors: s.errors,
      warnings: s.warnings,
      notes: s.notes,
      suppressed: s.suppressed,
      baselined: s.baselined,
      filesScanned: s.filesScanned,
    },
    ...(result.coverage
      ? {
          coverage: {
            ...result.coverage,
            notAnalysed: result.coverage.notAnalysed.map((n) => ({ ...n, examples: n.examples.map((e) => message(result, e)) })),
          },
        }
      : {}),
    diagnostics: result.diagnostics.map((d) => {
      const loc = normalizeLoc(d.loc);
      const out: JsonDiagnostic = {
        ruleId: d.ruleId,
        messageId: d.messageId,
        severity: severityOf(d.severity),
        message: message(result, d.message),
        file: loc.file,
        line: loc.line,
        column: loc.column,
        endLine: loc.endLine,
        endColumn: loc.endColumn,
        fingerprint: d.fingerprint,
      };
      if (d.suppression) {
        out.suppression = { kind: d.suppression.kind };
        if (d.suppression.reason) out.suppression.reason = message(result, d.suppression.reason);
      }
      if (d.related?.length) out.related = d.related.map((x) => located(result, x));
      if (d.flow?.length) out.flow = d.flow.map((x) => located(result, x));
      return out;
    }),
    notices: result.notices.map((n) => {
      const out: JsonNotice = { id: n.id, level: severityOf(n.level), message: message(result, n.message) };
      if (n.loc) {
        const loc = normalizeLoc(n.loc);
        out.file = loc.file;
        out.line = loc.line;
        out.column = loc.column;
        out.endLine = loc.endLine;
        out.endColumn = loc.endColumn;
      }
      if (n.ruleId) out.ruleId = n.ruleId;
      return out;
    }),
    rules: result.rules.map((r) => ({ id: r.meta.id, level: severityOf(r.level), description: r.meta.description })),
    // each report under its own key (schemas/reports/<name>.schema.json)
    ...Object.fromEntries((result.reports ?? []).map((r) => [r.name, r.data])),
  };
}

function located(result: RunResult, x: LocatedMessage): JsonLocatedMessage {
  const loc = normalizeLoc(x.loc);
  return {
    file: loc.file,
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine,
    endColumn: loc.endColumn,
    message: message(result, x.message),
  };
}

/** Pretty-printed (2 spaces) with a trailing newline. */
export function formatJson(result: RunResult): string {
  return neutralizeJson(JSON.stringify(toJsonOutput(result), null, 2)) + '\n';
}

import type { Diagnostic } from './result.js';

/**
 * A baseline records the fingerprints of known findings. With `--baseline FILE`, findings whose
 * fingerprint is recorded are dropped, so CI fails only on new ones. Fingerprints do not depend on
 * line numbers, so unrelated edits above a finding keep it baselined.
 */
export interface BaselineFile {
  version: 1;
  tool: 'sls-lint';
  findings: { fingerprint: string; ruleId: string; file: string }[];
}

export function serializeBaseline(diags: Diagnostic[]): string {
  const findings = diags
    .filter((d) => !d.suppression)
    .map((d) => ({ fingerprint: d.fingerprint, ruleId: d.ruleId, file: d.loc.file }))
    .sort((a, b) =>
      a.file < b.file
        ? -1
        : a.file > b.file
          ? 1
          : a.ruleId < b.ruleId
            ? -1
            : a.ruleId > b.ruleId
              ? 1
              : a.fingerprint < b.fingerprint
                ? -1
                : 1,
    );
  const body: BaselineFile = { version: 1, tool: 'sls-lint', findings };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Largest baseline read (about 200,000 findings). */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/**
 * The fingerprints of a baseline's text; throws an Error with a clear message when it is not one. The
 * message never quotes the file: a baseline path can point anywhere, and what is there is not ours to
 * print.
 */
export function parseBaseline(text: string, file: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`cannot read baseline ${file}: not valid JSON`);
  }
  const b = data as Partial<BaselineFile>;
  if (!b || b.tool !== 'sls-lint' || !Array.isArray(b.findings)) throw new Error(`${file} is not an sls-lint baseline`);
  return new Set(b.findings.map((f) => f?.fingerprint).filter((f): f is string => typeof f === 'string'));
}

/**
 * `--format junit`: JUnit XML as GitLab (`artifacts:reports:junit`), Jenkins and Azure DevOps read
 * it, in the shape of ESLint's junit formatter:
 *
 *   <testsuites name="sls-lint" tests="3" failures="2" errors="1" skipped="0" time="0">
 *     <testsuite name="serverless.yml" tests="2" failures="2" errors="0" skipped="0" time="0">
 *       <testcase classname="iam/no-wildcard-action" name="serverless.yml:11 iam/no-wildcard-action" file="serverless.yml" time="0">
 *         <failure message="Unexpected …" type="error">Unexpected …&#10;at serverless.yml:11:19 …</failure>
 *       </testcase>
 *
 * - One suite per file with findings (its path from the repository root), one case per finding, every
 *   level a `<failure>` with the level as its `type`; notices without a file form a `general` suite.
 * - Error-level tool notices (a file skipped, a parse error, a rule crash: part of the project was
 *   not linted) are failed cases too, as JUnit `<error>`s — the check could not run — counted in
 *   `errors`. Lower notices are information and left out.
 * - Suppressed findings and, with --baseline, the known ones are `<skipped>` cases with the reason.
 * - A run with no case at all writes one passing case, so a CI reads "1 passed", not "no tests".
 * - Times are 0 (no clock: the same input gives the same bytes); text is escaped for XML 1.0, with
 *   control characters it cannot hold made visible.
 */
import type { Loc, Severity } from '../core/types.js';
import type { Diagnostic, RunResult } from '../engine/result.js';
import { cmp, compareRows, message, normalizeLoc, repositoryFile, severityOf } from './common.js';
import { GENERAL_GROUP } from './text.js';
import { escapeMarkup } from './xml.js';

interface Case {
  classname: string;
  name: string;
  /** the path from the repository root (GitLab shows it with the case) */
  file?: string;
  loc?: Loc;
  /** for sorting within the suite */
  id: string;
  message: string;
  outcome: { kind: 'failure' | 'error'; type: string; body: string } | { kind: 'skipped'; reason: string };
}

const SUPPRESSION_LABEL = { inline: 'inline comment', metadata: 'CloudFormation Metadata', config: 'configuration' } as const;

function position(result: RunResult, loc: Loc): string {
  const file = repositoryFile(result, loc.file);
  const end = loc.endLine === loc.line ? `${loc.endColumn}` : `${loc.endLine}:${loc.endColumn}`;
  return `${file}:${loc.line}:${loc.column}-${end}`;
}

function findingCase(result: RunResult, d: Diagnostic, help: Map<string, string>, skipped?: string): Case {
  const loc = normalizeLoc(d.loc);
  const file = repositoryFile(result, loc.file);
  const severity: Severity = severityOf(d.severity);
  const text = message(result, d.message);
  const body = [text, `at ${position(result, loc)}`, `rule: ${d.ruleId} (${severity})`];
  const docs = help.get(d.ruleId);
  if (docs) body.push(`docs: ${docs}`);
  return {
    classname: d.ruleId,
    name: `${file}:${loc.line} ${d.ruleId}`,
    file,
    loc,
    id: d.ruleId,
    message: text,
    outcome: skipped === undefined ? { kind: 'failure', type: severity, body: body.join('\n') } : { kind: 'skipped', reason: skipped },
  };
}

function suppressedReason(result: RunResult, d: Diagnostic): string {
  const s = d.suppression!;
  const label = SUPPRESSION_LABEL[s.kind] ?? 'configuration';
  return `suppressed (${label})${s.reason ? `: ${message(result, s.reason)}` : ''}`;
}

function testcase(c: Case): string {
  const file = c.file === undefined ? '' : ` file="${escapeMarkup(c.file, true)}"`;
  const head = `    <testcase classname="${escapeMarkup(c.classname, true)}" name="${escapeMarkup(c.name, true)}"${file} time="0">`;
  const o = c.outcome;
  const inner =
    o.kind === 'skipped'
      ? `<skipped message="${escapeMarkup(o.reason, true)}"/>`
      : `<${o.kind} message="${escapeMarkup(c.message, true)}" type="${escapeMarkup(o.type, true)}">${escapeMarkup(o.body)}</${o.kind}>`;
  return `${head}\n      ${inner}\n    </testcase>`;
}

function counts(cases: Case[]): { tests: number; failures: number; errors: number; skipped: number } {
  const n = { tests: cases.length, failures: 0, errors: 0, skipped: 0 };
  for (const c of cases) {
    if (c.outcome.kind === 'failure') n.failures++;
    else if (c.outcome.kind === 'error') n.errors++;
    else n.skipped++;
  }
  return n;
}

function countAttributes(n: ReturnType<typeof counts>): string {
  return `tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}" time="0"`;
}

export function formatJunit(result: RunResult): string {
  const help = new Map(result.rules.map((r) => [r.meta.id, r.helpUri]));
  const suites = new Map<string, Case[]>();
  const add = (suite: string, c: Case) => {
    let list = suites.get(suite);
    if (!list) suites.set(suite, (list = []));
    list.push(c);
  };
  for (const d of result.diagnostics) {
    const c = findingCase(result, d, help, d.suppression ? suppressedReason(result, d) : undefined);
    add(repositoryFile(result, c.loc!.file), c);
  }
  for (const d of result.baselineKnown ?? []) {
    const c = findingCase(result, d, help, 'in the baseline');
    add(repositoryFile(result, c.loc!.file), c);
  }
  for (const n of result.notices) {
    if (severityOf(n.level) !== 'error') continue;
    const loc = n.loc ? normalizeLoc(n.loc) : undefined;
    const file = loc ? repositoryFile(result, loc.file) : GENERAL_GROUP;
    const text = message(result, n.message);
    const id = n.ruleId ? `${n.id} (${n.ruleId})` : n.id;
    const body = [text, ...(loc ? [`at ${position(result, loc)}`] : []), `notice: ${id}; this part of the project was not linted`];
    add(file, {
      classname: `sls-lint/${n.id}`,
      name: loc ? `${file}:${loc.line} ${n.id}` : `${GENERAL_GROUP} ${id}`,
      ...(loc ? { file, loc } : {}),
      id: n.id,
      message: text,
      outcome: { kind: 'error', type: n.id, body: body.join('\n') },
    });
  }
  if (!suites.size) {
    // one passing case: CI reads "1 passed" instead of "no tests found"
    const none = countAttributes({ tests: 1, failures: 0, errors: 0, skipped: 0 });
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="sls-lint" ${none}>`,
      `  <testsuite name="sls-lint" ${none}>`,
      '    <testcase classname="sls-lint" name="no problems" time="0"/>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n');
  }

  const names = [...suites.keys()].sort((a, b) => (a === GENERAL_GROUP ? 1 : b === GENERAL_GROUP ? -1 : cmp(a, b)));
  const body: string[] = [];
  const all: Case[] = [];
  for (const name of names) {
    const cases = suites.get(name)!.sort((a, b) => compareRows(a, b) || cmp(a.name, b.name));
    all.push(...cases);
    body.push(`  <testsuite name="${escapeMarkup(name, true)}" ${countAttributes(counts(cases))}>`);
    for (const c of cases) body.push(testcase(c));
    body.push('  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sls-lint" ${countAttributes(counts(all))}>`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

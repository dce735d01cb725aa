import { describe, expect, it } from 'vitest';
import { applySuppressions, parseDirective, type SuppressOptions } from '../../src/engine/suppress.js';
import { closestId } from '../../src/config/config.js';
import { parseJson } from '../../src/parse/json.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { parseSource } from '../../src/code/parse.js';
import type { Diagnostic } from '../../src/engine/result.js';
import type { Project, Resource } from '../../src/model/types.js';
import type { MapNode } from '../../src/core/types.js';

const KNOWN = ['iam/no-wildcard-action', 'iam/no-admin-policy', 'secrets/no-hardcoded-secret', 'secrets/no-plaintext-env'];

/** A project of the given files, their comments collected by the real parsers. */
function project(files: Record<string, string>): Project {
  const p: Project = { srcRoot: '/x', apps: [], sourceFiles: [], textFiles: [], files: new Map() };
  for (const [file, text] of Object.entries(files)) {
    if (/\.[jt]s$/.test(file)) {
      const r = parseSource(file, text);
      if ('error' in r) throw new Error(r.error.message);
      p.files.set(file, { lines: r.file.lines, comments: r.file.comments });
    } else {
      const { doc } = file.endsWith('.json') ? parseJson(file, text) : parseYaml(file, text);
      p.files.set(file, { lines: doc.lines, comments: doc.comments });
    }
  }
  return p;
}

const diag = (file: string, line: number, ruleId: string, column = 1): Diagnostic => ({
  ruleId,
  messageId: 'm',
  message: 'm',
  severity: 'error',
  loc: { file, line, column, endLine: line, endColumn: column + 1 },
  fingerprint: `${file}:${line}:${ruleId}`,
});

const ALL: SuppressOptions = { knownIds: KNOWN, closest: closestId, ranIds: new Set(KNOWN), reportUnused: 'error', requireReason: true };

/** `file:line:col-endLine:endCol id level message` of each notice, sorted. */
function notices(p: Project, diags: Diagnostic[], opts: SuppressOptions = ALL): string[] {
  return applySuppressions(diags, p, opts)
    .map((n) => `${n.loc!.file}:${n.loc!.line}:${n.loc!.column}-${n.loc!.endLine}:${n.loc!.endColumn} ${n.id} ${n.level} ${n.message}`)
    .sort();
}

describe('parseDirective', () => {
  it('reads the kind, the ids (commas or spaces) and the reason', () => {
    expect(parseDirective('sls-lint-disable-next-line iam/a, iam/* secrets/b -- why not', 3)).toEqual({
      kind: 'next-line',
      ids: ['iam/a', 'iam/*', 'secrets/b'],
      reason: 'why not',
      line: 3,
    });
    expect(parseDirective('sls-lint-disable-file --', 1)).toEqual({ kind: 'file', ids: [], reason: undefined, line: 1 });
    expect(parseDirective('sls-lint-disable iam/a', 1)).toBeNull();
  });
});

describe('applySuppressions: unknown rule ids', () => {
  it('locates an unknown id exactly in a YAML comment and suggests the closest known one', () => {
    const yaml = 'a:\n  # sls-lint-disable-next-line iam/no-wildcard-actoin, iam/no-such-thing-at-all -- r\n  b: 1\n';
    const p = project({ 'serverless.yml': yaml });
    const col = yaml.split('\n')[1]!.indexOf('iam/no-wildcard-actoin') + 1;
    expect(notices(p, [], { knownIds: KNOWN, closest: closestId })).toEqual([
      `serverless.yml:2:${col}-2:${col + 'iam/no-wildcard-actoin'.length} unknown-rule-id warning unknown rule id "iam/no-wildcard-actoin" in a disable comment; did you mean "iam/no-wildcard-action"?`,
      `serverless.yml:2:${col + 24}-2:${col + 24 + 'iam/no-such-thing-at-all'.length} unknown-rule-id warning unknown rule id "iam/no-such-thing-at-all" in a disable comment`,
    ]);
  });

  it('reports a family that matches no rule, with the closest family; a known family is silent', () => {
    const p = project({ 'a.json': '{\n  "a": 1 // sls-lint-disable-line iaam/*, secrets/* -- r\n}\n' });
    expect(notices(p, [], { knownIds: KNOWN, closest: closestId })).toEqual([
      'a.json:2:35-2:41 unknown-rule-id warning unknown rule id "iaam/*" in a disable comment; did you mean "iam/*"?',
    ]);
  });

  it('knows a rule that did not run (known ids are every registered rule)', () => {
    const p = project({ 'a.yml': 'a: 1 # sls-lint-disable-line secrets/no-plaintext-env -- r\n' });
    expect(
      notices(p, [], { knownIds: KNOWN, closest: closestId, ranIds: new Set(['iam/no-admin-policy']), reportUnused: 'warning' }),
    ).toEqual([]);
  });

  it('locates an id on the second line of a block comment', () => {
    const p = project({ 'src/a.ts': 'const a = 1;\n/* sls-lint-disable-next-line\n   iam/nope -- r */\nconst b = 2;\n' });
    expect(notices(p, [], { knownIds: KNOWN, closest: closestId })).toEqual([
      'src/a.ts:3:4-3:12 unknown-rule-id warning unknown rule id "iam/nope" in a disable comment',
    ]);
  });
});

describe('applySuppressions: unused directives', () => {
  const yaml = [
    'a:', // 1
    '  # sls-lint-disable-next-line iam/no-wildcard-action, iam/no-admin-policy -- r', // 2
    '  b: 1', // 3
    '  c: 2 # sls-lint-disable-line -- r', // 4
    '  d: 3 # sls-lint-disable-line iam/* -- r', // 5
    '',
  ].join('\n');

  it('reports each id that suppressed nothing at the id, a directive without ids at the directive', () => {
    const p = project({ 'serverless.yml': yaml });
    const d = [diag('serverless.yml', 3, 'iam/no-wildcard-action')];
    expect(notices(p, d)).toEqual([
      'serverless.yml:2:56-2:75 unused-directive error unused sls-lint-disable-next-line (no finding of iam/no-admin-policy was suppressed)',
      'serverless.yml:4:10-4:36 unused-directive error unused sls-lint-disable-line (no finding was suppressed)',
      'serverless.yml:5:32-5:37 unused-directive error unused sls-lint-disable-line (no finding of iam/* was suppressed)',
    ]);
    expect(d[0]!.suppression).toEqual({ kind: 'inline', reason: 'r' });
  });

  it('is silent for directives that suppressed a finding', () => {
    const p = project({ 'serverless.yml': yaml });
    const d = [
      diag('serverless.yml', 3, 'iam/no-wildcard-action'),
      diag('serverless.yml', 3, 'iam/no-admin-policy'),
      diag('serverless.yml', 4, 'secrets/no-plaintext-env'),
      diag('serverless.yml', 5, 'iam/no-admin-policy'),
    ];
    expect(notices(p, d)).toEqual([]);
    expect(d.every((x) => x.suppression?.kind === 'inline')).toBe(true);
  });

  it('judges only ids of rules that ran, and nothing when the level is off or the file did not parse', () => {
    const p = project({ 'serverless.yml': yaml });
    expect(notices(p, [], { ...ALL, requireReason: false, ranIds: new Set(['secrets/no-plaintext-env']) })).toEqual([
      'serverless.yml:4:10-4:36 unused-directive error unused sls-lint-disable-line (no finding was suppressed)',
    ]);
    expect(notices(p, [], { ...ALL, requireReason: false, reportUnused: 'off' })).toEqual([]);
    expect(notices(p, [], { ...ALL, requireReason: false, unjudged: new Set(['serverless.yml']) })).toEqual([]);
  });

  it('counts the narrowest directive as used when a file directive also covers the finding', () => {
    const p = project({
      'src/a.ts':
        '// sls-lint-disable-file secrets/* -- fixtures\nconst k = 1; // sls-lint-disable-line secrets/no-hardcoded-secret -- r\n',
    });
    const d = [diag('src/a.ts', 2, 'secrets/no-hardcoded-secret')];
    expect(notices(p, d)).toEqual([
      'src/a.ts:1:26-1:35 unused-directive error unused sls-lint-disable-file (no finding of secrets/* was suppressed)',
    ]);
    expect(d[0]!.suppression).toEqual({ kind: 'inline', reason: 'r' });
  });

  it('treats a block comment recorded on every line it covers as one directive', () => {
    const p = project({ 'src/a.ts': '/* sls-lint-disable-line\n   secrets/no-hardcoded-secret -- r */\nconst b = 2;\n' });
    // it covers lines 1 and 2: a finding on line 2 uses it, and it is reported once when unused
    expect(notices(p, [diag('src/a.ts', 2, 'secrets/no-hardcoded-secret')])).toEqual([]);
    expect(notices(p, [])).toEqual([
      'src/a.ts:2:4-2:31 unused-directive error unused sls-lint-disable-line (no finding of secrets/no-hardcoded-secret was suppressed)',
    ]);
  });

  it('reports CloudFormation Metadata ignores that suppressed nothing at their id', () => {
    const yaml = [
      'Resources:', // 1
      '  Fn:', // 2
      '    Type: AWS::Lambda::Function', // 3
      '    Metadata:', // 4
      '      sls-lint:', // 5
      '        ignore:', // 6
      '          - id: iam/no-wildcard-action', // 7
      '            reason: reviewed', // 8
      '          - iam/no-admin-polcy', // 9
      '          - iam/no-admin-policy', // 10
      '',
    ].join('\n');
    const p = project({ 'template.yaml': yaml });
    const { doc } = parseYaml('template.yaml', yaml);
    const node = (doc.root as MapNode).entries[0]!.value as MapNode;
    const fnNode = node.entries[0]!.value as MapNode;
    const resource = {
      id: 'Fn',
      idLoc: node.entries[0]!.keyLoc,
      node: fnNode,
      ignore: [{ id: 'iam/no-wildcard-action', reason: 'reviewed' }, { id: 'iam/no-admin-polcy' }, { id: 'iam/no-admin-policy' }],
    } as unknown as Resource;
    p.apps.push({ resources: [resource] } as unknown as Project['apps'][number]);
    const d = [diag('template.yaml', 3, 'iam/no-wildcard-action', 11)];
    expect(notices(p, d)).toEqual([
      'template.yaml:10:13-10:32 missing-reason warning Metadata sls-lint ignore of resource Fn has no reason; add a "reason" to it',
      'template.yaml:10:13-10:32 unused-directive error unused Metadata sls-lint ignore of resource Fn (no finding of iam/no-admin-policy was suppressed)',
      'template.yaml:9:13-9:31 missing-reason warning Metadata sls-lint ignore of resource Fn has no reason; add a "reason" to it',
      'template.yaml:9:13-9:31 unknown-rule-id warning unknown rule id "iam/no-admin-polcy" in a Metadata sls-lint ignore; did you mean "iam/no-admin-policy"?',
    ]);
    expect(d[0]!.suppression).toEqual({ kind: 'metadata', reason: 'reviewed' });
  });
});

describe('applySuppressions: requireSuppressionReason', () => {
  it('reports a directive without a reason at the directive, in YAML, JSON and code', () => {
    const p = project({
      'a.yml': 'a: 1 # sls-lint-disable-line iam/no-wildcard-action\nb: 2 # sls-lint-disable-line iam/no-wildcard-action --   \n',
      'b.json': '{\n  // sls-lint-disable-next-line\n  "a": 1\n}\n',
      'src/c.ts': 'const k = 1; // sls-lint-disable-line secrets/*, iam/no-admin-policy -- a reason\n',
    });
    expect(notices(p, [], { ...ALL, reportUnused: 'off' })).toEqual([
      'a.yml:1:8-1:52 missing-reason warning sls-lint-disable-line has no reason; say why after "--"',
      'a.yml:2:8-2:52 missing-reason warning sls-lint-disable-line has no reason; say why after "--"',
      'b.json:2:6-2:32 missing-reason warning sls-lint-disable-next-line has no reason; say why after "--"',
    ]);
    expect(notices(p, [], { ...ALL, reportUnused: 'off', requireReason: false })).toEqual([]);
  });
});

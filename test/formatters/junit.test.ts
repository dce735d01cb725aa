import { describe, expect, it } from 'vitest';
import { formatJunit } from '../../src/formatters/junit.js';
import type { Diagnostic } from '../../src/engine/result.js';
import { parseXml, type XmlElement } from '../helpers/xml.js';
import { DIAGNOSTICS, makeResult, SECRET_KEY, SECRET_PASSWORD } from './fixture.js';

const DOCS = 'https://github.com/sls-lint/sls-lint/blob/main/rules';

/** Suites as [name, tests, failures, errors, skipped, [case name, classname, outcome, type/message]…]. */
function shape(root: XmlElement) {
  return root.children.map((s) => ({
    name: s.attrs.name,
    counts: [s.attrs.tests, s.attrs.failures, s.attrs.errors, s.attrs.skipped].map(Number),
    cases: s.children.map((c) => {
      expect(c.name).toBe('testcase');
      const o = c.children[0];
      return [c.attrs.name, c.attrs.classname, o?.name ?? 'passed', o?.attrs.type ?? o?.attrs.message ?? ''];
    }),
  }));
}

describe('junit formatter', () => {
  const xml = formatJunit(makeResult({ repositoryPath: 'services/orders' }));
  const root = parseXml(xml);

  it('is well-formed XML with the counts of every case', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toEqual({ name: 'sls-lint', tests: '8', failures: '5', errors: '1', skipped: '2', time: '0' });
  });

  it('one suite per file (path from the repository root), one case per finding, notices as errors', () => {
    expect(shape(root)).toEqual([
      {
        name: 'services/orders/resources/extra.yml',
        counts: [1, 0, 1, 0],
        cases: [['services/orders/resources/extra.yml:3 parse-error', 'sls-lint/parse-error', 'error', 'parse-error']],
      },
      {
        name: 'services/orders/serverless.yml',
        counts: [5, 4, 0, 1],
        cases: [
          ['services/orders/serverless.yml:4 coldstart/no-aws-sdk-v2', 'coldstart/no-aws-sdk-v2', 'skipped', 'suppressed (configuration)'],
          ['services/orders/serverless.yml:6 secrets/no-hardcoded-secret', 'secrets/no-hardcoded-secret', 'failure', 'error'],
          ['services/orders/serverless.yml:10 iam/no-wildcard-action', 'iam/no-wildcard-action', 'failure', 'error'],
          ['services/orders/serverless.yml:11 iam/no-wildcard-action', 'iam/no-wildcard-action', 'failure', 'error'],
          ['services/orders/serverless.yml:16 cost/max-timeout', 'cost/max-timeout', 'failure', 'warning'],
        ],
      },
      {
        name: 'services/orders/src/handler.ts',
        counts: [2, 1, 0, 1],
        cases: [
          ['services/orders/src/handler.ts:1 coldstart/no-aws-sdk-v2', 'coldstart/no-aws-sdk-v2', 'failure', 'note'],
          [
            'services/orders/src/handler.ts:2 secrets/no-hardcoded-secret',
            'secrets/no-hardcoded-secret',
            'skipped',
            'suppressed (inline comment): test fixture key',
          ],
        ],
      },
    ]);
  });

  it('a case names its file, as GitLab shows it', () => {
    expect(root.children.map((s) => s.children.map((c) => c.attrs.file))).toEqual([
      ['services/orders/resources/extra.yml'],
      Array(5).fill('services/orders/serverless.yml'),
      Array(2).fill('services/orders/src/handler.ts'),
    ]);
  });

  it('a failure carries the message, the location and the docs link', () => {
    const failure = root.children[1]!.children[2]!.children[0]!;
    expect(failure.attrs.message).toBe('Allow statement grants every action on every resource; scope it to the calls the function makes');
    expect(failure.text).toBe(
      [
        'Allow statement grants every action on every resource; scope it to the calls the function makes',
        'at services/orders/serverless.yml:10:11-12:24',
        'rule: iam/no-wildcard-action (error)',
        `docs: ${DOCS}/iam/no-wildcard-action/README.md`,
      ].join('\n'),
    );
    const error = root.children[0]!.children[0]!.children[0]!;
    expect(error.text).toBe(
      [
        'YAML: Nested mappings are not allowed in compact mappings',
        'at services/orders/resources/extra.yml:3:11-29',
        'notice: parse-error; this part of the project was not linted',
      ].join('\n'),
    );
  });

  it('only error-level notices are cases; one without a file goes to the general suite, last', () => {
    const r = makeResult({
      notices: [{ id: 'rule-error', level: 'error', message: 'rule x/y failed on project: boom', ruleId: 'x/y' }, ...makeResult().notices],
    });
    const suites = parseXml(formatJunit(r)).children;
    expect(suites.map((s) => s.attrs.name)).toEqual(['resources/extra.yml', 'serverless.yml', 'src/handler.ts', 'general']);
    expect(shape(parseXml(formatJunit(r)))[3]!.cases).toEqual([['general rule-error (x/y)', 'sls-lint/rule-error', 'error', 'rule-error']]);
    expect(suites[3]!.children[0]!.attrs.file).toBeUndefined();
  });

  it('baselined findings are skipped cases', () => {
    const known: Diagnostic = { ...DIAGNOSTICS[4]!, fingerprint: 'f0' };
    const r = makeResult({ diagnostics: [], notices: [], baselineKnown: [known], baselined: 1 });
    expect(shape(parseXml(formatJunit(r)))).toEqual([
      {
        name: 'serverless.yml',
        counts: [1, 0, 0, 1],
        cases: [['serverless.yml:16 cost/max-timeout', 'cost/max-timeout', 'skipped', 'in the baseline']],
      },
    ]);
  });

  it('a clean run is one passing case, not an empty report', () => {
    const out = formatJunit(makeResult({ diagnostics: [], notices: [] }));
    const r = parseXml(out);
    expect(r.attrs).toMatchObject({ tests: '1', failures: '0', errors: '0', skipped: '0' });
    expect(shape(r)).toEqual([{ name: 'sls-lint', counts: [1, 0, 0, 0], cases: [['no problems', 'sls-lint', 'passed', '']] }]);
  });

  it('escapes markup and makes characters XML 1.0 cannot hold visible', () => {
    const nasty = 'a<b>&"c\'\u0000\u0001\u001b[31m\u0008\uFFFE\uD800x\r\nnext\u202Eevil';
    const d: Diagnostic = {
      ...DIAGNOSTICS[1]!,
      ruleId: 'plugin/<x y="1">',
      message: nasty,
      loc: { ...DIAGNOSTICS[1]!.loc, file: 'dir/a&b<c>"\u0007.yml' },
    };
    const out = formatJunit(makeResult({ diagnostics: [d], notices: [] }));
    const r = parseXml(out); // throws on anything that is not well-formed
    const c = r.children[0]!.children[0]!;
    expect(r.children[0]!.attrs.name).toBe('dir/a&b<c>"\\u0007.yml');
    expect(c.attrs.classname).toBe('plugin/<x y="1">');
    const visible = 'a<b>&"c\'\\u0000\\u0001\\u001b[31m\\u0008\\ufffe\\ud800x\nnext\\u202eevil';
    expect(c.children[0]!.text.split('\n').slice(0, 2).join('\n')).toBe(visible);
    // in an attribute the line break is a character reference, so a reader keeps it
    expect(c.children[0]!.attrs.message).toBe(visible);
    expect(out).toContain('&#10;next');
  });

  it('masks secrets even when the redactor has work to do', () => {
    const d: Diagnostic = { ...DIAGNOSTICS[1]!, message: `leaked ${SECRET_PASSWORD} and ${SECRET_KEY}` };
    const out = formatJunit(makeResult({ diagnostics: [d] }));
    expect(out).not.toContain(SECRET_PASSWORD);
    expect(out).not.toContain(SECRET_KEY);
    expect(out).toContain('leaked **** and ****');
  });
});

describe('the XML checker used above', () => {
  it.each([
    ['<a><b></a></b>', '</a> closes <b>'],
    ['<a x="1" x="2"/>', 'given twice'],
    ['<a>&nbsp;</a>', 'unknown entity'],
    ['<a>a & b</a>', 'bare "&"'],
    ['<a x="<"/>', '"<" in attribute'],
    ['<a>\u0001</a>', 'illegal character'],
    ['<a>&#1;</a>', 'illegal character'],
    ['<a/><b/>', 'a second root'],
    ['<a>', 'not closed'],
    ['<a x=1/>', 'bad attribute'],
  ])('rejects %j', (xml, why) => {
    expect(() => parseXml(xml)).toThrow(why);
  });

  it('reads a well-formed document', () => {
    expect(parseXml('<?xml version="1.0"?>\n<a k=\'v&amp;w\'><b>x&lt;y&#65;</b><![CDATA[<raw>]]></a>\n')).toEqual({
      name: 'a',
      attrs: { k: 'v&w' },
      text: '<raw>',
      children: [{ name: 'b', attrs: {}, children: [], text: 'x<yA' }],
    });
  });
});

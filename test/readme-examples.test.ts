import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import templateRule from '../rules/_template/index.js';
import { ROOT } from './helpers/fixtures.js';
import { checkReadmeExamples, extractExamples } from './helpers/readme-examples.js';

/**
 * The `## Examples` of every rule README are real inputs: each block (or group of blocks) is written
 * to a temp directory and linted with only that rule; failing examples must be reported (with the
 * count they pin), passing ones must not. The convention is in rules/_template/README.md.
 */
const readmeOf = (id: string) => fs.readFileSync(path.join(ROOT, 'rules', ...id.split('/'), 'README.md'), 'utf8');

describe('rule README examples', () => {
  for (const rule of rules) {
    it(rule.meta.id, () => {
      const r = checkReadmeExamples(rule, readmeOf(rule.meta.id));
      expect(r.problems).toEqual([]);
      expect(r.checked.failing).toBeGreaterThanOrEqual(1);
      expect(r.checked.passing).toBeGreaterThanOrEqual(1);
    });
  }

  it('the template (copied for new rules) follows the convention', () => {
    const r = checkReadmeExamples(templateRule, fs.readFileSync(path.join(ROOT, 'rules/_template/README.md'), 'utf8'));
    expect(r.problems).toEqual([]);
    expect(r.checked.failing).toBeGreaterThanOrEqual(1);
    expect(r.checked.passing).toBeGreaterThanOrEqual(1);
  });

  it('finds at least one failing and one passing example in every rule README', () => {
    // counted from the READMEs themselves, so that this holds however the cases above are filtered
    const counts = rules.map((r) => {
      const { projects } = extractExamples(readmeOf(r.meta.id));
      return {
        id: r.meta.id,
        failing: projects.filter((p) => p.kind === 'failing').length,
        passing: projects.filter((p) => p.kind === 'passing').length,
      };
    });
    expect(counts.filter((c) => c.failing < 1 || c.passing < 1)).toEqual([]);
    // every rule folder is in the registry this loops over
    const folders = fs
      .readdirSync(path.join(ROOT, 'rules'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
      .flatMap((d) =>
        fs.readdirSync(path.join(ROOT, 'rules', d.name)).filter((n) => fs.existsSync(path.join(ROOT, 'rules', d.name, n, 'index.ts'))),
      );
    expect(rules.length).toBe(folders.length);
    expect(counts.reduce((n, c) => n + c.failing + c.passing, 0)).toBeGreaterThanOrEqual(2 * rules.length);
  });
});

const fence = '```';
const readme = (examples: string) => `# iam/template-rule\n\nText.\n\n## Examples\n\n${examples}\n## Options\n\nNone.\n`;
const big = `service: report\nprovider:\n  name: aws\nfunctions:\n  report:\n    handler: src/report.handler\n    memorySize: 10240\n`;
const small = `service: report\nprovider:\n  name: aws\nfunctions:\n  report:\n    handler: src/report.handler\n    memorySize: 1024\n`;

describe('the README example check', () => {
  it('passes a README whose examples hold', () => {
    const r = checkReadmeExamples(
      templateRule,
      readme(
        `Failing:\n\n${fence}yaml serverless.yml expect=1\n${big}${fence}\n\nPassing:\n\n${fence}yaml serverless.yml\n${small}${fence}\n`,
      ),
    );
    expect(r).toEqual({ problems: [], checked: { failing: 1, passing: 1 } });
  });

  it('fails a failing example the rule does not report', () => {
    const r = checkReadmeExamples(
      templateRule,
      readme(
        `Failing:\n\n${fence}yaml serverless.yml expect=1\n${small}${fence}\n\nPassing:\n\n${fence}yaml serverless.yml\n${small}${fence}\n`,
      ),
    );
    expect(r.problems).toEqual([
      'failing example at README line 9 (serverless.yml): iam/template-rule reports nothing',
      'failing example at README line 9 (serverless.yml): serverless.yml expects 1 finding(s) of iam/template-rule, got 0: ',
    ]);
  });

  it('fails a wrong pinned count, a passing example that is reported and a failing one that pins no count', () => {
    const r = checkReadmeExamples(
      templateRule,
      readme(
        `Failing:\n\n${fence}yaml serverless.yml expect=2\n${big}${fence}\n\n${fence}yaml other.yml\n${small}${fence}\n\nPassing:\n\n${fence}yaml serverless.yml\n${big}${fence}\n`,
      ),
    );
    expect(r.problems).toEqual([
      'failing example at README line 9 (serverless.yml): serverless.yml expects 2 finding(s) of iam/template-rule, got 1: serverless.yml:7',
      'failing example at README line 19 (other.yml): iam/template-rule reports nothing',
      'failing example at README line 19 (other.yml): no block pins a count (expect=N)',
      'passing example at README line 31 (serverless.yml): iam/template-rule reports serverless.yml:7',
    ]);
  });

  it('fails an example that does not parse (an error notice)', () => {
    const r = checkReadmeExamples(
      templateRule,
      readme(
        `Failing:\n\n${fence}yaml serverless.yml expect=1\n${big}${fence}\n\nPassing:\n\n${fence}yaml serverless.yml\nfunctions: [\n${fence}\n`,
      ),
    );
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(
      /^passing example at README line 21 \(serverless\.yml\): error notice parse-error at serverless\.yml:\d+: /,
    );
  });

  it('fails a README without examples, or without a failing one', () => {
    expect(checkReadmeExamples(templateRule, '# x\n\n## Why is this bad?\n\nText.\n').problems).toEqual([
      'the README has no "## Examples" section',
      'no "Failing:" example',
      'no "Passing:" example',
    ]);
    expect(checkReadmeExamples(templateRule, readme(`Passing:\n\n${fence}yaml serverless.yml\n${small}${fence}\n`)).problems).toEqual([
      'no "Failing:" example',
    ]);
  });

  it('reads the options of a rule from a `.sls-lint.yml` block of the project', () => {
    const config = `rules:\n  iam/template-rule: [warning, { max: 16384 }]\n`;
    const r = checkReadmeExamples(
      templateRule,
      readme(
        `Failing:\n\n${fence}yaml serverless.yml expect=1\n${big}${fence}\n\nPassing (with max: 16384):\n\n${fence}yaml serverless.yml\n${big}${fence}\n\n${fence}yaml .sls-lint.yml +\n${config}${fence}\n`,
      ),
    );
    expect(r).toEqual({ problems: [], checked: { failing: 1, passing: 1 } });
  });

  it('groups blocks marked "+" into one project and reads the info string', () => {
    const r = extractExamples(
      readme(
        `Failing:\n\n${fence}yaml serverless.yml\na: 1\n${fence}\n\n${fence}js src/handler.js expect=2 +\nx\n${fence}\n\nPassing:\n\n${fence}yaml template.yaml\nb: 2\n${fence}\n`,
      ),
    );
    expect(r.problems).toEqual([]);
    expect(r.projects).toEqual([
      {
        kind: 'failing',
        files: [
          { name: 'serverless.yml', text: 'a: 1\n', line: 9 },
          { name: 'src/handler.js', text: 'x\n', line: 13, expect: 2 },
        ],
      },
      { kind: 'passing', files: [{ name: 'template.yaml', text: 'b: 2\n', line: 19 }] },
    ]);
  });

  it('reports blocks that break the convention', () => {
    const r = extractExamples(
      readme(
        `${fence}yaml serverless.yml\na: 1\n${fence}\n\nFailing:\n\n${fence}yaml\na: 1\n${fence}\n\n${fence}yaml ../x.yml\na: 1\n${fence}\n\nPassing:\n\n${fence}yaml a.yml +\na: 1\n${fence}\n\n${fence}yaml b.yml expect=one\na: 1\n${fence}\n\n  ${fence}yaml c.yml\n  a: 1\n  ${fence}\n\n~~~yaml d.yml\na: 1\n~~~\n\n<!--\n${fence}yaml e.yml\n-->\n`,
      ),
    );
    expect(r.problems).toEqual([
      'line 7: code block before any "Failing:" or "Passing:" line',
      'line 13: code block names no file (```<language> <file name>)',
      'line 17: file name "../x.yml" leaves the project',
      'line 23: "+" but no block of the same kind before it',
      'line 27: unknown word "expect=one" in the code block\'s info string',
      'line 31: write code blocks with ``` at the start of the line',
      'line 33: write code blocks with ``` at the start of the line',
      'line 35: write code blocks with ``` at the start of the line',
      'line 37: write code blocks with ``` at the start of the line',
    ]);
  });
});

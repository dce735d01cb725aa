import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunFunction } from '../../src/engine/functions.js';
import type { Diagnostic } from '../../src/engine/result.js';
import { formatHtml, functionsOfFinding, UNTIED_GROUP } from '../../src/formatters/html.js';
import { DIAGNOSTICS, makeResult, SECRET_KEY, SECRET_PASSWORD } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.log(`html.test.ts: ${CHROMIUM} not found, the rendering tests are skipped (apt-get install chromium)`);

const region = (line: number, endLine: number, file = 'serverless.yml') => ({ file, line, column: 3, endLine, endColumn: 20 });
const API: RunFunction = {
  id: 'api',
  name: 'orders-api-dev-api',
  platform: 'aws',
  origin: 'serverless',
  manifest: 'serverless.yml',
  region: region(14, 20),
  handler: 'src/handler.main',
  entryFile: 'src/handler.ts',
};
const WORKER: RunFunction = {
  id: 'Worker',
  name: 'Worker',
  platform: 'aws',
  origin: 'sam',
  manifest: 'template.yaml',
  region: region(3, 9, 'template.yaml'),
  handler: 'worker.handler',
};
const HOSTILE = `<script>alert("x&y's")</script><img src=x onerror=alert(1)>`;
const HOSTILE_RULE = 'plugin/x" onmouseover="alert(1)';

function hostileResult() {
  const d: Diagnostic = {
    ...DIAGNOSTICS[4]!,
    ruleId: HOSTILE_RULE,
    message: `${HOSTILE} "&' and ${SECRET_PASSWORD}`,
  };
  return makeResult({ diagnostics: [...DIAGNOSTICS, d], functions: [API, WORKER], configFile: '.sls-lint.yml' }, { redactedLines: false });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-html-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The page as Chromium built it (scripts could not run: the page's CSP forbids them, and it has none). */
function renderedDom(html: string): string {
  const file = path.join(tmp, `report-${fs.readdirSync(tmp).length}.html`);
  fs.writeFileSync(file, html);
  const profile = fs.mkdtempSync(path.join(tmp, 'profile-'));
  return execFileSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--dump-dom',
      `file://${file}`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 },
  );
}

/** Cell texts of the rows of the table with this id (tags stripped, entities of the dump decoded). */
function rows(dom: string, id: string): string[][] {
  const table = new RegExp(`<table id="${id}">([\\s\\S]*?)</table>`).exec(dom)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
      c[1]!
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&nbsp;/g, ' ')
        .replace(/&amp;/g, '&'),
    ),
  );
}

describe('html formatter', () => {
  it('assigns a finding to the function it is written in, or whose handler file it is in', () => {
    const fns = [API, WORKER, { ...WORKER, id: 'Other', region: region(12, 20, 'template.yaml'), entryFile: 'src/handler.ts' }];
    expect(functionsOfFinding(region(16, 16), fns).map((f) => f.id)).toEqual(['api']);
    expect(functionsOfFinding(region(6, 6), fns)).toEqual([]);
    expect(functionsOfFinding(region(1, 1, 'src/handler.ts'), fns).map((f) => f.id)).toEqual(['api', 'Other']);
    expect(functionsOfFinding(region(5, 5, 'template.yaml'), fns).map((f) => f.id)).toEqual(['Worker']);
  });

  it('escapes everything that comes from the project, and masks secrets', () => {
    const html = formatHtml(hostileResult());
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&amp;y&#39;s&quot;)&lt;/script&gt;');
    expect(html).toContain('data-rule="plugin/x&quot; onmouseover=&quot;alert(1)"');
    expect(html).not.toContain(SECRET_PASSWORD);
    expect(html).not.toContain(SECRET_KEY);
  });

  it('is self-contained: no script, nothing loaded, only https documentation links', () => {
    const html = formatHtml(hostileResult());
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    // no attribute that loads anything, no CSS that does
    expect(html).not.toMatch(/<[a-z][^<>]*\s(src|srcset|poster|data)=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.every((h) => h.startsWith('https://github.com/sls-lint/sls-lint/blob/main/rules/'))).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  });

  it('says what was analysed and, by reason, what was not; a run of nothing says so', () => {
    const coverage = {
      found: 2,
      manifests: 1,
      functions: 2,
      functionsWithCode: 1,
      codeFiles: 3,
      envFiles: 0,
      namedFiles: 0,
      contextManifests: 0,
      notAnalysed: [{ reason: 'other-runtime' as const, count: 1, detail: 'manifest rules apply', examples: ['<b>py</b> (python3.12)'] }],
    };
    const html = formatHtml({ ...hostileResult(), coverage });
    expect(html).toContain(
      '<ul id="coverage">\n<li>Analysed 1 manifest, 2 functions (1 with handler code), 3 code files</li>\n' +
        '<li>Not analysed: 1 function in other runtimes (&lt;b&gt;py&lt;/b&gt; (python3.12)): manifest rules apply</li>\n</ul>',
    );
    const nothing = { ...coverage, found: 0, manifests: 0, functions: 0, functionsWithCode: 0, codeFiles: 0, notAnalysed: [] };
    const empty = formatHtml({ ...hostileResult(), diagnostics: [], notices: [], coverage: nothing });
    expect(empty).toContain('<p class="verdict" id="verdict">Nothing analysed: no serverless.yml, SAM or CloudFormation template');
    expect(empty).not.toContain('id="coverage"');
  });

  it('says when the run did not list its functions', () => {
    expect(formatHtml(makeResult())).toContain('<p>The run did not list its functions.</p>');
    expect(formatHtml(makeResult({ functions: [] }))).toContain('<p>No function was found.</p>');
  });

  // rendered once for both tests below
  let rendered: string | undefined;
  const dom_ = (): string => (rendered ??= renderedDom(formatHtml(hostileResult())));

  it.skipIf(!hasChromium)('renders in Chromium: title, counts, function table, grouped findings, code frames', () => {
    const dom = dom_();
    expect(dom).toContain('<title>sls-lint report</title>');
    expect(dom).toContain('<p class="verdict" id="verdict">6 findings: 3 errors, 2 warnings, 1 note</p>');
    expect(rows(dom, 'levels')).toEqual([
      ['Error', '3'],
      ['Warning', '2'],
      ['Note', '1'],
    ]);
    expect(rows(dom, 'by-rule')).toEqual([
      ['iam/no-wildcard-action', '2', '0', '0'],
      ['secrets/no-hardcoded-secret', '1', '0', '0'],
      ['cost/max-timeout', '0', '1', '0'],
      [HOSTILE_RULE, '0', '1', '0'],
      ['coldstart/no-aws-sdk-v2', '0', '0', '1'],
    ]);
    expect(rows(dom, 'function-table')).toEqual([
      ['api (orders-api-dev-api)', 'aws (serverless)', 'serverless.yml:14', 'src/handler.main → src/handler.ts', '0', '2', '1'],
      ['Worker', 'aws (sam)', 'template.yaml:3', 'worker.handler (not found)', '0', '0', '0'],
    ]);
    expect(rows(dom, 'not-analysed')).toEqual([
      ['parse-error', 'resources/extra.yml:3:11', 'YAML: Nested mappings are not allowed in compact mappings'],
      [
        'rule-error (cost/max-timeout)',
        '—',
        'Rule "cost/max-timeout" crashed on function "api": TypeError: Cannot read properties of undefined',
      ],
    ]);
    const facts = Object.fromEntries([...dom.matchAll(/<dd data-fact="([^"]+)">([^<]*)<\/dd>/g)].map((m) => [m[1], m[2]]));
    expect(facts).toEqual({
      'Files scanned': '3',
      Functions: '2',
      'Rules run': '4',
      Config: '.sls-lint.yml',
      Suppressed: '2',
      'In the baseline': '4',
      'Tool notices': '3',
      'Not analysed': '2 problems',
    });
    // groups: the function first, then what belongs to no single function; rules sorted in each
    const groups = [...dom.matchAll(/<section class="group" data-group="([^"]*)">([\s\S]*?)<\/section>/g)].map((g) => [
      g[1],
      [...g[2]!.matchAll(/<summary>([^<]*)<\/summary>/g)].map((s) => s[1]!.replace(/&amp;/g, '&')),
    ]);
    expect(groups).toEqual([
      ['api (orders-api-dev-api)', ['coldstart/no-aws-sdk-v2 (1)', 'cost/max-timeout (1)', `${HOSTILE_RULE} (1)`]],
      [UNTIED_GROUP, ['iam/no-wildcard-action (2)', 'secrets/no-hardcoded-secret (1)']],
    ]);
    expect(dom).toContain('<pre class="frame">16 |     timeout: 900\n   |              <span class="mark">^^^</span></pre>');
  });

  it.skipIf(!hasChromium)('in Chromium, hostile text stays text: no element, no attribute from it', () => {
    const dom = dom_();
    // a serialised DOM writes `<` of a text node as &lt;: had the browser parsed markup, the dump
    // would hold a <script> and an <img> element instead
    expect(dom).not.toMatch(/<script|<img/i);
    expect(dom).toContain('&lt;script&gt;alert("x&amp;y\'s")&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; "&amp;\' and ****');
    // the rule id stayed inside its attribute value
    expect(dom).not.toMatch(/<[a-z][^<>]*\sonmouseover="/i);
    expect(dom).toContain('data-rule="plugin/x&quot; onmouseover=&quot;alert(1)"');
    expect(dom).not.toContain(SECRET_PASSWORD);
    expect(dom).not.toContain(SECRET_KEY);
  });
});

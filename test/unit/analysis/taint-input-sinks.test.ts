import { describe, expect, it } from 'vitest';
import { buildProject } from '../../../src/pipeline.js';
import { TaintAnalysis } from '../../../src/analysis/taint/engine.js';
import type { Flow } from '../../../src/analysis/taint/types.js';
import { escapesRegex, fixedOrigin } from '../../../src/analysis/taint/shapes.js';
import { parseSource } from '../../../src/code/parse.js';
import { tmpTree } from '../../helpers/tmp.js';

function flows(code: string): string[] {
  const dir = tmpTree({
    'serverless.yml':
      'service: t\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: src/h.handler\n    events:\n      - httpApi: GET /x\n',
    'src/h.mjs': code,
  });
  const { project } = buildProject({ srcRoot: dir, paths: [dir], ignore: [], stage: 'dev', allowEnv: false, env: {} });
  const out: Flow[] = new TaintAnalysis(project).analyseFunction(project.apps[0]!.functions[0]!);
  return out.map((f) => `${f.loc.line} ${f.class} ${f.source}`);
}

describe('taint: facts of the input sink classes', () => {
  it('a constant origin with its slash fixes the host; a scheme or host built from the event does not', () => {
    expect(fixedOrigin('https://api.example.com/items/')).toBe(true);
    expect(fixedOrigin('https://api.example.com?q=')).toBe(true);
    expect(fixedOrigin('/app/')).toBe(true);
    expect(fixedOrigin('https://api.example.com')).toBe(false); // `.evil.com` can follow
    expect(fixedOrigin('https://')).toBe(false);
    expect(fixedOrigin('//')).toBe(false);
    expect(fixedOrigin('/')).toBe(false); // `/` + `/evil.com`
    expect(fixedOrigin('https://user@')).toBe(false);
  });

  it('recognises a replace() that escapes every regular-expression metacharacter', () => {
    const arg = (src: string) => {
      const r = parseSource('x.js', `s.replace(${src}, '\\\\$&')`);
      const st = ('file' in r ? r.file.ast.body[0] : undefined) as any;
      return st.expression.arguments[0];
    };
    expect(escapesRegex(arg('/[.*+?^${}()|[\\]\\\\]/g'))).toBe(true);
    expect(escapesRegex(arg('/[-[\\]{}()*+?.,\\\\^$|#\\s]/g'))).toBe(true);
    expect(escapesRegex(arg('/[.*+?]/g'))).toBe(false);
    expect(escapesRegex(arg('/[.*+?^${}()|[\\]\\\\]/'))).toBe(false); // only the first one
  });

  it('clears a concatenation for URL sinks only when the text before the tainted part fixes the host', () => {
    const got = flows(
      [
        'export const handler = async (event) => {',
        '  const q = event.queryStringParameters;',
        '  await fetch(`https://api.example.com/${q.a}`);', // 3
        '  await fetch("https://" + q.b + "/x");', // 4
        '  await fetch(`${process.env.API}/${q.c}`);', // 5
        '  await fetch(`${process.env.API}${q.d}`);', // 6
        '};',
      ].join('\n'),
    );
    expect(got).toEqual(['4 url event.queryStringParameters.b', '6 url event.queryStringParameters.d']);
  });

  it('a string is never an operator object; JSON.parse of one may be', () => {
    const got = flows(
      [
        "import { MongoClient } from 'mongodb';",
        'const c = new MongoClient("x").db("d").collection("c");',
        'export const handler = async (event) => {',
        '  await c.find({ a: event.queryStringParameters.a });', // 4
        '  await c.find({ b: JSON.parse(event.queryStringParameters.b) });', // 5
        '  await c.find({ c: `${event.body}` });', // 6
        '};',
      ].join('\n'),
    );
    expect(got).toEqual(['5 nosql-filter event.queryStringParameters.b']);
  });

  it('a guard proves one sink class, not all of them', () => {
    const got = flows(
      [
        "import fs from 'fs';",
        'const BASE = process.env.DATA_DIR;',
        'export const handler = async (event) => {',
        '  const p = event.queryStringParameters.p;',
        '  if (!p.startsWith(BASE)) return;',
        '  fs.readFileSync(p);', // 6: contained
        '  await fetch(p);', // 7: still a URL from the request
        '};',
      ].join('\n'),
    );
    expect(got).toEqual(['7 url event.queryStringParameters.p']);
  });
});

import { describe, expect, it } from 'vitest';
import { buildProject } from '../../../src/pipeline.js';
import { TaintAnalysis } from '../../../src/analysis/taint/engine.js';
import { tmpTree } from '../../helpers/tmp.js';

/** The unvalidated uses of function `f` (handler `src/h.handler`, GET /x) as `file:line:col source`. */
function uses(files: Record<string, string>): string[] {
  const dir = tmpTree({
    'serverless.yml': [
      'service: t',
      'provider:',
      '  name: aws',
      'functions:',
      '  f:',
      '    handler: src/h.handler',
      '    events:',
      '      - httpApi: GET /x',
    ].join('\n'),
    ...files,
  });
  const p = buildProject({ srcRoot: dir, paths: [dir], ignore: [], stage: 'dev', allowEnv: false, env: {} }).project;
  const a = new TaintAnalysis(p);
  const fn = p.apps[0]!.functions[0]!;
  a.analyseFunction(fn);
  return a.unvalidatedUses(fn).map((u) => `${u.loc.file.split('/').pop()}:${u.loc.line}:${u.loc.column} ${u.source}`);
}

describe('taint: unvalidated uses', () => {
  it('records event data passed to a package call, through a project helper, and returned', () => {
    expect(
      uses({
        'src/lib.js': "import got from 'got';\nexport const send = (v) => got.post('https://x', { json: v });\n",
        'src/h.js': [
          "import { send } from './lib.js';",
          'export const handler = async (event) => {', // 2
          '  const body = JSON.parse(event.body);', // 3
          '  await send(body.item);', // 4
          '  return { statusCode: 200, body: event.queryStringParameters.q };', // 5
          '};',
        ].join('\n'),
      }),
    ).toEqual(['lib.js:2:50 event.body.item', 'h.js:5:10 event.queryStringParameters.q']);
  });

  it('records nothing past a schema, a coercion, a literal comparison, a predicate guard or a log line', () => {
    expect(
      uses({
        'src/h.js': [
          "import { z } from 'zod';",
          "import Ajv from 'ajv';",
          "import { put } from 'store';",
          'const S = z.object({ a: z.string() });',
          'const validate = new Ajv().compile({});',
          'export const handler = async (event) => {',
          '  console.log(event);',
          '  await put(S.parse(JSON.parse(event.body)));',
          '  await put(Number(event.pathParameters.id));',
          "  if (event.queryStringParameters.mode === 'fast') await put('fast');",
          '  const d = JSON.parse(event.body);',
          '  if (!validate(d)) return { statusCode: 400 };',
          '  await put(d);',
          '  await put(event.requestContext.authorizer.claims.sub);',
          '  return { statusCode: 204 };',
          '};',
        ].join('\n'),
      }),
    ).toEqual([]);
  });
});

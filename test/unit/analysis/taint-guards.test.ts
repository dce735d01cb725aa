import { describe, expect, it } from 'vitest';
import { buildProject } from '../../../src/pipeline.js';
import { TaintAnalysis } from '../../../src/analysis/taint/engine.js';
import type { Flow } from '../../../src/analysis/taint/types.js';
import { tmpTree } from '../../helpers/tmp.js';

function analyse(files: Record<string, string>, events = '      - httpApi: GET /x') {
  const dir = tmpTree({
    'serverless.yml': [
      'service: t',
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      'functions:',
      '  f:',
      '    handler: src/h.handler',
      '    events:',
      events,
    ].join('\n'),
    ...files,
  });
  const { project } = buildProject({ srcRoot: dir, paths: [dir], ignore: [], stage: 'dev', allowEnv: false, env: {} });
  const a = new TaintAnalysis(project);
  const fn = project.apps[0]!.functions[0]!;
  const flows = a.analyseFunction(fn);
  return {
    flows: flows.map((f: Flow) => `${f.loc.line} ${f.class} ${f.source}`),
    uses: a.unvalidatedUses(fn).map((u) => `${u.loc.line} ${u.source}`),
    notes: a.notes,
  };
}

const CP = "import { exec } from 'child_process';\n";

describe('taint: guards on property paths', () => {
  it('clears the guarded path only, after an early return and inside the guarded branch', () => {
    const { flows } = analyse({
      'src/h.mjs':
        CP +
        [
          "const OK = ['a', 'b'];",
          'export const handler = async (event) => {', // 3
          '  if (!OK.includes(event.queryStringParameters.x)) return;', // 4
          '  exec(event.queryStringParameters.x);', // 5
          '  exec(event.queryStringParameters.y);', // 6
          '  const { x, y } = event.queryStringParameters;', // 7
          '  exec(x + y);', // 8
          "  if (event.pathParameters?.id === 'me') exec(event.pathParameters.id);", // 9
          "  if (typeof event.headers.n === 'number') exec(event.headers.n);", // 10
          '};',
        ].join('\n'),
    });
    expect(flows).toEqual(['6 command event.queryStringParameters.y', '8 command event.queryStringParameters.y']);
  });

  it('proves a path by both sides of an `||` of literal comparisons, not by one side naming another path', () => {
    const { flows } = analyse({
      'src/h.mjs':
        CP +
        [
          'export const handler = async (event) => {',
          '  const b = JSON.parse(event.body);',
          "  if (b.kind === 'a' || b.kind === 'b') exec(b.kind);", // 4
          "  if (b.kind === 'a' || b.other === 'b') exec(b.kind);", // 5
          "  if (b.kind !== 'a' && b.kind !== 'b') return;", // 6
          '  exec(b.kind);', // 7
          '};',
        ].join('\n'),
    });
    expect(flows).toEqual(['5 command event.body.kind']);
  });

  it('clears object keys under a prefix check of the path, not path-traversal', () => {
    const { flows } = analyse({
      'src/h.mjs': [
        "import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';",
        "import fs from 'fs';",
        'const s3 = new S3Client({});',
        'export const handler = async (event) => {', // 4
        "  if (event.queryStringParameters.k.startsWith('public/')) {",
        "    await s3.send(new GetObjectCommand({ Bucket: 'b', Key: event.queryStringParameters.k }));", // 6
        '    fs.readFileSync(event.queryStringParameters.k);', // 7
        '  }',
        '};',
      ].join('\n'),
    });
    expect(flows).toEqual(['7 path event.queryStringParameters.k']);
  });
});

describe('taint: validators whose result is checked', () => {
  const CV =
    "import { validate, validateOrReject, validateSync } from 'class-validator';\nimport { plainToInstance } from 'class-transformer';\n";
  it('class-validator: errors checked by length, by `=== 0`, or a rejecting validator; an unchecked result stays tainted', () => {
    const { flows, uses } = analyse({
      'src/h.mjs':
        CP +
        CV +
        [
          'class D {}',
          'export const handler = async (event) => {', // 5
          '  const a = plainToInstance(D, JSON.parse(event.body));',
          '  const errs = await validate(a);',
          '  if (errs.length) return;',
          '  exec(a.x);', // 9
          '  const b = plainToInstance(D, JSON.parse(event.body));',
          '  if (validateSync(b).length === 0) exec(b.x);', // 11
          '  const c = JSON.parse(event.body);',
          '  await validateOrReject(c);',
          '  exec(c.x);', // 14
          '  const d = JSON.parse(event.body);',
          '  const ignored = await validate(d);',
          '  exec(d.x);', // 17
          '};',
        ].join('\n'),
    });
    expect(flows).toEqual(['17 command event.body.x']);
    expect(uses).toEqual(['17 event.body.x']);
  });

  it('express-validator: a checked report clears the request data, not its headers', () => {
    const { flows } = analyse({
      'src/h.js': [
        "const { validationResult } = require('express-validator');",
        "const { exec } = require('child_process');",
        'exports.handler = async (req) => {',
        '  validationResult(req).throw();',
        '  exec(req.body.a + req.query.b + req.params.c);', // 5
        '  exec(req.headers.h);', // 6
        '};',
      ].join('\n'),
    });
    expect(flows).toEqual(['6 command req.headers.h']);
  });

  it('ajv `validate(schema, data)` checked through a variable or inline; express-validator reports', () => {
    const { flows } = analyse({
      'src/h.js': [
        "const Ajv = require('ajv');",
        "const { validationResult } = require('express-validator');",
        "const { exec } = require('child_process');",
        'const ajv = new Ajv();',
        'exports.handler = async (event) => {', // 5
        '  const a = JSON.parse(event.body);',
        '  const ok = ajv.validate({}, a);',
        '  if (!ok) return;',
        '  exec(a.x);', // 9
        '  const b = JSON.parse(event.body);',
        '  if (ajv.validate({}, b)) exec(b.x);', // 11
        '  const r = validationResult(event);',
        '  if (r.isEmpty()) exec(event.body);', // 13
        '  exec(event.headers.h);', // 14
        '};',
      ].join('\n'),
    });
    expect(flows).toEqual(['14 command event.headers.h']);
  });
});

describe('taint: class method handlers', () => {
  it('reads `instance.handler.bind(instance)` and `new C().handler` as the method', () => {
    const body = (exp: string) => CP + ['class L {', '  async handler(event) {', '    exec(event.body);', '  }', '}', exp].join('\n');
    expect(analyse({ 'src/h.mjs': body('const l = new L();\nexport const handler = l.handler.bind(l);') }).flows).toEqual([
      '4 command event.body',
    ]);
    expect(analyse({ 'src/h.mjs': body('export const handler = new L().handler;') }).flows).toEqual(['4 command event.body']);
    // a static method or a name the class does not have is not read
    expect(analyse({ 'src/h.mjs': body('export const handler = new L().other;') }).notes).toHaveLength(1);
  });
});

describe('taint: parameters named like a property of every value', () => {
  it('follows `event.queryStringParameters.size` (a parameter) but not `event.body.length` (a number)', () => {
    const { flows } = analyse({
      'src/h.mjs':
        CP +
        [
          'export const handler = async (event) => {',
          '  exec(event.queryStringParameters.size);',
          '  exec(`n=${event.body.length}`);',
          '};',
        ].join('\n'),
    });
    expect(flows).toEqual(['3 command event.queryStringParameters.size']);
  });
});

import { describe, expect, it } from 'vitest';
import { buildProject } from '../../../src/pipeline.js';
import { TaintAnalysis } from '../../../src/analysis/taint/engine.js';
import type { Budget, Flow } from '../../../src/analysis/taint/types.js';
import { DEFAULT_BUDGET } from '../../../src/analysis/taint/types.js';
import { tmpTree } from '../../helpers/tmp.js';

/** A serverless app whose function `f` has handler `src/h.handler` and the given trigger. */
function project(files: Record<string, string>, events = '      - httpApi: GET /x') {
  const dir = tmpTree({
    'serverless.yml': [
      'service: t',
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      'functions:',
      '  f:',
      '    handler: src/h.handler',
      ...(events ? ['    events:', events] : []),
    ].join('\n'),
    ...files,
  });
  const built = buildProject({ srcRoot: dir, paths: [dir], ignore: [], stage: 'dev', allowEnv: false, env: {} });
  return built.project;
}

function analyse(files: Record<string, string>, opts: { events?: string; budget?: Partial<Budget> } = {}) {
  const p = project(files, opts.events);
  const a = new TaintAnalysis(p, { ...DEFAULT_BUDGET, ...opts.budget });
  const fn = p.apps[0]!.functions[0]!;
  return { flows: a.analyseFunction(fn), notes: a.notes };
}

/** `line:col class source → sink` per flow. */
function brief(flows: Flow[]): string[] {
  return flows.map((f) => `${f.loc.line}:${f.loc.column} ${f.class} ${f.source} → ${f.sink}`);
}

const PG = "import { Pool } from 'pg';\nconst pool = new Pool();\n";

describe('taint: sources and propagation', () => {
  it('follows property chains, destructuring with defaults and rest, templates and concatenation', () => {
    const { flows } = analyse({
      'src/h.ts':
        PG +
        [
          'export const handler = async (event) => {', // 3
          '  const { id = "1", ...rest } = event.queryStringParameters;', // 4
          '  await pool.query(`SELECT * FROM t WHERE id = ${id}`);', // 5
          "  await pool.query('SELECT ' + rest.name);", // 6
          '  const [first] = event.multiValueQueryStringParameters.tag;', // 7
          '  await pool.query("x" + first);', // 8
          '  await pool.query(event.headers["x-q"]);', // 9
          '};',
        ].join('\n'),
    });
    expect(brief(flows)).toEqual([
      '5:20 sql event.queryStringParameters.id → pool.query',
      '6:20 sql event.queryStringParameters.name → pool.query',
      '8:20 sql event.multiValueQueryStringParameters.tag[0] → pool.query',
      '9:20 sql event.headers["x-q"] → pool.query',
    ]);
  });

  it('records the steps of a flow, from the event to the sink', () => {
    const { flows } = analyse({
      'src/h.ts':
        PG +
        [
          'export const handler = async (event) => {',
          '  const body = JSON.parse(event.body);',
          '  const q = `SELECT ${body.name}`;',
          '  return pool.query(q);',
          '};',
        ].join('\n'),
    });
    expect(flows).toHaveLength(1);
    expect(flows[0]!.source).toBe('event.body.name');
    expect(flows[0]!.steps.map((s) => `${s.loc.line}: ${s.message}`)).toEqual([
      '3: `event`: an HTTP request',
      '4: through `JSON.parse`',
      '4: assigned to `body`',
      '5: interpolated into a template literal',
      '5: assigned to `q`',
      '6: reaches `pool.query`',
    ]);
  });

  it('follows spread, Object.assign, await, conditional and logical expressions, and array callbacks', () => {
    const { flows } = analyse({
      'src/h.js':
        "const { exec } = require('child_process');\n" +
        [
          'exports.handler = async (event) => {', // 2
          '  const opts = { ...event.pathParameters };', // 3
          '  exec(opts.name);', // 4
          '  const o = Object.assign({}, event.body);', // 5
          '  exec(o);', // 6
          '  const v = (await Promise.resolve(event.rawPath)) || "x";', // 7
          '  exec(event.flag ? v : "ls");', // 8
          '  event.Records.forEach((r) => exec(r.cmd));', // 9
          '  const cmds = event.items.map((i) => `run ${i}`);', // 10
          '  exec(cmds.join(";"));', // 11
          '};',
        ].join('\n'),
    });
    expect(brief(flows)).toEqual([
      '4:8 command event.pathParameters.name → child_process.exec',
      '6:8 command event.body → child_process.exec',
      '8:8 command event.rawPath → child_process.exec',
      '9:37 command event.Records[…].cmd → child_process.exec',
      '11:8 command event.items[…] → child_process.exec',
    ]);
  });

  it('does not treat the authorizer context as input', () => {
    const { flows } = analyse({
      'src/h.ts':
        PG +
        [
          'export const handler = async (event) => {',
          '  const sub = event.requestContext.authorizer.jwt.claims.sub;',
          '  await pool.query("SELECT " + sub);',
          '};',
        ].join('\n'),
    });
    expect(flows).toEqual([]);
  });

  it('reports an SQS record at the lower level and a schedule not at all', () => {
    const files = {
      'src/h.ts': PG + 'export const handler = async (event) => { for (const r of event.Records) await pool.query(r.body); };',
    };
    const sqs = analyse(files, { events: '      - sqs: arn:aws:sqs:us-east-1:1:q' });
    expect(sqs.flows.map((f) => [f.level, f.trigger, f.source])).toEqual([['low', 'a queue message', 'event.Records[…].body']]);
    expect(analyse(files, { events: '      - schedule: rate(1 hour)' }).flows).toEqual([]);
    expect(analyse(files, { events: '' }).flows.map((f) => f.level)).toEqual(['low']);
  });
});

describe('taint: calls into project functions', () => {
  it('follows a local function, a function imported from another file, and its return value', () => {
    const { flows } = analyse({
      'src/h.ts':
        PG +
        [
          "import { byName } from './lib/sql';", // 3
          'function where(col: string, v: string) { return `WHERE ${col} = ${v}`; }', // 4
          'export const handler = async (event) => {', // 5
          '  await pool.query("SELECT * FROM t " + where("a", event.body));', // 6
          '  await byName(pool, event.pathParameters.name);', // 7
          '};',
        ].join('\n'),
      'src/lib/sql.ts': [
        'export async function byName(db, name) {',
        '  const q = "SELECT * FROM u WHERE n = \'" + name + "\'";',
        '  return db.query(q);',
        '}',
      ].join('\n'),
    });
    expect(brief(flows)).toEqual(['6:20 sql event.body → pool.query', '3:19 sql event.pathParameters.name → db.query']);
    const viaHelper = flows.find((f) => f.loc.file === 'src/lib/sql.ts')!;
    expect(viaHelper.steps.map((s) => `${s.loc.file}:${s.loc.line} ${s.message}`)).toEqual([
      'src/h.ts:5 `event`: an HTTP request',
      'src/h.ts:7 passed to `byName`',
      'src/lib/sql.ts:1 assigned to `name`',
      'src/lib/sql.ts:2 concatenated into a string',
      'src/lib/sql.ts:2 assigned to `q`',
      'src/lib/sql.ts:3 reaches `db.query`',
    ]);
  });

  it('follows re-exports and CommonJS helpers, and only the parameter that reaches the sink', () => {
    const { flows } = analyse({
      'src/h.js': [
        "const db = require('./db');",
        'module.exports.handler = async (event) => {',
        '  await db.run(event.safe, "x");',
        '  await db.run("SELECT 1", event.q);',
        '};',
      ].join('\n'),
      'src/db/index.js': "module.exports = require('./impl');",
      'src/db/impl.js': [
        "const mysql = require('mysql2/promise');",
        'exports.run = async (sqlText, tag) => { const c = await mysql.createConnection({}); return c.execute(sqlText, [tag]); };',
      ].join('\n'),
    });
    // `db/index.js` re-assigns module.exports to another module
    expect(brief(flows)).toEqual(['2:102 sql event.safe → c.execute']);
    expect(flows[0]!.loc.file).toBe('src/db/impl.js');
    const direct = analyse({
      'src/h.js': [
        "const db = require('./impl');",
        'module.exports.handler = async (event) => {',
        '  await db.run(event.safe, "x");',
        '  await db.run("SELECT 1", event.q);',
        '};',
      ].join('\n'),
      'src/impl.js': [
        "const mysql = require('mysql2/promise');",
        'exports.run = async (sqlText, tag) => { const c = await mysql.createConnection({}); return c.execute(sqlText, [tag]); };',
      ].join('\n'),
    });
    expect(brief(direct.flows)).toEqual(['2:102 sql event.safe → c.execute']);
  });

  it('analyses a closure handed to a project function in the scope it was written in', () => {
    const { flows } = analyse({
      'src/h.ts': "import { withDb } from './db';\nexport const handler = async (event) => withDb(async (db) => db.query(event.body));",
      'src/db.ts':
        "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function withDb(fn) { const c = await pool.connect(); try { return await fn(c); } finally { c.release(); } }",
    });
    expect(brief(flows)).toEqual(['2:71 sql event.body → db.query']);
  });

  it('a closure sees what its scope holds when it is called, after branches', () => {
    const { flows } = analyse({
      'src/h.ts':
        PG +
        [
          'export const handler = async (event) => {',
          '  let q = "SELECT 1";',
          '  const run = () => pool.query(q);',
          '  if (event.x) console.log("x");',
          '  q = event.body;',
          '  await run();',
          '};',
        ].join('\n'),
    });
    expect(brief(flows)).toEqual(['5:32 sql event.body → pool.query']);
  });

  it("applies a summary at each call with that call's arguments", () => {
    const { flows } = analyse({
      'src/h.ts':
        PG +
        [
          'const run = (s: string) => pool.query(s);',
          'export const handler = async (event) => {',
          '  await run("SELECT 1");',
          '  await run(event.body);',
          '};',
        ].join('\n'),
    });
    expect(brief(flows)).toEqual(['3:39 sql event.body → pool.query']);
  });
});

describe('taint: sinks through every import shape', () => {
  const shapes: Record<string, string> = {
    esm: "import { exec } from 'child_process';\nexport const handler = async (event) => exec(event.body);",
    node: "import { execSync as run } from 'node:child_process';\nexport const handler = async (event) => run(event.body);",
    namespace: "import * as cp from 'child_process';\nexport const handler = async (event) => cp.exec(event.body);",
    default: "import cp from 'child_process';\nexport const handler = async (event) => cp.exec(event.body);",
    require: "const cp = require('child_process');\nexports.handler = async (event) => cp.exec(event.body);",
    destructured: "const { exec } = require('node:child_process');\nexports.handler = async (event) => exec(event.body);",
    inline: "\nexports.handler = async (event) => require('child_process').exec(event.body);",
    promisify:
      "const util = require('util');\nconst run = util.promisify(require('child_process').exec);\nexports.handler = async (event) => run(event.body);",
  };
  for (const [name, code] of Object.entries(shapes)) {
    it(name, () => {
      const ext = code.includes('exports.') ? 'js' : 'ts';
      const { flows } = analyse({ [`src/h.${ext}`]: code });
      expect(flows.map((f) => [f.class, f.source])).toEqual([['command', 'event.body']]);
    });
  }

  it('spawn and execFile only with a shell option; code sinks', () => {
    const { flows } = analyse({
      'src/h.ts': [
        "import { spawn, execFile } from 'child_process';", // 1
        "import vm from 'vm';", // 2
        'export const handler = async (event) => {', // 3
        '  spawn(event.a, [], {});', // 4
        '  spawn("sh", ["-c", event.b], { shell: true });', // 5
        '  execFile(event.c, { shell: false });', // 6
        '  eval(event.d);', // 7
        '  new Function("x", event.e);', // 8
        '  setTimeout(event.f, 10);', // 9
        '  setTimeout(() => event.g, 10);', // 10
        '  vm.runInNewContext(event.h, {});', // 11
        '  new vm.Script(event.i);', // 12
        '};',
      ].join('\n'),
    });
    expect(brief(flows)).toEqual([
      '5:15 command event.b → child_process.spawn',
      '7:8 code event.d → eval',
      '8:21 code event.e → Function',
      '9:14 code event.f → setTimeout',
      '11:22 code event.h → vm.runInNewContext',
      '12:17 code event.i → vm.Script',
    ]);
  });

  it('a local function named like a sink is not the sink', () => {
    const { flows } = analyse({
      'src/h.ts': 'function exec(x: string) { return x; }\nexport const handler = async (event) => exec(event.body);',
    });
    expect(flows).toEqual([]);
  });
});

describe('taint: sanitisers and guards', () => {
  it('coercion, schema validation, bound parameters and encoders end the taint', () => {
    const { flows } = analyse({
      'src/h.ts':
        PG +
        [
          "import { z } from 'zod';", // 3
          "import { exec } from 'child_process';", // 4
          'const Body = z.object({ name: z.string() });', // 5
          'export const handler = async (event) => {', // 6
          '  await pool.query("SELECT " + Number(event.id));', // 7
          '  await pool.query("SELECT $1", [event.id]);', // 8
          '  await pool.query({ text: "SELECT $1", values: [event.id] });', // 9
          '  const b = Body.parse(JSON.parse(event.body));', // 10
          '  await pool.query("SELECT " + b.name);', // 11
          '  const r = Body.safeParse(event.body);', // 12
          '  if (r.success) await pool.query("SELECT " + r.data.name);', // 13
          '  exec("ls " + encodeURIComponent(event.dir));', // 14
          '  await pool.query("SELECT " + encodeURIComponent(event.x));', // 15
          '  await pool.query({ text: "SELECT " + event.y });', // 16
          '};',
        ].join('\n'),
    });
    expect(brief(flows)).toEqual(['15:20 sql event.x → pool.query', '16:28 sql event.y → pool.query']);
  });

  it('an allow-list check, a literal comparison or a type test guards the use', () => {
    const { flows } = analyse({
      'src/h.ts':
        PG +
        [
          'const COLUMNS = ["name", "age"];', // 3
          'export const handler = async (event) => {', // 4
          '  const col = event.queryStringParameters.sort;', // 5
          '  if (!COLUMNS.includes(col)) return { statusCode: 400 };', // 6
          '  await pool.query("SELECT * FROM t ORDER BY " + col);', // 7
          '  const dir = event.queryStringParameters.dir;', // 8
          '  if (dir === "asc" || dir === "desc") await pool.query("x " + dir);', // 9
          '  if (dir === "asc" || dir === "desc") {} else await pool.query("y " + dir);', // 10
          '  const n = event.n;', // 11
          '  if (typeof n === "number") await pool.query("LIMIT " + n);', // 12
          '};',
        ].join('\n'),
    });
    expect(brief(flows)).toEqual(['10:65 sql event.queryStringParameters.dir → pool.query']);
  });

  it('an anchored narrow regular expression or a validator predicate guards the use; a loose one does not', () => {
    const { flows } = analyse({
      'src/h.ts':
        "import { execSync } from 'child_process';\nimport { validate } from 'uuid';\n" +
        [
          'export const handler = async (event) => {', // 3
          '  const host = event.queryStringParameters.host;', // 4
          '  if (!/^[a-z0-9.-]+$/i.test(host)) return { statusCode: 400 };', // 5
          '  execSync("ping " + host);', // 6
          '  const id = event.pathParameters.id;', // 7
          '  if (validate(id)) execSync("show " + id);', // 8
          '  const name = event.body;', // 9
          '  if (/^.+$/.test(name)) execSync("echo " + name);', // 10
          '  if (/^[a-z]+/.test(name)) execSync("echo " + name);', // 11
          '};',
        ].join('\n'),
    });
    expect(brief(flows)).toEqual([
      '10:35 command event.body → child_process.execSync',
      '11:38 command event.body → child_process.execSync',
    ]);
  });

  it('a branch that reassigns a constant merges with the other branch', () => {
    const { flows } = analyse({
      'src/h.ts':
        PG +
        [
          'export const handler = async (event) => {',
          '  let q = event.body;',
          '  if (event.safe) q = "SELECT 1";',
          '  await pool.query(q);',
          '  let s = event.body;',
          '  s = "SELECT 2";',
          '  await pool.query(s);',
          '};',
        ].join('\n'),
    });
    expect(brief(flows)).toEqual(['6:20 sql event.body → pool.query']);
  });

  it('method sinks count only when a matching package is imported by a project file', () => {
    const noPg = analyse({ 'src/h.ts': 'export const handler = async (event, es) => es.query(event.body);' });
    expect(noPg.flows).toEqual([]);
    const viaHelper = analyse({
      'src/h.ts': "import { db } from './db';\nexport const handler = async (event) => db.query(event.body);",
      'src/db.ts': "import { Pool } from 'pg';\nexport const db = new Pool();",
    });
    expect(brief(viaHelper.flows)).toEqual(['2:50 sql event.body → db.query']);
  });
});

describe('taint: budgets', () => {
  it('says so when the per-function budget runs out', () => {
    const body = Array.from({ length: 40 }, (_, i) => `  const v${i} = event.a${i} + "x";`).join('\n');
    const { flows, notes } = analyse(
      { 'src/h.ts': PG + `export const handler = async (event) => {\n${body}\n  await pool.query(v39);\n};` },
      { budget: { perFunction: 50 } },
    );
    expect(flows).toEqual([]);
    expect(notes.map((n) => n.message)).toEqual([
      expect.stringMatching(/^taint analysis of function "f" stopped: its function step budget \(50\) ran out/),
    ]);
    expect(notes[0]!.loc).toMatchObject({ file: 'src/h.ts', line: 3 });
  });

  it('says so when calls nest deeper than the depth budget', () => {
    const { flows, notes } = analyse(
      {
        'src/h.ts':
          PG +
          [
            'export const handler = async (event) => {',
            '  const a = (x) => b(x);',
            '  const b = (x) => c(x);',
            '  const c = (x) => pool.query(x);',
            '  await a(event.body);',
            '};',
          ].join('\n'),
      },
      { budget: { callDepth: 2 } },
    );
    expect(flows).toEqual([]);
    expect(notes.map((n) => n.message)).toEqual([expect.stringContaining('did not follow calls nested deeper than 2')]);
  });

  it('says so when the handler is not readable', () => {
    const { notes } = analyse({ 'src/h.ts': "import { impl } from 'some-pkg';\nexport const handler = wrap(impl);" });
    expect(notes.map((n) => n.message)).toEqual([expect.stringContaining('is not a function the taint analysis can read statically')]);
  });
});

describe('input/* rules on the analysis', () => {
  it('report on the sink argument, naming every source, and warn for data from inside the account', async () => {
    const { lint } = await import('../../../src/lint.js');
    const { default: sqlInjection } = await import('../../../rules/input/sql-injection/index.js');
    const dir = tmpTree({
      'serverless.yml': [
        'service: t',
        'provider:',
        '  name: aws',
        '  runtime: nodejs20.x',
        'functions:',
        '  api:',
        '    handler: src/api.handler',
        '    events:',
        '      - httpApi: GET /x',
        '  worker:',
        '    handler: src/worker.handler',
        '    events:',
        '      - sqs: arn:aws:sqs:us-east-1:1:q',
        '  opaque:',
        '    handler: src/opaque.handler',
      ].join('\n'),
      'src/api.ts': PG + 'export const handler = async (event) => pool.query(`SELECT ${event.body} ${event.headers.x}`);',
      'src/worker.ts': PG + 'export const handler = async (event) => pool.query(event.Records[0].body);',
      'src/opaque.ts': "import { wrap, impl } from 'some-wrapper';\nexport const handler = wrap(impl);",
    });
    const { result } = lint({ cwd: dir, noConfig: true, rules: [sqlInjection], only: ['input/sql-injection'] });
    expect(result.diagnostics.map((d) => [d.loc.file, d.loc.line, d.loc.column, d.severity, d.message])).toEqual([
      [
        'src/api.ts',
        3,
        52,
        'error',
        '`event.body` and `event.headers.x` (an HTTP request) reaches `pool.query` as SQL text in function "api"; pass the value as a bound parameter ($1, ?) instead of building the query',
      ],
      [
        'src/worker.ts',
        3,
        52,
        'warning',
        '`event.Records[0].body` (a queue message) reaches `pool.query` as SQL text in function "worker"; pass the value as a bound parameter ($1, ?) instead of building the query',
      ],
    ]);
    expect(result.notices.filter((n) => n.id === 'analysis-incomplete').map((n) => [n.level, n.loc?.file, n.message])).toEqual([
      [
        'note',
        'serverless.yml',
        'the handler of function "opaque" is not a function the taint analysis can read statically; flows from its event are not analysed',
      ],
    ]);
  });
});

describe('taint: HTTP framework apps behind an adapter', () => {
  it('analyses each route of an express app exported through serverless-http, in the same file or imported', () => {
    const same = analyse({
      'src/h.ts': [
        "import serverless from 'serverless-http';", // 1
        "import express from 'express';", // 2
        "import { execSync } from 'child_process';", // 3
        'const app = express();', // 4
        "app.get('/a', (req, res) => res.send(execSync('ls ' + req.query.dir)));", // 5
        "app.post('/b', async (request, response) => { execSync(request.body.cmd); });", // 6
        'export const handler = serverless(app);', // 7
      ].join('\n'),
    });
    expect(brief(same.flows)).toEqual([
      '5:47 command req.query.dir → child_process.execSync',
      '6:56 command request.body.cmd → child_process.execSync',
    ]);
    const imported = analyse({
      'src/h.ts':
        "import serverlessExpress from '@codegenie/serverless-express';\nimport { app } from './app';\nexport const handler = serverlessExpress({ app });",
      'src/app.ts':
        "import express from 'express';\nimport { exec } from 'child_process';\nexport const app = express();\napp.get('/x', (req, res) => exec(req.params.id));",
    });
    expect(brief(imported.flows)).toEqual(['4:34 command req.params.id → child_process.exec']);
  });
});

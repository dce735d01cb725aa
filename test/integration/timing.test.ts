import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tmpTree } from '../helpers/tmp.js';
import { removeBundle, spawnCli } from '../hostile/spawn.js';
import { PHASES, TOP_RULES } from '../../src/engine/timing.js';
import { rules } from '../../rules/index.js';

afterAll(removeBundle);

/** An app with an HTTP function whose handler builds a query from the event: the taint analysis runs. */
const APP = {
  'serverless.yml': [
    'service: s',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  iam:',
    '    role:',
    '      statements:',
    '        - Effect: Allow',
    '          Action: "s3:*"',
    '          Resource: arn:aws:s3:::b/*',
    'functions:',
    '  a:',
    '    handler: src/a.handler',
    '    events:',
    '      - httpApi: POST /q',
    '',
  ].join('\n'),
  'src/a.ts': [
    "import { Client } from 'pg';",
    'const db = new Client();',
    'export const handler = async (event: { body: string }) => {',
    '  const { name } = JSON.parse(event.body);',
    '  await db.query(`SELECT * FROM users WHERE name = ${name}`);',
    '  return { statusCode: 200 };',
    '};',
    '',
  ].join('\n'),
  '.env': 'LOG_LEVEL=debug\n',
  'notes.yml': 'title: not a manifest\n',
};

const IDS = new Set(rules.map((r) => r.meta.id));
const ROW = /^(.+?) +\| +(\d+\.\d{3}) \| +(\d+\.\d)%$/;

/** The two tables of a --timing report: each row's name, time and share, checked for shape. */
function tables(stderr: string): { phases: [string, number, number][]; rules: [string, number, number][] } {
  const start = stderr.indexOf('Phase ');
  expect(start).toBeGreaterThanOrEqual(0);
  const [phaseTable, ruleTable] = stderr.slice(start).split('\n\n');
  const parse = (t: string, head: string): [string, number, number][] => {
    const lines = t.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${head} +\\| Time \\(ms\\) \\| Relative$`));
    expect(lines[1]).toMatch(/^:-+\|-+:\|-+:$/);
    return lines.slice(2).map((l) => {
      const m = ROW.exec(l);
      expect(m, l).not.toBeNull();
      return [m![1]!, Number(m![2]), Number(m![3])];
    });
  };
  return { phases: parse(phaseTable!, 'Phase'), rules: parse(ruleTable!, 'Rule') };
}

describe('--timing and --debug', () => {
  it('print the phase and rule tables to stderr and leave stdout byte-identical', async () => {
    const dir = tmpTree(APP);
    // input/* are not recommended: turned on, they ask for the taint analysis
    const on = ['--rule', 'input/*=error'];
    for (const format of ['text', 'json', 'sarif']) {
      const plain = await runCli(['-f', format, ...on], dir);
      const timed = await runCli(['-f', format, '--timing', ...on], dir);
      expect(timed.stdout).toBe(plain.stdout);
      expect(timed.code).toBe(plain.code);
      expect(plain.stderr).toBe('');
      expect(timed.stderr).toMatch(/^Phase /);
    }
    expect((await runCli(['-f', 'json', ...on], dir)).stdout).toMatch(/"ruleId": "input\/sql-injection"/);
    const { phases, rules: top } = tables((await runCli(['--timing', ...on], dir)).stderr);
    expect(phases.map(([name]) => name)).toEqual([
      ...PHASES.slice(0, 5),
      'analysis: coldstart',
      'analysis: taint',
      'analysis: webhooks',
      ...PHASES.slice(5),
      'other',
      'total',
    ]);
    expect(phases.at(-1)![2]).toBe(100);
    for (const [, ms, share] of phases) expect(ms >= 0 && share >= 0 && share <= 100).toBe(true);
    // the slowest rules (ten at most, the rest summed on one row), each a rule that ran, then the total
    const named = top.slice(0, -1).filter(([id]) => !/^\(\d+ more\)$/.test(id));
    expect(named.length).toBe(TOP_RULES);
    for (const [id] of named) expect(IDS.has(id), id).toBe(true);
    expect(top.at(-2)![0]).toMatch(/^\(\d+ more\)$/);
    expect(top.at(-1)![0]).toBe('total');
    const times = named.map(([, ms]) => ms);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('--debug adds what discovery decided about each file, then the same tables', async () => {
    const dir = tmpTree(APP);
    fs.mkdirSync(path.join(dir, 'svc'));
    fs.symlinkSync('/etc/hostname', path.join(dir, 'svc', 'serverless.yml'));
    const r = await runCli(['--debug', '--only', 'iam/no-wildcard-action'], dir);
    const debug = r.stderr.split('\n').filter((l) => l.startsWith('sls-lint: debug: '));
    expect(debug).toEqual([
      'sls-lint: debug: discover: notes.yml: not claimed by any platform',
      'sls-lint: debug: discover: serverless.yml: claimed by aws-serverless',
      'sls-lint: debug: discover: src/a.ts: not claimed by any platform',
      'sls-lint: debug: discover: svc/serverless.yml skipped: a symbolic link to a file outside the scanned root; not read',
      'sls-lint: debug: discover: .env: an env file',
      'sls-lint: debug: discover: 2 files to read',
    ]);
    const { rules: top } = tables(r.stderr);
    expect(top.map(([id]) => id)).toEqual(['iam/no-wildcard-action', 'total']);
    expect(r.stdout).toBe((await runCli(['--only', 'iam/no-wildcard-action'], dir)).stdout);
  });

  it('keep stdout identical in a real process too', async () => {
    const dir = tmpTree(APP);
    const plain = await spawnCli(['-f', 'json'], dir);
    const timed = await spawnCli(['-f', 'json', '--timing'], dir);
    expect(timed.stdout).toBe(plain.stdout);
    expect(timed.code).toBe(plain.code);
    expect(tables(timed.stderr).phases.at(-1)![0]).toBe('total');
  });
});

// The cold-start part of `npm run bench`: the init-cost analysis on the generated tree as a ratio to
// parsing, and a check on a real install (in a temporary folder, never in tests) that the init bytes
// per function match a direct esbuild bundle of the same entry within 5%.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import { Analyses } from '../../src/analysis/index.js';
import { lint } from '../../src/lint.js';
import { buildProject } from '../../src/pipeline.js';
import type { ColdstartReportData } from '../../src/reports/coldstart.js';

/** Median ms of the coldstart analysis (bundling every handler, then every function's cost) on `dir`. */
export function timeColdstart(dir: string, runs: number): { ms: number; functions: number; measured: number } {
  const built = buildProject({ srcRoot: dir, paths: [dir], ignore: [], stage: 'dev', allowEnv: false, env: {} });
  const times: number[] = [];
  let functions = 0;
  let measured = 0;
  for (let i = 0; i < runs + 1; i++) {
    const t = performance.now();
    const cs = new Analyses(built.project, { settings: {}, ...(built.measure ? { measure: built.measure } : {}) }).get('coldstart');
    const fns = cs.functions();
    measured = fns.filter((f) => cs.cost(f)?.measured).length;
    functions = fns.length;
    if (i > 0) times.push(performance.now() - t); // the first run warms esbuild up
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, functions, measured };
}

const APP: Record<string, string> = {
  'package.json': JSON.stringify(
    {
      name: 'bench-coldstart',
      private: true,
      dependencies: { 'aws-sdk': '^2.1692.0', '@aws-sdk/client-dynamodb': '^3.700.0', lodash: '^4.17.21', moment: '^2.30.1' },
    },
    null,
    2,
  ),
  'serverless.yml': [
    'service: bench-coldstart',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    'functions:',
    '  v2:',
    '    handler: src/v2.handler',
    '  v3:',
    '    handler: src/v3.handler',
    '  dates:',
    '    handler: src/dates.handler',
    '  mixed:',
    '    handler: src/mixed.handler',
    '',
  ].join('\n'),
  'src/v2.js':
    "const AWS = require('aws-sdk');\nconst db = new AWS.DynamoDB.DocumentClient();\nexports.handler = async (e) => db.get({ TableName: 't', Key: { id: e.id } }).promise();\n",
  'src/v3.mjs':
    "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\nconst db = new DynamoDBClient({});\nexport const handler = async (e) => db.send(new GetItemCommand({ TableName: 't', Key: { id: { S: e.id } } }));\n",
  'src/dates.js':
    "const moment = require('moment');\nconst _ = require('lodash');\nexports.handler = async (e) => _.chunk([moment().format(), e.id], 1);\n",
  'src/mixed.ts':
    "import get from 'lodash/get';\nimport { table } from './lib/table';\nexport const handler = async (e: unknown) => [get(e, 'id'), table()];\n",
  'src/lib/table.ts':
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDB } from 'aws-sdk';\nexport const table = () => [new DynamoDBClient({}), new DynamoDB()];\n",
};

/** Installs the app in a temporary folder, lints it and bundles each entry directly: rows to print, or why not. */
export function realInstallCheck(): { rows: string[][]; ok: boolean } | { skipped: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-bench-coldstart-'));
  try {
    for (const [f, text] of Object.entries(APP)) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), text);
    }
    try {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
        cwd: dir,
        stdio: 'pipe',
        timeout: 300_000,
      });
    } catch (e) {
      return {
        skipped: `npm install failed: ${
          String((e as { stderr?: Buffer }).stderr ?? (e as Error).message)
            .trim()
            .split('\n')[0]
        }`,
      };
    }
    const { result } = lint({ cwd: dir, srcRoot: dir, noConfig: true, stage: 'dev', reports: ['coldstart'] });
    const data = result.reports!.find((r) => r.name === 'coldstart')!.data as ColdstartReportData;
    // the direct bundle holds what is loaded lazily too (the SDK's credential providers are
    // `import()`ed on first use): sls-lint's bundle is init + lazy bytes, compared within 5%
    const rows: string[][] = [
      ['function', 'init bytes', 'lazy bytes', 'sls-lint bundle', 'direct esbuild bundle', 'difference', 'within 5%'],
    ];
    let ok = true;
    for (const f of data.functions) {
      const direct = esbuild.buildSync({
        entryPoints: [path.join(dir, f.handler)],
        bundle: true,
        write: false,
        metafile: true,
        minify: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outdir: path.join(dir, 'out'),
        logLevel: 'silent',
      });
      const bytes = Object.values(direct.metafile!.outputs)[0]!.bytes;
      const ours = f.initBytes === null ? NaN : f.initBytes + f.lazyBytes;
      const diff = (ours - bytes) / bytes;
      const within = Math.abs(diff) <= 0.05;
      ok &&= within;
      rows.push([
        f.name,
        String(f.initBytes),
        String(f.lazyBytes),
        String(ours),
        String(bytes),
        Number.isNaN(diff) ? 'n/a' : `${(diff * 100).toFixed(2)}%`,
        within ? 'yes' : 'NO',
      ]);
    }
    return { rows, ok };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function table(rows: string[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n') + '\n';
}

import { describe, expect, it } from 'vitest';
import { buildServerlessApp } from '../../../src/platforms/aws/serverless/build.js';
import { memoryContext, parse } from './helpers.js';

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'service',
  'provider',
  'name',
  'functions',
  'handler',
  'events',
  'http',
  'httpApi',
  'url',
  'authorizer',
  'environment',
  'iam',
  'role',
  'statements',
  'iamRoleStatements',
  'iamRoleStatementsInherit',
  'custom',
  'a',
  'b',
  'resources',
  'Resources',
  'path',
  'method',
  'private',
  'managedPolicies',
  'plugins',
  'package',
  'websocket',
  'alb',
];
const SCALARS = [
  'aws',
  'aws',
  'true',
  'false',
  '~',
  '42',
  'GET /x',
  "'*'",
  '${self:custom.a}',
  '${self:custom.b, 1}',
  '${self:}',
  '${opt:stage}',
  '${file(./x.yml):a}',
  '${file(./x.js)}',
  '${ssm:/p}',
  'x-${self:custom.a}-y',
  '${self:custom.${sls:stage}}',
  '${strToBool(maybe)}',
  '${',
  '}',
  '!Ref X',
  '!GetAtt R.Arn',
  '${env:HOME, "d"}',
  'aws_iam',
];

function gen(r: () => number, depth: number, indent: string): string {
  if (depth > 4 || r() < 0.3) return ' ' + SCALARS[Math.floor(r() * SCALARS.length)]!;
  const n = 1 + Math.floor(r() * 4);
  const out: string[] = [];
  if (r() < 0.3) {
    for (let i = 0; i < n; i++) out.push(`${indent}-${gen(r, depth + 1, indent + '  ').replace(/^\n\s*/, ' ')}`);
  } else {
    const used = new Set<string>();
    for (let i = 0; i < n; i++) {
      const k = KEYS[Math.floor(r() * KEYS.length)]!;
      if (used.has(k)) continue;
      used.add(k);
      out.push(`${indent}${k}:${gen(r, depth + 1, indent + '  ')}`);
    }
  }
  return '\n' + out.join('\n');
}

describe('robustness', () => {
  it('builds hundreds of random, half-valid services without an internal failure', () => {
    const r = rng(20240611);
    let built = 0;
    for (let i = 0; i < 400; i++) {
      const text = `provider: aws${gen(r, 0, '')}\n`;
      let doc;
      try {
        doc = parse('serverless.yml', text);
      } catch {
        continue; // not valid YAML (duplicate keys, …): the parser's business
      }
      const ctx = memoryContext({ 'serverless.yml': text, 'x.yml': 'a: ${file(./x.yml):a}\n' });
      const app = buildServerlessApp(doc, ctx);
      if (app) built++;
      const crashes = ctx.notices.filter((n) => n.message.startsWith('could not build'));
      expect(crashes, text).toEqual([]);
      for (const n of ctx.notices) expect(n.loc, n.message).toBeDefined();
    }
    expect(built).toBeGreaterThan(50);
  });
});

// Full-size cases for the matchers: IAM wildcards, config regexes, the secrets scanner on long lines,
// the SARIF formatter on a one-line template, and a generated bundle as a handler.
import type { StressCase } from './case.js';
import { rng } from '../helpers/seeded.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function token(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(r() * ALNUM.length)];
  return s;
}

function slsWithActions(actions: string[], extra = ''): string {
  return [
    'service: stress',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  iam:',
    '    role:',
    '      statements:',
    '        - Effect: Allow',
    '          Action:',
    ...actions.map((a) => `            - ${a}`),
    "          Resource: '*'",
    extra,
  ].join('\n');
}

/** One Lambda function of a one-line template: an admin policy and a plaintext secret each. */
function fnResource(i: number, r: () => number): [string, unknown] {
  return [
    `Fn${i}`,
    {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Handler: 'index.handler',
        Runtime: 'nodejs20.x',
        Role: { 'Fn::GetAtt': [`Role${i}`, 'Arn'] },
        Code: { S3Bucket: 'b', S3Key: 'k' },
        Environment: { Variables: { DB_PASSWORD: token(r, 16), STRIPE_KEY: `sk_live_${token(r, 24)}`, STAGE: 'prod' } },
      },
    },
  ];
}

function roleResource(i: number): [string, unknown] {
  return [
    `Role${i}`,
    {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        Policies: [
          {
            PolicyName: 'p',
            PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*', 's3:*?*?*?*?Zq'], Resource: '*' }] },
          },
        ],
      },
    },
  ];
}

/** A minified one-line template of about `bytes` bytes. */
function oneLineTemplate(bytes: number, seed: number): string {
  const r = rng(seed);
  const resources: Record<string, unknown> = {};
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    for (const [k, v] of [fnResource(i, r), roleResource(i)]) {
      resources[k] = v;
      size += JSON.stringify(v).length + k.length + 4;
    }
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
}

function minifiedBundle(bytes: number): string {
  const parts: string[] = ['"use strict";var e={};'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = `function f${i}(a,b){return a+b*${i}}e.f${i}=f${i};`;
    parts.push(s);
    size += s.length;
  }
  parts.push('exports.handler=async function(t){return{statusCode:200,body:JSON.stringify(t)}};\n//# sourceMappingURL=index.js.map\n');
  return parts.join('');
}

export const cases: StressCase[] = [
  {
    name: 'iam wildcard pattern s3:*?*?…*?Zq',
    scale: [1, 10],
    build: (scale) => ({
      files: { 'serverless.yml': slsWithActions([`'s3:${'*?'.repeat(2000 * scale)}Zq'`, 's3:GetObject']) },
      args: ['-f', 'json'],
    }),
  },
  {
    name: 'iam 1 MB action string through aliases',
    scale: [1, 10],
    build: (scale) => {
      const big = `s3:${'*a'.repeat(512 * 1024 * scale)}`;
      const yml = [
        'service: stress',
        'custom:',
        `  big: &big '${big}'`,
        'provider:',
        '  name: aws',
        '  runtime: nodejs20.x',
        '  iam:',
        '    role:',
        '      statements:',
        ...Array.from({ length: 8 }, () => [
          '        - Effect: Allow',
          '          Action:',
          '            - *big',
          "          Resource: '*'",
        ]).flat(),
      ].join('\n');
      return { files: { 'serverless.yml': yml }, args: ['-f', 'json'] };
    },
  },
  {
    name: 'config regex ^([a-zA-Z0-9_]+)*$ (refused at load)',
    scale: [1, 10],
    build: (scale) => ({
      files: {
        '.sls-lint.yml': "settings:\n  secrets:\n    allow:\n      - pattern: '^([a-zA-Z0-9_]+)*$'\n",
        'serverless.yml': `service: stress\nprovider:\n  name: aws\n  runtime: nodejs20.x\ncustom:\n  long: ${'a'.repeat(100_000 * scale)}!\n`,
      },
      args: ['-f', 'json'],
    }),
  },
  {
    name: 'secrets scanner: 1 MB line of near-secrets',
    scale: [1, 10],
    build: (scale) => {
      const r = rng(7);
      const chunks: string[] = [];
      let size = 0;
      while (size < 1024 * 1024 * scale) {
        const c = `key${chunks.length}=${token(r, 40)} password: "${token(r, 20)}" AKIA${token(r, 12).toUpperCase()} `;
        chunks.push(c);
        size += c.length;
      }
      return {
        files: {
          'serverless.yml': 'service: stress\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  f:\n    handler: handler.main\n',
          'handler.js': `exports.main = async () => 1;\nconst blob = "${chunks.join('')}";\n`,
          'notes.env': chunks.join(''),
        },
        args: ['-f', 'json'],
      };
    },
  },
  {
    name: 'sarif: 1.7 MB one-line template with many findings and secrets',
    scale: [1, 10],
    build: (scale) => ({ files: { 'template.json': oneLineTemplate(1_700_000 * scale, 19) }, args: ['-f', 'sarif'] }),
  },
  {
    name: 'json: 1.7 MB one-line template (for comparison with sarif)',
    scale: [1],
    build: (scale) => ({ files: { 'template.json': oneLineTemplate(1_700_000 * scale, 19) }, args: ['-f', 'json'] }),
  },
  {
    name: 'minified 1.5 MB bundle as a handler',
    scale: [1, 10],
    build: (scale) => ({
      files: {
        'serverless.yml':
          'service: stress\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  f:\n    handler: dist/index.handler\n',
        'dist/index.js': minifiedBundle(1_500_000 * scale),
      },
      args: ['-f', 'json'],
    }),
  },
];

/**
 * Full-size gate cases for `npm run stress`: files that used to be skipped quietly or read without
 * bound. Each must end with the admin policy of the control manifest reported and, for the hostile
 * file, an error notice — at any scale, in bounded time and memory.
 */
import type { StressCase } from './case.js';
import { adminServerless } from '../helpers/manifests.js';

const ADMIN_SLS = adminServerless();

const ADMIN_TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  Role:',
  '    Type: AWS::IAM::Role',
  '    Properties:',
  '      AssumeRolePolicyDocument: {}',
  '      Policies:',
  '        - PolicyName: p',
  '          PolicyDocument:',
  '            Statement:',
  '              - Effect: Allow',
  '                Action: "*"',
  '                Resource: "*"',
  '',
].join('\n');

const MB = 1024 * 1024;
const control = { 'control/serverless.yml': ADMIN_SLS, 'control/a.ts': 'export const handler = async () => 1;\n' };

export const cases: StressCase[] = [
  {
    // padding past the 5 MB cap: refused by size from fstat, never parsed (error notice)
    name: 'gate: manifest padded past the size cap (MB)',
    scale: [6, 60],
    build: (mb) => ({
      files: { ...control, 'big/serverless.yml': ADMIN_SLS + `#${'x'.repeat(1023)}\n`.repeat(mb * 1024) },
      args: ['-f', 'json'],
    }),
  },
  {
    // a template named so, with its markers pushed behind the padding: sniffed whole, not by its head
    name: 'gate: template.yaml with leading padding (MB)',
    scale: [4, 40],
    build: (mb) => ({
      files: { ...control, 'tpl/template.yaml': `#${'x'.repeat(1023)}\n`.repeat(mb * 1024) + ADMIN_TEMPLATE },
      args: ['-f', 'json'],
    }),
  },
  {
    // UTF-16 manifest under the cap: decoded and analysed
    name: 'gate: UTF-16LE manifest (KB of padding)',
    scale: [512, 2000],
    build: (kb) => ({
      files: {
        ...control,
        'u16/serverless.yml': Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(ADMIN_SLS + `#${'x'.repeat(1023)}\n`.repeat(kb), 'utf16le'),
        ]),
      },
      args: ['-f', 'json'],
    }),
  },
  {
    // every line with a stray Latin-1 byte: the per-byte fallback decoder stays linear
    name: 'gate: Latin-1 bytes on every line (lines)',
    scale: [50_000, 400_000],
    build: (lines) => ({
      files: {
        ...control,
        'l1/serverless.yml': Buffer.concat([
          Buffer.from(ADMIN_SLS),
          Buffer.from(`# caf\xe9 ${'y'.repeat(5)}\n`.repeat(Math.min(lines, Math.floor((5 * MB - 1000) / 13))), 'latin1'),
        ]),
      },
      args: ['-f', 'json'],
    }),
  },
  {
    // many manifest-named binary files: one error notice each, no read past the first NUL check
    name: 'gate: many binary manifest-named files',
    scale: [200, 2000],
    build: (n) => {
      const files: Record<string, string | Buffer> = { ...control };
      for (let i = 0; i < n; i++) files[`bin/s${i}/serverless.yml`] = Buffer.from(`service: s${i}\u0000\n`);
      return { files, args: ['-f', 'json'] };
    },
  },
  {
    // deep directories whose names start with '..': walked and linted like any other
    name: 'gate: nested ..dirs (depth)',
    scale: [50, 200],
    build: (depth) => ({
      files: { ...control, [`${Array.from({ length: depth }, (_, i) => `..d${i}`).join('/')}/serverless.yml`]: ADMIN_SLS },
      args: ['-f', 'json'],
    }),
  },
];

/**
 * The README's GitLab CI job works as written: it clones this repository, builds it, runs its bin
 * with options the CLI has, and uploads as reports exactly the files that the command writes, in the
 * formats GitLab reads there. The command itself is run on a small project.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HELP } from '../../src/cli.js';
import { FORMATS } from '../../src/formatters/index.js';
import { adminServerless } from '../helpers/manifests.js';
import { parseXml } from '../helpers/xml.js';
import { runCli, tmpTree } from '../helpers/tmp.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  repository: { url: string };
};
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = readme.split(/^## GitLab CI\n/m)[1]!.split(/^## /m)[0]!;
const blocks = [...section.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => m[1]!);

interface Job {
  image: string;
  before_script: string[];
  script: string[];
  artifacts: { when: string; paths: string[]; reports: { sast: string; junit: string } };
}

/** `--long` and `-s` options the CLI's help lists. */
const OPTIONS = new Set(
  [...HELP.matchAll(/^\s+(?:(-[a-zA-Z]), )?(--[a-z][a-z-]*)/gm)].flatMap((m) => [m[1], m[2]].filter(Boolean) as string[]),
);

describe('README GitLab CI job', () => {
  expect(blocks).toHaveLength(1);
  const job = (parse(blocks[0]!) as Record<string, Job>)['sls-lint']!;
  const words = job.script.join(' ').trim().split(/\s+/);
  const [runner, bin, ...args] = words;

  it('runs on node:20 and builds sls-lint from this repository', () => {
    expect(job.image).toBe('node:20');
    const url = pkg.repository.url.replace(/^git\+/, '');
    expect(job.before_script).toEqual([`git clone --depth 1 ${url} /tmp/sls-lint`, 'npm ci --prefix /tmp/sls-lint --no-audit --no-fund']);
    expect([runner, bin]).toEqual(['node', `/tmp/sls-lint/${Object.values(pkg.bin)[0]}`]);
  });

  it('uses only options the CLI has, and formats it knows', () => {
    expect(OPTIONS.has('--format') && OPTIONS.has('-f') && OPTIONS.has('--output-file')).toBe(true);
    const options = args.filter((a) => a.startsWith('-'));
    expect(options.length).toBeGreaterThan(0);
    expect(options.filter((o) => !OPTIONS.has(o))).toEqual([]);
    const formats = args.filter((_, i) => args[i - 1] === '--format');
    expect(formats).toEqual(['text', 'gitlab', 'junit', 'html']);
    expect(formats.filter((f) => !(FORMATS as readonly string[]).includes(f))).toEqual([]);
  });

  it('uploads what the command writes, as the reports GitLab reads, even when the job fails', () => {
    const written = Object.fromEntries(args.flatMap((a, i) => (a === '--output-file' ? [[args[i - 1], args[i + 1]]] : [])));
    expect(written).toEqual({ gitlab: 'gl-sast-report.json', junit: 'sls-lint-junit.xml', html: 'sls-lint-report.html' });
    expect(job.artifacts).toEqual({
      when: 'always',
      paths: [written.html],
      reports: { sast: written.gitlab, junit: written.junit },
    });
  });

  it('the command, run on a project with a finding, exits 1 and writes the three reports', async () => {
    const dir = tmpTree({
      'serverless.yml': adminServerless(),
      'a.ts': 'export const handler = async () => ({ statusCode: 200 });\n',
    });
    const { code, stdout, stderr } = await runCli(args, dir);
    expect([code, stderr]).toEqual([1, '']);
    expect(stdout).toContain('iam/no-wildcard-action');
    const sast = JSON.parse(fs.readFileSync(path.join(dir, 'gl-sast-report.json'), 'utf8')) as {
      version: string;
      vulnerabilities: { identifiers: { value: string }[] }[];
    };
    expect(sast.version).toBe('15.1.4');
    expect(sast.vulnerabilities.map((v) => v.identifiers[0]!.value)).toContain('iam/no-wildcard-action');
    const junit = parseXml(fs.readFileSync(path.join(dir, 'sls-lint-junit.xml'), 'utf8'));
    expect(Number(junit.attrs.failures)).toBe(sast.vulnerabilities.length);
    const html = fs.readFileSync(path.join(dir, 'sls-lint-report.html'), 'utf8');
    expect(html).toContain('<title>sls-lint report</title>');
    expect(html).toContain('<tr class="function" data-function="a">');
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMultitool, validateSarifSchema } from '../helpers/sarif.js';
import { runCli } from '../helpers/tmp.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('SARIF for the bundled example', () => {
  it('validates against the official SARIF 2.1.0 schema and passes the Multitool GitHub rules', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-sarif-')), 'example.sarif');
    const cli = await runCli(['--no-config', '-f', 'sarif', '-o', out, 'examples/insecure-app'], ROOT);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(1);
    const log = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(validateSarifSchema(log)).toEqual([]);
    const results = log.runs[0].results as {
      ruleId: string;
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId: string };
          region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }[];
    }[];
    expect(results.length).toBeGreaterThan(5);
    for (const r of results) {
      const loc = r.locations[0]!.physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.artifactLocation.uri).toMatch(/^examples\/insecure-app\//);
      expect(loc.region.startColumn).toBeGreaterThan(0);
      expect(loc.region.endColumn).toBeGreaterThan(0);
    }
    const report = runMultitool(out);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it('never prints the example secrets whole in any format', async () => {
    const secrets = [
      'sk_live_51HdT0qLkbE7xZ9vYq3mNcR8sWfGhJkLpQ2aB4dE6gH8jK0mN',
      'AKIAQ7RCVM5XJW2PLDKB',
      '7gN2kQx9vR4mT8wZ1bY6cH3jL5pF0sD9aE2uI7oK',
    ];
    for (const f of ['text', 'json', 'sarif', 'github']) {
      const cli = await runCli(['--no-config', '--frames', '-f', f, 'examples/insecure-app'], ROOT);
      for (const s of secrets) expect(cli.stdout, `${f} leaks ${s.slice(0, 4)}…`).not.toContain(s);
    }
  });
});

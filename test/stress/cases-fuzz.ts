// Mutation fuzzing at length (test/helpers/fuzz.ts): a tree holding `scale` mutants of every rule
// fixture case and project, linted by the CLI in one run, and `fuzzRun`, FUZZ_COUNT mutants linted
// in-process one by one, which counts the faults and names the slowest mutant.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from '../../src/load/package.js';
import type { StressCase } from './case.js';
import { mutantBytes } from '../helpers/mutate.js';
import { donorLines, fuzzCases, lintWorkspace, mutantOf, mutantSeed, Workspace, type FuzzCase } from '../helpers/fuzz.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);

let loaded: { cases: FuzzCase[]; donors: string[] } | undefined;
const corpus = () => {
  if (!loaded) {
    const cases = fuzzCases(PACKAGE_ROOT);
    loaded = { cases, donors: donorLines(cases) };
  }
  return loaded;
};

export const cases: StressCase[] = [
  {
    name: 'fuzz: mutants of every fixture case and project, one tree',
    scale: [1, 5],
    build: (s) => {
      const { cases, donors } = corpus();
      const files: Record<string, string | Buffer> = {};
      // every rule on, as in the fuzz test; each case's own config stays beside it (and applies below it)
      files['.sls-lint.yml'] = 'extends: all\n';
      cases.forEach((c, i) => {
        for (let k = 0; k < s; k++) {
          const m = mutantOf(c, mutantSeed(SEED, c, k), donors);
          const dir = `m${k}/c${i}`;
          for (const f of c.files)
            files[`${dir}/${f}`] = f in m.changed ? mutantBytes(m.changed[f]!) : fs.readFileSync(path.join(c.base, f));
        }
      });
      return { files };
    },
  },
];

export interface FuzzSummary {
  mutants: number;
  /** lint() threw */
  crashes: number;
  /** rule-error notices (and builder failures caught as notices) */
  ruleErrors: number;
  /** located outside the scanned files, or not deterministic */
  otherFaults: number;
  /** the first few faults, described */
  examples: string[];
  wallMs: number;
  slowest: { ms: number; name: string; seed: number };
  /** mutants whose lint took over 2 s */
  slow: { ms: number; name: string; seed: number }[];
}

/**
 * `count` mutants, round-robin over the cases, each linted in-process; every tenth twice (determinism),
 * every fourth written in every output format.
 */
export function fuzzRun(count: number, seed = SEED): FuzzSummary {
  const { cases, donors } = corpus();
  const out: FuzzSummary = {
    mutants: 0,
    crashes: 0,
    ruleErrors: 0,
    otherFaults: 0,
    examples: [],
    wallMs: 0,
    slowest: { ms: 0, name: '', seed: 0 },
    slow: [],
  };
  const t = performance.now();
  const rounds = Math.ceil(count / cases.length);
  for (const c of cases) {
    const ws = new Workspace(c);
    try {
      for (let k = 0; k < rounds && out.mutants < count; k++) {
        const m = mutantOf(c, mutantSeed(seed, c, k), donors);
        ws.write(m);
        const r = lintWorkspace(ws, { allFormats: k % 4 === 0 });
        out.mutants++;
        const faults = [...r.faults];
        if (k % 10 === 0 && r.json !== undefined && lintWorkspace(ws).json !== r.json) faults.push('not deterministic');
        if (faults.some((f) => f.startsWith('threw'))) out.crashes++;
        else if (faults.some((f) => f.startsWith('notice'))) out.ruleErrors++;
        else if (faults.length) out.otherFaults++;
        if (faults.length && out.examples.length < 5) out.examples.push(`${c.name} seed ${m.seed}: ${faults[0]!.slice(0, 300)}`);
        if (r.ms > out.slowest.ms) out.slowest = { ms: r.ms, name: c.name, seed: m.seed };
        if (r.ms > 2000) out.slow.push({ ms: r.ms, name: c.name, seed: m.seed });
      }
    } finally {
      ws.remove();
    }
  }
  out.wallMs = performance.now() - t;
  return out;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';

/**
 * The layers of src/ and the arrows allowed between them (see ARCHITECTURE.md). A layer may import
 * itself and the layers listed; the files at the top of src/ (cli, lint, pipeline, index) may import
 * anything. Type-only imports count: a type is a dependency too.
 */
const LAYERS: Record<string, string[]> = {
  core: [],
  load: ['core'],
  parse: ['core'],
  knowledge: ['core'],
  model: ['core'],
  code: ['core', 'parse', 'model'],
  platforms: ['core', 'parse', 'model', 'code', 'knowledge'],
  analysis: ['core', 'model', 'code', 'knowledge'],
  engine: ['core', 'model', 'code', 'knowledge', 'analysis'],
  config: ['core', 'model', 'parse', 'load', 'engine'],
  formatters: ['core', 'model', 'engine', 'knowledge'],
  reports: ['core', 'model', 'code', 'knowledge', 'analysis', 'engine'],
  docs: ['core', 'engine'],
};

/** Only these touch the file system: the loading stage, the CLI (it writes outputs), package data. */
const FS_ALLOWED = [/^src\/load\//, /^src\/cli\.ts$/, /^src\/knowledge\/aws\/iam\/actions\.ts$/];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...sourceFiles(rel));
    else if (e.name.endsWith('.ts')) out.push(rel);
  }
  return out.sort();
}

const SPEC =
  /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function specifiers(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(SPEC)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

/** The layer a src file belongs to (`core`, …), or null for the top-level files. */
function layerOf(file: string): string | null {
  const parts = file.split('/');
  return parts.length > 2 ? parts[1]! : null;
}

const FILES = sourceFiles('src');

describe('layers', () => {
  it('every folder of src/ is a known layer', () => {
    const folders = [...new Set(FILES.map(layerOf).filter((l): l is string => l !== null))];
    expect(folders.filter((f) => !(f in LAYERS))).toEqual([]);
  });

  it('imports point one way', () => {
    const wrong: string[] = [];
    for (const file of FILES) {
      const layer = layerOf(file);
      for (const spec of specifiers(file)) {
        if (!spec.startsWith('.')) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        if (!target.startsWith('src/')) {
          // only the top-level files may reach the rule registry
          if (layer !== null) wrong.push(`${file} → ${target}`);
          continue;
        }
        const to = layerOf(target);
        if (layer === null || to === layer) continue;
        if (to === null || !LAYERS[layer]!.includes(to)) wrong.push(`${file} (${layer}) → ${target} (${to ?? 'top'})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the allowed arrows have no cycle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycle: string[] = [];
    const visit = (l: string, trail: string[]): void => {
      if (state.get(l) === 'done') return;
      if (state.get(l) === 'open') {
        cycle.push([...trail, l].join(' → '));
        return;
      }
      state.set(l, 'open');
      for (const d of LAYERS[l]!) visit(d, [...trail, l]);
      state.set(l, 'done');
    };
    for (const l of Object.keys(LAYERS)) visit(l, []);
    expect(cycle).toEqual([]);
  });

  it('platforms import each other only downwards (aws/serverless may use aws/cloudformation, not back)', () => {
    const wrong: string[] = [];
    for (const file of FILES.filter((f) => f.startsWith('src/platforms/aws/cloudformation/') || f.startsWith('src/platforms/aws/sam/'))) {
      for (const spec of specifiers(file)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        if (target.startsWith('src/platforms/aws/serverless/')) wrong.push(`${file} → ${target}`);
        if (file.includes('/cloudformation/') && target.startsWith('src/platforms/aws/sam/')) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('only the loading stage, the CLI and package data touch the file system', () => {
    const offenders = FILES.filter((f) => specifiers(f).some((s) => s === 'node:fs' || s === 'fs' || s === 'node:fs/promises')).filter(
      (f) => !FS_ALLOWED.some((re) => re.test(f)),
    );
    expect(offenders).toEqual([]);
  });

  it('no module-level mutable state in the model, the loaders, the parsers, the code layer or the platforms', () => {
    const offenders: string[] = [];
    for (const file of FILES.filter((f) => /^src\/(model|load|parse|code|platforms|analysis)\//.test(f))) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const [i, line] of text.split('\n').entries()) {
        if (/^(export )?(let|var) /.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        // an empty module-level Map/Set is a cache or registry filled from input (a table built from
        // constant entries is fine: it is never written)
        if (/^(export )?const \w+(: [^=]+)? = new (WeakMap|Map|WeakSet|Set)(<[^>]*>)?\(\)/.test(line))
          offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

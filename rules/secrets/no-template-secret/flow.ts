import { get, mapEntries } from '../../_api.js';
import type { Loc, Node, Resource } from '../../_api.js';
import { templateSections, walkLeaves, type LeafVisit } from '../../_shared/secrets.js';

/**
 * Properties whose strings are scripts, commands, code or job arguments: EC2 `UserData`, inline
 * `ZipFile` / `InlineCode`, container `Command` / `EntryPoint`, CodeBuild `BuildSpec`, Glue and
 * Batch job arguments. Their text is scanned for secrets wherever it sits.
 */
const FREE_TEXT_KEYS = new Set([
  'userdata',
  'zipfile',
  'inlinecode',
  'command',
  'entrypoint',
  'buildspec',
  'script',
  'commands',
  'defaultarguments',
  'arguments',
  'parameters',
]);

/** A property path's segments without list indices: `ContainerDefinitions[0].Command[2]` → [ContainerDefinitions, Command]. */
function segments(path: string): string[] {
  return path.split('.').map((p) => p.replace(/(?:\[\d+\])+$/, ''));
}

/** Is the leaf at `path` (below a resource's Properties) part of a script, command or code? */
export function freeTextPart(path: string): boolean {
  return segments(path).some((s) => FREE_TEXT_KEYS.has(s.toLowerCase()));
}

const isIntrinsic = (s: string): boolean => s === 'Ref' || s.startsWith('Fn::');

/** A leaf's path as a property path, without the intrinsic functions around the value: `UserData.Fn::Base64.Fn::Sub` → `UserData`. */
export function propertyPath(path: string): string {
  const parts = path.split('.');
  const i = parts.findIndex((p) => isIntrinsic(p.replace(/(?:\[\d+\])+$/, '')));
  return i < 1 ? path : parts.slice(0, i).join('.');
}

/** One parameter reached through `Ref` or `Fn::Sub` from a property. */
export interface ParameterFlow {
  /** the parameter's logical name */
  name: string;
  /** its literal `Default` */
  defaultLeaf: LeafVisit;
  /** where the reference is written */
  refAt: Loc;
  /** the property path the value flows into (`MasterUserPassword`, `UserData`) */
  path: string;
  /** the property key holding it (the last segment before the intrinsics) */
  key: string;
  /** inside a script (`UserData`, a command), the name the script assigns it to (`DB_PASSWORD=${P}`) */
  assignedTo?: string;
  /** is the reference inside a script, command or code? */
  inText: boolean;
}

const SUB_VARIABLE = /\$\{([A-Za-z0-9_]{1,255})\}/g;
/** `NAME=${P}`, `NAME: ${P}`, `--name ${P}`, `"name": "${P}"` right before a `${P}`. */
const ASSIGNED_BEFORE = /([A-Za-z_][\w.-]{0,63})["']?\s{0,4}(?:=|:|\s)\s{0,4}["']?$/;

/**
 * Parameters whose literal `Default` reaches a property of `r` through `{Ref: P}`, `!Sub '${P}'` (the
 * string and the list form) or a `Fn::Join` of them. Pseudo parameters and resources are not
 * parameters; a parameter without a literal string default flows nothing.
 */
export function parameterFlows(r: Resource, properties: Node | null): ParameterFlow[] {
  const serverless = r.app.origin === 'serverless';
  const defaults = new Map<string, LeafVisit>();
  for (const section of templateSections(r.app.root, serverless)) {
    for (const { key: name, value } of mapEntries(get(section, 'Parameters'))) {
      const def = get(value, 'Default');
      if (def && def.kind === 'scalar' && typeof def.value === 'string' && !defaults.has(name))
        defaults.set(name, { name, key: 'Default', path: `Parameters.${name}.Default`, node: def });
    }
  }
  if (!defaults.size) return [];
  const out: ParameterFlow[] = [];
  walkLeaves(properties, (leaf) => {
    if (leaf.node.kind !== 'scalar' || typeof leaf.node.value !== 'string') return;
    const segs = segments(leaf.path);
    const first = segs.findIndex(isIntrinsic);
    if (first < 1) return;
    const key = segs[first - 1]!;
    const path = propertyPath(leaf.path);
    const inText = freeTextPart(path);
    const text = leaf.node.value;
    const add = (name: string, assignedTo?: string) => {
      const defaultLeaf = defaults.get(name);
      if (defaultLeaf) out.push({ name, defaultLeaf, refAt: leaf.node.loc, path, key, inText, ...(assignedTo ? { assignedTo } : {}) });
    };
    if (leaf.key === 'Ref') add(text);
    else if (segs[segs.length - 1] === 'Fn::Sub') {
      // the list form's variables (`- Seed: !Ref SeedValue`) stand for the parameters they name
      const vars = leaf.path.endsWith('Fn::Sub[0]')
        ? subVariables(properties, leaf.path.slice(0, -'[0]'.length))
        : new Map<string, string>();
      for (const m of text.matchAll(SUB_VARIABLE)) {
        // `{{resolve:secretsmanager:${SecretName}:…}}`: the parameter names the secret, it is not its value
        if (insideDynamicReference(text, m.index)) continue;
        const assignedTo = ASSIGNED_BEFORE.exec(text.slice(Math.max(0, m.index - 80), m.index))?.[1];
        add(vars.get(m[1]!) ?? m[1]!, assignedTo);
      }
    }
  });
  return out;
}

/** Is offset `at` of a `Fn::Sub` template inside a `{{resolve:…}}` dynamic reference? */
function insideDynamicReference(text: string, at: number): boolean {
  const open = text.lastIndexOf('{{resolve:', at);
  return open >= 0 && text.indexOf('}}', open) > at;
}

/** The `{Var: {Ref: P}}` map of a list-form `Fn::Sub` at `path` (a walkLeaves path), as Var → P. */
function subVariables(root: Node | null, path: string): Map<string, string> {
  const out = new Map<string, string>();
  let node: Node | null | undefined = root;
  for (const part of path.split('.')) {
    const m = /^(.*?)((?:\[\d+\])*)$/.exec(part)!;
    node = get(node ?? undefined, m[1]!);
    for (const [, i] of m[2]!.matchAll(/\[(\d+)\]/g)) node = node?.kind === 'seq' ? node.items[Number(i)] : undefined;
  }
  const vars = node?.kind === 'seq' ? node.items[1] : undefined;
  for (const e of mapEntries(vars)) {
    const ref = get(e.value, 'Ref');
    if (ref?.kind === 'scalar' && typeof ref.value === 'string') out.set(e.key, ref.value);
  }
  return out;
}

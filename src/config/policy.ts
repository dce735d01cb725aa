import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { Loc, Node } from '../core/types.js';
import { entry, get } from '../core/node.js';
import { isInside } from '../core/paths.js';
import type { Rule } from '../engine/rule.js';
import { decodeText } from '../load/decode.js';
import { relPosix } from '../load/discover.js';
import { listFiles } from '../load/list.js';
import { readPackageFile } from '../load/package.js';
import { isRegularFile } from '../load/read.js';
import { pathExists, readRepositoryFile } from '../load/safe-read.js';
import { parseJson } from '../parse/json.js';
import { parseYaml } from '../parse/yaml.js';
import { compileSchema, ConfigError, locatedSchemaError, MAX_CONFIG_BYTES, suggest, toPlain, type Config } from './config.js';
import { ENTITY_KINDS, fieldNames, isField, policyRule, type EntityKind, type PolicyDef } from './policy-rule.js';
import { checkRegexSafety } from './regex-safety.js';

/** A policy file: `<name>.policy.yml`, `.policy.yaml` or `.policy.json`. */
export const POLICY_FILE = /\.policy\.(ya?ml|json)$/i;
/** Most policy files read from one folder. */
const MAX_POLICY_FILES = 500;

/** A problem with one policy, where it is written. */
export interface PolicyProblem {
  message: string;
  loc: Loc;
}

/** Several located problems at once: one line each, `file:line:col: message`. */
export class PolicyErrors extends ConfigError {
  constructor(readonly problems: PolicyProblem[]) {
    super(problems.map((p) => `${p.loc.file}:${p.loc.line}:${p.loc.column}: ${p.message}`).join('\n'));
  }
}

let policyValidator: ValidateFunction | null = null;
function validator(): ValidateFunction {
  if (!policyValidator) {
    const { oneOf: _either, ...schema } = JSON.parse(readPackageFile('schemas/policy.schema.json')!) as Record<string, unknown>;
    // one policy at a time, so that each policy of a list gets its own error at its own key
    policyValidator = compileSchema({ ...schema, $ref: '#/definitions/policy' });
  }
  return policyValidator;
}

/**
 * The policies a config names, compiled to rules (`policy/<id>`). Every bad policy — a schema error,
 * an unknown field, a regular expression that is invalid or could backtrack for minutes, an id given
 * twice — is one located problem; all of them are thrown together as `PolicyErrors` (exit 2).
 * Policy files are read like the config: regular files, capped, inside the repository.
 */
export function loadPolicies(cfg: Config): Rule<any>[] {
  const sources = cfg.policySources ?? [];
  if (!sources.length) return [];
  const origin = cfg.origin ?? { dir: process.cwd(), cwd: process.cwd(), repoRoot: process.cwd() };
  const problems: PolicyProblem[] = [];
  const rules: Rule<any>[] = [];
  const seen = new Map<string, Loc>();
  // in the order the config names them: each source's problems, then its policies'
  for (const s of sources) {
    const nodes = s.kind === 'inline' ? [s.node] : policyFileNodes(s.path, s.loc, origin, problems);
    for (const n of nodes) {
      const p = checkPolicy(n, problems);
      if (!p) continue;
      const idLoc = entry(n, 'id')!.value.loc;
      const first = seen.get(p.id);
      if (first) {
        problems.push({ message: `policy id "${p.id}" is also defined at ${first.file}:${first.line}`, loc: idLoc });
        continue;
      }
      seen.set(p.id, idLoc);
      rules.push(policyRule(p));
    }
  }
  if (problems.length) throw new PolicyErrors(problems);
  return rules.sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
}

/** The policy nodes of a policy file, or of every policy file under a folder. */
function policyFileNodes(rel: string, at: Loc, origin: NonNullable<Config['origin']>, problems: PolicyProblem[]): Node[] {
  const abs = path.resolve(origin.dir, rel);
  if (!isInside(origin.repoRoot, abs)) {
    problems.push({ message: `policies: "${rel}" is outside the repository; not read`, loc: at });
    return [];
  }
  if (!pathExists(abs)) {
    problems.push({ message: `policies: no such file or folder "${rel}"`, loc: at });
    return [];
  }
  let files: string[];
  if (isRegularFile(abs)) files = [abs];
  else {
    const dirRel = relPosix(origin.repoRoot, abs);
    files = listFiles(origin.repoRoot, dirRel === '.' ? '' : dirRel, () => true)
      .filter((f) => POLICY_FILE.test(f))
      .map((f) => path.resolve(origin.repoRoot, f));
    if (!files.length) {
      problems.push({ message: `policies: no *.policy.yml, *.policy.yaml or *.policy.json file under "${rel}"`, loc: at });
      return [];
    }
    if (files.length > MAX_POLICY_FILES) {
      problems.push({ message: `policies: more than ${MAX_POLICY_FILES} policy files under "${rel}"`, loc: at });
      return [];
    }
  }
  const out: Node[] = [];
  for (const f of files) {
    const name = relPosix(origin.cwd, f);
    const raw = readRepositoryFile(f, origin.repoRoot, MAX_CONFIG_BYTES);
    const whole: Loc = { file: name, line: 1, column: 1, endLine: 1, endColumn: 1 };
    if (!raw.ok) {
      problems.push({ message: `cannot read policy file: ${raw.detail}`, loc: whole });
      continue;
    }
    const decoded = decodeText(raw.bytes);
    if ('binary' in decoded) {
      problems.push({ message: 'cannot read policy file: binary (contains NUL bytes)', loc: whole });
      continue;
    }
    const parsed = /\.json$/i.test(f) ? parseJson(name, decoded.text) : parseYaml(name, decoded.text);
    if (parsed.errors.length) {
      problems.push({ message: parsed.errors[0]!.message, loc: parsed.errors[0]!.loc ?? whole });
      continue;
    }
    const root = parsed.doc.root;
    if (!root) problems.push({ message: 'empty policy file', loc: whole });
    else if (root.kind === 'seq') out.push(...root.items);
    // a file may also hold `policies: [...]`
    else if (root.kind === 'map' && get(root, 'policies')?.kind === 'seq' && !get(root, 'id'))
      out.push(...(get(root, 'policies') as { items: Node[] }).items);
    else out.push(root);
  }
  return out;
}

/** One policy validated: the schema, then its fields and regular expressions; undefined (and one problem) when bad. */
function checkPolicy(n: Node, problems: PolicyProblem[]): PolicyDef | undefined {
  const v = validator();
  const value = toPlain(n);
  if (!v(value)) {
    const err = locatedSchemaError(n, v.errors ?? []);
    problems.push({ message: `policy${policyName(n)}: ${conditionHint(err.message)}`, loc: err.loc });
    return undefined;
  }
  const def = value as Omit<PolicyDef, 'severity'> & { severity?: string };
  const kind = def.entity as EntityKind;
  if (!ENTITY_KINDS.includes(kind)) return undefined; // the schema's enum says so first
  const problem = conditionProblem(kind, get(n, 'where')) ?? conditionProblem(kind, get(n, 'require'));
  if (problem) {
    problems.push({ message: `policy "${def.id}": ${problem.message}`, loc: problem.loc });
    return undefined;
  }
  return { ...def, ...(def.severity === 'warn' ? { severity: 'warning' } : {}) } as PolicyDef;
}

const policyName = (n: Node): string => {
  const id = get(n, 'id');
  return id?.kind === 'scalar' ? ` "${String(id.value)}"` : '';
};

/** ajv's words for a condition without an operator, in ours. */
function conditionHint(message: string): string {
  const required = /^\(root\) must have required property '(\w+)'$/.exec(message);
  if (required) return `"${required[1]}" is required`;
  return /must match exactly one schema in oneOf|must have required property '(all|any|not|field)'|must NOT have (more|fewer) than \d properties/.test(
    message,
  )
    ? `${message.replace(/ must .*$/, '')}: a condition is {all: […]}, {any: […]}, {not: …} or {field: <name>, <operator>: <value>} with one operator`
    : message;
}

/** The first unknown field or unsafe regular expression in a (schema-valid) condition. */
function conditionProblem(kind: EntityKind, c: Node | undefined): PolicyProblem | undefined {
  if (!c || c.kind !== 'map') return undefined;
  for (const key of ['all', 'any']) {
    const list = get(c, key);
    if (list?.kind === 'seq')
      for (const item of list.items) {
        const p = conditionProblem(kind, item);
        if (p) return p;
      }
  }
  const inner = get(c, 'not');
  if (inner) return conditionProblem(kind, inner);
  const field = get(c, 'field');
  if (field?.kind === 'scalar' && !isField(kind, String(field.value))) {
    const names = fieldNames(kind);
    return {
      message: `unknown field "${String(field.value)}" of a ${kind}${suggest(String(field.value), names)} (fields: ${names.join(', ')})`,
      loc: field.loc,
    };
  }
  const re = get(c, 'matches');
  if (re?.kind === 'scalar' && typeof re.value === 'string') {
    const verdict = checkRegexSafety(re.value);
    if (!verdict.safe)
      return {
        message: `matches is refused: ${verdict.reason} can make it run for minutes on a long value (write it without nested or overlapping repetition)`,
        loc: re.loc,
      };
  }
  return undefined;
}

import { actionInfo, actionResourceArns, isWildcardOnlyAction } from '../knowledge/aws/iam/actions.js';
import { RESOURCE_PROPERTIES } from '../knowledge/aws/sdk/index.js';
import { resourceOf, type SdkCallsRun } from '../analysis/sdk-calls/index.js';
import type { App, Fn } from '../model/types.js';
import { samPolicies, type SamTemplateUse } from './sam-policies.js';
import type { ReportDef } from './types.js';

/**
 * `--report permissions`: per function, the least-privilege policy its code needs (the actions of its
 * SDK calls, on the resources they name; `*` with the reason where the resource is not known), what
 * its role grants that the code does not call, what the code calls that the role does not grant, and
 * the policy written in the manifest's own syntax, ready to paste.
 */

export type PolicySyntax = 'serverless' | 'sam' | 'cloudformation-yaml' | 'cloudformation-json';

export interface PolicyStatement {
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string>>;
}

/**
 * An action the code needs on a resource we do not know. It is left out of the policy rather than
 * granted on `*` (a pasted `iam:PassRole` or `s3:PutObject` on `*` is the over-grant the IAM rules
 * report): the reader fills in the resource, in the format the action takes.
 */
export interface FillIn {
  action: string;
  /** the calls needing it, `file:line` */
  at: string[];
  /** why the resource is not known */
  why: string[];
  /** the ARN formats of the action's resource types (Service Authorization Reference) */
  format: string[];
  condition?: Record<string, Record<string, string>>;
}

export interface PermissionsFunction {
  name: string;
  id: string;
  /** the role's id, or null when the function's role is not in view */
  role: string | null;
  /** other functions of the role (a shared role grants each what all of them need) */
  sharedWith: string[];
  /** false: the function's code is not read (no policy is derived) */
  seen: boolean;
  /** the SDK calls, one line each: `file:line service Operation → actions on resources` */
  calls: { at: string; call: string; actions: string[]; optional: string[]; resources: string[]; note: string }[];
  /** why part of the policy is not known: dynamic calls, resources named at run time */
  unknown: string[];
  /** actions the code calls that the role does not allow, with the call */
  missing: { action: string; at: string }[];
  /** actions the role's statements allow that no function of the role calls (empty when it cannot be judged) */
  unused: string[];
  /** why unused grants are not judged, when they are not */
  unusedNote?: string;
  statements: PolicyStatement[];
  /** actions the code needs whose resource we do not know: not in `statements`, to be filled in */
  fillIn: FillIn[];
  /**
   * SAM, when a policy template fits: the policy as written in `policy`, with the policy templates
   * that fit exactly (see `reports/sam-policies.ts`) and the statements left
   */
  sam?: { templates: SamTemplateUse[]; statements: PolicyStatement[] };
  /** the statements in the manifest's syntax */
  policy: string[];
}

export interface PermissionsReportData {
  apps: { file: string; name: string; syntax: PolicySyntax; functions: PermissionsFunction[] }[];
}

function syntaxOf(app: App): PolicySyntax {
  if (app.origin === 'serverless') return 'serverless';
  if (app.origin === 'sam') return 'sam';
  return app.file.endsWith('.json') ? 'cloudformation-json' : 'cloudformation-yaml';
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The resources of a call an action applies to (S3: the bucket for bucket actions, its objects for object actions). */
function resourcesFor(action: string, service: string, arns: string[]): string[] {
  if (service !== 's3' || arns.length < 2) return arns;
  const types = new Set(actionResourceArns(action).map((r) => r.type));
  const object = arns.filter((a) => a.includes('/'));
  const bucket = arns.filter((a) => !a.includes('/'));
  if (types.has('object') && !types.has('bucket')) return object;
  if (types.has('bucket') && !types.has('object')) return bucket;
  return arns;
}

/**
 * The least-privilege statements for a function: actions grouped by the resources (and condition)
 * they need. An action that can be scoped to a resource and whose resource the code does not show
 * is not granted on `*`: it is returned in `fillIn`. `*` is written only for actions that take no
 * resource (`xray:PutTraceSegments`, `s3:ListAllMyBuckets`).
 */
export function neededStatements(run: SdkCallsRun, fn: Fn): { statements: PolicyStatement[]; fillIn: FillIn[] } {
  const perAction = new Map<string, { action: string; condition?: PolicyStatement['Condition']; resources: Set<string> }>();
  const fill = new Map<string, FillIn>();
  for (const c of run.callsOf(fn))
    for (const a of [...(c.actions ?? []), ...(c.optional ?? [])]) {
      const res = resourceOf(c, a);
      const condition = c.across?.find((x) => x.action === a)?.condition;
      const key = `${a}|${JSON.stringify(condition ?? null)}`;
      let resources: string[];
      if (isWildcardOnlyAction(a) || (!res.known && !scoped(a, c.service))) resources = ['*'];
      else if (res.known) resources = a.split(':')[0] === c.service ? resourcesFor(a, c.service, res.arns) : res.arns;
      else {
        const f = fill.get(key) ?? {
          action: a,
          at: [],
          why: [],
          format: actionResourceArns(a).map((r) => r.arn),
          ...(condition ? { condition } : {}),
        };
        fill.set(key, f);
        if (!f.at.includes(at(c.loc))) f.at.push(at(c.loc));
        const why = res.note || `the call names no ${a.split(':')[0]} resource we can read`;
        if (!f.why.includes(why)) f.why.push(why);
        continue;
      }
      const e = perAction.get(key) ?? { action: a, ...(condition ? { condition } : {}), resources: new Set<string>() };
      perAction.set(key, e);
      for (const r of resources) e.resources.add(r);
    }
  const groups = new Map<string, PolicyStatement>();
  for (const [, e] of [...perAction].sort((x, y) => byText(x[0], y[0]))) {
    const resources = e.resources.has('*') ? ['*'] : [...e.resources].sort(byText);
    const key = `${e.action.split(':')[0]}|${resources.join('\n')}|${JSON.stringify(e.condition ?? null)}`;
    const g = groups.get(key);
    if (g) g.Action.push(e.action);
    else groups.set(key, { Effect: 'Allow', Action: [e.action], Resource: resources, ...(e.condition ? { Condition: e.condition } : {}) });
  }
  return { statements: [...groups.values()], fillIn: [...fill.values()].sort((x, y) => byText(x.action, y.action)) };
}

/**
 * Is the action one whose resource a pasted policy must name? Yes for the services whose resources
 * the call model reads (a bucket, a table…) and for actions needing a resource (`ses:SendEmail` an
 * identity); no for an action of a service we do not model whose resources are all optional
 * (`rekognition:DetectModerationLabels` names a custom adapter only when it uses one).
 */
function scoped(action: string, callService: string): boolean {
  const svc = action.split(':')[0]!;
  return svc !== callService || Object.hasOwn(RESOURCE_PROPERTIES, svc) || actionInfo(action)?.resourceRequired === true;
}

const at = (loc: { file: string; line: number }) => `${loc.file}:${loc.line}`;

function fnData(run: SdkCallsRun, fn: Fn, syntax: PolicySyntax): PermissionsFunction {
  const role = fn.role;
  const sharedWith = role ? role.functions.filter((n) => n !== fn.name).sort(byText) : [];
  const v = run.visibility(fn);
  const base = { name: fn.name, id: fn.id, role: role?.id ?? null, sharedWith };
  if (!v.seen)
    return { ...base, seen: false, calls: [], unknown: [v.why], missing: [], unused: [], statements: [], fillIn: [], policy: [] };
  const calls = run.callsOf(fn).map((c) => ({
    at: at(c.loc),
    call: `${c.service} ${c.operation ?? '(dynamic)'}`,
    actions: [...(c.actions ?? [])],
    optional: [...(c.optional ?? [])],
    resources: c.resource.known ? [...c.resource.arns] : ['*'],
    note: c.resource.note,
  }));
  const unknown = new Set<string>();
  for (const c of run.callsOf(fn)) {
    if (c.service === '?') unknown.add(`${at(c.loc)}: a client of a service the SDK table does not map; its calls are not read`);
    else if (!c.actions)
      unknown.add(
        c.operation
          ? `${at(c.loc)}: a ${c.service} ${c.operation} call whose IAM actions we cannot tell from its input or the SDK table`
          : `${at(c.loc)}: a ${c.service} call whose operation is computed at run time`,
      );
    else if (!c.resource.known && c.actions.length && c.resource.note) unknown.add(`${at(c.loc)}: resource * because ${c.resource.note}`);
  }
  for (const s of [...run.dynamicServices(fn)].sort(byText))
    if (!run.callsOf(fn).some((c) => c.service === s && !c.actions))
      unknown.add(`${s}: a client used in ways we cannot read (handed to a library?)`);
  const missing = run
    .missing(fn)
    .map((m) => ({ action: m.action, at: at(m.call.loc) }))
    .sort((a, b) => byText(`${a.at} ${a.action}`, `${b.at} ${b.action}`));
  let unused: string[] = [];
  let unusedNote: string | undefined;
  if (role) {
    const u = run.unused(role);
    if ('silent' in u) unusedNote = u.silent;
    else unused = [...new Set(u.unused.flatMap((g) => g.unused))].sort(byText);
  } else unusedNote = 'the role is not in view';
  const { statements, fillIn } = neededStatements(run, fn);
  const fitted = syntax === 'sam' ? samPolicies(statements, fn.app) : undefined;
  const sam = fitted?.templates.length ? fitted : undefined;
  return {
    ...base,
    seen: true,
    calls,
    unknown: [...unknown],
    missing,
    unused,
    ...(unusedNote ? { unusedNote } : {}),
    statements,
    fillIn,
    ...(sam ? { sam } : {}),
    policy: sam ? renderPolicy(sam.statements, syntax, sam.templates) : renderPolicy(statements, syntax),
  };
}

// ---------------------------------------------------------------------------------------------------
// Rendering in the manifest's syntax

const PSEUDO_SERVERLESS: Record<string, string> = {
  'AWS::Region': '${aws:region}',
  'AWS::AccountId': '${aws:accountId}',
  'AWS::Partition': 'aws',
};

const yamlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** An ARN in `Fn::Sub` syntax as a serverless.yml value: pseudo parameters as framework variables, references joined. */
function serverlessValue(arn: string): string {
  const parts: string[] = [];
  let lit = '';
  for (const piece of arn.split(/(\$\{[^}]+\})/)) {
    const m = /^\$\{([^}]+)\}$/.exec(piece);
    if (!m) lit += piece;
    else if (Object.hasOwn(PSEUDO_SERVERLESS, m[1]!)) lit += PSEUDO_SERVERLESS[m[1]!];
    else if (m[1]!.startsWith('construct:') || m[1]!.includes(':')) lit += piece;
    else {
      if (lit) parts.push(yamlString(lit));
      lit = '';
      const [id, attr] = m[1]!.split(/\.(.*)/);
      parts.push(attr ? `!GetAtt ${id}.${attr}` : `!Ref ${id}`);
    }
  }
  if (!parts.length) return yamlString(lit);
  if (lit) parts.push(yamlString(lit));
  return parts.length === 1 ? parts[0]! : `!Join ['', [${parts.join(', ')}]]`;
}

const cfnYamlValue = (arn: string) => (/\$\{/.test(arn) ? `!Sub ${yamlString(arn)}` : yamlString(arn));

/** A SAM policy template's parameter value (`${Table}` → `!Ref Table`, `${Queue.QueueName}` → `!GetAtt Queue.QueueName`). */
function samParameter(v: string): string {
  const m = /^\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}$/.exec(v);
  if (m) return m[2] ? `!GetAtt ${m[1]}.${m[2]}` : `!Ref ${m[1]}`;
  return cfnYamlValue(v);
}

/**
 * The statements as lines of the manifest's syntax (serverless `iamRoleStatements`, SAM `Policies`, a
 * policy document's `Statement`); for SAM, the policy templates given come first.
 */
export function renderPolicy(statements: PolicyStatement[], syntax: PolicySyntax, templates: SamTemplateUse[] = []): string[] {
  if (!statements.length && !(syntax === 'sam' && templates.length)) return [];
  if (syntax === 'cloudformation-json') {
    const doc = statements.map((s) => ({
      Effect: s.Effect,
      Action: s.Action,
      Resource: s.Resource.map((r) => (/\$\{/.test(r) ? { 'Fn::Sub': r } : r)),
      ...(s.Condition ? { Condition: s.Condition } : {}),
    }));
    return JSON.stringify({ Statement: doc }, null, 2).split('\n');
  }
  const value = syntax === 'serverless' ? serverlessValue : cfnYamlValue;
  const out: string[] = [];
  let indent = '';
  if (syntax === 'serverless') out.push('iamRoleStatements:');
  else if (syntax === 'sam') {
    out.push('Policies:');
    for (const t of templates) {
      const params = Object.entries(t.parameters).map(([k, v]) => `${k}: ${samParameter(v)}`);
      out.push(`  - ${t.name}: ${params.length ? `{ ${params.join(', ')} }` : '{}'}`);
    }
    if (!statements.length) return out;
    out.push('  - Statement:');
    indent = '    ';
  } else out.push('Statement:');
  for (const s of statements) {
    out.push(`${indent}  - Effect: Allow`, `${indent}    Action:`);
    for (const a of s.Action) out.push(`${indent}      - ${a}`);
    out.push(`${indent}    Resource:`);
    for (const r of s.Resource) out.push(`${indent}      - ${r === '*' ? "'*'" : value(r)}`);
    if (s.Condition) {
      out.push(`${indent}    Condition:`);
      for (const [op, kv] of Object.entries(s.Condition)) {
        out.push(`${indent}      ${op}:`);
        for (const [k, v] of Object.entries(kv)) out.push(`${indent}        ${k}: ${yamlString(v)}`);
      }
    }
  }
  return out;
}

/** Actions by service, each service's list cut at 5 (`s3: 153 actions (s3:A, s3:B, …)`). */
function summarise(actions: string[]): string {
  const by = new Map<string, string[]>();
  for (const a of actions) by.set(a.split(':')[0]!, [...(by.get(a.split(':')[0]!) ?? []), a]);
  return [...by.values()]
    .map((l) => (l.length <= 5 ? l.join(', ') : `${l.length} ${l[0]!.split(':')[0]} actions (${l.slice(0, 4).join(', ')}, …)`))
    .join(', ');
}

export const permissionsReport: ReportDef<PermissionsReportData> = {
  name: 'permissions',
  description:
    'least privilege per function: the policy its code needs, what its role grants that nothing calls, and what it calls that is not granted',
  build(ctx) {
    const run = ctx.analyses.get('sdkCalls');
    const apps = [...ctx.project.apps]
      .filter((a) => (a.platform ?? 'aws') === 'aws' && a.functions.length)
      .sort((a, b) => byText(a.file, b.file))
      .map((a) => {
        const syntax = syntaxOf(a);
        return { file: a.file, name: a.name, syntax, functions: a.functions.map((f) => fnData(run, f, syntax)) };
      });
    return { apps };
  },
  text(data, style) {
    const out: string[] = [];
    if (!data.apps.length) out.push('no AWS function');
    for (const app of data.apps) {
      out.push(style.bold(`${app.file} (${app.name})`));
      for (const f of app.functions) {
        const role = f.role ? `role ${f.role}${f.sharedWith.length ? `, shared with ${f.sharedWith.join(', ')}` : ''}` : 'role not in view';
        out.push(`  ${style.bold(f.name)}  ${style.dim(role)}`);
        if (!f.seen) {
          out.push(style.dim(`    not derived: ${f.unknown.join('; ')}`));
          continue;
        }
        if (!f.calls.length) out.push('    the code makes no AWS SDK call we read');
        for (const c of f.calls) {
          const actions = [...c.actions, ...c.optional.map((o) => `${o} (optional)`)].join(', ') || '?';
          out.push(`    ${c.at}  ${c.call} → ${actions} on ${c.resources.join(', ')}`);
        }
        for (const u of f.unknown) out.push(style.dim(`    unknown: ${u}`));
        for (const m of f.missing) out.push(`    not granted: ${m.action} (${m.at})`);
        if (f.unused.length) out.push(`    granted, never called: ${summarise(f.unused)}`);
        else if (f.unusedNote) out.push(style.dim(`    unused grants not judged: ${f.unusedNote}`));
        if (f.policy.length) {
          out.push(style.dim('    least-privilege policy:'));
          for (const l of f.policy) out.push(`      ${l}`);
        }
        if (f.fillIn.length) {
          out.push('    needs a resource you must fill in (left out of the policy: granting it on * would grant it on every resource):');
          for (const x of f.fillIn) {
            const cond = x.condition
              ? `, with ${Object.entries(x.condition)
                  .map(([op, kv]) =>
                    Object.entries(kv)
                      .map(([k, v]) => `${op} ${k} = ${v}`)
                      .join(', '),
                  )
                  .join(', ')}`
              : '';
            out.push(`      ${x.action} (${x.at.join(', ')})${cond}: ${x.why.join('; ')}`);
            if (x.format.length) out.push(style.dim(`        resource: ${x.format.join(' or ')}`));
          }
        }
      }
      out.push('');
    }
    return out;
  },
};

import { str } from '../../core/node.js';
import type { Loc, Node, ToolNotice, Value } from '../../core/types.js';
import { actionResourceArns } from '../../knowledge/aws/iam/actions.js';
import { LIFT_ARN_VARIABLE } from '../../knowledge/aws/deploy-grants.js';
import type { Fn, IamStatement, Project, ResourceRef, Role, SourceFile } from '../../model/types.js';
import { isAllow } from '../../model/queries.js';
import { platformUses, statementActions, verdict, type Verdict } from './grants.js';
import { loopResource, WRITE_ACTIONS, type LoopService, type Write, type WriteSource } from '../cost/writes.js';
import { CodeReach } from '../code-reach.js';
import { sseAcross } from './sse.js';
import {
  clientService,
  collectCalls,
  UNMAPPED,
  v2ClientModule,
  type ClientConstruction,
  type CodeValue,
  type FileCalls,
  type RawCall,
} from './collect.js';

export type { ClientConstruction, CodeValue, RawCall } from './collect.js';
export type { Verdict } from './grants.js';

/** Where a call's resource came from, for notes and the report. */
export interface CallResource {
  /** ARNs in `Fn::Sub` syntax (`arn:${AWS::Partition}:s3:::${Uploads}/*`), or `['*']` when not known */
  arns: string[];
  /** the logical ids and names it designates (empty when not known) */
  ids: string[];
  names: string[];
  /** why the resource is `*` (a note), or how it was found (`BUCKET, set in the manifest`) */
  note: string;
  /** true when the resource was resolved */
  known: boolean;
  /** the serverless-lift construct whose resource it is (`${construct:uploads.bucketName}`) */
  construct?: string;
  /** S3: the object ARN is scoped by the key the call names (`bucket/out/*`); false: any key */
  keyKnown?: boolean;
}

/** One SDK call of a function's code, with the actions it needs and the resource it names. */
export interface SdkCall {
  fn: Fn;
  service: string;
  operation?: string;
  /** undefined: the operation is not known (a dynamic call or an operation the table lacks) */
  actions?: readonly string[];
  /** actions the call may use but does not need (see `RawCall.optional`) */
  optional?: readonly string[];
  via: string;
  resource: CallResource;
  /** S3: the object key written (`out/*` for \`out/${id}\`), when the input shows it */
  key?: string;
  /**
   * Actions of another service the call needs on their own resource (`iam:PassRole` on the role it
   * passes, `kms:Decrypt` on the bucket's key); an action of another service not listed here is on
   * a resource we do not know.
   */
  across?: Across[];
  loc: Loc;
  file: string;
}

/** An action of a call on a resource other than the call's own (see `SdkCall.across`). */
export interface Across {
  action: string;
  resource: CallResource;
  /** the condition that narrows it (`iam:PassedToService`), in policy syntax */
  condition?: Record<string, Record<string, string>>;
}

/** A statement allowing actions no code of the role's functions calls. */
export interface UnusedGrant {
  statement: IamStatement;
  /** the statement's actions (wildcards expanded) that no call needs */
  unused: string[];
  /** the statement's actions that some call needs */
  used: string[];
  functions: string[];
}

/** How much of a function's code we see: `seen`, or why not (its grants cannot be judged unused). */
export type Visibility = { seen: true } | { seen: false; why: string };

const ARN = 'arn:${AWS::Partition}';
const ANY_RESOURCE: CallResource = { arns: ['*'], ids: [], names: [], note: '', known: false };
const REGIONAL = (svc: string) => `${ARN}:${svc}:\${AWS::Region}:\${AWS::AccountId}`;

/**
 * The `sdkCalls` analysis: the AWS SDK calls each function's code makes (v3 commands, aggregated
 * clients, document clients, paginators, waiters, presigners, `lib-storage` uploads, v2 clients and
 * Powertools utilities), mapped to IAM actions (`knowledge/aws/sdk`) and to the resources they name
 * (literal, an environment variable set in the manifest, `!Ref`/`!GetAtt` of a template resource).
 */
export class SdkCallsRun {
  private readonly perFile = new Map<string, FileCalls>();
  private readonly perFn = new Map<Fn, SdkCall[]>();
  private readonly reach: CodeReach;
  private byPath?: Map<string, SourceFile>;
  constructor(private readonly project: Project) {
    this.reach = new CodeReach(project);
  }

  private file(path: string): SourceFile | undefined {
    return (this.byPath ??= new Map(this.project.sourceFiles.map((f) => [f.path, f]))).get(path);
  }

  notices(): ToolNotice[] {
    return [];
  }

  /** The project files a function's code reaches (its handler file and what it imports), sorted. */
  filesOf(fn: Fn): SourceFile[] {
    return this.reach.of(fn).files;
  }

  /**
   * Every SDK call the function's code can make, in file and position order: the calls of the files
   * it loads that its handler reaches (call-level: a helper of a shared module that only another
   * handler calls is not this function's).
   */
  callsOf(fn: Fn): SdkCall[] {
    let r = this.perFn.get(fn);
    if (r) return r;
    r = [];
    const reach = this.reach.of(fn);
    for (const f of reach.files) {
      const raw = this.rawCalls(f);
      for (const c of raw) if (reach.reaches(f.path, c.pos)) r.push(this.resolve(fn, f, c));
    }
    this.perFn.set(fn, r);
    return r;
  }

  /** The calls of one file, with the clients other project files export to it (followed a few files deep). */
  private rawCalls(f: SourceFile, depth = 0): FileCalls {
    let raw = this.perFile.get(f.path);
    if (raw) return raw;
    this.perFile.set(f.path, []); // an import cycle reads no client
    const imported = (spec: string): FileCalls | undefined => {
      const target = f.imports.find((i) => i.source === spec && i.resolved !== undefined)?.resolved;
      const tf = target ? this.file(target) : undefined;
      return tf && depth <= 4 ? this.rawCalls(tf, depth + 1) : undefined;
    };
    raw = collectCalls(
      f,
      (spec, name) => imported(spec)?.clients?.get(name),
      (spec) => (imported(spec)?.clients?.size ?? 0) > 0,
    );
    this.perFile.set(f.path, raw);
    return raw;
  }

  /** The SDK clients a project file constructs (`new S3Client()`, `new AWS.S3()`), in source order. */
  constructionsIn(f: SourceFile): ClientConstruction[] {
    return this.rawCalls(f).constructions ?? [];
  }

  /** The offsets of the SDK calls a project file makes (any function's), in no order. */
  callOffsetsIn(f: SourceFile): number[] {
    return this.rawCalls(f).map((c) => c.pos);
  }

  /** Whether we see all the code of a function: its handler parsed (a JS/TS handler we resolved). */
  visibility(fn: Fn): Visibility {
    if (!fn.entry) return { seen: false, why: `the handler of "${fn.name}" is not known` };
    if (!this.project.sourceFiles.some((f) => f.handlerOf.includes(fn)))
      return { seen: false, why: `the code of "${fn.name}" is not JavaScript or TypeScript we parsed` };
    return { seen: true };
  }

  /**
   * Services the function's code reaches in ways we cannot read: dynamic calls (`client[op](…)`,
   * `send(commandFor(x))`), operations the table lacks, and clients imported with no call we read
   * (a client handed to a library).
   */
  dynamicServices(fn: Fn): Set<string> {
    const calls = this.callsOf(fn);
    const out = new Set(calls.filter((c) => !c.actions).map((c) => c.service));
    const called = new Set(calls.map((c) => c.service));
    for (const f of this.filesOf(fn))
      for (const i of f.imports) {
        if (i.typeOnly || i.resolved !== undefined) continue;
        const svc = clientService(i.source) ?? v2ClientModule(i.source);
        if (svc && !called.has(svc)) out.add(svc);
      }
    return out;
  }

  /** The calls whose actions the function's role does not allow (on the resource they name). */
  missing(fn: Fn): { call: SdkCall; action: string; resource: CallResource; verdict: Verdict }[] {
    const out: { call: SdkCall; action: string; resource: CallResource; verdict: Verdict }[] = [];
    for (const call of this.callsOf(fn))
      for (const action of call.actions ?? []) {
        // an action of another service (`iam:PassRole` of `CreateFunction`) is on its own resource (the role passed)
        const resource = resourceOf(call, action);
        const v = verdict(fn, action, resource);
        if (v.kind === 'no' || v.kind === 'elsewhere') out.push({ call, action, resource, verdict: v });
      }
    return out;
  }

  /**
   * The role's statements that allow actions no function of the role calls, with what is used; or why
   * the role cannot be judged (shared with code we cannot see, used by another service).
   */
  unused(role: Role): { unused: UnusedGrant[] } | { silent: string } {
    if (role.usedBy?.length) return { silent: `the role is also used by ${role.usedBy[0]!.kind} ${role.usedBy[0]!.id}` };
    const fns = role.functions.map((n) => role.app.functions.find((f) => f.name === n)).filter((f): f is Fn => !!f);
    if (!fns.length) return { silent: 'no function uses the role' };
    for (const fn of fns) {
      const v = this.visibility(fn);
      if (!v.seen) return { silent: v.why };
    }
    const used = new Set<string>();
    const dynamic = new Set<string>();
    for (const fn of fns) {
      for (const c of this.callsOf(fn)) for (const a of [...(c.actions ?? []), ...(c.optional ?? [])]) used.add(a.toLowerCase());
      for (const d of this.dynamicServices(fn)) dynamic.add(d);
    }
    const out: UnusedGrant[] = [];
    for (const s of role.statements) {
      if (s.source.kind === 'trust' || s.source.kind === 'resource-policy' || s.source.kind === 'managed-policy') continue;
      if (!isAllow(s) || s.condition) continue;
      const actions = statementActions(s);
      if (!actions?.length) continue;
      // a client of a service we do not map: any grant may be its (see the README)
      if (dynamic.has(UNMAPPED)) continue;
      // a service the code reaches through calls we cannot read: its grants may be used (see the README)
      if (actions.some((a) => dynamic.has(a.split(':')[0]!.toLowerCase()))) continue;
      const unusedActions = actions.filter((a) => !used.has(a.toLowerCase()) && !fns.some((fn) => platformUses(fn, a)));
      if (!unusedActions.length) continue;
      const usedHere = actions.filter((a) => used.has(a.toLowerCase()));
      out.push({ statement: s, unused: unusedActions, used: usedHere, functions: fns.map((f) => f.name) });
    }
    return { unused: out };
  }

  private resolve(fn: Fn, f: SourceFile, c: RawCall): SdkCall {
    const resource = callResource(fn, c);
    // KMS behind server-side encryption: the actions on the key of the resource the call names
    const sse = c.actions ? sseAcross(fn.app, c, resource).filter((a) => !c.actions!.includes(a.action)) : [];
    const across = [...(c.passRole ? [passRoleOf(fn, c.passRole)] : []), ...sse];
    return {
      fn,
      service: c.service,
      ...(c.operation ? { operation: c.operation } : {}),
      ...(c.actions ? { actions: sse.length ? [...c.actions, ...sse.map((a) => a.action)] : c.actions } : {}),
      ...(c.optional ? { optional: c.optional } : {}),
      via: c.via,
      ...(c.key !== undefined ? { key: c.key } : {}),
      resource,
      ...(across.length ? { across } : {}),
      loc: c.loc,
      file: f.path,
    };
  }
}

/** The resource one action of a call is on: the call's own, another (`across`), or not known. */
export function resourceOf(call: SdkCall, action: string): CallResource {
  const a = call.across?.find((x) => x.action === action);
  if (a) return a.resource;
  return action.split(':')[0] === call.service ? call.resource : ANY_RESOURCE;
}

/** The roles a call passes, as the resource of its `iam:PassRole` (conditioned on the service it passes them to). */
function passRoleOf(fn: Fn, p: NonNullable<RawCall['passRole']>): Across {
  const condition = { StringEquals: { 'iam:PassedToService': p.to } };
  const unknown = (note: string): Across => ({ action: 'iam:PassRole', resource: { ...ANY_RESOURCE, note }, condition });
  if (!p.roles.length) return unknown(p.why ?? 'the input names no role');
  const arns: string[] = [];
  const ids: string[] = [];
  const how: string[] = [];
  for (const r of p.roles) {
    const d = designator(fn, r.value);
    if ('why' in d) return unknown(`\`${r.property}\`: ${d.why}`);
    if ('construct' in d) return unknown(`\`${r.property}\`: ${d.how}, whose role we do not read`);
    const arn = roleArn(d.text);
    if (!arn) return unknown(`\`${r.property}\` names ${d.text}, which is no role ARN or name`);
    arns.push(arn);
    ids.push(...[...d.text.matchAll(/\$\{([A-Za-z0-9]+)/g)].map((m) => m[1]!));
    how.push(`\`${r.property}\`: ${d.how}`);
  }
  const names = arns.map((a) => /:role\/(?:.*\/)?([^/${}]+)$/.exec(a)?.[1]).filter((n): n is string => !!n);
  return { action: 'iam:PassRole', resource: { arns: [...new Set(arns)], ids, names, note: how.join('; '), known: true }, condition };
}

/** A role's ARN from what names it: an ARN, `${Role.Arn}`, `${Role}` (`!Ref` gives its name) or a role name. */
function roleArn(t: string): string | undefined {
  const r = refParts(t);
  if (r) return r.attr === 'Arn' ? t : r.attr ? undefined : `${ARN}:iam::\${AWS::AccountId}:role/${t}`;
  if (t.startsWith('arn:')) return /:iam::/.test(t) && /:role\/./.test(t) ? t : undefined;
  if (/^[\w+=,.@/-]+$/.test(t)) return `${ARN}:iam::\${AWS::AccountId}:role/${t.replace(/^\//, '')}`;
  return t.includes('${') ? t : undefined;
}

/** The resource a call names, as ARNs for each of its actions' resource types. */
function callResource(fn: Fn, c: RawCall): CallResource {
  const unknown = (note: string): CallResource => ({ arns: ['*'], ids: [], names: [], note, known: false });
  if (!c.resource) return unknown(c.actions?.length ? `the call names no ${c.service} resource we can read` : '');
  const { property, value } = c.resource;
  const d = designator(fn, value);
  if ('why' in d) return unknown(`${property === '?' ? 'the resource' : `\`${property}\``}: ${d.why}`);
  if ('construct' in d) {
    const variable = Object.hasOwn(LIFT_ARN_VARIABLE, c.service) ? LIFT_ARN_VARIABLE[c.service] : undefined;
    const base = variable ? `\${construct:${d.construct}.${variable}}` : undefined;
    const arns = base ? (arnsFor(c, base, true) ?? [base]) : ['*'];
    return { arns, ids: [], names: [], note: d.how, known: !!base, construct: d.construct };
  }
  const arns = arnsFor(c, d.text);
  if (!arns) return unknown(`\`${property}\` names ${d.text}, which no ${c.service} ARN is built from`);
  const ref: ResourceRef = { text: arns[0]!, ids: [], loc: c.loc };
  const lr = loopResource(fn.app, ref, serviceHint(c.service));
  const ids = lr?.ids ?? [...d.text.matchAll(/\$\{([A-Za-z0-9]+)/g)].map((m) => m[1]!);
  return {
    arns,
    ids,
    names: lr?.names ?? [],
    note: d.how,
    known: true,
    ...(c.service === 's3' ? { keyKnown: objectKey(c) !== undefined } : {}),
  };
}

/** The S3 object key pattern a call names (`out/*` for \`out/${id}\`), when it narrows the keys at all. */
function objectKey(c: RawCall): string | undefined {
  return c.key !== undefined && c.key !== '' && !c.key.startsWith('*') ? c.key : undefined;
}

function serviceHint(s: string): LoopService | undefined {
  return s === 's3' || s === 'sqs' || s === 'sns' || s === 'dynamodb' || s === 'kinesis' ? s : undefined;
}

/** What a code value designates: a name, ARN, URL or `${Id}`/`${Id.Attr}` text, with how it was found; or why not. */
function designator(fn: Fn, v: CodeValue): { text: string; how: string } | { construct: string; how: string } | { why: string } {
  if (v.kind === 'unknown') return { why: v.why };
  if (v.kind === 'literal') return v.value ? { text: v.value, how: 'a literal in code' } : { why: 'an empty string' };
  const env = fn.env.find((e) => e.name === v.name);
  if (!env) return { why: `environment variable ${v.name} is not set in the manifest` };
  const lift = env.value.kind === 'ref' ? /^\$\{construct:([A-Za-z0-9_-]+)\.[A-Za-z]+\}$/.exec(env.value.text) : null;
  if (lift) return { construct: lift[1]!, how: `environment variable ${v.name}, the resource of serverless-lift construct "${lift[1]}"` };
  const text = manifestText(env.value);
  return text === undefined
    ? { why: `environment variable ${v.name} is set to a value we cannot read` }
    : { text, how: `environment variable ${v.name}, set in the manifest` };
}

/** A manifest value as text: a literal, `${Id}` for `!Ref Id`, `${Id.Attr}` for `!GetAtt Id.Attr`; undefined for others. */
function manifestText(v: Value | Node): string | undefined {
  if (v.kind === 'literal') return typeof v.value === 'string' && v.value ? v.value : undefined;
  if (v.kind === 'scalar') return typeof v.value === 'string' && v.value ? v.value : undefined;
  if (v.kind === 'ref') {
    const r = /^!Ref ([A-Za-z0-9]+)$/.exec(v.text);
    if (r) return '${' + r[1] + '}';
    const g = /^!GetAtt ([A-Za-z0-9]+)\.([A-Za-z0-9.]+)$/.exec(v.text);
    return g ? '${' + g[1] + '.' + g[2] + '}' : undefined;
  }
  if (v.kind === 'map' && v.entries.length === 1) {
    const e = v.entries[0]!;
    if (e.key === 'Ref') {
      const id = str(e.value);
      return id && !id.startsWith('AWS::') ? '${' + id + '}' : undefined;
    }
    if (e.key === 'Fn::GetAtt') {
      const a = e.value.kind === 'seq' ? e.value.items.map(str) : (str(e.value)?.split('.') ?? []);
      return a.length === 2 && a[0] && a[1] ? '${' + a[0] + '.' + a[1] + '}' : undefined;
    }
    if (e.key === 'Fn::Sub') {
      // a template with its own variables (`!Sub [tmpl, {…}]`) is not read
      return e.value.kind === 'seq' ? undefined : str(e.value);
    }
  }
  return undefined;
}

/** `${Id}` / `${Id.Attr}` alone. */
function refParts(t: string): { id: string; attr?: string } | undefined {
  const m = /^\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}$/.exec(t);
  return m ? { id: m[1]!, ...(m[2] ? { attr: m[2] } : {}) } : undefined;
}

/** The resource ARNs the actions of a call need, from what its input names; undefined when none can be built. */
function arnsFor(c: RawCall, t: string, arn = false): string[] | undefined {
  const r = refParts(t);
  const isArn = arn || t.startsWith('arn:') || r?.attr === 'Arn';
  switch (c.service) {
    case 's3': {
      const bucket = isArn ? t : `${ARN}:s3:::${t}`;
      const kinds = new Set((c.actions ?? []).flatMap((a) => actionResourceArns(a).map((x) => x.type)));
      const out: string[] = [];
      if (kinds.has('bucket')) out.push(bucket);
      if (kinds.has('object') || !kinds.size) out.push(`${bucket}/${objectKey(c) ?? '*'}`);
      return out;
    }
    case 'dynamodb': {
      const table = isArn ? t : `${REGIONAL('dynamodb')}:table/${t}`;
      return c.index ? [table, `${table}/index/*`] : [table];
    }
    case 'sqs': {
      if (r && (!r.attr || r.attr === 'QueueUrl')) return ['${' + r.id + '.Arn}'];
      if (isArn) return [t];
      const u = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\/([A-Za-z0-9_.-]+)$/.exec(t);
      return u ? [`arn:aws:sqs:${u[1]}:${u[2]}:${u[3]}`] : undefined;
    }
    case 'sns':
    case 'states':
      return r || isArn ? [t] : undefined;
    case 'secretsmanager':
      return r || isArn ? [t] : [`${REGIONAL('secretsmanager')}:secret:${t}-*`];
    case 'lambda':
      if (r && !r.attr) return ['${' + r.id + '.Arn}'];
      return isArn ? [t] : [`${REGIONAL('lambda')}:function:${t}`];
    case 'kinesis':
      return isArn ? [t] : [`${REGIONAL('kinesis')}:stream/${t}`];
    case 'ssm':
      if (isArn) return [t];
      return r ? [`${REGIONAL('ssm')}:parameter/${t}`] : [`${REGIONAL('ssm')}:parameter${t.startsWith('/') ? '' : '/'}${t}`];
    case 'events':
      return isArn ? [t] : [`${REGIONAL('events')}:event-bus/${t}`];
    case 'firehose':
      return isArn ? [t] : [`${REGIONAL('firehose')}:deliverystream/${t}`];
    case 'kms':
      // IAM authorizes the key, never the alias a call names it by (`alias/…`)
      if (isArn) return /:alias\//.test(t) ? undefined : [t];
      return r || /^[0-9a-f-]{36}$|^mrk-[0-9a-f]{32}$/.test(t) ? [`${REGIONAL('kms')}:key/${t}`] : undefined;
    default:
      return undefined;
  }
}

/**
 * The writes a function's code makes (see `WriteSource`): calls whose actions write what triggers a
 * function, on the resource they name. A call is evidence whatever the grant says (`s3:*` included).
 */
export function sdkWrites(calls: () => SdkCallsRun): WriteSource {
  return {
    writesOf(fn: Fn): Write[] {
      const out: Write[] = [];
      const run = calls();
      for (const c of run.callsOf(fn)) {
        const svc = serviceHint(c.service);
        if (!svc || !c.resource.known || !c.actions) continue;
        const action = c.actions.find((a) => WRITE_ACTIONS[svc].includes(a));
        if (!action) continue;
        // the bucket's objects whatever the key (the key is matched below)
        const text = svc === 's3' ? c.resource.arns.at(-1)!.replace(/^(arn:[^:]*:s3:::[^/]+)\/.*$/, '$1/*') : c.resource.arns.at(-1)!;
        const target = loopResource(fn.app, { text, ids: [], loc: c.loc }, svc);
        if (!target) continue;
        target.service ??= svc;
        // the object key the call writes (a template's literal head, then anything), else any key
        if (svc === 's3') target.keys = c.key ?? '*';
        out.push({ via: 'sdk', action, target, at: c.loc });
      }
      return out;
    },
  };
}

import type { Loc } from '../../core/types.js';
import { get, str } from '../../core/node.js';
import { actionMatches } from '../../knowledge/aws/iam/actions.js';
import { splitArn } from '../../knowledge/aws/iam/policy.js';
import type { App, Fn, FnEvent, ResourceRef } from '../../model/types.js';
import { isAllow } from '../../model/queries.js';

/** The services a trigger loop runs through. */
export type LoopService = 's3' | 'sqs' | 'sns' | 'dynamodb' | 'kinesis';

/**
 * A resource as a loop sees it: its service, the logical ids and the names (bucket, queue, topic,
 * table, stream name) that designate it, and for S3 the object keys concerned (a key pattern).
 */
export interface LoopResource {
  service: LoopService | undefined;
  ids: string[];
  names: string[];
  /** S3: the object key pattern after the bucket (`out/*`), when written */
  keys?: string;
  /** as written, for messages */
  text: string;
}

/** One way a function may write to a resource: the IAM grant allowing it, or (later) an SDK call. */
export interface Write {
  via: 'iam' | 'sdk';
  action: string;
  target: LoopResource;
  /** where the write is written: the grant's resource entry, or the call */
  at: Loc;
}

/**
 * A source of writes. `iamWrites` reads the function's role; the SDK calls of its code (the
 * `sdkCalls` analysis, resolved to resources) are a second source with the same shape.
 */
export interface WriteSource {
  writesOf(fn: Fn): Write[];
}

/** The actions that write what triggers a function of each service. */
export const WRITE_ACTIONS: Readonly<Record<LoopService, readonly string[]>> = {
  s3: ['s3:PutObject'],
  sqs: ['sqs:SendMessage'],
  sns: ['sns:Publish'],
  dynamodb: [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:PartiQLInsert',
    'dynamodb:PartiQLUpdate',
  ],
  kinesis: ['kinesis:PutRecord', 'kinesis:PutRecords'],
};

/** Services whose loops AWS Lambda's recursive loop detection stops (after about 16 invocations). */
export const LOOP_DETECTION_SERVICES: readonly LoopService[] = ['sqs', 'sns', 's3'];

export const NAME_PROPERTY: Readonly<Record<string, { service: LoopService; key: string }>> = {
  'AWS::S3::Bucket': { service: 's3', key: 'BucketName' },
  'AWS::SQS::Queue': { service: 'sqs', key: 'QueueName' },
  'AWS::SNS::Topic': { service: 'sns', key: 'TopicName' },
  'AWS::DynamoDB::Table': { service: 'dynamodb', key: 'TableName' },
  'AWS::DynamoDB::GlobalTable': { service: 'dynamodb', key: 'TableName' },
  'AWS::Serverless::SimpleTable': { service: 'dynamodb', key: 'TableName' },
  'AWS::Kinesis::Stream': { service: 'kinesis', key: 'Name' },
};

/** What a `ResourceRef` designates in its app; undefined when its text cannot be read. */
export function loopResource(app: App, ref: ResourceRef | undefined, hint?: LoopService): LoopResource | undefined {
  const text = ref?.text;
  if (!ref || text === undefined) return undefined;
  const out: LoopResource = { service: hint, ids: [], names: [], text };
  const parts = splitArn(text);
  let rest = text;
  if (parts && parts.length >= 6) {
    const service = parts[2]!.toLowerCase();
    if (service === 's3' || service === 'sqs' || service === 'sns' || service === 'dynamodb' || service === 'kinesis')
      out.service = service;
    else return { ...out, service: undefined };
    rest = parts.slice(5).join(':');
    if (out.service === 'dynamodb') rest = /^table\/([^/]+)/.exec(rest)?.[1] ?? '';
    else if (out.service === 'kinesis') rest = /^stream\/([^/]+)/.exec(rest)?.[1] ?? '';
  }
  // `${Id}` / `${Id.Arn}` at the start, then an S3 object path
  const m = /^\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}(.*)$/.exec(rest);
  let name: string;
  let tail: string;
  if (m) {
    out.ids.push(m[1]!);
    name = '';
    tail = m[3]!;
  } else {
    const slash = out.service === 's3' || out.service === undefined ? rest.indexOf('/') : -1;
    name = slash >= 0 ? rest.slice(0, slash) : rest;
    tail = slash >= 0 ? rest.slice(slash) : '';
  }
  if (name) {
    if (/^\$\{[^}]*\}$/.test(name)) out.ids.push(name.slice(2, -1).split('.')[0]!);
    else out.names.push(name);
  }
  // names and services of the resources it refers to
  for (const id of out.ids) {
    const r = app.resources.find((x) => x.id === id);
    const np = r && Object.hasOwn(NAME_PROPERTY, r.type) ? NAME_PROPERTY[r.type] : undefined;
    if (!np) continue;
    out.service ??= np.service;
    const n = str(get(r!.properties, np.key));
    if (n !== undefined && !out.names.includes(n)) out.names.push(n);
  }
  if ((out.service ?? hint) === 's3' && tail.startsWith('/')) out.keys = tail.slice(1);
  return out;
}

/** The resource that triggers an event (a queue, stream, table, topic or bucket). */
export function triggerResource(ev: FnEvent): LoopResource | undefined {
  const hint: LoopService | undefined =
    ev.service === 's3' ? 's3' : ev.service === 'sqs' ? 'sqs' : ev.service === 'sns' ? 'sns' : undefined;
  if (ev.service !== 's3' && ev.service !== 'sqs' && ev.service !== 'sns' && ev.service !== 'stream') return undefined;
  const r = loopResource(ev.fn.app, ev.cost?.source, hint);
  if (!r) return undefined;
  if (!r.service && ev.service === 'stream') {
    // a stream ARN given by attribute: `!GetAtt Table.StreamArn` is a table's
    if (/\.StreamArn\}/.test(r.text)) r.service = 'dynamodb';
  }
  return r;
}

/** Does a write reach the resource that triggers the event (same resource, and keys its filter lets through)? */
export function writeReaches(w: Write, trigger: LoopResource, filter?: { prefix?: string; suffix?: string }): boolean {
  if (!trigger.service || w.target.service !== trigger.service) return false;
  const same = w.target.ids.some((i) => trigger.ids.includes(i)) || w.target.names.some((n) => trigger.names.includes(n));
  if (!same) return false;
  if (trigger.service !== 's3') return true;
  const keys = w.target.keys;
  if (keys === undefined) return false; // a grant on the bucket itself writes no object
  return keysMayMatch(keys, filter);
}

/** Can an object key pattern (`out/*`, `${aws:username}/*`, `a.txt`) produce keys an S3 filter lets through? */
export function keysMayMatch(pattern: string, filter?: { prefix?: string; suffix?: string }): boolean {
  if (!filter) return true;
  const wild = pattern.search(/[*?]|\$\{/);
  const head = wild < 0 ? pattern : pattern.slice(0, wild);
  if (filter.prefix) {
    const p = filter.prefix;
    const ok = wild < 0 ? head.startsWith(p) : head.startsWith(p) || p.startsWith(head);
    if (!ok) return false;
  }
  if (filter.suffix) {
    const s = filter.suffix;
    const lastWild = Math.max(pattern.lastIndexOf('*'), pattern.lastIndexOf('?'), pattern.lastIndexOf('}'));
    const tail = lastWild < 0 ? pattern : pattern.slice(lastWild + 1);
    const ok = lastWild < 0 ? tail.endsWith(s) : tail.endsWith(s) || s.endsWith(tail);
    if (!ok) return false;
  }
  return true;
}

function serviceOfAction(pattern: string): LoopService | undefined {
  const prefix = pattern.split(':')[0]!.toLowerCase();
  return prefix === 's3' || prefix === 'sqs' || prefix === 'sns' || prefix === 'dynamodb' || prefix === 'kinesis' ? prefix : undefined;
}

/** The writes a function's IAM role allows, on resources it names (a `*` resource names none). */
export const iamWrites: WriteSource = {
  writesOf(fn: Fn): Write[] {
    const out: Write[] = [];
    for (const s of fn.role?.statements ?? []) {
      if (!isAllow(s) || !s.actions || s.notResources || s.condition) continue;
      const refs = s.resourceRefs ?? [];
      for (const a of s.actions) {
        if (a.kind !== 'literal' || typeof a.value !== 'string') continue;
        const pattern = a.value;
        // `*` and `s3:*` grant everything: no evidence that the function writes (see iam/* rules)
        if (/^(\*|[a-z0-9-]+:\*)$/i.test(pattern.trim())) continue;
        for (const ref of refs) {
          const target = loopResource(fn.app, ref);
          if (!target) continue;
          // a resource given by parameter (`${QueueArn}`): the action's service says what it is
          target.service ??= serviceOfAction(pattern);
          if (!target.service) continue;
          const action = WRITE_ACTIONS[target.service].find((w) => actionMatches(pattern, w));
          if (action) out.push({ via: 'iam', action: pattern, target, at: ref.loc });
        }
      }
    }
    return out;
  },
};

/**
 * A grant of a role several functions share is explained by another of them when that one is not
 * triggered by the same resource (the producer of a producer/consumer pair): the IAM path alone does
 * not say the consumer writes. Undefined when no other function explains it.
 */
export function otherWriter(fn: Fn, trigger: LoopResource): Fn | undefined {
  const role = fn.role;
  if (!role || role.functions.length < 2) return undefined;
  for (const name of role.functions) {
    if (name === fn.name) continue;
    const other = fn.app.functions.find((f) => f.name === name);
    if (!other) continue;
    const consumer = other.events.some((ev) => {
      const t = triggerResource(ev);
      return (
        !!t &&
        t.service === trigger.service &&
        (t.ids.some((i) => trigger.ids.includes(i)) || t.names.some((n) => trigger.names.includes(n)))
      );
    });
    if (!consumer) return other;
  }
  return undefined;
}

/** S3 event types a write of this action causes (`s3:PutObject` → ObjectCreated). */
export function s3EventsMatch(events: string[] | undefined): boolean {
  if (!events || !events.length) return true;
  return events.some((e) => /^s3:ObjectCreated(:|$)|^s3:\*$|^\*$/i.test(e.trim()));
}

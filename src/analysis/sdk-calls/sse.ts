import { get, isMap, seqItems, str } from '../../core/node.js';
import type { Node } from '../../core/types.js';
import { SSE_KMS_ACTIONS, UPLOAD_SSE_KMS } from '../../knowledge/aws/sdk/index.js';
import type { App, Resource } from '../../model/types.js';
import { NAME_PROPERTY } from '../cost/writes.js';
import type { Across, CallResource } from './index.js';

/**
 * KMS behind server-side encryption: a call reading or writing a bucket, queue, topic or table the
 * template encrypts with a customer managed key needs KMS actions on that key (`SSE_KMS_ACTIONS`).
 * Only a key the template shows is one: `!Ref`/`!GetAtt` of an `AWS::KMS::Key` of the template or a
 * key ARN literal. An AWS managed key (`alias/aws/s3`, no key named, `AES256`), an alias or a value
 * we cannot read needs nothing of the caller that we could name, and adds nothing.
 */

const ARN = 'arn:${AWS::Partition}';

/** Where each resource type names its key, and whether the configuration is SSE-KMS at all. */
const KEY_OF: Readonly<Record<string, (props: Node | undefined) => Node | undefined>> = {
  'AWS::S3::Bucket': (p) => {
    for (const rule of seqItems(get(p, 'BucketEncryption', 'ServerSideEncryptionConfiguration'))) {
      const d = get(rule, 'ServerSideEncryptionByDefault');
      const alg = str(get(d, 'SSEAlgorithm'));
      if (alg === 'aws:kms' || alg === 'aws:kms:dsse') return get(d, 'KMSMasterKeyID');
    }
    return undefined;
  },
  'AWS::SQS::Queue': (p) => get(p, 'KmsMasterKeyId'),
  'AWS::SNS::Topic': (p) => get(p, 'KmsMasterKeyId'),
  'AWS::DynamoDB::Table': (p) => {
    const s = get(p, 'SSESpecification');
    const enabled = get(s, 'SSEEnabled');
    const on = enabled?.kind === 'scalar' && (enabled.value === true || enabled.value === 'true');
    const type = str(get(s, 'SSEType'));
    return on && (type === undefined || type.toUpperCase() === 'KMS') ? get(s, 'KMSMasterKeyId') : undefined;
  },
};

const KIND: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'bucket',
  'AWS::SQS::Queue': 'queue',
  'AWS::SNS::Topic': 'topic',
  'AWS::DynamoDB::Table': 'table',
};

/** The customer managed key a key property names, as an ARN in `Fn::Sub` syntax with its logical id; undefined for any other value. */
function customerKey(app: App, n: Node | undefined): { arn: string; ids: string[] } | undefined {
  if (!n) return undefined;
  const literal = str(n);
  if (literal !== undefined)
    return /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(literal) ? { arn: literal, ids: [] } : undefined;
  const e = isMap(n) && n.entries.length === 1 ? n.entries[0]! : undefined;
  let id: string | undefined;
  let attr: string | undefined;
  if (e?.key === 'Ref') id = str(e.value);
  else if (e?.key === 'Fn::GetAtt') {
    const a = e.value.kind === 'seq' ? e.value.items.map(str) : (str(e.value)?.split('.') ?? []);
    [id, attr] = a.length === 2 ? [a[0], a[1]] : [undefined, undefined];
    if (attr !== 'Arn') return undefined;
  } else if (n.kind === 'ref') {
    const m = /^!(?:Ref ([A-Za-z0-9]+)|GetAtt ([A-Za-z0-9]+)\.Arn)$/.exec(n.text);
    id = m?.[1] ?? m?.[2];
    if (m?.[2]) attr = 'Arn';
  }
  if (!id || app.resources.find((r) => r.id === id)?.type !== 'AWS::KMS::Key') return undefined;
  // `!Ref Key` is the key's id; the policy names the key by its ARN
  return { arn: attr ? `\${${id}.Arn}` : `${ARN}:kms:\${AWS::Region}:\${AWS::AccountId}:key/\${${id}}`, ids: [id] };
}

/** The template resource a call's resource designates: by logical id, else by the name it is given. */
function templateResource(app: App, service: string, res: CallResource): Resource | undefined {
  const typed = (r: Resource) => Object.hasOwn(KEY_OF, r.type) && NAME_PROPERTY[r.type]?.service === service;
  const byId = app.resources.find((r) => res.ids.includes(r.id) && typed(r));
  if (byId) return byId;
  return app.resources.find((r) => typed(r) && res.names.includes(str(get(r.properties, NAME_PROPERTY[r.type]!.key)) ?? '\0'));
}

/**
 * The KMS actions a call needs on its resource's customer managed key, each with the key as its
 * resource (see `Across`); empty when the resource is not known, not in the template, or not
 * encrypted with a key the template shows.
 */
export function sseAcross(app: App, call: { service: string; operation?: string; via: string }, res: CallResource): Across[] {
  if (!res.known || !call.operation) return [];
  const table = Object.hasOwn(SSE_KMS_ACTIONS, call.service) ? SSE_KMS_ACTIONS[call.service]! : undefined;
  const actions =
    call.via === 'upload' ? UPLOAD_SSE_KMS : table && Object.hasOwn(table, call.operation) ? table[call.operation] : undefined;
  if (!actions?.length) return [];
  const r = templateResource(app, call.service, res);
  const key = r && customerKey(app, KEY_OF[r.type]!(r.properties ?? undefined));
  if (!r || !key) return [];
  const note = `the customer managed key ${r.type === 'AWS::S3::Bucket' ? 'SSE-KMS encrypts' : 'encrypts'} ${KIND[r.type]} ${r.id} with`;
  return actions.map((action) => ({ action, resource: { arns: [key.arn], ids: key.ids, names: [], note, known: true } }));
}

import { get, isMap, isReadOnlyObjectAction, literalStrings, mapEntries, seqItems, str } from '../_api.js';
import type { App, IamStatement, Node, Resource } from '../_api.js';

/**
 * S3 bucket questions shared by the bucket and resource-policy rules: which bucket a bucket policy
 * is for, whether that bucket is a static website, and whether a statement only reads objects.
 */

/** The `AWS::S3::Bucket` of the app a bucket policy's `Bucket` names (`!Ref B`, or B's literal `BucketName`). */
export function bucketOfPolicy(app: App, policy: Resource): Resource | undefined {
  const written = get(policy.node, 'Properties', 'Bucket');
  const ref = str(get(written, 'Ref'));
  const buckets = app.resources.filter((r) => r.type === 'AWS::S3::Bucket');
  if (ref !== undefined) return buckets.find((b) => b.id === ref);
  const name = str(get(policy.properties, 'Bucket'));
  if (name === undefined) return undefined;
  return buckets.find((b) => str(get(b.properties, 'BucketName')) === name);
}

/** The bucket serves a static website (`WebsiteConfiguration` set, not only a redirect of every request). */
export function isWebsiteBucket(bucket: Resource): boolean {
  const w = get(bucket.properties, 'WebsiteConfiguration');
  return !!w && (!isMap(w) || !get(w, 'RedirectAllRequestsTo'));
}

/** Every action of the Allow statement is literal and only reads objects (`s3:GetObject`). */
export function readsObjectsOnly(s: IamStatement): boolean {
  if (s.notActions || !s.actions?.length) return false;
  const lits = literalStrings(s.actions);
  return lits.length === s.actions.length && lits.every((a) => isReadOnlyObjectAction(a.value));
}

/** A public bucket-policy statement a website serves its pages with: read-only, on a website bucket. */
export function isWebsiteRead(s: IamStatement): Resource | undefined {
  if (s.source.kind !== 'resource-policy' || !s.source.name) return undefined;
  const policy = s.app.resources.find((r) => r.id === s.source.name);
  if (!policy || policy.type !== 'AWS::S3::BucketPolicy') return undefined;
  const bucket = bucketOfPolicy(s.app, policy);
  return bucket && isWebsiteBucket(bucket) && readsObjectsOnly(s) ? bucket : undefined;
}

/** The four Block Public Access flags written `false` (literally), in the order written. */
export function blockFlagsOff(bucket: Resource): { key: string; node: Node }[] {
  const out: { key: string; node: Node }[] = [];
  for (const e of mapEntries(get(bucket.properties, 'PublicAccessBlockConfiguration'))) {
    const v = e.value.kind === 'scalar' ? e.value.value : undefined;
    if (v === false || (typeof v === 'string' && v.trim().toLowerCase() === 'false')) out.push({ key: e.key, node: e.value });
  }
  return out;
}

/** The flag is written `true` (literally). */
export function blockFlagOn(bucket: Resource, key: string): boolean {
  const v = get(bucket.properties, 'PublicAccessBlockConfiguration', key);
  const x = v?.kind === 'scalar' ? v.value : undefined;
  return x === true || (typeof x === 'string' && x.trim().toLowerCase() === 'true');
}

/** Object ownership `BucketOwnerEnforced`: ACLs are disabled, so an ACL grants nothing. */
export function aclsDisabled(bucket: Resource): boolean {
  return seqItems(get(bucket.properties, 'OwnershipControls', 'Rules')).some(
    (r) => str(get(r, 'ObjectOwnership')) === 'BucketOwnerEnforced',
  );
}

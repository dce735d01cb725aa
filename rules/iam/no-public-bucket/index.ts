import {
  ACL_PARAMS,
  defineRule,
  entry,
  get,
  GRANT_PARAMS,
  PUBLIC_BUCKET_ACCESS_CONTROL,
  PUBLIC_CANNED_ACLS,
  PUBLIC_GRANTEE_GROUP,
  S3_ACL_CALLEES,
  S3_PACKAGES,
  str,
} from '../../_api.js';
import type { IamStatement, Node, Project, Resource, SourceFile, StringLiteralInfo } from '../../_api.js';
import { RESOURCE_POLICY_KEYS, unrestrictedPublicPrincipals } from '../../_shared/public-access.js';
import { aclsDisabled, blockFlagOn, blockFlagsOff, bucketOfPolicy, isWebsiteBucket, isWebsiteRead } from '../../_shared/public-bucket.js';

interface Options {
  allowWebsite: boolean;
}

const REACH = { read: 'list its objects', write: 'list, upload, overwrite and delete its objects' } as const;

/** Block Public Access flags that stop each kind of public grant. */
const ACL_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls'];
const POLICY_FLAGS = ['BlockPublicPolicy', 'RestrictPublicBuckets'];

/** Does the file, or a project file it imports, import an S3 client package? */
function usesS3(f: SourceFile, project: Project): boolean {
  const byPath = new Map(project.sourceFiles.map((s) => [s.path, s]));
  const seen = new Set<string>();
  const stack: [SourceFile, number][] = [[f, 0]];
  while (stack.length) {
    const [cur, depth] = stack.pop()!;
    if (seen.has(cur.path)) continue;
    seen.add(cur.path);
    for (const i of cur.imports) {
      if (i.typeOnly) continue;
      if (S3_PACKAGES.has(i.source)) return true;
      const next = i.resolved ? byPath.get(i.resolved) : undefined;
      if (next && depth < 2) stack.push([next, depth + 1]);
    }
  }
  return false;
}

/** `s3.putObject`, `new PutObjectCommand`, or "an S3 call" when the object was built before the call. */
function callText(s: StringLiteralInfo): string {
  if (!s.call) return 'An S3 request';
  return s.call.construct ? `new ${s.call.callee}(…)` : `${s.call.callee}(…)`;
}

export default defineRule<Options>({
  meta: {
    id: 'iam/no-public-bucket',
    description: 'Disallow S3 buckets and objects made public through ACLs or with Block Public Access turned off',
    severity: 'error',
    recommended: true,
    messages: {
      acl: 'Bucket "{{bucket}}" has AccessControl "{{acl}}", so {{who}} can {{reach}}{{block}}; remove AccessControl and share objects through CloudFront or presigned URLs',
      websiteAcl:
        'Website bucket "{{bucket}}" has AccessControl "{{acl}}", so anyone can list its objects; a website may be public on purpose (set the allowWebsite option), but CloudFront with origin access control serves it without a public bucket',
      blockOff:
        'Bucket "{{bucket}}" turns Block Public Access off ({{flag}}) while bucket policy "{{policy}}" grants access to anyone; keep the four flags true and name the principals that need access',
      websitePolicy:
        'Bucket policy "{{policy}}" lets anyone read the objects of website bucket "{{bucket}}"; a website may be public on purpose (set the allowWebsite option), but CloudFront with origin access control serves it without a public bucket',
      objectAcl:
        '{{call}} sets ACL "{{acl}}", which lets {{who}} {{reach}}; drop the ACL and share objects with presigned URLs or CloudFront',
      grant: '{{call}} grants {{group}} access through {{param}}; grant named accounts, or share objects with presigned URLs',
    },
    options: {
      type: 'object',
      properties: {
        allowWebsite: {
          type: 'boolean',
          description: 'a static website bucket (WebsiteConfiguration) may be publicly readable',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { allowWebsite: false },
    tags: ['security', 'iam', 'CWE-284', 'CWE-732'],
    securitySeverity: 7.5,
    platforms: ['aws'],
  },
  create(ctx) {
    const allowWebsite = ctx.options.allowWebsite === true;

    /** Public statements of the bucket policies that name `bucket`. */
    const publicPolicies = (bucket: Resource): IamStatement[] =>
      bucket.app.statements.filter((s) => {
        if (s.source.kind !== 'resource-policy' || !s.source.name) return false;
        const policy = bucket.app.resources.find((r) => r.id === s.source.name);
        if (!policy || policy.type !== 'AWS::S3::BucketPolicy' || bucketOfPolicy(bucket.app, policy) !== bucket) return false;
        return unrestrictedPublicPrincipals(s, RESOURCE_POLICY_KEYS).length > 0 && !isWebsiteRead(s);
      });

    return {
      resource(r) {
        if (r.type !== 'AWS::S3::Bucket') return;
        const acNode = get(r.properties, 'AccessControl');
        const ac = str(acNode)?.trim();
        const pabEntry = entry(r.properties, 'PublicAccessBlockConfiguration');
        const off = blockFlagsOff(r);
        // flags left out of a written configuration are off too
        const isOff = (k: string) => off.some((f) => f.key === k) || (!!pabEntry && !blockFlagOn(r, k));
        const offAt = (keys: string[]): { text: string; at: { loc: Node['loc'] } } | undefined => {
          const written = off.find((f) => keys.includes(f.key));
          if (written) return { text: `${written.key}: false`, at: written.node };
          const missing = keys.find((k) => isOff(k));
          return missing && pabEntry ? { text: `${missing} not set`, at: { loc: pabEntry.keyLoc } } : undefined;
        };

        if (acNode && ac && Object.hasOwn(PUBLIC_BUCKET_ACCESS_CONTROL, ac) && !aclsDisabled(r)) {
          const blocked = ACL_FLAGS.some((k) => blockFlagOn(r, k));
          if (!blocked) {
            const { reach, who } = PUBLIC_BUCKET_ACCESS_CONTROL[ac]!;
            const flag = offAt(ACL_FLAGS);
            // the value may be written elsewhere (a parameter default, `${self:custom.acl}`)
            const related = [{ at: { loc: entry(r.properties, 'AccessControl')!.keyLoc }, message: `AccessControl of bucket "${r.id}"` }];
            if (flag)
              related.push({
                at: { loc: 'loc' in flag.at ? flag.at.loc : r.idLoc },
                message: `Block Public Access is off here (${flag.text})`,
              });
            if (reach === 'read' && who === 'anyone' && isWebsiteBucket(r)) {
              if (!allowWebsite)
                ctx.report({ at: acNode, messageId: 'websiteAcl', data: { bucket: r.id, acl: ac }, severity: 'note', related });
            } else {
              const block = flag ? ` (and Block Public Access is off: ${flag.text})` : '';
              ctx.report({ at: acNode, messageId: 'acl', data: { bucket: r.id, acl: ac, who, reach: REACH[reach], block }, related });
            }
          }
        }

        const flag = offAt(POLICY_FLAGS);
        if (flag) {
          const policies = publicPolicies(r);
          const first = policies[0];
          if (first)
            ctx.report({ at: flag.at, messageId: 'blockOff', data: { bucket: r.id, flag: flag.text, policy: first.source.name! } });
        }
      },
      iamStatement(s) {
        const bucket = isWebsiteRead(s);
        if (!bucket || allowWebsite) return;
        for (const p of unrestrictedPublicPrincipals(s, RESOURCE_POLICY_KEYS)) {
          if (p.kind !== 'anyone') continue;
          ctx.report({ at: p.loc, messageId: 'websitePolicy', data: { policy: s.source.name!, bucket: bucket.id }, severity: 'note' });
        }
      },
      sourceFile(f) {
        let s3: boolean | undefined;
        const inS3 = (): boolean => (s3 ??= usesS3(f, ctx.project));
        for (const s of f.strings) {
          if (s.name === undefined) continue;
          const known = !!s.call && S3_ACL_CALLEES.has(s.call.callee);
          if (ACL_PARAMS.has(s.name)) {
            const acl = s.value.trim().toLowerCase();
            if (!Object.hasOwn(PUBLIC_CANNED_ACLS, acl)) continue;
            // an object given to another call is not an S3 request; one built before the call counts
            // in a file that talks to S3
            if (!known && !(s.call === undefined && inS3())) continue;
            const { reach, who } = PUBLIC_CANNED_ACLS[acl]!;
            ctx.report({
              at: s.loc,
              messageId: 'objectAcl',
              data: { call: callText(s), acl, who, reach: reach === 'read' ? 'read it' : 'read and write it' },
            });
          } else if (GRANT_PARAMS.has(s.name)) {
            const m = PUBLIC_GRANTEE_GROUP.exec(s.value);
            if (!m) continue;
            if (!known && !(s.call === undefined && inS3())) continue;
            const group = m[1] === 'AllUsers' ? 'everyone (AllUsers)' : 'every AWS account (AuthenticatedUsers)';
            ctx.report({ at: s.loc, messageId: 'grant', data: { call: callText(s), group, param: s.name } });
          }
        }
      },
    };
  },
});

/**
 * Public S3 access as data: canned ACLs and grantee groups that open a bucket or an object to the
 * internet, the SDK operations whose parameters carry them, and the packages those calls come from.
 */

export type PublicReach = 'read' | 'write';

/** `AccessControl` of an `AWS::S3::Bucket` that grants more than the owner. */
export const PUBLIC_BUCKET_ACCESS_CONTROL: Readonly<Record<string, { reach: PublicReach; who: 'anyone' | 'any AWS user' }>> = {
  PublicRead: { reach: 'read', who: 'anyone' },
  PublicReadWrite: { reach: 'write', who: 'anyone' },
  AuthenticatedRead: { reach: 'read', who: 'any AWS user' },
};

/** Canned ACLs of the S3 API (`ACL:` / `x-amz-acl`) that grant more than the owner and AWS services. */
export const PUBLIC_CANNED_ACLS: Readonly<Record<string, { reach: PublicReach; who: 'anyone' | 'any AWS user' }>> = {
  'public-read': { reach: 'read', who: 'anyone' },
  'public-read-write': { reach: 'write', who: 'anyone' },
  'authenticated-read': { reach: 'read', who: 'any AWS user' },
};

/** Grantee groups of an ACL grant that mean everyone (`AllUsers`) or every AWS account (`AuthenticatedUsers`). */
export const PUBLIC_GRANTEE_GROUP = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)\b/;

/** Parameters that carry a canned ACL, and those that carry explicit grants. */
export const ACL_PARAMS = new Set(['ACL', 'acl']);
export const GRANT_PARAMS = new Set(['GrantRead', 'GrantWrite', 'GrantReadACP', 'GrantWriteACP', 'GrantFullControl', 'URI']);

/**
 * Calls whose object argument writes an ACL (v2 client methods and v3 aggregated client methods,
 * v3 commands, `@aws-sdk/lib-storage`'s `Upload`, presigned posts, multer-s3 storage).
 */
export const S3_ACL_CALLEES = new Set([
  // SDK v2 (and the v3 aggregated `S3` client)
  'putObject',
  'upload',
  'createMultipartUpload',
  'copyObject',
  'putObjectAcl',
  'putBucketAcl',
  'createBucket',
  'getSignedUrl',
  'getSignedUrlPromise',
  'createPresignedPost',
  'ManagedUpload',
  // SDK v3 commands
  'PutObjectCommand',
  'CreateMultipartUploadCommand',
  'CopyObjectCommand',
  'PutObjectAclCommand',
  'PutBucketAclCommand',
  'CreateBucketCommand',
  // @aws-sdk/lib-storage
  'Upload',
  // multer-s3
  'multerS3',
  's3Storage',
]);

/** Packages whose import makes an `ACL:` value in a file an S3 ACL (objects built before the call). */
export const S3_PACKAGES = new Set([
  'aws-sdk',
  'aws-sdk/clients/s3',
  'aws-sdk/global',
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  '@aws-sdk/s3-presigned-post',
  '@aws-sdk/s3-request-presigner',
  'multer-s3',
]);

/** Bucket policy actions that only read objects (a website's grant). */
export function isReadOnlyObjectAction(action: string): boolean {
  return /^s3:(GetObject|GetObjectVersion)$/i.test(action.trim());
}

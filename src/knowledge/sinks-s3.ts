import type { SinkSpec } from './sinks.js';

/**
 * S3 object requests whose bucket or key comes from the request (CWE-22/CWE-639): the caller picks
 * which object is read, written, deleted or signed. Pure data, matched like the other sinks: only the
 * `Bucket`, `Key` and `CopySource` properties of the request object.
 */

const OBJECT_PROPS = ['Bucket', 'Key', 'CopySource'];

const V3_COMMANDS = [
  'GetObjectCommand',
  'PutObjectCommand',
  'DeleteObjectCommand',
  'CopyObjectCommand',
  'HeadObjectCommand',
  'GetObjectAclCommand',
  'PutObjectAclCommand',
  'GetObjectTaggingCommand',
  'PutObjectTaggingCommand',
  'CreateMultipartUploadCommand',
  'UploadPartCommand',
  'RestoreObjectCommand',
];

/** v2 `s3.getObject(params)`-style methods (and `upload`, `createPresignedPost`). */
const V2_METHODS = [
  'getObject',
  'putObject',
  'deleteObject',
  'copyObject',
  'headObject',
  'upload',
  'getObjectAcl',
  'putObjectAcl',
  'createMultipartUpload',
  'restoreObject',
  'createPresignedPost',
];

export const S3_SINKS: readonly SinkSpec[] = [
  ...V3_COMMANDS.map((c): SinkSpec => ({
    class: 'object-key',
    callee: { kind: 'module', module: '@aws-sdk/client-s3', path: [c] },
    construct: 'only',
    args: [0],
    argProps: OBJECT_PROPS,
    argPropsOnly: true,
    label: c,
  })),
  {
    class: 'object-key',
    callee: { kind: 'method', names: V2_METHODS, packages: ['aws-sdk'] },
    args: [0],
    argProps: OBJECT_PROPS,
    argPropsOnly: true,
  },
  // v2 `s3.getSignedUrl('getObject', params)` / `getSignedUrlPromise`
  {
    class: 'object-key',
    callee: { kind: 'method', names: ['getSignedUrl', 'getSignedUrlPromise'], packages: ['aws-sdk'] },
    args: [1],
    argProps: OBJECT_PROPS,
    argPropsOnly: true,
  },
  // v3 `createPresignedPost(client, { Bucket, Key })`
  {
    class: 'object-key',
    callee: { kind: 'module', module: '@aws-sdk/s3-presigned-post', path: ['createPresignedPost'] },
    args: [1],
    argProps: OBJECT_PROPS,
    argPropsOnly: true,
    label: 'createPresignedPost',
  },
];

import type { SinkSpec } from './sinks.js';

/**
 * S3 object requests whose bucket or key comes from the request (CWE-22/CWE-639): the caller picks
 * which object is read, written, deleted or signed. Pure data, matched like the other sinks: only the
 * `Bucket`, `Key` and `CopySource` properties of the request object (for services that read an S3
 * object on the caller's behalf, the nested `S3Object` reference).
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

// ---------------------------------------------------------------------------------------------------
// services that read an S3 object with the function's own permissions and return what is in it:
// Rekognition's `Image.S3Object`, Textract's `Document.S3Object` / `DocumentLocation.S3Object`

const s3Object = (...parents: string[]) => parents.flatMap((p) => [`${p}.S3Object.Bucket`, `${p}.S3Object.Name`]);

const READERS: { module: string; commands: string[]; props: string[] }[] = [
  {
    module: '@aws-sdk/client-rekognition',
    commands: [
      'DetectLabels',
      'DetectText',
      'DetectFaces',
      'DetectModerationLabels',
      'DetectCustomLabels',
      'DetectProtectiveEquipment',
      'RecognizeCelebrities',
      'IndexFaces',
      'SearchFacesByImage',
    ],
    props: s3Object('Image'),
  },
  { module: '@aws-sdk/client-rekognition', commands: ['CompareFaces'], props: s3Object('SourceImage', 'TargetImage') },
  {
    module: '@aws-sdk/client-textract',
    commands: ['AnalyzeDocument', 'DetectDocumentText', 'AnalyzeExpense'],
    props: s3Object('Document'),
  },
  {
    module: '@aws-sdk/client-textract',
    commands: ['StartDocumentAnalysis', 'StartDocumentTextDetection', 'StartExpenseAnalysis'],
    props: s3Object('DocumentLocation'),
  },
];

const lowerFirst = (name: string) => name[0]!.toLowerCase() + name.slice(1);

function readerSinks(): SinkSpec[] {
  return READERS.flatMap((r): SinkSpec[] => [
    // v3 `new DetectLabelsCommand({ Image: { S3Object: { Bucket, Name } } })`
    ...r.commands.map((c): SinkSpec => ({
      class: 'object-key',
      callee: { kind: 'module', module: r.module, path: [`${c}Command`] },
      construct: 'only',
      args: [0],
      argProps: r.props,
      argPropsOnly: true,
      label: `${c}Command`,
    })),
    // v2 `rekognition.detectLabels(params)`
    {
      class: 'object-key',
      callee: { kind: 'method', names: r.commands.map(lowerFirst), packages: ['aws-sdk'] },
      args: [0],
      argProps: r.props,
      argPropsOnly: true,
    },
  ]);
}

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
  ...readerSinks(),
];

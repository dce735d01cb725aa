import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, unwrapExpression, type AstNode } from '../../code/ast.js';
import { nodeLoc, walk } from '../../code/parse.js';
import type { Loc } from '../../core/types.js';
import type { SourceFile } from '../../model/types.js';
import {
  AWS_V2_CLASSES,
  CONTEXT_APIS,
  EVENT_TYPE_NAMES,
  EVENT_TYPE_PACKAGES,
  FIXED_REGION_CLIENTS,
  isProviderSdk,
  ownValue,
  REGION_PATTERN,
  sdkService,
} from '../../knowledge/lockin/index.js';
import { hardcodedArnParts, type ArnFinding } from './arns.js';

/** What ties one source file to its provider, collected in one walk of the file. */
export interface FileFacts {
  /** provider SDK imports (type-only imports are not a dependency at run time) */
  sdkImports: { specifier: string; service?: string; loc: Loc }[];
  /** services the file makes clients of (`new DynamoDBClient()`, `new AWS.SQS()`) or imports a client package of */
  services: { id: string; loc: Loc }[];
  /** provider event and context types named in the file (`APIGatewayProxyEvent`) */
  eventTypes: { name: string; loc: Loc }[];
  /** provider event shapes read (`x.requestContext`, `r.dynamodb.NewImage`, `event.Records`) */
  eventShapes: { shape: string; loc: Loc }[];
  /** Lambda `context` APIs used (`context.getRemainingTimeInMillis()`) */
  contextUses: { api: string; loc: Loc }[];
  /** `region: 'eu-west-1'` in an SDK client's configuration */
  regions: { value: string; client: string; loc: Loc }[];
  /** ARNs and endpoints written with a literal region or account id */
  arns: ArnFinding[];
}

/** Shapes of a provider event: a property read after another (`dynamodb.NewImage`) or alone. */
const SHAPE_PAIRS: Readonly<Record<string, readonly string[]>> = {
  dynamodb: ['NewImage', 'OldImage', 'Keys', 'StreamViewType', 'SequenceNumber'],
  s3: ['bucket', 'object'],
  Sns: ['Message', 'MessageAttributes', 'Subject', 'TopicArn'],
  kinesis: ['data', 'partitionKey', 'sequenceNumber'],
};
const SHAPE_NAMES = new Set(['requestContext', 'Records', 'multiValueHeaders', 'eventSourceARN', 'messageAttributes', 'receiptHandle']);

export function collectFileFacts(sf: SourceFile): FileFacts {
  const facts: FileFacts = { sdkImports: [], services: [], eventTypes: [], eventShapes: [], contextUses: [], regions: [], arns: [] };
  let awsV2 = false;
  let typePackage = false;
  for (const imp of sf.imports) {
    if (EVENT_TYPE_PACKAGES.has(imp.source)) typePackage = true;
    if (imp.typeOnly || imp.resolved !== undefined || !isProviderSdk(imp.source)) continue;
    const service = sdkService(imp.source);
    facts.sdkImports.push({ specifier: imp.source, ...(service ? { service } : {}), loc: imp.loc });
    if (service) facts.services.push({ id: service, loc: imp.loc });
    if (imp.source === 'aws-sdk' || imp.source === 'aws-sdk/global') awsV2 = true;
  }
  const loc = (n: AstNode) => nodeLoc(sf.path, n);
  walk(sf.ast, (node) => {
    switch (node.type) {
      case 'TSTypeReference':
        if (typePackage && node.typeName.type === 'Identifier' && EVENT_TYPE_NAMES.has(node.typeName.name))
          facts.eventTypes.push({ name: node.typeName.name, loc: loc(node.typeName) });
        break;
      case 'MemberExpression': {
        const name = memberName(node);
        if (name === undefined) break;
        if (CONTEXT_APIS.has(name) && !node.computed) facts.contextUses.push({ api: name, loc: loc(node.property) });
        const obj = unwrapExpression(node.object);
        const outer = obj.type === 'MemberExpression' ? memberName(obj) : undefined;
        if (outer !== undefined && ownValue(SHAPE_PAIRS, outer)?.includes(name))
          facts.eventShapes.push({ shape: `${outer}.${name}`, loc: loc(node) });
        else if (SHAPE_NAMES.has(name) && !isAssignedKey(node)) facts.eventShapes.push({ shape: name, loc: loc(node.property) });
        break;
      }
      case 'NewExpression':
        if (awsV2) {
          const cls = v2Class(node.callee);
          if (cls) facts.services.push({ id: ownValue(AWS_V2_CLASSES, cls)!, loc: loc(node.callee) });
        }
        break;
    }
  });
  if (facts.sdkImports.length) {
    for (const s of sf.strings) {
      if (s.name !== 'region' || !REGION_PATTERN.test(s.value) || !s.call) continue;
      const client = s.call.callee;
      // `AWS.config.update({ region })`, `new S3Client({ region })`, `new AWS.SQS({ region })`
      const isClient = s.call.construct || client === 'update';
      if (!isClient || s.call.path.length !== 1 || FIXED_REGION_CLIENTS.has(client)) continue;
      facts.regions.push({ value: s.value, client, loc: s.loc });
    }
  }
  for (const s of sf.strings) facts.arns.push(...hardcodedArnParts(s.value, s.loc, 'code', sf.lines[s.loc.line - 1]));
  return facts;
}

/** `AWS.DynamoDB.DocumentClient` → DynamoDB, `AWS.S3` → S3, `SQS` → SQS. */
function v2Class(callee: AstNode): string | undefined {
  let n = unwrapExpression(callee);
  while (n.type === 'MemberExpression') {
    const name = memberName(n);
    if (name !== undefined && ownValue(AWS_V2_CLASSES, name)) return name;
    n = unwrapExpression(n.object);
  }
  return n.type === 'Identifier' && ownValue(AWS_V2_CLASSES, n.name) ? n.name : undefined;
}

/** `{ Records: [...] }` builds an object; `x.Records = …` writes one: neither reads the provider's shape. */
function isAssignedKey(m: TSESTree.MemberExpression): boolean {
  const p = m.parent;
  return p?.type === 'AssignmentExpression' && p.left === m;
}

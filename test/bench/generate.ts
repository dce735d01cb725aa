import * as fs from 'node:fs';
import * as path from 'node:path';

/** Bump when the generated tree changes, so a cached tree is regenerated. */
const GENERATOR_VERSION = 3;

/**
 * Writes a synthetic monorepo: serverless apps of 20 functions each (every fifth a SAM template
 * instead), each function with a TypeScript handler importing the app's own modules and a package of
 * helpers shared by every app (validation, responses, an S3 wrapper), as real monorepos do: request
 * bodies parsed and validated (or not), SDK calls built from event data. Deterministic. Reuses the
 * tree when it already exists with the same size.
 */
export function generateMonorepo(dir: string, functions: number): { apps: number; functions: number } {
  const perApp = 20;
  const apps = Math.ceil(functions / perApp);
  const stamp = path.join(dir, '.generated');
  const tag = `${GENERATOR_VERSION}:${functions}`;
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === tag) return { apps, functions };
  fs.rmSync(dir, { recursive: true, force: true });
  writeShared(path.join(dir, 'packages', 'shared', 'src'));
  let made = 0;
  for (let a = 0; a < apps; a++) {
    const appDir = path.join(dir, 'services', `svc-${a}`);
    fs.mkdirSync(path.join(appDir, 'src', 'lib'), { recursive: true });
    const n = Math.min(perApp, functions - made);
    const sam = a % 5 === 4;
    const fnNames = Array.from({ length: n }, (_, i) => `fn${i}`);
    fs.writeFileSync(
      path.join(appDir, 'src', 'lib', 'db.ts'),
      `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\nconst client = new DynamoDBClient({});\nexport async function getItem(id: string) {\n  return client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: id } } }));\n}\n`,
    );
    fs.writeFileSync(
      path.join(appDir, 'src', 'lib', 'http.ts'),
      `export const ok = (body: unknown) => ({ statusCode: 200, body: JSON.stringify(body) });\nexport const bad = (msg: string) => ({ statusCode: 400, body: JSON.stringify({ msg }) });\n`,
    );
    // every tenth app commits a .env with a provider token, as real repositories do
    if (a % 10 === 3) fs.writeFileSync(path.join(appDir, '.env'), `STAGE=dev\nSLACK_BOT_TOKEN=${slackToken(a)}\nLOG_LEVEL=debug\n`);
    for (const [i, fn] of fnNames.entries()) {
      // every 25th handler hardcodes an AWS access key pair
      const leak =
        (a * perApp + i) % 25 === 7
          ? `const AWS_ACCESS_KEY_ID = '${awsKeyId(a * perApp + i)}';\nconst AWS_SECRET_ACCESS_KEY = '${awsSecret(a * perApp + i)}';\n`
          : '';
      fs.writeFileSync(path.join(appDir, 'src', `${fn}.ts`), handlerBody(fn, a * perApp + i, leak));
    }
    if (sam) {
      const res = fnNames
        .map(
          (fn, i) =>
            `  ${fn.toUpperCase()}Function:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Handler: ${fn}.handler\n      Policies:\n        - DynamoDBReadPolicy:\n            TableName: !Ref Table\n${i % 7 === 0 ? '        - Statement:\n            - Effect: Allow\n              Action: "s3:*"\n              Resource: "*"\n' : ''}      Events:\n        Get:\n          Type: Api\n          Properties:\n            Path: /${fn}/{id}\n            Method: get\n`,
        )
        .join('');
      fs.writeFileSync(
        path.join(appDir, 'template.yaml'),
        `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: nodejs20.x\n    Environment:\n      Variables:\n        TABLE_NAME: !Ref Table\nResources:\n${res}  Table:\n    Type: AWS::DynamoDB::Table\n`,
      );
    } else {
      const fns = fnNames
        .map(
          (fn, i) =>
            `  ${fn}:\n    handler: src/${fn}.handler\n    environment:\n      FN_LABEL: ${fn}\n${i % 9 === 0 ? '      API_TOKEN: 3f9a7c2e8b1d4f6a0c5e9b2d7f1a3c8' + (i % 10) + '\n' : ''}    events:\n      - http:\n          path: ${fn}/{id}\n          method: get\n`,
        )
        .join('');
      fs.writeFileSync(
        path.join(appDir, 'serverless.yml'),
        `service: svc-${a}\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  environment:\n    TABLE_NAME: \${self:custom.table}\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:Query]\n          Resource: !GetAtt Table.Arn\n${a % 3 === 0 ? '        - Effect: Allow\n          Action: "*"\n          Resource: "*"\n' : ''}custom:\n  table: svc-${a}-\${sls:stage}\nfunctions:\n${fns}resources:\n  Resources:\n    Table:\n      Type: AWS::DynamoDB::Table\n`,
      );
    }
    made += n;
  }
  fs.writeFileSync(stamp, tag);
  return { apps, functions: made };
}

/** The helpers every app imports (`packages/shared/src`): a validator, responses, an S3 wrapper. */
function writeShared(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'validate.ts'),
    `import { z } from 'zod';\n\nexport const OrderSchema = z.object({ id: z.string().uuid(), qty: z.number().int().positive(), note: z.string().max(200).optional() });\nexport type Order = z.infer<typeof OrderSchema>;\n\nexport function parseOrder(body: string | null | undefined): Order {\n  return OrderSchema.parse(JSON.parse(body ?? '{}'));\n}\n\nexport function isSafeKey(key: string): boolean {\n  return /^[a-z0-9][a-z0-9/_-]{0,200}$/.test(key) && !key.includes('..');\n}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'respond.ts'),
    `export const json = (statusCode: number, body: unknown) => ({\n  statusCode,\n  headers: { 'content-type': 'application/json' },\n  body: JSON.stringify(body),\n});\nexport const notFound = () => json(404, { message: 'not found' });\nexport const failed = (e: unknown) => json(500, { message: e instanceof Error ? e.message : 'error' });\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'storage.ts'),
    `import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';\n\nconst s3 = new S3Client({});\nconst Bucket = process.env.BUCKET_NAME;\n\nexport async function readObject(Key: string): Promise<string | undefined> {\n  const out = await s3.send(new GetObjectCommand({ Bucket, Key }));\n  return out.Body?.transformToString();\n}\n\nexport async function writeObject(Key: string, Body: string): Promise<void> {\n  await s3.send(new PutObjectCommand({ Bucket, Key, Body }));\n}\n`,
  );
}

/**
 * A handler body, one of four shapes by index: read an item by path id; validate a body and store
 * it; copy an object under a key from the query string (checked or not); publish to a queue.
 */
function handlerBody(fn: string, n: number, leak: string): string {
  const head = `import type { APIGatewayProxyEvent } from 'aws-lambda';\nimport { getItem } from './lib/db.js';\nimport { ok, bad } from './lib/http.js';\nimport { parseOrder, isSafeKey } from '../../../packages/shared/src/validate.js';\nimport { json, failed, notFound } from '../../../packages/shared/src/respond.js';\nimport { readObject, writeObject } from '../../../packages/shared/src/storage.js';\n\n${leak}const RETRIES = 3;\n`;
  switch (n % 4) {
    case 0:
      return `${head}export const handler = async (event: APIGatewayProxyEvent) => {\n  const id = event.pathParameters?.id;\n  if (!id) return bad('missing id');\n  for (let i = 0; i < RETRIES; i++) {\n    try {\n      const item = await getItem(id);\n      return item.Item ? ok({ item, label: \`${fn}\` }) : notFound();\n    } catch (e) {\n      if (i === RETRIES - 1) return failed(e);\n    }\n  }\n  return bad('unreachable');\n};\n`;
    case 1:
      return `${head}export const handler = async (event: APIGatewayProxyEvent) => {\n  try {\n    const order = parseOrder(event.body);\n    await writeObject(\`orders/\${order.id}.json\`, JSON.stringify(order));\n    return json(201, { id: order.id, fn: '${fn}' });\n  } catch (e) {\n    return failed(e);\n  }\n};\n`;
    case 2: {
      // every other copy handler checks the key; the rest pass it straight through
      const check = n % 8 === 2 ? "  if (!isSafeKey(key)) return bad('bad key');\n" : '';
      return `${head}export const handler = async (event: APIGatewayProxyEvent) => {\n  const key = event.queryStringParameters?.key ?? '';\n${check}  const text = await readObject(key);\n  if (text === undefined) return notFound();\n  await writeObject(\`copies/${fn}/\${Date.now()}\`, text);\n  return ok({ copied: key, retries: RETRIES });\n};\n`;
    }
    default:
      return `${head}import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';\n\nconst sqs = new SQSClient({});\n\nexport const handler = async (event: APIGatewayProxyEvent) => {\n  const body = JSON.parse(event.body ?? '{}') as { items?: unknown[] };\n  const items = Array.isArray(body.items) ? body.items.slice(0, 10) : [];\n  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ items, fn: '${fn}' }) }));\n  return ok({ queued: items.length, check: isSafeKey('${fn}') });\n};\n`;
  }
}

/** Deterministic pseudo-random characters from a seed (a small LCG), for generated test secrets. */
function chars(seed: number, n: number, alphabet: string): string {
  let x = (seed * 2654435761 + 12345) >>> 0;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
}

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function awsKeyId(seed: number): string {
  return `AKIA${chars(seed, 16, UPPER_DIGITS)}`;
}
function awsSecret(seed: number): string {
  return chars(seed + 7, 40, B64);
}
function slackToken(seed: number): string {
  return `xoxb-${chars(seed, 11, '0123456789')}-${chars(seed + 1, 13, '0123456789')}-${chars(seed + 2, 24, ALNUM)}`;
}

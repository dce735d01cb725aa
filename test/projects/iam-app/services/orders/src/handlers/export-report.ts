import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const ddb = new DynamoDBClient({});
const s3 = new S3Client({});

export async function handler(): Promise<void> {
  let count = 0;
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const page = await ddb.send(new ScanCommand({ TableName: process.env.TABLE_NAME, ExclusiveStartKey, Select: 'COUNT' }));
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (ExclusiveStartKey);
  const day = new Date().toISOString().slice(0, 10);
  await s3.send(new PutObjectCommand({ Bucket: process.env.INVOICES_BUCKET, Key: `reports/${day}.json`, Body: JSON.stringify({ day, count }) }));
}

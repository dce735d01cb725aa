import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';

const s3 = new S3Client({});

export const handler = async (event: { body?: string }) => {
  const { key } = JSON.parse(event.body ?? '{}');
  const obj = await s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: key }));
  return { statusCode: 200, body: String(obj.ContentLength) };
};

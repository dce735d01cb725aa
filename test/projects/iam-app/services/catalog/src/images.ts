import { DetectLabelsCommand, DetectModerationLabelsCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';

const s3 = new S3Client({});
const rekognition = new RekognitionClient({});

export async function handler(event: S3Event): Promise<void> {
  for (const record of event.Records) {
    const Bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    // the standard moderation model (no custom adapter): authorised against Resource "*"
    const moderation = await rekognition.send(new DetectModerationLabelsCommand({ Image: { S3Object: { Bucket, Name: key } }, MinConfidence: 80 }));
    if (moderation.ModerationLabels?.length) continue;
    const labels = await rekognition.send(new DetectLabelsCommand({ Image: { S3Object: { Bucket, Name: key } }, MaxLabels: 10 })); // expect: iam/no-ungranted-call
    const original = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
    const bytes = await original.Body?.transformToByteArray();
    if (!bytes) continue;
    const target = `${process.env.THUMBNAIL_PREFIX ?? 'thumbnails/'}${key.split('/').pop()}`;
    await s3.send(
      new PutObjectCommand({
        Bucket: `acme-catalog-${process.env.STAGE}-thumbnails`,
        Key: target,
        Body: bytes,
        Metadata: { labels: (labels.Labels ?? []).map((l) => l.Name).join(',') },
        // the storefront links thumbnails directly
        ACL: 'public-read', // expect: iam/no-public-bucket
      }),
    );
  }
}

import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { setStatus } from '../lib/table.js';

const s3 = new S3Client({});
const sns = new SNSClient({});

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const { id } = JSON.parse(record.body) as { id: string };
      await s3.send(new PutObjectCommand({ Bucket: process.env.INVOICES_BUCKET, Key: `invoices/${id}.pdf`, Body: `invoice ${id}` }));
      await setStatus(id, 'fulfilled');
      await sns.send(new PublishCommand({ TopicArn: process.env.ORDER_EVENTS_TOPIC, Message: JSON.stringify({ orderId: id }) }));
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};

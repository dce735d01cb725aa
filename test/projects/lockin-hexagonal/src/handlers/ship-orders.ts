import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoOrderRepository } from '../adapters/dynamo-order-repository.js';
import { SqsShipmentNotifier } from '../adapters/sqs-shipment-notifier.js';
import { shipOrder } from '../domain/orders.js';

const repo = new DynamoOrderRepository(process.env.TABLE_NAME!);
const notifier = new SqsShipmentNotifier(process.env.SHIP_QUEUE_URL!);

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const { orderId } = JSON.parse(record.body) as { orderId: string };
      await shipOrder(repo, notifier, orderId);
    } catch {
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

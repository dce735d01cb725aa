import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Order, ShipmentNotifier } from '../domain/orders.js';

const sqs = new SQSClient({});

export class SqsShipmentNotifier implements ShipmentNotifier {
  constructor(private readonly queueUrl: string) {}

  async orderShipped(order: Order): Promise<void> {
    await sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify({ type: 'shipped', id: order.id }) }));
  }
}

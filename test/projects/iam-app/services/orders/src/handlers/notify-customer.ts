import type { SNSEvent } from 'aws-lambda';
import { getOrder } from '../lib/table.js';

export const handler = async (event: SNSEvent): Promise<void> => {
  for (const record of event.Records) {
    const { orderId } = JSON.parse(record.Sns.Message) as { orderId: string };
    const order = await getOrder(orderId);
    if (!order) continue;
    console.log(JSON.stringify({ level: 'info', message: 'notify customer', orderId, customerId: order.customerId }));
  }
};

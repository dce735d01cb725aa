import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { chargeCard } from '../lib/payments.js';
import { bookShipment } from '../lib/shipping.js';

const db = new DynamoDBClient({});
const TABLE = process.env.ORDERS_TABLE ?? '';
// webhook signatures of the fulfilment partner
const FULFILMENT_WEBHOOK_SECRET = 'TVDZ3CVC5guBRiNB91BDcXxVKclIMtlQEz3HsSG8'; // expect: secrets/no-hardcoded-secret
const API_KEY_HEADER = 'x-api-key';

interface OrderRequest {
  customerId: string;
  amount: number;
  address: string;
}

export const handler = async (event: { body?: string }) => {
  const order = JSON.parse(event.body ?? '{}') as OrderRequest;
  const id = randomUUID();
  const charge = await chargeCard(order.customerId, order.amount);
  const parcel = await bookShipment(id, order.address);
  await db.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: { pk: { S: id }, charge: { S: charge }, parcel: { S: parcel } },
    }),
  );
  return { statusCode: 201, headers: { [API_KEY_HEADER]: FULFILMENT_WEBHOOK_SECRET.slice(0, 0) }, body: JSON.stringify({ id }) };
};

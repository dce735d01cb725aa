import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Order, OrderRepository } from '../domain/orders.js';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export class DynamoOrderRepository implements OrderRepository {
  constructor(private readonly table: string) {}

  async save(order: Order): Promise<void> {
    await client.send(new PutCommand({ TableName: this.table, Item: order }));
  }

  async find(id: string): Promise<Order | undefined> {
    const out = await client.send(new GetCommand({ TableName: this.table, Key: { id } }));
    return out.Item as Order | undefined;
  }
}

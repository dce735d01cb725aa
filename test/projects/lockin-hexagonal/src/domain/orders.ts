// The business rules of an order, free of any provider: what they need from storage and messaging
// is the two interfaces below, implemented by the adapters.

export interface Order {
  id: string;
  customerId: string;
  items: { sku: string; quantity: number }[];
  status: 'open' | 'shipped';
}

export interface OrderRepository {
  save(order: Order): Promise<void>;
  find(id: string): Promise<Order | undefined>;
}

export interface ShipmentNotifier {
  orderShipped(order: Order): Promise<void>;
}

export class OrderError extends Error {}

export async function createOrder(
  repo: OrderRepository,
  input: { id: string; customerId: string; items: { sku: string; quantity: number }[] },
): Promise<Order> {
  if (!input.items.length) throw new OrderError('an order needs at least one item');
  if (input.items.some((i) => !Number.isInteger(i.quantity) || i.quantity < 1)) throw new OrderError('quantities are positive integers');
  const order: Order = { ...input, status: 'open' };
  await repo.save(order);
  return order;
}

export async function getOrder(repo: OrderRepository, id: string): Promise<Order> {
  const order = await repo.find(id);
  if (!order) throw new OrderError(`no order ${id}`);
  return order;
}

export async function shipOrder(repo: OrderRepository, notifier: ShipmentNotifier, id: string): Promise<void> {
  const order = await getOrder(repo, id);
  if (order.status === 'shipped') return;
  const shipped: Order = { ...order, status: 'shipped' };
  await repo.save(shipped);
  await notifier.orderShipped(shipped);
}

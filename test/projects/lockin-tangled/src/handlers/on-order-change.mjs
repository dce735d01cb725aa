import { orderChanged } from '../services/orders.js';

export const handler = async (event) => {
  await Promise.all(event.Records.map((r) => orderChanged(r.dynamodb)));
};

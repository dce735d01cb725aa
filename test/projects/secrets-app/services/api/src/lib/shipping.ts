const BASE_URL = process.env.SHIPPING_API_URL ?? 'https://api.parcels.example/v2';

export async function bookShipment(orderId: string, address: string): Promise<string> {
  const res = await fetch(`${BASE_URL}/parcels`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: 'Bearer U8JZpDE0iGXlD6gNCFbaEPFjbD0kH8Oool8DklZD', // expect: secrets/no-hardcoded-secret
    },
    body: JSON.stringify({ reference: orderId, address }),
  });
  const body = (await res.json()) as { id: string };
  return body.id;
}

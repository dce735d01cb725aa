export function toItem(order: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(order).map(([k, v]) => [k, { S: String(v) }]));
}

import { onRequest } from 'firebase-functions/v2/https';

export const api = onRequest({ cors: true }, async (req, res) => { // expect: gcp/no-public-invoker
  res.json({ items: [], page: Number(req.query.page ?? 0) });
});

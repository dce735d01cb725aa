import { setGlobalOptions } from 'firebase-functions/v2';
import { onCall, onRequest, HttpsError } from 'firebase-functions/v2/https';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { defineSecret } from 'firebase-functions/params';
import { execFile, exec } from 'node:child_process';
import { getAuth } from 'firebase-admin/auth';

setGlobalOptions({ region: 'europe-west1', maxInstances: 10 });

const stripeKey = defineSecret('STRIPE_KEY');

export { api } from './api';

export const thumbnail = onRequest({ invoker: 'private', secrets: [stripeKey] }, (req, res) => {
  exec(`convert ${req.query.file} -resize 64x64 out.png`, () => res.send('ok')); // expect: input/command-injection
});

export const profile = onRequest(async (req, res) => {
  const user = await getAuth().verifyIdToken(String(req.headers.authorization).replace('Bearer ', ''));
  execFile('id', [user.uid], () => res.json({ uid: user.uid }));
});

export const setRole = onCall(async (request) => { // expect: gcp/callable-auth-check
  await getAuth().setCustomUserClaims(String(request.data.uid), { role: request.data.role });
});

export const rename = onCall(async (request) => {
  if (!request.auth) throw new HttpsError('unauthenticated', 'sign in first');
  return { uid: request.auth.uid };
});

export const audit = onDocumentWritten('orders/{id}', async (event) => {
  console.log(event.params.id);
});

const functions = require('firebase-functions');
const admin = require('firebase-admin');

admin.initializeApp();

exports.legacyHello = functions.region('europe-west1').https.onRequest((req, res) => { // expect: gcp/no-public-invoker, gcp/max-instances
  res.send('hello');
});

exports.legacyAdd = functions.https.onCall((data, context) => {
  if (!context.auth) throw new functions.https.HttpsError('unauthenticated', 'sign in');
  return admin.firestore().collection('notes').add({ text: data.text, uid: context.auth.uid });
});

exports.nightly = functions.pubsub.schedule('every 24 hours').onRun(async () => null);

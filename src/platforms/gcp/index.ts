import { posix } from 'node:path';
import type { Document } from '../../core/types.js';
import type { BuildContext } from '../context.js';
import type { PlatformAdapter } from '../types.js';
import { firebaseEntries } from './entries.js';
import { buildFirebaseJson } from './firebase-json.js';

const NAMES = /^firebase\.json$/;

/**
 * Google Cloud Functions and Firebase: `firebase.json` (functions codebases, whose functions are
 * registered in code), deploy scripts with `gcloud functions deploy`, and Firebase security rules.
 */
export const gcpAdapter: PlatformAdapter = {
  id: 'gcp-functions',
  platform: 'gcp',
  names: NAMES,
  detect(f) {
    if (NAMES.test(f.name)) return { manifest: true };
    return null;
  },
  build(doc: Document, ctx: BuildContext) {
    if (posix.basename(doc.file) === 'firebase.json') return buildFirebaseJson(doc, ctx);
    return null;
  },
  entries(app, resolver, notice) {
    if (app.origin === 'firebase') return firebaseEntries(app, resolver, notice);
    return [];
  },
};

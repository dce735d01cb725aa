import { defineRule } from '../../_api.js';
import type { SecurityRule } from '../../_api.js';

/** The rules console's "test mode": open until a date (`request.time < timestamp.date(…)`, RTDB `now < <ms>`). */
const TEST_MODE = /^request\.time\s*<\s*timestamp\.date\s*\([^)]*\)$|^now\s*<\s*\d+$/;
/** Any signed-in user, whoever owns the data. */
const ANY_USER = /^(request\.)?auth\s*!=\s*null$/;
/** Paths that take in every document or object below them. */
const RECURSIVE = /\{\w+=\*\*\}/;

const SERVICES: Record<SecurityRule['service'], string> = {
  firestore: 'Cloud Firestore',
  storage: 'Cloud Storage',
  database: 'the Realtime Database',
};

export default defineRule({
  meta: {
    id: 'gcp/open-security-rules',
    description: 'Disallow Firebase security rules that let anyone read or write the data',
    severity: 'error',
    recommended: true,
    messages: {
      open: 'Rule "allow {{methods}}" on {{path}} has no condition ({{condition}}), so anyone with the project\'s public config can {{what}} {{service}} there; require `request.auth` and check the owner (`request.auth.uid == userId`)',
      openRoot:
        '"{{key}}": {{condition}} at the root of the Realtime Database rules lets anyone with the project\'s public config {{what}} the whole database, and because rules cascade no rule below can take that back; grant access per path (`"users": { "$uid": { ".{{method}}": "auth != null && auth.uid == $uid" } }`)',
      testMode:
        'Rule "allow {{methods}}" on {{path}} is the test-mode default ({{condition}}): until that date anyone can {{what}} {{service}} there, and on it the app stops working; write real rules (`request.auth.uid == userId`)',
      anyUser:
        'Rule "allow {{methods}}" on {{path}} lets any signed-in user {{what}} every document below it ({{condition}}); anyone can create an account, so check the owner (`request.auth.uid == resource.data.owner`)',
    },
    tags: ['security', 'CWE-284', 'CWE-732'],
    securitySeverity: 9.1,
    platforms: ['gcp'],
  },
  create(ctx) {
    return {
      app(app) {
        for (const r of app.gcp?.rules ?? []) {
          const cond = r.condition.replace(/^\((.*)\)$/, '$1').trim();
          const writes = r.methods.some((m) => /^(write|create|update|delete)$/.test(m));
          const reads = r.methods.some((m) => /^(read|get|list)$/.test(m));
          const what = reads && writes ? 'read and change' : writes ? 'change' : 'read';
          const data = { methods: r.methods.join(', '), path: r.path, condition: r.condition, service: SERVICES[r.service], what };
          if (cond === 'true' && r.service === 'database' && r.path === '/')
            ctx.report({ at: r.conditionLoc, messageId: 'openRoot', data: { ...data, key: `.${r.methods[0]}`, method: r.methods[0]! } });
          else if (cond === 'true') ctx.report({ at: r.conditionLoc, messageId: 'open', data });
          else if (TEST_MODE.test(cond)) ctx.report({ at: r.conditionLoc, messageId: 'testMode', data });
          else if (ANY_USER.test(cond) && (RECURSIVE.test(r.path) || (r.service === 'database' && r.path === '/')))
            ctx.report({ at: r.conditionLoc, messageId: 'anyUser', data, severity: 'warning' });
        }
      },
    };
  },
});

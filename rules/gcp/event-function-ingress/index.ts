import { defineRule } from '../../_api.js';
import { ingressOf } from '../../_shared/gcp.js';

/** Triggers delivered from inside Google Cloud (Eventarc, Pub/Sub push, Cloud Scheduler, Cloud Tasks), which internal-only ingress admits. */
const INTERNAL_TRIGGERS: Record<string, string> = {
  pubsub: 'Pub/Sub',
  storage: 'Cloud Storage (Eventarc)',
  stream: 'Firestore / Realtime Database (Eventarc)',
  schedule: 'Cloud Scheduler',
  queue: 'Cloud Tasks',
};

export default defineRule({
  meta: {
    id: 'gcp/event-function-ingress',
    description: 'Suggest internal-only ingress for 2nd gen functions that only events trigger',
    severity: 'note',
    recommended: false,
    precision: 'medium',
    messages: {
      open: 'Function "{{fn}}" is triggered by {{trigger}}, which reaches it as internal traffic, yet its Cloud Run URL accepts requests from the internet ({{ingress}}); set `ingressSettings: \'ALLOW_INTERNAL_ONLY\'` (`--ingress-settings=internal-only`): the trigger keeps working and only callers inside the project can reach the endpoint',
    },
    tags: ['security', 'network', 'CWE-668'],
    securitySeverity: 3.0,
    platforms: ['gcp'],
  },
  create(ctx) {
    return {
      function(fn) {
        const facts = fn.gcp;
        // 1st gen event functions have no URL; an unknown generation is not guessed
        if (facts?.generation !== 2 || !fn.events.length) return;
        const triggers = fn.events.map((e) => INTERNAL_TRIGGERS[e.category]);
        if (triggers.some((t) => t === undefined)) return;
        const ingress = ingressOf(facts.ingress);
        if (ingress !== 'unset' && ingress !== 'all') return;
        ctx.report({
          at: ingress === 'all' && facts.ingress ? facts.ingress : { loc: facts.keyLoc },
          messageId: 'open',
          data: { fn: fn.name, trigger: triggers[0]!, ingress: ingress === 'all' ? 'ingress ALLOW_ALL' : 'no ingress set: all traffic' },
        });
      },
    };
  },
});

import {
  allActions,
  defineRule,
  expandActionPattern,
  hasWildcard,
  isAllActions,
  isKnownService,
  literalStrings,
  serviceActions,
  splitAction,
} from '../../_api.js';
import type { IamStatement, Value } from '../../_api.js';

/** Levenshtein distance, case-insensitive, giving up (returning `max + 1`) past `max`. */
function distance(a: string, b: string, max: number): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= t.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[t.length]!;
}

/** The closest name within a third of the name's length (at most 3 edits), when there is exactly one best. */
function closest(name: string, candidates: Iterable<string>): string | undefined {
  const max = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestD = max + 1;
  let tie = false;
  for (const c of candidates) {
    const d = distance(name, c, max);
    if (d < bestD) {
      best = c;
      bestD = d;
      tie = false;
    } else if (d === bestD && best !== undefined && c.toLowerCase() !== best.toLowerCase()) tie = true;
  }
  return best !== undefined && !tie ? best : undefined;
}

let servicesCache: string[] | undefined;
/** Every service prefix of the dataset (built on first need: only unknown prefixes ask for it). */
function services(): string[] {
  servicesCache ??= [...new Set(allActions().map((a) => a.slice(0, a.indexOf(':'))))];
  return servicesCache;
}

/** The closest action name of a service: `GetObjects` → `GetObject`. */
function closestAction(service: string, name: string): string | undefined {
  const names = serviceActions(service).map((a) => a.slice(a.indexOf(':') + 1));
  const hit = closest(name, names);
  return hit ? `${service.toLowerCase()}:${hit}` : undefined;
}

/** Action strings longer than this get no suggestion, and are quoted shortened. */
const MAX_JUDGED_LENGTH = 256;

/** The action as quoted in a message: long ones cut in the middle. */
function quoted(action: string): string {
  return action.length > MAX_JUDGED_LENGTH ? `${action.slice(0, 100)}… (${action.length} characters) …${action.slice(-20)}` : action;
}

type Verdict = { messageId: 'malformed' | 'unknownService' | 'unknownAction' | 'noMatch'; service?: string; suggestion?: string };

/** Why an action string grants nothing, or undefined when it names real actions. */
function judge(action: string): Verdict | undefined {
  const parts = splitAction(action);
  if (action.length > MAX_JUDGED_LENGTH) {
    // far longer than any action IAM accepts: no matching, no suggestion (both cost time in its length)
    if (!parts || hasWildcard(parts.service)) return { messageId: 'malformed' };
    return expandActionPattern(action).length
      ? undefined
      : { messageId: hasWildcard(parts.name) ? 'noMatch' : 'unknownAction', service: parts.service.toLowerCase() };
  }
  if (!parts) {
    // `s3.GetObject`, `s3: GetObject`, `s3GetObject`: suggest the fixed form when it exists
    const fixed = /^([A-Za-z0-9-]+)\s*[.:/\s]\s*([A-Za-z0-9_*?-]+)$/.exec(action.trim());
    const candidate = fixed ? `${fixed[1]}:${fixed[2]}` : undefined;
    return { messageId: 'malformed', suggestion: candidate && expandActionPattern(candidate).length ? candidate : undefined };
  }
  if (expandActionPattern(action).length > 0) return undefined;
  const { service, name } = parts;
  if (hasWildcard(service)) return { messageId: 'noMatch', service };
  if (!isKnownService(service)) {
    const s = closest(service, services());
    const candidate = s ? `${s}:${name}` : undefined;
    if (candidate && expandActionPattern(candidate).length) return { messageId: 'unknownService', service, suggestion: candidate };
    const named = s && !hasWildcard(name) ? closestAction(s, name) : undefined;
    return { messageId: 'unknownService', service, suggestion: named };
  }
  if (hasWildcard(name)) return { messageId: 'noMatch', service: service.toLowerCase() };
  return { messageId: 'unknownAction', service: service.toLowerCase(), suggestion: closestAction(service, name) };
}

function where(s: IamStatement): string {
  if (s.source.kind === 'trust') return ' (trust policy)';
  if (s.source.kind === 'resource-policy') return ' (resource policy)';
  return '';
}

export default defineRule({
  meta: {
    id: 'iam/no-unknown-action',
    description: 'Disallow IAM actions that do not exist: unknown service prefixes, misspelled actions, patterns that match nothing',
    severity: 'warning',
    recommended: true,
    messages: {
      malformed:
        'Action "{{action}}"{{where}} is not of the form "service:Action", so IAM rejects the policy or the action has no effect; {{fix}}',
      unknownService: 'Action "{{action}}"{{where}} names an unknown service prefix "{{service}}", so it has no effect; {{fix}}',
      unknownAction: 'Action "{{action}}"{{where}} is not an action of {{service}}, so it has no effect; {{fix}}',
      noMatch: 'Action pattern "{{action}}"{{where}} matches no action of {{service}}, so it has no effect; {{fix}}',
    },
    tags: ['security', 'iam', 'correctness', 'CWE-693'],
    platforms: ['aws'],
    securitySeverity: 4.0,
  },
  create(ctx) {
    const check = (s: IamStatement, list: Value[] | null) => {
      for (const { value, v } of literalStrings(list)) {
        const action = value.trim();
        if (isAllActions(action)) continue;
        const verdict = judge(action);
        if (!verdict) continue;
        const fix = verdict.suggestion
          ? `did you mean "${verdict.suggestion}"`
          : 'check the name in the AWS Service Authorization Reference';
        ctx.report({
          at: v,
          messageId: verdict.messageId,
          data: { action: quoted(action), where: where(s), service: verdict.service ?? '', fix },
        });
      }
    };
    return {
      // Deny statements are checked too: a misspelled Deny silently denies nothing.
      iamStatement(s) {
        // statements SAM expands from its policy templates are AWS's text, not the user's
        if (s.source.kind === 'sam-template' || s.source.kind === 'managed-policy') return;
        check(s, s.actions);
        check(s, s.notActions);
      },
    };
  },
});

import { createHash } from 'node:crypto';
import type { App, Fn, Project } from '../model/types.js';
import type { Loc, LocatedMessage, Severity, ToolNotice } from '../core/types.js';
import type { Diagnostic } from './result.js';
import { Analyses } from '../analysis/index.js';
import { formatMessage, locOf, textOf, type ReportDescriptor, type Rule, type RuleContext, type Visitors } from './rule.js';
import type { Timing } from './timing.js';

export interface ActiveRule {
  rule: Rule<any>;
  level: Severity;
  options: Record<string, unknown>;
}

/** A diagnostic before masking/suppression: it may still carry raw secrets. */
export interface RawDiagnostic {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  loc: Loc;
  entity: string;
  secrets: string[];
  /** allowed by configuration */
  suppressed?: { reason?: string };
  related?: LocatedMessage[];
  flow?: LocatedMessage[];
}

export interface WalkOutcome {
  raw: RawDiagnostic[];
  notices: ToolNotice[];
}

type VisitorKey = keyof Visitors;

/**
 * Runs every active rule over the project in ONE walk of the model: each entity is visited once and
 * handed to every rule that has a visitor for its kind. A rule that throws is reported as a
 * `rule-error` notice naming the rule and entity, and the walk goes on.
 */
export function walkRules(
  project: Project,
  active: ActiveRule[],
  settings: Record<string, unknown>,
  timing?: Timing,
  analyses: Analyses = new Analyses(project, { settings }),
): WalkOutcome {
  const raw: RawDiagnostic[] = [];
  const notices: ToolNotice[] = [];
  let currentEntity = 'project';

  const instances: { id: string; visitors: Visitors; platforms?: string[] }[] = [];
  const on = new Set(active.map((a) => a.rule.meta.id));
  for (const a of active) {
    const id = a.rule.meta.id;
    const ctx: RuleContext = {
      id,
      // defaulted once, here: a rule reads its options without fallbacks
      options: { ...(a.rule.meta.defaultOptions ?? {}), ...a.options },
      settings,
      project,
      analysis: (name) => {
        if (!a.rule.meta.requires?.includes(name)) throw new Error(`analysis "${name}" is not in meta.requires`);
        return timing ? timing.analysis(name, analyses.get(name)) : analyses.get(name);
      },
      isActive: (other) => {
        if (!a.rule.meta.coveredBy?.includes(other)) throw new Error(`rule "${other}" is not in meta.coveredBy`);
        return on.has(other) && other !== id;
      },
      text: (at) => {
        const loc = locOf(at);
        return textOf(project.files.get(loc.file)?.lines, loc);
      },
      report(d: ReportDescriptor) {
        const template = a.rule.meta.messages[d.messageId];
        if (template === undefined) throw new Error(`unknown messageId "${d.messageId}"`);
        raw.push({
          ruleId: id,
          messageId: d.messageId,
          message: formatMessage(template, d.data),
          severity: d.severity ?? a.level,
          loc: locOf(d.at),
          entity: d.entity ?? currentEntity,
          secrets: d.secrets ?? [],
          ...(d.suppressed ? { suppressed: d.suppressed } : {}),
          ...(d.related?.length ? { related: d.related.map((r) => ({ loc: locOf(r.at), message: r.message })) } : {}),
          ...(d.flow?.length ? { flow: d.flow.map((r) => ({ loc: locOf(r.at), message: r.message })) } : {}),
        });
      },
    };
    timing?.enterRule(id);
    try {
      instances.push({ id, visitors: a.rule.create(ctx), ...(a.rule.meta.platforms ? { platforms: a.rule.meta.platforms } : {}) });
    } catch (e) {
      notices.push(ruleError(id, 'create', e));
    } finally {
      timing?.leaveRule(id);
    }
  }

  const byKey = new Map<VisitorKey, { id: string; fn: (x: any) => void; platforms?: string[] }[]>();
  for (const inst of instances) {
    for (const [k, fn] of Object.entries(inst.visitors) as [VisitorKey, (x: unknown) => void][]) {
      if (typeof fn !== 'function') continue;
      let list = byKey.get(k);
      if (!list) byKey.set(k, (list = []));
      list.push({ id: inst.id, fn, ...(inst.platforms ? { platforms: inst.platforms } : {}) });
    }
  }

  const visit = (key: VisitorKey, entity: unknown, name: string, loc?: Loc): void => {
    const list = byKey.get(key);
    if (!list) return;
    currentEntity = name;
    const cloud = platformOf(key, entity);
    for (const { id, fn, platforms } of list) {
      // a rule of some clouds (`meta.platforms`) visits only their apps, functions and what they hold
      if (platforms && cloud !== undefined && !platforms.includes(cloud)) continue;
      timing?.enterRule(id);
      try {
        fn(entity);
      } catch (e) {
        notices.push(ruleError(id, name, e, loc));
      } finally {
        timing?.leaveRule(id);
      }
    }
  };

  visit('project', project, 'project');
  for (const app of project.apps) {
    const a = `app:${app.file}`;
    visit('app', app, a);
    for (const fn of app.functions) {
      visit('function', fn, `${a}/function:${fn.id}`, fn.loc);
      // entity names carry no position or index: adding an event or statement above another must not
      // change the fingerprints of the other's findings (the message tells same-kind entities apart)
      for (const ev of fn.events) visit('event', ev, `${a}/function:${fn.id}/event:${ev.raw}`, ev.loc);
    }
    for (const role of app.roles) {
      visit('role', role, `${a}/role:${role.id}`, role.loc);
      role.managedPolicies.forEach((m, i) =>
        visit('managedPolicy', m, `${a}/role:${role.id}/managed:${m.value.kind === 'literal' ? String(m.value.value) : i}`, m.value.loc),
      );
    }
    for (const s of app.statements) visit('iamStatement', s, `${a}/statement:${s.source.kind}:${s.source.name ?? ''}`, s.loc);
    for (const e of app.envVars)
      visit('envVar', e, `${a}/env:${e.scope === 'function' ? `function:${e.functions[0] ?? ''}` : e.scope}:${e.name}`, e.nameLoc);
    for (const r of app.resources) visit('resource', r, `${a}/resource:${r.id}`, r.idLoc);
  }
  for (const f of project.sourceFiles) visit('sourceFile', f, `source:${f.path}`);
  for (const f of project.textFiles) visit('textFile', f, `text:${f.path}`);
  return { raw: applyDeferrals(raw, active), notices: [...notices, ...analyses.notices()] };
}

/** The cloud an entity deploys to (apps without one are AWS); undefined for code and the project. */
function platformOf(key: VisitorKey, entity: unknown): string | undefined {
  const e = entity as { platform?: string; app?: App; fn?: Fn };
  switch (key) {
    case 'function':
      return e.platform;
    case 'event':
      return e.fn?.platform;
    case 'app':
      return e.platform ?? 'aws';
    case 'project':
    case 'sourceFile':
    case 'textFile':
      return undefined;
    default:
      return e.app ? (e.app.platform ?? 'aws') : undefined;
  }
}

const regionKey = (l: Loc): string => `${l.file}:${l.line}:${l.column}:${l.endLine}:${l.endColumn}`;

/**
 * Overlap between rules (`meta.defersTo`): a finding of rule A is dropped when A defers to an active
 * rule B and B reported a finding at the same place — same file and exactly the same region (start
 * and end line and column). B's finding counts whatever its message or whether configuration allows
 * it (an allowed finding is still B's). When B is off, or reported elsewhere, A's finding stays.
 */
export function applyDeferrals(raw: RawDiagnostic[], active: ActiveRule[]): RawDiagnostic[] {
  const defers = new Map<string, string[]>();
  const on = new Set(active.map((a) => a.rule.meta.id));
  for (const a of active) {
    const to = (a.rule.meta.defersTo ?? []).filter((id) => on.has(id) && id !== a.rule.meta.id);
    if (to.length) defers.set(a.rule.meta.id, to);
  }
  if (!defers.size) return raw;
  const places = new Set(raw.map((r) => `${r.ruleId}\u0000${regionKey(r.loc)}`));
  return raw.filter((r) => !(defers.get(r.ruleId) ?? []).some((id) => places.has(`${id}\u0000${regionKey(r.loc)}`)));
}

function ruleError(ruleId: string, entity: string, e: unknown, loc?: Loc): ToolNotice {
  const msg = e instanceof Error ? e.message : String(e);
  return {
    id: 'rule-error',
    level: 'error',
    ruleId,
    message: `rule ${ruleId} failed on ${entity}: ${msg.split('\n')[0]}`,
    loc,
  };
}

/** sha256 over the parts, hex, truncated to 32 characters: stable and line-independent. */
export function fingerprintOf(parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex').slice(0, 32);
}

/**
 * Finalises raw diagnostics: drops exact repeats (same rule, region and message — a YAML alias or a
 * shared `${self:}` value can put one literal into several statements that say the same thing; when
 * they say different things, e.g. an aliased `"*"` resource under two different actions, each is
 * kept), computes fingerprints and sorts.
 *
 * A fingerprint hashes rule + file + entity (the stable path of what is reported, e.g.
 * `app:serverless.yml/env:function:api:DB_PASSWORD`) + the offending value's text as written
 * (masked, whitespace collapsed) + an occurrence index among equal ones. Never the line, and never
 * the message: a message names the functions a role serves and what an action expands to, so adding
 * a function or upgrading the IAM dataset would otherwise re-key unrelated findings.
 */
export function finalise(raw: RawDiagnostic[], mask: (s: string) => string, valueText: (loc: Loc) => string | undefined): Diagnostic[] {
  return finaliseKeyed(raw, mask, valueText).map((k) => k.d);
}

/**
 * A finalised finding with what its fingerprint was computed from: the findings of builds of parts of
 * the paths (`--shard`, `--jobs`, `--cache`) are merged by `refingerprint` into those of one build.
 */
export interface KeyedDiagnostic {
  d: Diagnostic;
  entity: string;
  /** rule, file, entity, the masked value text */
  base: string[];
}

/** `finalise`, keeping each finding's entity and fingerprint parts. */
export function finaliseKeyed(
  raw: RawDiagnostic[],
  mask: (s: string) => string,
  valueText: (loc: Loc) => string | undefined,
): KeyedDiagnostic[] {
  return refingerprint(
    raw.map((r) => {
      const d: Diagnostic = {
        ruleId: r.ruleId,
        messageId: r.messageId,
        message: mask(r.message),
        severity: r.severity,
        loc: r.loc,
        fingerprint: '',
        ...(r.suppressed
          ? { suppression: { kind: 'config' as const, ...(r.suppressed.reason ? { reason: r.suppressed.reason } : {}) } }
          : {}),
        ...(r.related ? { related: r.related.map((x) => ({ loc: x.loc, message: mask(x.message) })) } : {}),
        ...(r.flow ? { flow: r.flow.map((x) => ({ loc: x.loc, message: mask(x.message) })) } : {}),
      };
      const base = [
        r.ruleId,
        r.loc.file,
        r.entity,
        mask(valueText(r.loc) ?? '')
          .replace(/\s+/g, ' ')
          .trim(),
      ];
      return { d, entity: r.entity, base };
    }),
  );
}

/** Sorts, drops exact repeats and numbers the occurrences of equal fingerprint parts (see `finalise`). */
export function refingerprint(items: KeyedDiagnostic[]): KeyedDiagnostic[] {
  // equal findings reached several ways (a shared helper's, through the handlers of several apps)
  // keep the same one whatever order the parts came in: the tie is broken by the explanation
  // (serialised only for the ties that reach it: most findings differ in place or message first)
  const whys = new Map<KeyedDiagnostic, string>();
  const why = (k: KeyedDiagnostic): string => {
    let w = whys.get(k);
    if (w === undefined) whys.set(k, (w = JSON.stringify([k.d.flow ?? [], k.d.related ?? []])));
    return w;
  };
  const all = [...items].sort(
    (a, b) => compareDiagnostics(a.d, b.d) || cmp(a.entity, b.entity) || cmp(why(a), why(b)) || cmp(a.base[3]!, b.base[3]!),
  );
  const seen = new Set<string>();
  const list: KeyedDiagnostic[] = [];
  for (const k of all) {
    const d = k.d;
    const key = `${d.ruleId}\u0000${d.loc.file}:${d.loc.line}:${d.loc.column}:${d.loc.endLine}:${d.loc.endColumn}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    list.push(k);
  }
  const occurrences = new Map<string, number>();
  return list.map((k) => {
    const key = k.base.join('\u0000');
    const n = occurrences.get(key) ?? 0;
    occurrences.set(key, n + 1);
    return { ...k, d: { ...k.d, fingerprint: fingerprintOf(n ? [...k.base, String(n)] : k.base) } };
  });
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    cmp(a.loc.file, b.loc.file) ||
    a.loc.line - b.loc.line ||
    a.loc.column - b.loc.column ||
    cmp(a.ruleId, b.ruleId) ||
    a.loc.endLine - b.loc.endLine ||
    a.loc.endColumn - b.loc.endColumn ||
    cmp(a.message, b.message)
  );
}

export function compareNotices(a: ToolNotice, b: ToolNotice): number {
  const fa = a.loc?.file ?? '';
  const fb = b.loc?.file ?? '';
  return (
    cmp(fa, fb) ||
    (a.loc?.line ?? 0) - (b.loc?.line ?? 0) ||
    (a.loc?.column ?? 0) - (b.loc?.column ?? 0) ||
    cmp(a.id, b.id) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { defineRule } from '../../_api.js';
import type { Fn, Loc, Value } from '../../_api.js';

interface Options {
  allowed: number;
}

/** Hours in a billing month (the figure Google's and AWS's pricing examples use). */
const HOURS_PER_MONTH = 730;
/** The memory of a function that sets none: 256 MB (1st gen) / 256 MiB (2nd gen, the Firebase CLI). */
const DEFAULT_MEMORY_MB = 256;

/** `256MiB`, `1GiB`, `512MB`, `2GB`, `1Gi`, `512Mi`, `512` (MB) as MB; undefined when not a literal. */
function memoryMb(v: Value | null): number | undefined {
  if (v?.kind !== 'literal') return undefined;
  if (typeof v.value === 'number') return v.value;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(mib|mi|mb|m|gib|gi|gb|g)?\s*$/i.exec(String(v.value));
  if (!m) return undefined;
  const n = Number(m[1]);
  return /^g/i.test(m[2] ?? '') ? n * 1024 : n;
}

/** How to keep the setting to production, by where the function is declared. */
const FIX: Record<string, string> = {
  firebase: "set it from a parameter (`defineInt('MIN_INSTANCES', { default: 0 })`) so other projects run with 0",
  gcloud: 'deploy other environments with --min-instances=0 (a variable of the script)',
  serverless: 'set it per stage (`minInstances: ${self:custom.minInstances.${sls:stage}, 0}`)',
};

function count(v: Value | null): number | undefined {
  if (v?.kind !== 'literal') return undefined;
  const n = typeof v.value === 'number' ? v.value : /^\s*\d+\s*$/.test(String(v.value)) ? Number(v.value) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

export default defineRule<Options>({
  meta: {
    id: 'gcp/min-instances',
    description: 'Report minInstances, instances kept warm and billed while idle, with their monthly instance-hours',
    severity: 'note',
    recommended: true,
    messages: {
      warm: 'Function "{{fn}}" keeps {{count}} instance(s) of {{memory}} MB warm ({{how}}): {{count}} × {{hours}} h = {{instanceHours}} instance-hours a month billed at the idle rate whether requests come or not; keep it for the functions whose cold start users feel, and {{fix}}',
      shared:
        '{{how}}, written once here (`setGlobalOptions` or a shared options object), keeps {{count}} instance(s) warm for each of the {{fns}} functions that use it ({{names}}): {{count}} × {{fns}} × {{hours}} h = {{instanceHours}} instance-hours a month billed at the idle rate whether requests come or not; set minInstances on the functions whose cold start users feel instead',
    },
    options: {
      type: 'object',
      properties: {
        allowed: {
          type: 'integer',
          minimum: 0,
          description: 'instances a function may keep warm without a finding (per function)',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { allowed: 0 },
    tags: ['cost'],
    platforms: ['gcp'],
  },
  create(ctx) {
    const allowed = ctx.options.allowed ?? 0;
    return {
      app(app) {
        // one finding per place the setting is written: a `setGlobalOptions` value is every 2nd gen function's
        const byPlace = new Map<string, { at: Loc; n: number; how: string; fns: Fn[] }>();
        for (const fn of app.functions) {
          const v = fn.gcp?.minInstances ?? null;
          const n = count(v);
          if (!v || n === undefined || n <= allowed) continue;
          const key = `${v.loc.file}:${v.loc.line}:${v.loc.column}`;
          const how = fn.origin === 'gcloud' ? `--min-instances=${n}` : `minInstances: ${n}`;
          const place = byPlace.get(key) ?? { at: v.loc, n, how, fns: [] };
          place.fns.push(fn);
          byPlace.set(key, place);
        }
        for (const { at, n, how, fns } of byPlace.values()) {
          if (fns.length > 1) {
            const names =
              fns
                .slice(0, 4)
                .map((f) => f.name)
                .join(', ') + (fns.length > 4 ? ', …' : '');
            ctx.report({
              at: { loc: at },
              messageId: 'shared',
              data: { how, count: n, fns: fns.length, names, hours: HOURS_PER_MONTH, instanceHours: n * fns.length * HOURS_PER_MONTH },
            });
            continue;
          }
          const fn = fns[0]!;
          const mb = memoryMb(fn.memory) ?? DEFAULT_MEMORY_MB;
          ctx.report({
            at: { loc: at },
            messageId: 'warm',
            data: {
              fn: fn.name,
              count: n,
              memory: mb,
              how,
              hours: HOURS_PER_MONTH,
              instanceHours: n * HOURS_PER_MONTH,
              fix: FIX[fn.origin] ?? FIX.gcloud!,
            },
          });
        }
      },
    };
  },
});

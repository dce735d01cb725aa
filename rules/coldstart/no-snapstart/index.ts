import { bool, defineRule, get, literalString, numberOf, str, type Fn } from '../../_api.js';

type Language = 'java' | 'python' | 'dotnet';

/** The language of a runtime SnapStart supports (Java 11 and later, Python 3.12 and later, .NET 8 and later). */
function snapStartLanguage(runtime: string): Language | undefined {
  const java = /^java(\d+)$/.exec(runtime);
  if (java) return Number(java[1]) >= 11 ? 'java' : undefined;
  const py = /^python3\.(\d+)$/.exec(runtime);
  if (py) return Number(py[1]) >= 12 ? 'python' : undefined;
  const net = /^dotnet(\d+)$/.exec(runtime);
  return net && Number(net[1]) >= 8 ? 'dotnet' : undefined;
}

const SYNC_SERVICES = new Set(['http', 'httpApi', 'url', 'alb']);
const SYNC_NAMES: Record<string, string> = { http: 'API Gateway', httpApi: 'an HTTP API', url: 'a function URL', alb: 'a load balancer' };

export default defineRule({
  meta: {
    id: 'coldstart/no-snapstart',
    description:
      'Disallow Java functions (and, when configured, Python and .NET) behind a synchronous trigger (API, function URL, load balancer) without SnapStart or provisioned concurrency',
    severity: 'warning',
    recommended: true,
    messages: {
      missing:
        'Function "{{fn}}" ({{runtime}}) answers {{trigger}} synchronously without SnapStart: its callers wait for every cold start of the runtime and its framework; turn SnapStart on ({{how}}), or keep instances warm with provisioned concurrency',
    },
    options: {
      type: 'object',
      properties: { runtimes: { type: 'array', items: { enum: ['java', 'python', 'dotnet'] }, uniqueItems: true } },
      additionalProperties: false,
    },
    defaultOptions: { runtimes: ['java'] as Language[] },
    precision: 'high',
    tags: ['coldstart', 'performance'],
    platforms: ['aws'],
    requires: [],
  },
  create(ctx) {
    return {
      function(fn) {
        if (fn.platform !== 'aws') return;
        const runtime = literalString(fn.runtime);
        if (runtime === undefined) return;
        const language = snapStartLanguage(runtime.toLowerCase());
        if (!language || !ctx.options.runtimes.includes(language)) return;
        // SnapStart is for zip packages; a container image cannot use it
        if (str(get(fn.node, 'PackageType'))?.toLowerCase() === 'image' || get(fn.node, 'image')) return;
        const sync =
          fn.events.find((e) => SYNC_SERVICES.has(e.service)) ?? (fn.url && SYNC_SERVICES.has(fn.url.service) ? fn.url : undefined);
        if (!sync) return;
        if (snapStartOn(fn) !== false) return;
        const pc = fn.cost?.provisionedConcurrency;
        if (pc && (pc.kind === 'ref' || (numberOf(pc) ?? 0) > 0)) return;
        const at = fn.cost?.keyLoc ?? fn.loc;
        ctx.report({
          at,
          messageId: 'missing',
          data: {
            fn: fn.name,
            runtime,
            trigger: SYNC_NAMES[sync.service] ?? sync.raw,
            how:
              fn.origin === 'serverless'
                ? '`snapStart: true`'
                : '`SnapStart: { ApplyOn: PublishedVersions }` and a published version or alias',
          },
        });
      },
    };
  },
});

/** true: on; false: off or not written; undefined: written as something we cannot read (a reference). */
function snapStartOn(fn: Fn): boolean | undefined {
  if (fn.origin === 'serverless') {
    const n = get(fn.node, 'snapStart');
    if (!n) return false;
    const b = bool(n);
    return b === undefined ? undefined : b;
  }
  const own = get(fn.node, 'SnapStart');
  const globals = fn.origin === 'sam' ? get(fn.app.root, 'Globals', 'Function', 'SnapStart') : undefined;
  const node = own ?? globals;
  if (!node) return false;
  const applyOn = get(node, 'ApplyOn');
  if (!applyOn) return false;
  const v = str(applyOn);
  if (v === undefined) return undefined;
  return v === 'PublishedVersions';
}

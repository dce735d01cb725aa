import { defineRule, sizeText, type ClientSite, type Fn, type Loc } from '../../_api.js';
import { functionNames } from '../../_shared/coldstart.js';

type MessageId = 'syncRead' | 'awaitNetwork' | 'json' | 'clients';

export default defineRule({
  meta: {
    id: 'coldstart/module-scope-work',
    description:
      'Disallow heavy work at module scope of a handler’s modules: synchronous reads, awaited network calls, large JSON files and SDK clients the function never calls',
    severity: 'warning',
    recommended: true,
    messages: {
      syncRead:
        '`{{what}}` reads the file system synchronously at module scope: every cold start of {{functions}} waits for it before the handler runs; read it on first use, or bundle what it reads',
      awaitNetwork:
        '`{{what}}` at module scope makes {{calls}} during the init of {{functions}}: every cold start waits for it and a failure fails the init; fetch it on first use and keep it, or pass the value in the environment',
      json: '`{{what}}` loads {{size}} of JSON at init in {{functions}} (the limit is {{max}}): every cold start parses it; load it on first use, read only the part needed, or keep it in S3/DynamoDB',
      clients:
        '{{count}} SDK clients are constructed at load in {{functions}}, which calls none of them ({{names}}): each cold start builds them for nothing; construct them in the modules of the functions that use them',
    },
    options: {
      type: 'object',
      properties: {
        maxJsonBytes: { type: 'integer', minimum: 0, description: 'Largest JSON file loaded at init, in bytes (bundled size)' },
        maxUnusedClients: {
          type: 'integer',
          minimum: 0,
          description: 'Most SDK clients constructed at load that the function never calls',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { maxJsonBytes: 100 * 1024, maxUnusedClients: 3 },
    precision: 'high',
    tags: ['coldstart', 'performance'],
    requires: ['coldstart'],
  },
  create(ctx) {
    return {
      project() {
        const cs = ctx.analysis('coldstart');
        const sites = new Map<string, { at: Loc; messageId: MessageId; data: Record<string, string | number>; fns: Fn[] }>();
        const add = (key: string, at: Loc, messageId: MessageId, data: Record<string, string | number>, fn: Fn) => {
          const had = sites.get(key);
          if (had) had.fns.push(fn);
          else sites.set(key, { at, messageId, data, fns: [fn] });
        };
        for (const fn of cs.functions()) {
          const files = cs.reached(fn, false);
          const atLoad: ClientSite[] = [];
          for (const sf of files) {
            for (const w of cs.moduleWorkIn(sf)) {
              const key = `${w.file}:${w.loc.line}:${w.loc.column}`;
              if (w.kind === 'sync-read') add(key, w.loc, 'syncRead', { what: w.what }, fn);
              else if (w.kind === 'await-network')
                add(key, w.loc, 'awaitNetwork', { what: w.what, calls: w.calls! > 1 ? `${w.calls} network calls` : 'a network call' }, fn);
              else {
                const bytes = cs.cost(fn)?.fileBytes[w.json!];
                if (bytes !== undefined && bytes > ctx.options.maxJsonBytes)
                  add(
                    `${key}:${bytes}`,
                    w.loc,
                    'json',
                    { what: w.what, size: sizeText(bytes), max: sizeText(ctx.options.maxJsonBytes) },
                    fn,
                  );
              }
            }
            for (const site of cs.clientSitesIn(sf))
              if (site.kind === 'sdk' && site.scope === 'module' && site.service && site.service !== '?') atLoad.push(site);
          }
          // which services the function calls (its call-level reach) is asked only when enough clients
          // are made at load for the answer to matter
          if (atLoad.length <= ctx.options.maxUnusedClients) continue;
          const used = cs.servicesCalled(fn);
          const unused = atLoad.filter((site) => !used.has(site.service!));
          if (unused.length > ctx.options.maxUnusedClients) {
            const names = [...new Set(unused.map((u) => u.what))];
            const first = unused[0]!;
            const list = names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
            add(`${first.file}:${first.pos}:${unused.length}:${list}`, first.loc, 'clients', { count: unused.length, names: list }, fn);
          }
        }
        for (const { at, messageId, data, fns } of sites.values())
          ctx.report({ at, messageId, data: { ...data, functions: functionNames(fns) } });
      },
    };
  },
});

import { defineRule } from '../../_api.js';
import type { SourceFile } from '../../_api.js';

/**
 * What checks that a cron request comes from the platform: the `CRON_SECRET` Vercel sends as
 * `Authorization: Bearer …`, or a read of the `authorization` header (compared in a helper).
 */
const CRON_CHECK = /\bCRON_SECRET\b|\.get\(\s*['"`]authorization['"`]\s*\)|headers\s*(?:\[\s*['"`]|\.)authorization\b/i;

/** The entry file and the project files it imports, at any depth. */
function reachable(files: Map<string, SourceFile>, start: SourceFile): SourceFile[] {
  const seen = new Map<string, SourceFile>([[start.path, start]]);
  const todo = [start];
  while (todo.length) {
    const f = todo.pop()!;
    for (const i of f.imports) {
      const next = i.resolved !== undefined ? files.get(i.resolved) : undefined;
      if (next && !seen.has(next.path)) {
        seen.set(next.path, next);
        todo.push(next);
      }
    }
  }
  return [...seen.values()];
}

export default defineRule({
  meta: {
    id: 'input/cron-unverified',
    description: 'Disallow cron routes and publicly served scheduled functions whose handler checks no secret',
    severity: 'error',
    recommended: true,
    messages: {
      unverified:
        'Cron path "{{path}}" runs function "{{fn}}", which never checks the CRON_SECRET Vercel sends in the Authorization header; the route is public, so anyone can trigger the job. Compare `request.headers.get(\'authorization\')` with `Bearer ${process.env.CRON_SECRET}` and return 401 otherwise',
      exposed:
        'Scheduled function "{{fn}}" is also served at "{{path}}", and its code checks no secret before running the job: Netlify\'s scheduler cannot be told apart from anyone calling that path (the `next_run` body and the `X-NF-Event` header are easy to forge). Remove the public path, or compare the Authorization header with a secret and return 401 otherwise',
    },
    precision: 'medium',
    tags: ['security', 'CWE-306'],
    securitySeverity: 6.5,
    platforms: ['vercel', 'netlify'],
  },
  create(ctx) {
    const files = new Map(ctx.project.sourceFiles.map((f) => [f.path, f]));
    return {
      event(e) {
        if (e.category !== 'schedule') return;
        const vercel = e.fn.origin === 'vercel' && e.raw === 'crons';
        // Netlify never serves a scheduled function at its default URL; a path of its own does
        const exposed = e.fn.origin === 'netlify' ? e.fn.events.find((x) => x.category === 'http') : undefined;
        if (!vercel && !exposed) return;
        const entry = e.fn.entry?.file !== undefined ? files.get(e.fn.entry.file) : undefined;
        if (!entry) return; // no code to judge
        if (reachable(files, entry).some((f) => CRON_CHECK.test(f.text))) return;
        if (exposed) {
          const path = exposed.path?.kind === 'literal' ? String(exposed.path.value) : e.fn.name;
          ctx.report({
            at: e.loc,
            messageId: 'exposed',
            data: { path, fn: e.fn.name },
            related: [{ at: exposed.loc, message: `served at ${path} here` }],
          });
          return;
        }
        const path = e.path?.kind === 'literal' ? String(e.path.value) : e.fn.name;
        ctx.report({
          at: e.loc,
          messageId: 'unverified',
          data: { path, fn: e.fn.name },
          related: [{ at: e.fn.loc, message: 'the handler' }],
        });
      },
    };
  },
});

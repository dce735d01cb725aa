import { describe, expect, it } from 'vitest';
import { readFunctionCode } from '../../../src/platforms/netlify/code.js';
import { eventTrigger, functionFiles } from '../../../src/platforms/netlify/functions.js';

describe('netlify function files', () => {
  it('finds functions as the bundler does: top-level files, dir/index.*, dir/dir.*; helpers and tests left out', () => {
    const files = [
      'site/netlify/functions/hello.ts',
      'site/netlify/functions/hello.js',
      'site/netlify/functions/orders/index.ts',
      'site/netlify/functions/orders/db.ts',
      'site/netlify/functions/users/users.mjs',
      'site/netlify/functions/users/index.mjs',
      'site/netlify/functions/_shared/auth.ts',
      'site/netlify/functions/deep/a/b.ts',
      'site/netlify/functions/hello.test.ts',
      'site/netlify/functions/types.d.ts',
      'site/netlify/functions/README.md',
    ];
    expect(functionFiles('site/netlify/functions', files, 'function').map((f) => [f.name, f.file])).toEqual([
      ['hello', 'site/netlify/functions/hello.js'],
      ['orders', 'site/netlify/functions/orders/index.ts'],
      ['users', 'site/netlify/functions/users/users.mjs'],
    ]);
  });

  it('names the Netlify events that call event-triggered functions', () => {
    expect(eventTrigger('identity-signup')).toBe('auth');
    expect(eventTrigger('deploy-succeeded-background')).toBe('deploy');
    expect(eventTrigger('submission-created')).toBe('http');
    expect(eventTrigger('signup')).toBeUndefined();
  });
});

describe('netlify function code', () => {
  it('reads a v2 function and its config (satisfies Config, a list of paths, background)', () => {
    const code = readFunctionCode(
      'f.mts',
      [
        'export default async (req: Request) => new Response("ok");',
        'export const config = { path: ["/api/a", "/api/b/:id"], method: "POST", background: true } satisfies Config;',
      ].join('\n'),
    );
    expect(code.exportName).toBe('default');
    expect(code.paths.map((p) => (p.kind === 'literal' ? p.value : p.text))).toEqual(['/api/a', '/api/b/:id']);
    expect(code.methods.map((m) => (m.kind === 'literal' ? m.value : m.text))).toEqual(['POST']);
    expect(code.background).toBeDefined();
    expect(code.paths[0]!.loc).toMatchObject({ line: 2, column: 32 });
  });

  it('reads v1 handlers, CommonJS and ESM, and the schedule() wrapper', () => {
    expect(readFunctionCode('a.js', 'exports.handler = async (event, context) => ({ statusCode: 200 });').exportName).toBe('handler');
    expect(readFunctionCode('b.ts', 'export const handler: Handler = async () => ({ statusCode: 200 });').exportName).toBe('handler');
    const s = readFunctionCode(
      'c.js',
      "const { schedule } = require('@netlify/functions');\nmodule.exports.handler = schedule('@hourly', async () => ({ statusCode: 200 }));",
    );
    expect(s.schedule).toMatchObject({ kind: 'literal', value: '@hourly', loc: { line: 2 } });
    const cfg = readFunctionCode('d.mjs', "export default async () => {};\nexport const config = { schedule: '*/5 * * * *' };");
    expect(cfg.schedule).toMatchObject({ kind: 'literal', value: '*/5 * * * *' });
    // a computed path is unknown, not absent
    expect(readFunctionCode('e.mjs', 'export default () => {};\nexport const config = { path: base + "/x" };').paths[0]).toMatchObject({
      kind: 'ref',
    });
    expect(readFunctionCode('f.js', 'module.exports = { helper() {} };').exportName).toBeUndefined();
    expect(readFunctionCode('g.js', 'this is not javascript (').exportName).toBeUndefined();
  });
});

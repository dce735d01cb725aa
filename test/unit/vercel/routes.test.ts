import { describe, expect, it } from 'vitest';
import { conventionFunctions, exportedMethods, readMiddleware } from '../../../src/platforms/vercel/routes.js';

describe('vercel convention functions', () => {
  it('maps files to routes, leaving helpers, tests and declarations out', () => {
    const files = [
      'web/api/users/[id].ts',
      'web/api/index.js',
      'web/api/_lib/db.ts',
      'web/api/users.test.ts',
      'web/pages/api/orders/index.ts',
      'web/src/pages/api/hello.js',
      'web/app/(shop)/api/cart/route.ts',
      'web/app/@modal/api/x/route.js',
      'web/app/page.tsx',
      'web/middleware.ts',
      'web/types.d.ts',
      'other/api/outside.ts',
    ];
    expect(conventionFunctions('web', files).map((c) => [c.file, c.route, c.exportName])).toEqual([
      ['web/api/users/[id].ts', 'api/users/[id]', 'default'],
      ['web/api/index.js', 'api', 'default'],
      ['web/pages/api/orders/index.ts', 'api/orders', 'default'],
      ['web/src/pages/api/hello.js', 'api/hello', 'default'],
      ['web/app/(shop)/api/cart/route.ts', 'api/cart', 'GET'],
      ['web/app/@modal/api/x/route.js', 'api/x', 'GET'],
      ['web/middleware.ts', 'middleware', 'middleware'],
    ]);
  });

  it('reads the HTTP methods a route handler exports, however written', () => {
    const text = [
      'export async function GET(req) {}',
      'export const POST = async () => {};',
      'const del = () => {}; export { del as DELETE, helper };',
      'export function get() {}',
    ].join('\n');
    expect(exportedMethods(text)).toEqual(['GET', 'POST', 'DELETE']);
  });

  it('in a Next.js app found without vercel.json, leaves a top-level api/ folder out', () => {
    const files = ['api/legacy.ts', 'src/pages/api/hello.ts', 'src/app/api/x/route.ts', 'src/middleware.ts', 'proxy.ts'];
    expect(conventionFunctions('', files, { next: true }).map((c) => [c.file, c.route, c.exportName])).toEqual([
      ['src/pages/api/hello.ts', 'api/hello', 'default'],
      ['src/app/api/x/route.ts', 'api/x', 'GET'],
      ['src/middleware.ts', 'middleware', 'middleware'],
      ['proxy.ts', 'middleware', 'proxy'],
    ]);
  });

  it('reads a middleware export and its config.matcher in each written form', () => {
    const text = [
      'export default function (req) {}',
      "export const config = { matcher: ['/a/:path*', { source: '/b', has: [] }, `/c`, PATHS] };",
    ].join('\n');
    const m = readMiddleware('middleware.ts', text, 'middleware');
    expect(m.exportName).toBe('default');
    expect(m.matchers.map((v) => (v.kind === 'literal' ? v.value : v.kind))).toEqual(['/a/:path*', '/b', '/c', 'ref']);
    expect(m.matchers[1]!.loc).toMatchObject({ line: 2, column: 58 });
    const one = readMiddleware(
      'proxy.ts',
      "export function proxy() {}\nexport const config = { matcher: '/x' } satisfies object;",
      'proxy',
    );
    expect([one.exportName, one.matchers.map((v) => v.kind === 'literal' && v.value)]).toEqual(['proxy', ['/x']]);
    expect(readMiddleware('m.ts', 'export const handler = 1;', 'middleware').exportName).toBeUndefined();
  });
});

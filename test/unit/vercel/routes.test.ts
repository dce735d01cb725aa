import { describe, expect, it } from 'vitest';
import { conventionFunctions, exportedMethods } from '../../../src/platforms/vercel/routes.js';

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
});

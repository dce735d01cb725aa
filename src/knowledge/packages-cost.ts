/**
 * npm packages by what they mean for a function's deployment: native addons (built for one CPU
 * architecture), and clients that call the network (HTTP clients, the AWS SDK, database drivers).
 */

/** Packages that ship or build a native addon: a function using one is pinned to the architecture it was built on. */
export const NATIVE_PACKAGES: readonly string[] = [
  'sharp',
  'bcrypt',
  'canvas',
  'sqlite3',
  'better-sqlite3',
  'argon2',
  'node-sass',
  'grpc',
  'farmhash',
  'leveldown',
  're2',
  'zeromq',
  'oracledb',
  'ffi-napi',
  'node-rdkafka',
  'puppeteer',
  '@sparticuz/chromium',
  'chrome-aws-lambda',
  'usb',
  'serialport',
  'libxmljs',
  'microtime',
];

/** Packages (and package prefixes ending in `/`) whose use means network calls. */
export const NETWORK_PACKAGES: readonly string[] = [
  '@aws-sdk/',
  'aws-sdk',
  'axios',
  'node-fetch',
  'undici',
  'got',
  'superagent',
  'request',
  'needle',
  'ky',
  'http',
  'https',
  'node:http',
  'node:https',
  'pg',
  'mysql',
  'mysql2',
  'mongodb',
  'mongoose',
  'redis',
  'ioredis',
  '@elastic/elasticsearch',
  'stripe',
  '@slack/web-api',
  'twilio',
  '@sendgrid/mail',
];

/** The package an import specifier names (`@aws-sdk/client-s3/dist` → `@aws-sdk/client-s3`, `lodash/fp` → `lodash`). */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Does the specifier name one of the packages of a list (a `scope/` entry matches every package of the scope)? */
export function inPackageList(specifier: string, list: readonly string[]): string | undefined {
  const pkg = packageOf(specifier);
  if (!pkg) return undefined;
  return list.find((p) => (p.endsWith('/') ? pkg.startsWith(p) : pkg === p)) ? pkg : undefined;
}

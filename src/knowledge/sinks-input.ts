import type { SinkSpec } from './sinks.js';

/**
 * Sinks of the file-system, outbound-request, redirect, document-store, regular-expression, module
 * loading and deserialisation classes: pure data, matched like the injection sinks in `sinks.ts`.
 */

// ---------------------------------------------------------------------------------------------------
// paths (CWE-22): the path argument of a file-system call

/** `fs` functions whose first argument is a path (and, for the two-path ones, the second as well). */
const FS_ONE_PATH = [
  'readFile',
  'writeFile',
  'appendFile',
  'createReadStream',
  'createWriteStream',
  'unlink',
  'rm',
  'rmdir',
  'readdir',
  'open',
  'opendir',
  'truncate',
  'readlink',
];
const FS_TWO_PATHS = ['copyFile', 'rename', 'link', 'symlink', 'cp'];
const FS_EXTRA_ONE_PATH = [
  'outputFile',
  'outputJson',
  'readJson',
  'writeJson',
  'readJSON',
  'writeJSON',
  'remove',
  'emptyDir',
  'ensureFile',
];
const FS_EXTRA_TWO_PATHS = ['copy', 'move'];

function fsSinks(): SinkSpec[] {
  const out: SinkSpec[] = [];
  const add = (module: string, prefix: string[], names: string[], args: number[], sync: boolean) => {
    for (const n of names)
      for (const name of sync && !n.startsWith('create') ? [n, `${n}Sync`] : [n])
        out.push({
          class: 'path',
          callee: { kind: 'module', module, path: [...prefix, name] },
          args,
          label: [module === 'fs/promises' ? 'fsPromises' : module, ...prefix, name].join('.'),
        });
  };
  for (const module of ['fs', 'fs-extra', 'graceful-fs']) {
    add(module, [], FS_ONE_PATH, [0], true);
    add(module, [], FS_TWO_PATHS, [0, 1], true);
    add(module, ['promises'], FS_ONE_PATH, [0], false);
    add(module, ['promises'], FS_TWO_PATHS, [0, 1], false);
  }
  add('fs/promises', [], FS_ONE_PATH, [0], false);
  add('fs/promises', [], FS_TWO_PATHS, [0, 1], false);
  add('fs-extra', [], FS_EXTRA_ONE_PATH, [0], true);
  add('fs-extra', [], FS_EXTRA_TWO_PATHS, [0, 1], true);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// outbound requests (CWE-918): only the URL (or host) of the request

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const URL_PROPS = ['url', 'baseURL', 'prefixUrl', 'uri', 'href', 'origin'];
const HOST_PROPS = ['host', 'hostname', 'href', 'url', 'origin'];

function requestSinks(): SinkSpec[] {
  const out: SinkSpec[] = [
    { class: 'url', callee: { kind: 'global', name: 'fetch' }, args: [0], argProps: URL_PROPS, label: 'fetch' },
    { class: 'url', callee: { kind: 'global', name: 'Request' }, construct: 'only', args: [0], argProps: URL_PROPS, label: 'Request' },
    { class: 'url', callee: { kind: 'module', module: 'node-fetch', path: [] }, args: [0], argProps: URL_PROPS, label: 'node-fetch' },
    { class: 'url', callee: { kind: 'module', module: 'node-fetch', path: ['default'] }, args: [0], label: 'node-fetch' },
    { class: 'url', callee: { kind: 'module', module: 'cross-fetch', path: [] }, args: [0], label: 'cross-fetch' },
    { class: 'url', callee: { kind: 'module', module: 'axios', path: [] }, args: [0], argProps: URL_PROPS, label: 'axios' },
    {
      class: 'url',
      callee: { kind: 'module', module: 'axios', path: ['create'] },
      args: [0],
      argProps: URL_PROPS,
      argPropsOnly: true,
      label: 'axios.create',
    },
    { class: 'url', callee: { kind: 'module', module: 'got', path: [] }, args: [0], argProps: URL_PROPS, label: 'got' },
    {
      class: 'url',
      callee: { kind: 'module', module: 'got', path: ['extend'] },
      args: [0],
      argProps: URL_PROPS,
      argPropsOnly: true,
      label: 'got.extend',
    },
    {
      class: 'url',
      callee: { kind: 'module', module: 'undici', path: ['request'] },
      args: [0],
      argProps: URL_PROPS,
      label: 'undici.request',
    },
    { class: 'url', callee: { kind: 'module', module: 'undici', path: ['fetch'] }, args: [0], argProps: URL_PROPS, label: 'undici.fetch' },
    { class: 'url', callee: { kind: 'module', module: 'undici', path: ['stream'] }, args: [0], label: 'undici.stream' },
    { class: 'url', callee: { kind: 'module', module: 'undici', path: ['Client'] }, construct: 'only', args: [0], label: 'undici.Client' },
    { class: 'url', callee: { kind: 'module', module: 'undici', path: ['Pool'] }, construct: 'only', args: [0], label: 'undici.Pool' },
    { class: 'url', callee: { kind: 'module', module: 'superagent', path: [] }, args: [1], label: 'superagent' },
    { class: 'url', callee: { kind: 'module', module: 'needle', path: [] }, args: [1], label: 'needle' },
    { class: 'url', callee: { kind: 'module', module: 'needle', path: ['request'] }, args: [1], label: 'needle.request' },
    { class: 'url', callee: { kind: 'module', module: 'request', path: [] }, args: [0], argProps: URL_PROPS, label: 'request' },
  ];
  for (const verb of HTTP_VERBS)
    for (const module of ['axios', 'got', 'superagent', 'needle', 'request'])
      out.push({
        class: 'url',
        callee: { kind: 'module', module, path: [verb] },
        args: [0],
        argProps: URL_PROPS,
        label: `${module}.${verb}`,
      });
  for (const module of ['http', 'https'])
    for (const fn of ['request', 'get'])
      out.push({ class: 'url', callee: { kind: 'module', module, path: [fn] }, args: [0], argProps: HOST_PROPS, label: `${module}.${fn}` });
  out.push(...browserSinks());
  return out;
}

/**
 * Headless browsers: a page is a browser inside the function's network, so the URL it is sent to is an
 * outbound request that also reads `file://` and follows redirects, and markup it renders fetches every
 * image, frame, stylesheet and script it names (and runs the scripts). The page comes from
 * `(await browser.newPage())` or a context, so its methods are matched by name where the file (or a file
 * importing it) imports the browser package; `@sparticuz/chromium` and `chrome-aws-lambda` are the
 * Lambda builds of Chromium that puppeteer-core or playwright-core drive.
 */
const BROWSER_PACKAGES = [
  'puppeteer',
  'puppeteer-core',
  'puppeteer-extra',
  'playwright',
  'playwright-core',
  'playwright-chromium',
  '@sparticuz/chromium',
  '@sparticuz/chromium-min',
  'chrome-aws-lambda',
  '@serverless-chrome/lambda',
];

function browserSinks(): SinkSpec[] {
  return [
    // `page.goto(url)`, `frame.goto(url)`; playwright `page.goto(url, { referer })`
    { class: 'url', callee: { kind: 'method', names: ['goto'], packages: BROWSER_PACKAGES }, args: [0] },
    // `page.setContent(html)` (both libraries), `frame.setContent(html)`
    { class: 'page-html', callee: { kind: 'method', names: ['setContent'], packages: BROWSER_PACKAGES }, args: [0] },
  ];
}

/**
 * Package calls that return a client behaving like the package itself for sinks:
 * `axios.create({ … }).get(url)`, `got.extend({ … })(url)`.
 */
export const CLIENT_FACTORIES: readonly { module: string; path: string[] }[] = [
  { module: 'axios', path: ['create'] },
  { module: 'got', path: ['extend'] },
  { module: 'superagent', path: ['agent'] },
];

// ---------------------------------------------------------------------------------------------------
// document stores (CWE-943)

const MONGO_PACKAGES = ['mongodb', 'mongoose'];
/** Mongo/mongoose methods whose first argument is a filter. */
const MONGO_FILTER_METHODS = [
  'find',
  'findOne',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'findOneAndRemove',
  'updateOne',
  'updateMany',
  'deleteOne',
  'deleteMany',
  'replaceOne',
  'countDocuments',
  'exists',
  'where',
];
const DYNAMO_EXPRESSIONS = [
  'FilterExpression',
  'KeyConditionExpression',
  'ConditionExpression',
  'UpdateExpression',
  'ProjectionExpression',
  'Statement',
];
const DYNAMO_V3 = {
  '@aws-sdk/lib-dynamodb': ['QueryCommand', 'ScanCommand', 'UpdateCommand', 'DeleteCommand', 'PutCommand', 'ExecuteStatementCommand'],
  '@aws-sdk/client-dynamodb': [
    'QueryCommand',
    'ScanCommand',
    'UpdateItemCommand',
    'DeleteItemCommand',
    'PutItemCommand',
    'ExecuteStatementCommand',
  ],
};

function documentStoreSinks(): SinkSpec[] {
  const out: SinkSpec[] = [
    // a filter: an object from the request (`{ password: { $ne: null } }`) changes its meaning
    { class: 'nosql-filter', callee: { kind: 'method', names: MONGO_FILTER_METHODS, packages: MONGO_PACKAGES }, args: [0] },
    { class: 'nosql-filter', callee: { kind: 'method', names: ['aggregate'], packages: MONGO_PACKAGES }, args: [0] },
    // `$where` runs JavaScript on the server
    {
      class: 'nosql',
      callee: { kind: 'method', names: [...MONGO_FILTER_METHODS, 'aggregate'], packages: MONGO_PACKAGES },
      args: [0],
      argProps: ['$where'],
      argPropsOnly: true,
    },
    { class: 'nosql', callee: { kind: 'method', names: ['$where'], packages: MONGO_PACKAGES }, args: [0] },
    // DynamoDB v2 DocumentClient / DynamoDB: expressions are text; values belong in ExpressionAttributeValues
    {
      class: 'nosql',
      callee: {
        kind: 'method',
        names: ['query', 'scan', 'update', 'delete', 'put', 'updateItem', 'deleteItem', 'putItem', 'executeStatement'],
        packages: ['aws-sdk'],
      },
      args: [0],
      argProps: DYNAMO_EXPRESSIONS,
      argPropsOnly: true,
    },
  ];
  for (const [module, commands] of Object.entries(DYNAMO_V3))
    for (const c of commands)
      out.push({
        class: 'nosql',
        callee: { kind: 'module', module, path: [c] },
        construct: 'only',
        args: [0],
        argProps: DYNAMO_EXPRESSIONS,
        argPropsOnly: true,
        label: c,
      });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// deep merges (CWE-1321): a source object with a `__proto__` key writes into Object.prototype

function mergeSinks(): SinkSpec[] {
  const out: SinkSpec[] = [];
  for (const module of ['lodash', 'lodash-es'])
    for (const fn of ['merge', 'mergeWith', 'defaultsDeep'])
      out.push({ class: 'prototype', callee: { kind: 'module', module, path: [fn] }, args: [1, 2, 3], label: `_.${fn}` });
  for (const module of ['lodash.merge', 'lodash.mergewith', 'lodash.defaultsdeep'])
    out.push({ class: 'prototype', callee: { kind: 'module', module, path: [] }, args: [1, 2, 3], label: module });
  out.push(
    { class: 'prototype', callee: { kind: 'module', module: 'deepmerge', path: [] }, args: [1], label: 'deepmerge' },
    { class: 'prototype', callee: { kind: 'module', module: 'deepmerge', path: ['all'] }, args: [0], label: 'deepmerge.all' },
    { class: 'prototype', callee: { kind: 'module', module: 'merge', path: [] }, args: 'all', label: 'merge' },
    { class: 'prototype', callee: { kind: 'module', module: 'merge', path: ['recursive'] }, args: 'all', label: 'merge.recursive' },
    {
      class: 'prototype',
      callee: { kind: 'module', module: 'jquery', path: ['extend'] },
      args: [2, 3],
      when: 'deep-flag',
      label: '$.extend',
    },
    { class: 'prototype', callee: { kind: 'module', module: 'extend', path: [] }, args: [2, 3], when: 'deep-flag', label: 'extend' },
  );
  return out;
}

/** A nested assignment with keys from the event (`obj[a][b] = v`, `a` = `__proto__`). */
export const COMPUTED_KEY_SINK: SinkSpec = {
  class: 'prototype',
  callee: { kind: 'global', name: '[]=' },
  args: [0],
  label: 'obj[key][key] =',
};

// ---------------------------------------------------------------------------------------------------

export const INPUT_SINKS: readonly SinkSpec[] = [
  ...fsSinks(),
  // express `res.sendFile(path)` / `res.download(path)`: safe with a `root` option
  { class: 'path', callee: { kind: 'method', names: ['sendFile', 'download'], packages: ['express'] }, args: [0], when: 'no-root-option' },
  ...requestSinks(),
  // redirects (CWE-601): express/koa `redirect([status,] url)`, fastify `reply.redirect`, Hono `c.redirect`
  { class: 'redirect', callee: { kind: 'method', names: ['redirect'], packages: ['express', 'koa', 'fastify', 'hono'] }, args: 'all' },
  // Next.js: `NextResponse.redirect(url)` in middleware and route handlers, `redirect()` of next/navigation
  ...(['redirect', 'permanentRedirect'] as const).map((fn): SinkSpec => ({
    class: 'redirect',
    callee: { kind: 'module', module: 'next/navigation', path: [fn] },
    args: [0],
    label: fn,
  })),
  {
    class: 'redirect',
    callee: { kind: 'module', module: 'next/server', path: ['NextResponse', 'redirect'] },
    args: [0],
    label: 'NextResponse.redirect',
  },
  // `NextResponse.rewrite(url)` to another origin makes the deployment fetch it and serve the answer (CWE-918)
  {
    class: 'url',
    callee: { kind: 'module', module: 'next/server', path: ['NextResponse', 'rewrite'] },
    args: [0],
    argProps: URL_PROPS,
    label: 'NextResponse.rewrite',
  },
  ...documentStoreSinks(),
  ...mergeSinks(),
  // regular expressions (CWE-1333): the pattern
  { class: 'regex', callee: { kind: 'global', name: 'RegExp' }, construct: 'also', args: [0], label: 'RegExp' },
  // module loading (CWE-829)
  { class: 'module', callee: { kind: 'global', name: 'require' }, args: [0], label: 'require' },
  { class: 'module', callee: { kind: 'global', name: 'import' }, args: [0], label: 'import()' },
  // deserialisation that revives functions (CWE-502)
  {
    class: 'deserialize',
    callee: { kind: 'module', module: 'node-serialize', path: ['unserialize'] },
    args: [0],
    label: 'node-serialize.unserialize',
  },
  {
    class: 'deserialize',
    callee: { kind: 'module', module: 'funcster', path: ['deepDeserialize'] },
    args: [0],
    label: 'funcster.deepDeserialize',
  },
  {
    class: 'deserialize',
    callee: { kind: 'module', module: 'serialize-to-js', path: ['deserialize'] },
    args: [0],
    label: 'serialize-to-js.deserialize',
  },
  ...['load', 'loadAll'].map((fn): SinkSpec => ({
    class: 'deserialize',
    callee: { kind: 'module', module: 'js-yaml', path: [fn] },
    args: [0],
    when: 'unsafe-yaml-schema',
    label: `js-yaml.${fn}`,
  })),
];

/** A Lambda proxy response's `Location` header (`{ statusCode: 302, headers: { Location } }`). */
export const LOCATION_HEADER_SINK: SinkSpec = {
  class: 'redirect',
  callee: { kind: 'global', name: 'Location' },
  args: [0],
  label: 'headers.Location',
};

/** The body of a Lambda proxy response served as `text/html`, or HTML markup sent by express. */
export const HTML_BODY_SINK: SinkSpec = { class: 'html', callee: { kind: 'global', name: 'body' }, args: [0], label: 'body' };

/** express response methods that send their argument as the body. */
export const BODY_METHODS = { names: ['send', 'write', 'end'], packages: ['express'] };

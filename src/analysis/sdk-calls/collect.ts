import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, propertyKeyName, staticString, unwrapExpression, type AstNode } from '../../code/ast.js';
import { nodeLoc, walk } from '../../code/parse.js';
import type { Loc } from '../../core/types.js';
import type { SourceFile } from '../../model/types.js';
import {
  CLIENT_PACKAGES,
  DOCUMENT_OPERATIONS,
  PASSED_ROLES,
  POWERTOOLS,
  RESOURCE_PROPERTIES,
  TRANSACT_ITEM_ACTIONS,
  sdkActions,
  UPLOAD,
  V2_CLASSES,
  WAITERS,
} from '../../knowledge/aws/sdk/index.js';

/** The service of a client we cannot map (see `collectCalls`): its calls are unknown. */
export const UNMAPPED = '?';

const S3_READERS = new Set(['rekognition', 'textract', 'transcribe', 'comprehend']);

/** What names a call's resource in code: a literal, an environment variable, or an expression we cannot read. */
export type CodeValue = { kind: 'literal'; value: string } | { kind: 'env'; name: string } | { kind: 'unknown'; why: string };

/** One SDK call seen in a file, before it is tied to a function (the environment is the function's). */
export interface RawCall {
  /** IAM service prefix */
  service: string;
  /** the SDK operation (`GetObject`); undefined for a dynamic call (`client[op](…)`) */
  operation?: string;
  /** IAM actions it needs; undefined when the operation is not known */
  actions?: readonly string[];
  /** actions it may use and does not need to succeed (an upload aborting its multipart parts on failure) */
  optional?: readonly string[];
  /** how it is written: `v3`, `v2`, `document`, `paginator`, `waiter`, `presigner`, `upload`, `powertools` */
  via: string;
  /** the input property naming its resource (`Bucket`) and what it holds, when the input is readable */
  resource?: { property: string; value: CodeValue };
  /** S3: the object key (a template literal's head then `*`), when the input shows it */
  key?: string;
  /** the input has `IndexName` (DynamoDB queries on an index need the index ARN) */
  index?: boolean;
  /**
   * The roles the call passes (`iam:PassRole`), by the input property naming each, and the service
   * they are passed to; `why` when the input names none the call passes (`RunTask`'s task definition roles).
   */
  passRole?: { to: string; roles: { property: string; value: CodeValue }[]; why?: string };
  loc: Loc;
  /** the call's offset in its file (for call-level reachability) */
  pos: number;
}

type Binding =
  | { kind: 'import'; pkg: string; name: string } // a named import, or `*`/default for the module
  | { kind: 'client'; service: string; style: 'v3' | 'v3agg' | 'v2' | 'document' };

const MAX_FOLLOW = 4;

/** The SDK package a specifier is: `@aws-sdk/client-s3` → client s3, `aws-sdk` → v2. */
function sdkPackage(spec: string): string | undefined {
  if (spec === 'aws-sdk' || spec.startsWith('aws-sdk/')) return spec;
  if (spec.startsWith('@aws-sdk/') || spec.startsWith('@aws-lambda-powertools/')) return spec;
  return undefined;
}

export function clientService(pkg: string): string | undefined {
  const m = /^@aws-sdk\/client-(.+)$/.exec(pkg);
  if (m) return Object.hasOwn(CLIENT_PACKAGES, m[1]!) ? CLIENT_PACKAGES[m[1]!] : undefined;
  if (pkg === '@aws-sdk/lib-dynamodb') return 'dynamodb';
  return undefined;
}

/** `aws-sdk/clients/s3` → S3's prefix. */
export function v2ClientModule(pkg: string): string | undefined {
  const m = /^aws-sdk\/clients\/([a-z0-9]+)$/.exec(pkg);
  if (!m) return undefined;
  const cls = Object.keys(V2_CLASSES).find((c) => c.toLowerCase() === m[1]);
  return cls ? V2_CLASSES[cls] : undefined;
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The SDK calls of one file (see `RawCall`); `dynamic` lists services reached through calls we cannot read. */
/** A client a project module exports (`module.exports = new AWS.DynamoDB.DocumentClient()`). */
export type ExportedClient = { service: string; style: 'v3' | 'v3agg' | 'v2' | 'document' };

/** The client export `name` (`default` for `module.exports = client`) of the project file a specifier names. */
export type ClientImports = (spec: string, name: string) => ExportedClient | undefined;

/** A `new` of an SDK client in a file (`new S3Client({})`, `new AWS.S3()`, `new AWS.DynamoDB.DocumentClient()`). */
export interface ClientConstruction {
  /** IAM service prefix, or `UNMAPPED` */
  service: string;
  /** the class as written (`S3Client`, `AWS.DynamoDB.DocumentClient`) */
  callee: string;
  node: AstNode;
  loc: Loc;
}

/** A file's calls, the clients it exports by export name, and the SDK clients it constructs. */
export type FileCalls = RawCall[] & { clients?: Map<string, ExportedClient>; constructions?: ClientConstruction[] };

/**
 * `exportsClients(spec)`: whether the project file an import names exports an SDK client (a cheap
 * question asked before any walk: see below).
 */
export function collectCalls(
  sf: SourceFile,
  imported: ClientImports = () => undefined,
  exportsClients: (spec: string) => boolean = () => true,
): FileCalls {
  // Every binding below comes from an import or a `require`, and the parse recorded them all: a file
  // importing neither an SDK package nor a project file that exports a client makes no SDK call and
  // constructs no client, so its two walks are skipped (most files of a project are such files).
  if (!sf.imports.some((i) => sdkPackage(i.source) !== undefined || exportsClients(i.source))) return [];
  const bindings = new Map<string, Binding>();
  const inits = new Map<string, AstNode>();
  const envAliases = new Map<string, string>();
  const out: FileCalls = [];
  const loc = (n: AstNode) => ({ loc: nodeLoc(sf.path, n), pos: n.range[0] });

  // pass 1: imports, requires, variables (by name: a loose, file-wide view good enough for handlers)
  walk(sf.ast, (node) => {
    if (node.type === 'ImportDeclaration' && node.importKind !== 'type') {
      const pkg = sdkPackage(String(node.source.value));
      if (!pkg) {
        // a client made in another project file
        for (const s of node.specifiers) {
          const name =
            s.type === 'ImportSpecifier' ? (s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value)) : 'default';
          const c = s.type === 'ImportNamespaceSpecifier' ? undefined : imported(String(node.source.value), name);
          if (c) bindings.set(s.local.name, { kind: 'client', ...c });
        }
        return;
      }
      for (const s of node.specifiers) {
        if (s.type === 'ImportSpecifier') {
          if (s.importKind === 'type') continue;
          const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
          bindings.set(s.local.name, { kind: 'import', pkg, name: imported });
        } else bindings.set(s.local.name, { kind: 'import', pkg, name: '*' });
      }
    } else if (node.type === 'VariableDeclarator' && node.init) {
      const init = unwrapExpression(node.init);
      const req = requireOf(init);
      if (req) {
        const pkg = sdkPackage(req.spec);
        if (!pkg) {
          if (node.id.type === 'Identifier') {
            const c = imported(req.spec, req.member ?? 'default');
            if (c) bindings.set(node.id.name, { kind: 'client', ...c });
          } else if (node.id.type === 'ObjectPattern')
            for (const p of node.id.properties) {
              if (p.type !== 'Property' || p.value.type !== 'Identifier') continue;
              const k = propertyKeyName(p.key, p.computed);
              const c = k ? imported(req.spec, k) : undefined;
              if (c) bindings.set(p.value.name, { kind: 'client', ...c });
            }
        }
        if (pkg) {
          if (node.id.type === 'Identifier') bindings.set(node.id.name, { kind: 'import', pkg, name: req.member ?? '*' });
          else if (node.id.type === 'ObjectPattern')
            for (const p of node.id.properties) {
              if (p.type !== 'Property' || p.value.type !== 'Identifier') continue;
              const k = propertyKeyName(p.key, p.computed);
              if (k) bindings.set(p.value.name, { kind: 'import', pkg, name: k });
            }
        }
        return;
      }
      if (node.id.type === 'Identifier') inits.set(node.id.name, init);
      else if (node.id.type === 'ObjectPattern' && isProcessEnv(init))
        for (const p of node.id.properties) {
          if (p.type !== 'Property') continue;
          const k = propertyKeyName(p.key, p.computed);
          const v = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
          if (k && v.type === 'Identifier') envAliases.set(v.name, k);
        }
    } else if (node.type === 'AssignmentExpression' && node.operator === '=') {
      const name = targetName(node.left);
      if (name) inits.set(name, unwrapExpression(node.right));
    } else if (node.type === 'PropertyDefinition' && node.value) {
      const k = propertyKeyName(node.key, node.computed);
      if (k) inits.set(k, unwrapExpression(node.value));
    }
  });
  if (![...bindings.values()].length) return out;

  /** What a constructor or factory expression makes: a client of a service, or nothing. */
  const clientOf = (e: AstNode, depth = 0): Binding | undefined => {
    const n = unwrapExpression(e);
    if (depth > MAX_FOLLOW) return undefined;
    if (n.type === 'Identifier' || n.type === 'MemberExpression' || n.type === 'ThisExpression') {
      const name = targetName(n);
      if (!name) return undefined;
      const b = bindings.get(name);
      if (b?.kind === 'client') return b;
      const init = inits.get(name);
      return init ? clientOf(init, depth + 1) : undefined;
    }
    if (n.type === 'AwaitExpression') return clientOf(n.argument, depth + 1);
    if (n.type === 'NewExpression') {
      const cls = classOf(n.callee);
      if (!cls) return undefined;
      if (cls.pkg.startsWith('aws-sdk')) {
        const fromModule = v2ClientModule(cls.pkg);
        if (cls.path.at(-1) === 'DocumentClient') return { kind: 'client', service: 'dynamodb', style: 'document' };
        const svc = fromModule ?? (Object.hasOwn(V2_CLASSES, cls.path.at(-1)!) ? V2_CLASSES[cls.path.at(-1)!] : undefined);
        return svc ? { kind: 'client', service: svc, style: 'v2' } : undefined;
      }
      const svc = clientService(cls.pkg);
      if (!svc) return undefined;
      const last = cls.path.at(-1)!;
      if (/Client$/.test(last)) return { kind: 'client', service: svc, style: cls.pkg === '@aws-sdk/lib-dynamodb' ? 'document' : 'v3' };
      if (!/Command$/.test(last)) return { kind: 'client', service: svc, style: 'v3agg' };
      return undefined;
    }
    // DynamoDBDocumentClient.from(client), DynamoDBDocument.from(client)
    if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && memberName(n.callee) === 'from') {
      const cls = classOf(n.callee.object);
      if (cls?.pkg === '@aws-sdk/lib-dynamodb')
        return { kind: 'client', service: 'dynamodb', style: cls.path.at(-1) === 'DynamoDBDocument' ? 'document' : 'v3' };
    }
    return undefined;
  };

  /** `S3Client` / `AWS.S3` / `AWS.DynamoDB.DocumentClient` / `s3.GetObjectCommand`, as its package and path. */
  const classOf = (callee: AstNode): { pkg: string; path: string[] } | undefined => {
    const path: string[] = [];
    let n = unwrapExpression(callee);
    while (n.type === 'MemberExpression') {
      const name = memberName(n);
      if (name === undefined) return undefined;
      path.unshift(name);
      n = unwrapExpression(n.object);
    }
    if (n.type !== 'Identifier') return undefined;
    const b = bindings.get(n.name);
    if (b?.kind !== 'import') return undefined;
    if (b.name !== '*' && b.name !== 'default') path.unshift(b.name);
    return path.length ? { pkg: b.pkg, path } : undefined;
  };

  /** The object literal an argument is, following a variable once or more (`const params = {…}`). */
  const objectOf = (e: AstNode | undefined, depth = 0): TSESTree.ObjectExpression | undefined => {
    if (!e || depth > MAX_FOLLOW) return undefined;
    const n = unwrapExpression(e);
    if (n.type === 'ObjectExpression') return n;
    if (n.type === 'Identifier') {
      const init = inits.get(n.name);
      return init ? objectOf(init, depth + 1) : undefined;
    }
    return undefined;
  };

  const valueOf = (e: AstNode, depth = 0): CodeValue => {
    const n = unwrapExpression(e);
    const s = staticString(n);
    if (s !== undefined) return { kind: 'literal', value: s };
    const env = envName(n);
    if (env) return { kind: 'env', name: env };
    if (n.type === 'Identifier') {
      const alias = envAliases.get(n.name);
      if (alias) return { kind: 'env', name: alias };
      const init = inits.get(n.name);
      if (init && depth < MAX_FOLLOW) return valueOf(init, depth + 1);
      return { kind: 'unknown', why: `\`${n.name}\` is not a literal or an environment variable` };
    }
    // `process.env.BUCKET ?? 'x'`, `process.env.BUCKET || 'x'`, `process.env.BUCKET!`
    if (n.type === 'LogicalExpression') {
      const l = valueOf(n.left, depth + 1);
      if (l.kind === 'env') return l;
    }
    return { kind: 'unknown', why: 'the name is computed in code' };
  };

  const keyOf = (e: AstNode): string | undefined => {
    const n = unwrapExpression(e);
    const s = staticString(n);
    if (s !== undefined) return s;
    if (n.type === 'TemplateLiteral') return (n.quasis[0]?.value.cooked ?? '') + '*';
    return undefined;
  };

  const inputOf = (service: string, arg: AstNode | undefined): Pick<RawCall, 'resource' | 'index' | 'key'> => {
    const obj = objectOf(arg);
    if (!obj) return arg ? { resource: { property: '?', value: { kind: 'unknown', why: 'the input is not an object literal' } } } : {};
    const props = Object.hasOwn(RESOURCE_PROPERTIES, service) ? RESOURCE_PROPERTIES[service]! : [];
    let index = false;
    let key: string | undefined;
    let resource: RawCall['resource'];
    for (const p of obj.properties) {
      if (p.type === 'SpreadElement') {
        resource ??= { property: '?', value: { kind: 'unknown', why: 'the input is spread from another object' } };
        continue;
      }
      const k = propertyKeyName(p.key, p.computed);
      if (k === 'IndexName') index = true;
      if (service === 's3' && k === 'Key') key = keyOf(p.value);
      if (k && props.includes(k)) resource = { property: k, value: valueOf(p.value) };
    }
    return { ...(resource ? { resource } : {}), ...(index ? { index } : {}), ...(key !== undefined ? { key } : {}) };
  };

  /**
   * A DynamoDB transaction (`TransactWriteItems`, `TransactGetItems`, the document client's
   * `TransactWrite`/`TransactGet`) needs the item action of each entry of `TransactItems` (`Put` →
   * `dynamodb:PutItem`, …) on that entry's table: read from the input when it is a literal list of
   * object literals, else undefined (the operation's actions stay unknown).
   */
  const transactionOf = (arg: AstNode | undefined): { actions: string[]; table?: AstNode } | undefined => {
    const obj = objectOf(arg);
    const items = obj?.properties.find(
      (p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p.key, p.computed) === 'TransactItems',
    );
    const list = items && unwrapExpression(items.value as AstNode);
    if (!obj || obj.properties.some((p) => p.type === 'SpreadElement') || list?.type !== 'ArrayExpression') return undefined;
    const actions = new Set<string>();
    const tables = new Map<string, AstNode>();
    for (const el of list.elements) {
      const item = el && el.type !== 'SpreadElement' ? objectOf(el as AstNode) : undefined;
      if (!item || item.properties.length !== 1 || item.properties[0]!.type !== 'Property') return undefined;
      const entry = item.properties[0]!;
      const kind = propertyKeyName(entry.key, entry.computed);
      const action = kind !== undefined && Object.hasOwn(TRANSACT_ITEM_ACTIONS, kind) ? TRANSACT_ITEM_ACTIONS[kind]! : undefined;
      if (!action) return undefined;
      actions.add(action);
      const table = objectOf(entry.value as AstNode)?.properties.find(
        (p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p.key, p.computed) === 'TableName',
      );
      if (table) tables.set(sf.text.slice(table.value.range[0], table.value.range[1]), table.value as AstNode);
      else tables.set('?', entry.value as AstNode);
    }
    if (!actions.size) return undefined;
    const only = tables.size === 1 && !tables.has('?') ? [...tables.values()][0] : undefined;
    return { actions: [...actions].sort(), ...(only ? { table: only } : {}) };
  };

  const push = (
    service: string,
    operation: string | undefined,
    via: string,
    at: AstNode,
    arg: AstNode | undefined,
    actions?: readonly string[],
    optional?: readonly string[],
  ) => {
    const tx = service === 'dynamodb' && !actions && /^Transact(Write|Get)(Items)?$/.test(operation ?? '') ? transactionOf(arg) : undefined;
    let a = actions ?? tx?.actions ?? (operation ? sdkActions(service, operation) : undefined);
    const pass = operation && a?.includes('iam:PassRole') ? passedRoles(`${service}:${operation}`, arg) : undefined;
    // an update that changes no role passes none
    if (pass === null) a = a!.filter((x) => x !== 'iam:PassRole');
    // a service reading its input from S3 (`Image: { S3Object }`) reads it with the caller's permissions
    optional ??=
      S3_READERS.has(service) && a?.length && arg && /S3Object|S3Uri|MediaFileUri|Document/.test(sf.text.slice(arg.range[0], arg.range[1]))
        ? ['s3:GetObject']
        : undefined;
    out.push({
      service,
      ...(operation ? { operation } : {}),
      ...(a ? { actions: a } : {}),
      ...(optional ? { optional } : {}),
      via,
      ...inputOf(service, arg),
      // a transaction's table is each entry's `TableName`, one table for all of them or none known
      ...(tx
        ? {
            resource: tx.table
              ? { property: 'TableName', value: valueOf(tx.table) }
              : { property: '?', value: { kind: 'unknown', why: 'the transaction names more than one table, or one we cannot read' } },
          }
        : {}),
      ...(pass ? { passRole: pass } : {}),
      ...loc(at),
    });
  };

  /** The roles an operation's input passes (see `RawCall.passRole`); null when it passes none. */
  const passedRoles = (op: string, arg: AstNode | undefined): RawCall['passRole'] | null | undefined => {
    const spec = Object.hasOwn(PASSED_ROLES, op) ? PASSED_ROLES[op]! : undefined;
    if (!spec) return undefined;
    const obj = objectOf(arg);
    if (!obj) return { to: spec.to, roles: [], why: arg ? 'the input is not an object literal' : 'the call has no input' };
    const roles: { property: string; value: CodeValue }[] = [];
    let opaque = false;
    for (const path of spec.paths) {
      let o: TSESTree.ObjectExpression | undefined = obj;
      let v: AstNode | undefined;
      for (const [i, k] of path.entries()) {
        if (!o) break;
        if (o.properties.some((p) => p.type === 'SpreadElement')) opaque = true;
        const p = o.properties.find((x): x is TSESTree.Property => x.type === 'Property' && propertyKeyName(x.key, x.computed) === k);
        if (!p) break;
        if (i === path.length - 1) v = p.value as AstNode;
        else {
          o = objectOf(p.value as AstNode);
          if (!o) opaque = true;
        }
      }
      if (v) roles.push({ property: path.join('.'), value: valueOf(v) });
    }
    if (roles.length) return { to: spec.to, roles };
    if (opaque) return { to: spec.to, roles: [], why: 'the input is built from objects we cannot read' };
    if (!spec.always) return null;
    const name = op.split(':')[1]!;
    return {
      to: spec.to,
      roles: [],
      why: op.startsWith('ecs:')
        ? `${name} passes the roles of the task definition it runs, which the input does not name`
        : `the input names no role (${spec.paths.map((p) => p.join('.')).join(', ')})`,
    };
  };

  // pass 2: the calls
  const constructions: ClientConstruction[] = [];
  walk(sf.ast, (node) => {
    if (node.type === 'NewExpression') {
      const cls = classOf(node.callee);
      if (!cls) return;
      const last = cls.path.at(-1)!;
      const svc = clientService(cls.pkg);
      // a client of a service the table does not map (`new AWS.TranscribeService()`): its calls are not read
      const made = clientOf(node);
      const v2Unknown = cls.pkg === 'aws-sdk' && cls.path.length === 1 && /^[A-Z]/.test(last) && !made;
      const v3Unknown = /^@aws-sdk\/client-/.test(cls.pkg) && !svc && /Client$/.test(last);
      if (made?.kind === 'client' || v2Unknown || v3Unknown)
        constructions.push({
          service: made?.kind === 'client' ? made.service : UNMAPPED,
          callee: sf.text.slice(node.callee.range[0], node.callee.range[1]),
          node,
          loc: nodeLoc(sf.path, node),
        });
      if (v2Unknown || v3Unknown) {
        out.push({ service: UNMAPPED, via: v2Unknown ? 'v2' : 'v3', ...loc(node) });
        return;
      }
      if (svc && /Command$/.test(last) && cls.path.length === 1) {
        const base = last.slice(0, -'Command'.length);
        const op =
          cls.pkg === '@aws-sdk/lib-dynamodb' ? (Object.hasOwn(DOCUMENT_OPERATIONS, base) ? DOCUMENT_OPERATIONS[base] : undefined) : base;
        if (op) push(svc, op, cls.pkg === '@aws-sdk/lib-dynamodb' ? 'document' : 'v3', node, node.arguments[0]);
        return;
      }
      if (cls.pkg === '@aws-sdk/lib-storage' && last === 'Upload') {
        const params = objectOf(node.arguments[0])?.properties.find(
          (p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p.key, p.computed) === 'params',
        );
        push('s3', 'PutObject', 'upload', node, params?.value as AstNode | undefined, UPLOAD.actions, UPLOAD.optional);
        return;
      }
      const pt = powertools(cls.pkg, last);
      if (pt) pushPowertools(pt, node, node.arguments);
      return;
    }
    if (node.type !== 'CallExpression') return;
    const callee = unwrapExpression(node.callee);
    if (callee.type === 'Identifier') {
      const b = bindings.get(callee.name);
      if (b?.kind !== 'import') return;
      const svc = clientService(b.pkg);
      const pag = /^paginate(.+)$/.exec(b.name);
      if (svc && pag) return push(svc, pag[1]!, 'paginator', node, node.arguments[1]);
      const wait = /^waitUntil(.+)$/.exec(b.name);
      if (svc && wait) {
        const op = Object.hasOwn(WAITERS, wait[1]!) ? WAITERS[wait[1]!] : undefined;
        return push(svc, op, 'waiter', node, node.arguments[1]);
      }
      if (b.pkg === '@aws-sdk/s3-presigned-post' && b.name === 'createPresignedPost')
        return push('s3', 'PutObject', 'presigner', node, node.arguments[1]);
      const pt = powertools(b.pkg, b.name);
      if (pt) pushPowertools(pt, node, node.arguments);
      return;
    }
    if (callee.type !== 'MemberExpression') return;
    const client = clientOf(callee.object);
    if (!client || client.kind !== 'client') return;
    const method = memberName(callee);
    if (client.style === 'v3' && method !== 'send') return;
    if (method === undefined) {
      // `client[op](params)`: the service is known, the action is not
      out.push({ service: client.service, via: client.style, ...loc(node) });
      return;
    }
    if (method === 'send' && client.style !== 'v2') {
      // a command built elsewhere (`send(commandFor(op))`): the service is known, the action is not
      if (!isCommand(node.arguments[0])) out.push({ service: client.service, via: 'v3', ...loc(node) });
      return;
    }
    if (method === 'send' || method === 'promise' || method === 'destroy' || method === 'config' || method === 'middlewareStack') return;
    if (client.style === 'v2' && client.service === 's3' && (method === 'getSignedUrl' || method === 'getSignedUrlPromise')) {
      const op = staticString(node.arguments[0]);
      if (op === undefined) out.push({ service: 's3', via: 'presigner', ...loc(node) });
      else push('s3', upperFirst(op), 'presigner', node, node.arguments[1]);
      return;
    }
    if (client.style === 'document') {
      const base = upperFirst(method);
      const op = Object.hasOwn(DOCUMENT_OPERATIONS, base) ? DOCUMENT_OPERATIONS[base] : undefined;
      if (op) push('dynamodb', op, 'document', node, node.arguments[0]);
      return;
    }
    if (client.style === 'v2' && client.service === 's3' && method === 'upload')
      return push('s3', 'PutObject', 'upload', node, node.arguments[0], UPLOAD.actions, UPLOAD.optional);
    push(client.service, upperFirst(method), client.style === 'v2' ? 'v2' : 'v3', node, node.arguments[0]);
  });

  /** Is the argument a command we read (`new XCommand(…)`, or a variable holding one)? */
  function isCommand(e: AstNode | undefined, depth = 0): boolean {
    if (!e || depth > MAX_FOLLOW) return false;
    const n = unwrapExpression(e);
    if (n.type === 'NewExpression') {
      const cls = classOf(n.callee);
      return !!cls && /Command$/.test(cls.path.at(-1)!);
    }
    if (n.type === 'Identifier') {
      const init = inits.get(n.name);
      return !!init && isCommand(init, depth + 1);
    }
    return false;
  }

  function pushPowertools(pt: { actions: readonly string[]; arg: number; prop?: string }, node: AstNode, args: readonly AstNode[]) {
    const service = pt.actions[0]!.split(':')[0]!;
    const arg = pt.arg >= 0 ? args[pt.arg] : undefined;
    let resource: RawCall['resource'];
    if (arg && pt.prop) {
      const obj = objectOf(arg);
      const p = obj?.properties.find(
        (x): x is TSESTree.Property => x.type === 'Property' && propertyKeyName(x.key, x.computed) === pt.prop,
      );
      resource = { property: pt.prop, value: p ? valueOf(p.value) : { kind: 'unknown', why: `\`${pt.prop}\` is not given in a literal` } };
    } else if (arg) resource = { property: 'name', value: valueOf(arg) };
    out.push({ service, actions: pt.actions, via: 'powertools', ...(resource ? { resource } : {}), ...loc(node) });
  }
  out.clients = exportedClients();
  out.constructions = constructions;
  return out;

  /** `module.exports = c`, `exports.n = c`, `export const n = c`, `export default c`, `export { c }`. */
  function exportedClients(): Map<string, ExportedClient> {
    const m = new Map<string, ExportedClient>();
    const put = (name: string, e: AstNode | null | undefined) => {
      const c = e ? clientOf(e) : undefined;
      if (c?.kind === 'client') m.set(name, { service: c.service, style: c.style });
    };
    for (const st of sf.ast.body) {
      if (
        st.type === 'ExpressionStatement' &&
        st.expression.type === 'AssignmentExpression' &&
        st.expression.left.type === 'MemberExpression'
      ) {
        const left = st.expression.left;
        if (isModuleExportsNode(left)) put('default', st.expression.right);
        else if ((left.object.type === 'Identifier' && left.object.name === 'exports') || isModuleExportsNode(left.object)) {
          const n = memberName(left);
          if (n) put(n, st.expression.right);
        }
      } else if (st.type === 'ExportDefaultDeclaration') put('default', st.declaration as AstNode);
      else if (st.type === 'ExportNamedDeclaration' && !st.source) {
        if (st.declaration?.type === 'VariableDeclaration')
          for (const d of st.declaration.declarations) if (d.id.type === 'Identifier') put(d.id.name, d.init);
        for (const sp of st.specifiers)
          if (sp.local.type === 'Identifier' && sp.exported.type === 'Identifier') put(sp.exported.name, sp.local);
      }
    }
    return m;
  }

  function powertools(pkg: string, name: string) {
    const table = Object.hasOwn(POWERTOOLS, pkg) ? POWERTOOLS[pkg]! : undefined;
    return table && Object.hasOwn(table, name) ? table[name] : undefined;
  }
}

function requireOf(n: AstNode): { spec: string; member?: string } | undefined {
  if (n.type === 'MemberExpression') {
    const inner = requireOf(unwrapExpression(n.object));
    const m = memberName(n);
    return inner && m ? { spec: inner.spec, member: m } : undefined;
  }
  if (n.type !== 'CallExpression' || n.callee.type !== 'Identifier' || n.callee.name !== 'require') return undefined;
  const spec = staticString(n.arguments[0]);
  return spec === undefined ? undefined : { spec };
}

function isModuleExportsNode(n: AstNode): boolean {
  return n.type === 'MemberExpression' && n.object.type === 'Identifier' && n.object.name === 'module' && memberName(n) === 'exports';
}

function isProcessEnv(n: AstNode): boolean {
  return n.type === 'MemberExpression' && memberName(n) === 'env' && n.object.type === 'Identifier' && n.object.name === 'process';
}

/** `process.env.X`, `process.env['X']` → X. */
function envName(n: AstNode): string | undefined {
  if (n.type === 'TSNonNullExpression') return envName(n.expression);
  if (n.type !== 'MemberExpression' || !isProcessEnv(unwrapExpression(n.object))) return undefined;
  return memberName(n);
}

/** `s3` for `s3`, `this.s3`, `deps.s3`. */
function targetName(n: AstNode): string | undefined {
  const u = unwrapExpression(n);
  if (u.type === 'Identifier') return u.name;
  if (u.type === 'MemberExpression') return memberName(u);
  return undefined;
}

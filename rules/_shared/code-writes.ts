import type { Loc, SourceFile } from '../_api.js';

/**
 * What a function's code says about its callers and its effects, for platforms that put no
 * authorizer in front of a function (Netlify): whether it checks who is calling, and the first write
 * it makes. Both are read from the handler's file and the project files it imports.
 */

/**
 * A check of the caller, by its text: an `Authorization` (or API key) header read, Netlify
 * Identity's `context.clientContext.user`, a JWT or session verified (`jwt.verify`, `jwtVerify`,
 * `verifyIdToken`, `getServerSession`/`getSession`, Clerk/Auth.js `auth()`), a secret compared in
 * constant time, or a session cookie read.
 */
const CALLER_CHECK =
  /\.get\(\s*['"`](?:authorization|x-api-key|x-auth-token)['"`]\s*\)|headers\s*(?:\[\s*['"`]|\.)(?:authorization|['"`]?x-api-key)\b|\bclientContext\b|\b(?:jwt\.verify|jwtVerify|verifyIdToken|verifySessionCookie|getServerSession|getSession|getUser|currentUser|timingSafeEqual)\s*\(|\bauth\(\s*\)|cookies(?:\(\))?\s*\.get\(\s*['"`][\w.-]*(?:session|token|auth)[\w.-]*['"`]/i;

/** SQL text that changes data, at the start of a literal or of a template's text. */
const SQL_WRITE =
  /^\s*(INSERT\s+INTO|UPDATE\s+[\w."`[\]]+\s+SET|DELETE\s+FROM|UPSERT\s+INTO|MERGE\s+INTO|REPLACE\s+INTO|TRUNCATE|DROP\s+TABLE|ALTER\s+TABLE)\b/i;

/**
 * Write calls recognised by their name, whatever the receiver: MongoDB and Mongoose, Prisma's
 * `createMany`/`upsert`, Netlify Blobs `setJSON`. Generic names (`set`, `create`, `update`) are
 * counted only on a Prisma client (`prisma.user.create`).
 */
const WRITE_METHODS = new Set([
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'findByIdAndUpdate',
  'findByIdAndDelete',
  'bulkWrite',
  'createMany',
  'upsert',
  'setJSON',
]);
const PRISMA_WRITES = new Set(['create', 'update', 'delete', 'createMany', 'updateMany', 'deleteMany', 'upsert']);
/** AWS SDK v3 commands that write (`new PutItemCommand(…)`, `new PutObjectCommand(…)`). */
const WRITE_COMMANDS =
  /^(?:Put|PutItem|Update|UpdateItem|Delete|DeleteItem|BatchWrite|BatchWriteItem|TransactWrite|TransactWriteItems|PutObject|DeleteObject|DeleteObjects|SendMessage|SendMessageBatch|Publish|PutEvents|PutRecord|PutRecords)Command$/;

export interface CodeWrite {
  loc: Loc;
  /** for messages: `INSERT INTO`, `insertOne`, `PutItemCommand` */
  what: string;
}

type AstNode = { type: string; loc: { start: { line: number; column: number }; end: { line: number; column: number } } } & Record<
  string,
  unknown
>;

function locOf(file: string, n: AstNode): Loc {
  return { file, line: n.loc.start.line, column: n.loc.start.column + 1, endLine: n.loc.end.line, endColumn: n.loc.end.column + 1 };
}

function memberName(n: AstNode | undefined): string | undefined {
  if (!n || n.type !== 'MemberExpression' || n.computed) return undefined;
  const p = n.property as AstNode & { name?: string };
  return p.type === 'Identifier' ? p.name : undefined;
}

function rootName(n: AstNode): string | undefined {
  let cur: AstNode = n;
  while (cur.type === 'MemberExpression') cur = cur.object as AstNode;
  return cur.type === 'Identifier' ? (cur as { name?: string }).name : undefined;
}

/** The first write of one file, in source order. */
function firstWrite(f: SourceFile): CodeWrite | undefined {
  let found: CodeWrite | undefined;
  const visit = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    const node = n as AstNode;
    if (typeof node.type !== 'string') return;
    const text =
      node.type === 'Literal' && typeof node.value === 'string'
        ? node.value
        : node.type === 'TemplateLiteral'
          ? ((node.quasis as { value: { cooked: string | null } }[])[0]?.value.cooked ?? '')
          : undefined;
    const sql = text !== undefined ? SQL_WRITE.exec(text) : null;
    if (sql) {
      found = {
        loc: locOf(f.path, node),
        what: sql[1]!
          .replace(/\s+/g, ' ')
          .replace(/^(UPDATE) .* SET$/i, '$1')
          .toUpperCase(),
      };
      return;
    }
    if (node.type === 'CallExpression') {
      const callee = node.callee as AstNode;
      const m = memberName(callee);
      if (m && (WRITE_METHODS.has(m) || (PRISMA_WRITES.has(m) && /^prisma$/i.test(rootName(callee) ?? '')))) {
        found = { loc: locOf(f.path, callee.property as AstNode), what: m };
        return;
      }
    }
    if (node.type === 'NewExpression') {
      const callee = node.callee as AstNode & { name?: string };
      if (callee.type === 'Identifier' && WRITE_COMMANDS.test(callee.name ?? '')) {
        found = { loc: locOf(f.path, callee), what: callee.name! };
        return;
      }
    }
    for (const k of Object.keys(node)) if (k !== 'parent' && k !== 'loc' && k !== 'range') visit(node[k]);
  };
  visit(f.ast.body);
  return found;
}

/** The first write the files make (files in the order given: the handler's file first). */
export function codeWrite(files: readonly SourceFile[]): CodeWrite | undefined {
  for (const f of files) {
    const w = firstWrite(f);
    if (w) return w;
  }
  return undefined;
}

/** Do the files check who is calling (see CALLER_CHECK)? */
export function checksCaller(files: readonly SourceFile[]): boolean {
  return files.some((f) => CALLER_CHECK.test(f.text) || (f.jwt?.verifies.length ?? 0) > 0);
}

import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Loc } from '../core/types.js';
import type { SourceFile } from '../model/types.js';
import { memberName, type AstNode } from '../code/ast.js';
import { nodeLoc, walk } from '../code/parse.js';

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

/** `a.b.c` → `a`. */
function rootName(n: AstNode): string | undefined {
  let cur: AstNode = n;
  while (cur.type === 'MemberExpression') cur = cur.object;
  return cur.type === 'Identifier' ? cur.name : undefined;
}

/** A non-computed member's name (`x.insertOne`, not `x['insertOne']`). */
function plainMember(n: AstNode): string | undefined {
  return n.type === 'MemberExpression' && !n.computed ? memberName(n) : undefined;
}

/** The first write of one file, in source order. */
function firstWrite(f: SourceFile): CodeWrite | undefined {
  let found: CodeWrite | undefined;
  walk(f.ast as AstNode, (node) => {
    if (found) return false;
    const text =
      node.type === 'Literal' && typeof node.value === 'string'
        ? node.value
        : node.type === 'TemplateLiteral'
          ? (node.quasis[0]?.value.cooked ?? '')
          : undefined;
    const sql = text !== undefined ? SQL_WRITE.exec(text) : null;
    if (sql) {
      found = {
        loc: nodeLoc(f.path, node),
        what: sql[1]!
          .replace(/\s+/g, ' ')
          .replace(/^(UPDATE) .* SET$/i, '$1')
          .toUpperCase(),
      };
      return false;
    }
    if (node.type === 'CallExpression') {
      const m = plainMember(node.callee);
      if (m && (WRITE_METHODS.has(m) || (PRISMA_WRITES.has(m) && /^prisma$/i.test(rootName(node.callee) ?? '')))) {
        found = { loc: nodeLoc(f.path, (node.callee as TSESTree.MemberExpression).property), what: m };
        return false;
      }
    }
    if (node.type === 'NewExpression' && node.callee.type === 'Identifier' && WRITE_COMMANDS.test(node.callee.name)) {
      found = { loc: nodeLoc(f.path, node.callee), what: node.callee.name };
      return false;
    }
    return undefined;
  });
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

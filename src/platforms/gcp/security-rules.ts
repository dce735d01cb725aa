import { LineIndex } from '../../core/loc.js';
import { isMap, mapEntries } from '../../core/node.js';
import type { Document, MapNode, Node } from '../../core/types.js';
import type { App, SecurityRule } from '../../model/types.js';
import type { TextManifest } from '../types.js';
import { newGcpApp, textDocument } from './model.js';

/**
 * Firebase security rules: `firestore.rules` and `storage.rules` (the rules language: `service …
 * { match /path { allow read, write: if <condition>; } }`) and `database.rules.json` (Realtime
 * Database: `.read`/`.write` at each path). Only what the rules need is read: the `match` paths
 * enclosing each `allow`, its methods and its condition as written, located.
 */

/** Comments and strings blanked to spaces (offsets kept), with the comments by 1-based line. */
function blankComments(text: string, comments: Map<number, string>, index: LineIndex): string {
  const out = text.split('');
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      comments.set(
        index.pos(i).line,
        text
          .slice(i + 2, stop)
          .replace(/\r$/, '')
          .trim(),
      );
      for (let k = i; k < stop; k++) out[k] = ' ';
      i = stop;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (let k = i; k < stop; k++) if (text[k] !== '\n' && text[k] !== '\r') out[k] = ' ';
      i = stop;
    } else if (c === '"' || c === "'") {
      // strings stay (conditions compare with them) but their braces and semicolons do not count
      let k = i + 1;
      while (k < text.length && text[k] !== c && text[k] !== '\n') {
        if (text[k] === '\\') k++;
        else if ('{};'.includes(text[k]!)) out[k] = '_';
        k++;
      }
      i = k + 1;
    } else i++;
  }
  return out.join('');
}

const MATCH = /match\s+(\S+)\s*\{/y;
const ALLOW = /allow\s+([a-z][a-z,\s]*?)\s*(?::\s*(?:if\b\s*)?([^;]*?))?\s*;/y;

/** The `allow` statements of a rules-language file, with their enclosing `match` paths. */
export function parseRulesLanguage(
  text: string,
  file: string,
  service: 'firestore' | 'storage',
  comments: Map<number, string>,
): SecurityRule[] {
  const index = new LineIndex(text);
  const src = blankComments(text, comments, index);
  const stack: (string | null)[] = [];
  const out: SecurityRule[] = [];
  const word = (i: number) => i === 0 || !/[\w.]/.test(src[i - 1]!);
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '{') stack.push(null);
    else if (c === '}') stack.pop();
    else if (c === 'm' && word(i)) {
      MATCH.lastIndex = i;
      const m = MATCH.exec(src);
      if (m) {
        stack.push(m[1]!);
        i = MATCH.lastIndex - 1;
      }
    } else if (c === 'a' && word(i)) {
      ALLOW.lastIndex = i;
      const m = ALLOW.exec(src);
      if (!m) continue;
      const condition = m[2]?.trim() ? m[2].replace(/\s+/g, ' ').trim() : 'true';
      const condStart = m[2]?.trim() ? i + m[0].indexOf(m[2].trim(), m[0].indexOf(':')) : i;
      const loc = index.loc(file, i, ALLOW.lastIndex);
      out.push({
        service,
        path: stack.filter((s): s is string => s !== null).join('') || '/',
        methods: m[1]!.split(/[\s,]+/).filter(Boolean),
        condition,
        loc,
        conditionLoc: m[2]?.trim() ? index.loc(file, condStart, condStart + m[2].trim().length) : loc,
      });
      i = ALLOW.lastIndex - 1;
    }
  }
  return out;
}

/** A rules file read as text: `firestore.rules`, `storage.rules` (or `*.rules` naming its service). */
export function buildRulesFile(file: TextManifest): App | null {
  const service = /service\s+firebase\.storage/.test(file.text)
    ? 'storage'
    : /service\s+cloud\.firestore/.test(file.text)
      ? 'firestore'
      : /storage/i.test(file.path)
        ? 'storage'
        : 'firestore';
  const doc = textDocument(file.path, file.lines, file.comments);
  const app = newGcpApp(doc, doc.root as MapNode, 'firebase-rules', file.path);
  app.gcp = { rules: parseRulesLanguage(file.text, file.path, service, file.comments) };
  return app;
}

/**
 * `database.rules.json`: `{ "rules": { ".read": …, ".write": …, "users": { "$uid": { … } } } }`;
 * each `.read`/`.write` (also `.validate`-free `.indexOn` ignored) is a rule at its path, its
 * condition the expression string or the boolean.
 */
export function buildDatabaseRules(doc: Document): App | null {
  const root = doc.root;
  if (!isMap(root)) return null;
  const rules = mapEntries(root).find((e) => e.key === 'rules');
  if (!rules || !isMap(rules.value)) return null;
  const app = newGcpApp(doc, root, 'firebase-rules', doc.file);
  const out: SecurityRule[] = [];
  const visit = (n: Node, path: string, depth: number) => {
    for (const e of mapEntries(n)) {
      if (e.key === '.read' || e.key === '.write') {
        const v = e.value;
        const condition = v.kind === 'scalar' ? String(v.value).replace(/\s+/g, ' ').trim() : 'unknown';
        out.push({
          service: 'database',
          path: path || '/',
          methods: [e.key.slice(1)],
          condition,
          loc: { ...e.keyLoc, endLine: v.loc.endLine, endColumn: v.loc.endColumn },
          conditionLoc: v.loc,
        });
      } else if (!e.key.startsWith('.') && isMap(e.value) && depth < 32) visit(e.value, `${path}/${e.key}`, depth + 1);
    }
  };
  visit(rules.value, '', 0);
  app.gcp = { rules: out };
  return app;
}

import { LineIndex, classifyNamedValue, defineRule, isPairedAwsSecretKey, scanText } from '../../_api.js';
import type { Loc, SecretClassification, SecretMatch, SourceFile, StringLiteralInfo } from '../../_api.js';
import { affected } from '../../_shared/messages.js';
import { describeSecret, functionsReaching, locateInRegion, reportSecret } from '../../_shared/secrets.js';

/** `Bearer …`, `Basic …`, `Token …` with no name to go by: judged as an `Authorization` header value. */
const AUTH_VALUE = /^(?:Bearer|Basic|Token)[ \t]+\S+$/i;
/** What may separate a header/key name literal from its value literal: `'Authorization', 'Bearer …'`. */
const PAIR_SEPARATOR = /^\s*,\s*$/;
/** A literal that can be a name: `X-Api-Key`, `apiKey`, `db.password`. */
const NAME_LIKE = /^[A-Za-z_$][\w.$:-]{0,63}$/;
/** Languages of handler files read as text, by extension. */
const LANGUAGES: Record<string, string> = {
  '.py': 'Python',
  '.rb': 'Ruby',
  '.go': 'Go',
  '.java': 'Java',
  '.kt': 'Kotlin',
  '.cs': 'C#',
  '.php': 'PHP',
};

/** Lines around a 40-character literal searched for the AWS access key id it pairs with. */
const AWS_PAIR_LINES = 5;

function fromMatch(m: SecretMatch): SecretClassification {
  return { kind: m.detectorId, name: m.name, confidence: m.confidence, start: m.start, end: m.end, secret: m.value };
}

/** The source text between the end of `a` and the start of `b` (at most a few lines), or undefined. */
function textBetween(f: SourceFile, a: Loc, b: Loc): string | undefined {
  if (b.line < a.endLine || b.line - a.endLine > 3) return undefined;
  if (a.endLine === b.line) return f.lines[b.line - 1]?.slice(a.endColumn - 1, b.column - 1);
  const parts = [f.lines[a.endLine - 1]?.slice(a.endColumn - 1) ?? ''];
  for (let l = a.endLine + 1; l < b.line; l++) parts.push(f.lines[l - 1] ?? '');
  parts.push(f.lines[b.line - 1]?.slice(0, b.column - 1) ?? '');
  return parts.join('\n');
}

/**
 * The name a literal goes by: the variable, property or parameter it is bound to (from the model);
 * else the literal just before it in the same argument list or array (`headers.set('X-Api-Key', '…')`,
 * `['apiKey', '…']`); else `Authorization` for a `Bearer …` value.
 */
function nameOf(f: SourceFile, i: number): string | undefined {
  const s = f.strings[i]!;
  if (s.name !== undefined) return s.name;
  const prev: StringLiteralInfo | undefined = f.strings[i - 1];
  if (prev && prev.name === undefined && NAME_LIKE.test(prev.value)) {
    const between = textBetween(f, prev.loc, s.loc);
    if (between !== undefined && PAIR_SEPARATOR.test(between)) return prev.value;
  }
  return AUTH_VALUE.test(s.value.trim()) ? 'Authorization' : undefined;
}

/** Is a string literal a secret? By its name, then by the formats written in it, then as an AWS key pair. */
function judgeLiteral(f: SourceFile, s: StringLiteralInfo, name: string | undefined): SecretClassification | null {
  const hit = classifyNamedValue(name ?? '', s.value);
  if (hit) return hit;
  // formats that need context inside the string itself: `DD_API_KEY=…` in a config string, key id + secret
  const m = scanText(s.value)[0];
  if (m) return fromMatch(m);
  // `new Credentials('AKIA…', '…')`: an unnamed secret access key next to its key id (a named
  // 40-character value was judged by its name above)
  if (name === undefined && s.value.length === 40) {
    const nearby = f.lines.slice(Math.max(0, s.loc.line - 1 - AWS_PAIR_LINES), s.loc.endLine + AWS_PAIR_LINES).join('\n');
    if (isPairedAwsSecretKey(s.value, { nearbyText: nearby })) {
      return { kind: 'aws-secret-access-key', name: 'AWS secret access key', confidence: 'high', start: 0, end: 40, secret: s.value };
    }
  }
  return null;
}

export default defineRule({
  meta: {
    id: 'secrets/no-hardcoded-secret',
    description: 'Disallow secrets hardcoded in handler source code',
    severity: 'error',
    recommended: true,
    messages: {
      named:
        'Hardcoded {{kind}} ("{{masked}}") assigned to "{{name}}" in the code of {{functions}}; read it at runtime from Secrets Manager or SSM Parameter Store',
      literal:
        'Hardcoded {{kind}} ("{{masked}}") in a string literal in the code of {{functions}}; read it at runtime from Secrets Manager or SSM Parameter Store',
      comment:
        'A comment holds {{secret}} ("{{masked}}") in the code of {{functions}}; delete it from the code and its history, and rotate the secret',
      inline:
        'Inline code of function "{{fn}}" holds {{secret}} ("{{masked}}"); read it at runtime from Secrets Manager or SSM Parameter Store',
      runtimeCode:
        'The {{language}} code of {{functions}} holds {{secret}} ("{{masked}}"); read it at runtime from Secrets Manager or SSM Parameter Store',
    },
    precision: 'medium',
    tags: ['security', 'secrets', 'CWE-798', 'CWE-259'],
    securitySeverity: 8.5,
  },
  create(ctx) {
    const functionsText = (file: string): string => {
      const fns = functionsReaching(ctx.project, file);
      return fns.length ? affected(fns) : `"${file}"`;
    };
    /** a multi-line literal (template literal, block scalar) points at the secret's own lines */
    const pointAt = (region: Loc, secret: string): Loc =>
      region.line === region.endLine ? region : (locateInRegion(ctx.project, region, secret) ?? region);

    return {
      sourceFile(f) {
        const functions = functionsText(f.path);
        f.strings.forEach((s, i) => {
          const name = nameOf(f, i);
          const hit = judgeLiteral(f, s, name);
          if (!hit) return;
          reportSecret(ctx, {
            at: pointAt(s.loc, hit.secret),
            messageId: name !== undefined ? 'named' : 'literal',
            data: { kind: hit.name, functions, ...(name !== undefined ? { name } : {}) },
            value: s.value,
            secret: hit.secret,
            entity: `source:${f.path}/${name ?? 'literal'}`,
          });
        });

        // commented-out credentials: provider formats only (a comment has no binding to judge by)
        let index: LineIndex | undefined;
        for (const c of f.ast.comments ?? []) {
          const matches = scanText(c.value, { minConfidence: 'high' });
          if (!matches.length) continue;
          index ??= new LineIndex(f.text);
          const bodyStart = c.range[0] + 2; // after `//` or `/*`
          for (const m of matches) {
            reportSecret(ctx, {
              at: index.loc(f.path, bodyStart + m.start, bodyStart + m.end),
              messageId: 'comment',
              data: { secret: describeSecret(m.name, ''), functions },
              value: m.value,
              secret: m.value,
              entity: `source:${f.path}/comment`,
            });
          }
        }
      },

      textFile(f) {
        // handler code of runtimes that are not parsed (Python, Ruby, Go, Java, C#, PHP): free text
        if (f.kind !== 'code') return;
        const matches = scanText(f.text, { generic: true });
        if (!matches.length) return;
        const index = new LineIndex(f.text);
        const fns = f.functions ?? [];
        const functions = fns.length ? affected(fns) : `"${f.path}"`;
        const language = LANGUAGES[f.path.slice(f.path.lastIndexOf('.')).toLowerCase()] ?? 'handler';
        for (const m of matches) {
          reportSecret(ctx, {
            at: index.loc(f.path, m.start, m.end),
            messageId: 'runtimeCode',
            data: { secret: describeSecret(m.name, 'hardcoded'), functions, language },
            value: m.value,
            secret: m.value,
            entity: `text:${f.path}`,
          });
        }
      },

      function(fn) {
        // CloudFormation `Code.ZipFile` / SAM `InlineCode`: code written in the template
        const code = fn.entry?.inlineCode;
        if (!code || code.kind !== 'literal' || typeof code.value !== 'string') return;
        for (const m of scanText(code.value, { generic: true })) {
          reportSecret(ctx, {
            at: locateInRegion(ctx.project, code.loc, m.value) ?? code.loc,
            messageId: 'inline',
            data: { secret: describeSecret(m.name, 'hardcoded'), fn: fn.name },
            value: m.value,
            secret: m.value,
            entity: `app:${fn.app.file}/function:${fn.id}/inline`,
          });
        }
      },
    };
  },
});

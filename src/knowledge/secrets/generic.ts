/**
 * Generic detection: a value bound to a secret-like NAME (`DB_PASSWORD`, `apiKey`, `client-secret`) that
 * itself looks like a secret (enough length, character classes and entropy; not a placeholder, template,
 * reference, URL, path, ARN, resource name, number or word).
 */
import { charClasses, distinctChars, KEY_QUALIFIERS, nameWords, shannonEntropy, wordSet } from './checks.js';
import { DETECTORS, hasShapeOf, isContextFree, matchesByName, type Confidence } from './detectors.js';
import { findSecrets } from './match.js';
import { isNonSecretFiller } from './placeholder.js';

// ---------------------------------------------------------------------------------------------------
// names

/**
 * Trailing words that qualify a name without changing what it holds (`DB_PASSWORD_PROD`, `SECRET_V2`,
 * Rails' `SECRET_KEY_BASE`).
 */
const QUALIFIERS = wordSet(`
  prod production dev development staging stage stg test testing qa uat live sandbox local old new
  current primary secondary backup default raw plain plaintext value val str string text b64
  base64 hex encoded base
`);

/**
 * Words before `token` that make it a cursor or an identifier rather than a credential (AWS's
 * `ClientToken` is an idempotency token; a `verification` token is a public DNS/site proof).
 */
const NON_CREDENTIAL_TOKEN = wordSet(`
  next page continuation pagination cancellation cancel sync idempotency client request csrf xsrf
  resume start marker last first prev previous lexer parser syntax design device push fcm
  registration verification
`);

/** Words before `key` that make it public rather than secret (Stripe publishable keys and the like). */
const PUBLIC_KEY_WORDS = new Set(['public', 'publishable', 'pub', 'site']);

/** `2`, `v2`: numbering words stripped from the end of a name like the qualifiers. */
const VERSION_WORD = /^v?\d+$/;

const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'passcode', 'pwd', 'pass', 'pw']);

/**
 * The kind of secret a name announces (`password`, `secret`, `token`, `API key`, `private key`,
 * `credentials`, …), or null when the name does not announce one. The last meaningful word decides
 * (English compounds are head-final): `SECRET_NAME`, `TOKEN_URL`, `PASSWORD_POLICY`, `KMS_KEY_ID` and
 * `*_ARN`/`*_PATH`/`*_TTL`/`*_ENABLED`/… are not secrets; `DB_PASSWORD_PROD`, `jwtSecret`, `x-api-key`,
 * `AWS_ACCESS_KEY_ID` and `SECRET_KEY_BASE` are.
 */
export function secretKindOfName(name: string): string | null {
  if (typeof name !== 'string') return null;
  const words = nameWords(name);
  const [w1, w2] = words.slice(-2);
  // before the qualifiers are stripped: `string` is one of them
  if ((w1 === 'connection' || w1 === 'conn') && (w2 === 'string' || w2 === 'str')) return 'connection string';
  while (words.length > 1 && (QUALIFIERS.has(words[words.length - 1]!) || VERSION_WORD.test(words[words.length - 1]!))) words.pop();
  const n = words.length;
  const head = words[n - 1];
  const prev = words[n - 2];
  if (!head) return null;

  if (PASSWORD_WORDS.has(head)) {
    // a bare `PWD` is the shell's working directory
    if (head === 'pwd' && n === 1) return null;
    return 'password';
  }
  if (head === 'secret' || head === 'secrets') return prev === 'client' ? 'client secret' : 'secret';
  if (head === 'token' || head === 'tokens') {
    if (prev && NON_CREDENTIAL_TOKEN.has(prev)) return null;
    return 'token';
  }
  if (head === 'key' || head === 'keys') {
    if (!prev || PUBLIC_KEY_WORDS.has(prev) || !KEY_QUALIFIERS.has(prev)) return null;
    if (prev === 'private') return 'private key';
    if (prev === 'access') return 'access key';
    if (prev === 'api') return 'API key';
    if (prev === 'signing' || prev === 'sign') return 'signing key';
    if (prev === 'encryption' || prev === 'encrypt') return 'encryption key';
    return 'key';
  }
  // AWS_ACCESS_KEY_ID: the one `*_ID` that belongs with credentials
  if (head === 'id' && prev === 'key' && words[n - 3] === 'access') return 'access key';
  if (head === 'credential' || head === 'credentials' || head === 'creds' || head === 'cred') return 'credentials';
  if (head === 'auth' || head === 'authorization') return 'credentials';
  if (head === 'bearer') return 'token';
  if (head === 'dsn') return 'connection string';
  if (head === 'connectionstring' || head === 'connstr') return 'connection string';
  return null;
}

/** Does the name announce a secret? See `secretKindOfName`. */
export function isSecretLikeName(name: string): boolean {
  return secretKindOfName(name) !== null;
}

// ---------------------------------------------------------------------------------------------------
// values

/** Patterns of values that are clearly not secrets, whatever name they are bound to. */
const NOT_SECRET_VALUE: readonly RegExp[] = [
  /^(?:true|false|yes|no|on|off|null|nil|none|undefined)$/i,
  /^[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i, // numbers
  /^arn:aws[a-z-]*:/, // ARNs
  /^[\w.-]+\.(?:pem|key|crt|cer|p12|pfx|json|ya?ml|txt|env|jks|keystore|der|pub)$/i, // file names
  /^[a-z][a-z0-9+.-]{1,20}:\/\/[^\s/?#@]*(?:[/?#][^\s@]*)?$/i, // URLs without credentials
  /^[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+$/, // e-mail addresses
  /^(?:[a-z0-9-]+\.)+[a-z]{2,24}$/, // host names
  /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/, // IPv4
  /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/, // dates and timestamps
  /^v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/, // versions
  /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\d$/, // AWS regions
  /^(?:cron|rate)\(/, // schedule expressions
  /^(?:alias|key)\/[\w/-]+$/, // KMS aliases
  /^-----BEGIN (?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE REQUEST)-----/, // public PEM material
  /^(?:ssm|secretsmanager|ssm-secure|resolve):/, // references written as plain strings
];

/**
 * Values public or harmless by design whose format has no detector of its own: Stripe test-mode and
 * publishable keys, Sentry DSNs with only the public key (meant to ship to browsers).
 */
const PUBLIC_BY_DESIGN: readonly RegExp[] = [
  /^pk\.eyJ[A-Za-z0-9_-]{8,2000}\.[A-Za-z0-9_-]{8,200}$/, // Mapbox public (pk.) access tokens; secret ones are sk.
  /^(?:sk|rk|pk)_test_[A-Za-z0-9]{8,247}$/,
  /^pk_live_[A-Za-z0-9]{8,247}$/,
  /^https?:\/\/[0-9a-f]{32}@[A-Za-z0-9.-]{1,253}(?::\d{1,5})?\/\d{1,20}$/,
];

/** `Bearer xyz`, `Basic xyz`, `Token xyz`: the credential is the part after the scheme. */
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|Bot|Digest|ApiKey|Api-Key)[ \t]+(\S+)$/i;

/** Separators of identifier segments; paths (`/etc/app/db.json`, `C:\keys\app.pem`) split on them too. */
const SEGMENT_SEPARATORS = /[-_./\\:@+ ]+/;

const isAlnumCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** The value without leading and trailing non-alphanumerics (a loop: the regex form is quadratic). */
function trimPunctuation(v: string): string {
  let a = 0;
  let b = v.length;
  while (a < b && !isAlnumCode(v.charCodeAt(a))) a++;
  while (b > a && !isAlnumCode(v.charCodeAt(b - 1))) b--;
  return v.slice(a, b);
}

/** Boundaries inside a segment: `camelCase`, `HTTPClient`, `ec2`, `2xlarge`. */
const WORD_BOUNDARIES: readonly [RegExp, string][] = [
  [/([a-z])([A-Z])/g, '$1 $2'],
  [/([A-Z])([A-Z][a-z])/g, '$1 $2'],
  [/([A-Za-z])(\d)/g, '$1 $2'],
  [/(\d)([A-Za-z])/g, '$1 $2'],
];

/** A word of a segment: `get`, `Client`, `HTTP`, `2024`. Random strings break into 1-letter pieces. */
const WORD = /^(?:[a-z]{2,24}|[A-Z][a-z]{1,24}|[A-Z]{2,6}|\d{1,4})$/;
const SINGLE_LETTER = /^[A-Za-z]$/;
const DIGIT_RUN = /^\d+$/;
const HAS_LOWER = /[a-z]/;

/**
 * A "wordy" segment of an identifier: made of lower/Capitalised words, short acronyms and short numbers
 * (`orders`, `MyAppDbSecret`, `NodeJS`, `prod01`, `v2`). Random strings mix case and digits so that they
 * break into single letters and do not qualify.
 */
function isWordySegment(seg: string): boolean {
  let spaced = seg;
  for (const [re, to] of WORD_BOUNDARIES) spaced = spaced.replace(re, to);
  const words = spaced.split(' ');
  if (words.length > 8) return false;
  // random upper-case/digit and letter/digit mixes (`K7F2QX9MPL4WZ8`, `ab12cd34ef56`): many number runs,
  // or a long segment without a single lower-case word
  if (words.filter((w) => DIGIT_RUN.test(w)).length > 2) return false;
  if (seg.length > 10 && !HAS_LOWER.test(seg)) return false;
  // a lone letter is a word only in a short segment (`x`, `v2`, `s3`)
  return words.every((w) => WORD.test(w) || (words.length <= 2 && SINGLE_LETTER.test(w)));
}

/**
 * Resource names and identifiers: `my-app-prod-db-secret`, `prod/billing/stripe`, `MyAppDbSecret`,
 * `orders_table_v2`, `dev.us-east-1` — made only of words, numbers and separators.
 */
function isIdentifierLike(v: string): boolean {
  if (isScreamingEnum(v)) return true;
  // leading/trailing punctuation does not make a word random (`?NonExpressionParenEnd`, `Summer2024!`)
  const segments = trimPunctuation(v).split(SEGMENT_SEPARATORS).filter(Boolean);
  return segments.length > 0 && segments.every(isWordySegment);
}

/** `INVALID_CREDENTIALS`, `AMAZON_COGNITO_USER_POOLS`, `DEFAULT_ACCESS_KEY`: enum values and error codes. */
const SCREAMING_ENUM = /^[A-Z]+(?:_[A-Z0-9]+)+$/;
const VOWELS = /[AEIOUY]/g;

function isScreamingEnum(v: string): boolean {
  if (!SCREAMING_ENUM.test(v)) return false;
  // every lettered segment reads like a word: random upper-case runs rarely keep a fifth of vowels
  return v.split('_').every((seg) => /^\d+$/.test(seg) || (seg.length <= 24 && (seg.match(VOWELS)?.length ?? 0) / seg.length >= 0.2));
}

/** Password hashes in crypt format (`$2b$10$…` bcrypt, `$argon2id$…`, `$6$…`): digests, not credentials. */
const CRYPT_HASH = /^\$(?:2[abxy]?|argon2(?:id|i|d)|[156]|5\$rounds=\d+|sha256|sha512|pbkdf2(?:-sha\d+)?|scrypt|y)\$/;

/** Values published in vendors' documentation as examples or test keys (reCAPTCHA test secret, RFC TOTP sample, Slack docs). */
const DOCUMENTATION_VALUES = new Set([
  '6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe',
  '6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI',
  'JBSWY3DPEHPK3PXP',
  '8f742231b10e8888abcd99yyyzzz85a5',
]);

/** A regular expression written as a string (`'^(?=.*[a-z]).{8,}$'`): a validation rule, not a secret. */
function isRegexSource(v: string): boolean {
  return v.length > 2 && v.startsWith('^') && v.endsWith('$') && /[[(\\{]/.test(v);
}

/** A translated label (`Contraseña`, `Lösenord`): letters beyond ASCII and no digits. */
const NON_ASCII_LETTER = /[\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/;
const DIGIT = /\d/;

const WHITESPACE = /\s/;

/** Longest value examined: longer literal blobs are documents, not credentials (detectors handle those). */
const MAX_GENERIC_LENGTH = 4096;

/**
 * Does the value itself look like a secret? Random-looking tokens (16+ characters, 2+ character classes,
 * ≥ 3 bits of entropy per character) and passwords (8+ characters, 3+ character classes, 6+ distinct
 * characters). Never placeholders (`changeme`, `<your-key>`, `xxxx`, `****`, `test`, `12345678`),
 * templates (`${X}`, `{{x}}`, `%s`, `$VAR`, `process.env.X`), URLs without credentials, paths, ARNs,
 * resource names, numbers, booleans or single words. UUIDs count as secrets: whether one is depends on
 * the name (`*_SECRET` yes, `*_ID` no), which the caller checks.
 */
export function looksLikeSecretValue(value: string): boolean {
  if (typeof value !== 'string') return false;
  let v = value.trim();
  if (v.length < 8 || v.length > MAX_GENERIC_LENGTH) return false;
  const scheme = AUTH_SCHEME.exec(v);
  if (scheme) v = scheme[1]!;
  if (v.length < 8) return false;
  if (WHITESPACE.test(v)) return false; // sentences, lists, commands
  if (isNonSecretFiller(v)) return false;
  if (NOT_SECRET_VALUE.some((re) => re.test(v))) return false;
  if (CRYPT_HASH.test(v) || DOCUMENTATION_VALUES.has(v) || isRegexSource(v)) return false;
  if (NON_ASCII_LETTER.test(v) && !DIGIT.test(v)) return false;
  if (isIdentifierLike(v)) return false;

  const classes = charClasses(v);
  const entropy = shannonEntropy(v);
  // token-like: long, mixed, random
  if (v.length >= 16 && classes.count >= 2 && entropy >= 3 && distinctChars(v) >= 8) return true;
  // password-like: shorter, but three or more classes and not a repetition
  return classes.count >= 3 && distinctChars(v) >= 6 && entropy >= 2.5;
}

// ---------------------------------------------------------------------------------------------------
// classification

export interface SecretClassification {
  /** a detector id (`github-token`, `database-url`, …) or `generic` */
  kind: string;
  /** human kind for messages: `GitHub token`, `password`, `API key`, … */
  name: string;
  confidence: Confidence;
  /** offsets of the secret within the value (a token inside `Bearer …`, the password of a URL) */
  start: number;
  end: number;
  /** the secret itself: `value.slice(start, end)` */
  secret: string;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { medium: 1, high: 2 };
const NAMED_DETECTORS = DETECTORS.filter((d) => d.nameHint);
const CONTEXT_FREE = DETECTORS.filter(isContextFree);
const MAX_JSON_DEPTH = 3;
const MAX_JSON_LENGTH = 65536;

/**
 * Is a value bound to a name (an environment variable, a YAML key, a JS variable or property) a secret?
 * In order: a provider format anywhere in the value (`ghp_…`, `postgres://u:p@h`); a named provider format
 * (`DD_API_KEY` + 32 hex, `AWS_SECRET_ACCESS_KEY` + 40 base64); a JSON object value whose members are
 * secrets (`DB_CREDENTIALS: '{"password":"…"}'`); the generic check when the name is secret-like.
 * Returns null for non-strings, references and anything that does not qualify.
 */
export function classifyNamedValue(name: string, value: string): SecretClassification | null {
  const n = typeof name === 'string' ? name : '';
  if (typeof value !== 'string' || value.length > MAX_MEMO_VALUE) return classify(n, value, 0);
  // templates repeat their values (`Effect: Allow`, runtimes, ARNs, service principals) thousands
  // of times, and two rules judge the same environment: each pair is judged once
  const key = `${n}\u0000${value}`;
  const memo = judged.get(key);
  if (memo !== undefined) return memo;
  if (judged.size >= MAX_MEMO_ENTRIES) judged.clear();
  const hit = classify(n, value, 0);
  const frozen = hit && Object.freeze(hit);
  judged.set(key, frozen);
  return frozen;
}

/** Judged (name, value) pairs: a pure function's results, bounded. */
const judged = new Map<string, SecretClassification | null>();
const MAX_MEMO_ENTRIES = 50_000;
const MAX_MEMO_VALUE = 512;

function classify(name: string, value: string, depth: number): SecretClassification | null {
  if (typeof value !== 'string' || !value.trim()) return null;

  // 1. provider formats anywhere in the value; the most confident, then the first
  const found = findSecrets(value, { detectors: CONTEXT_FREE });
  let best = found[0];
  for (const m of found) if (CONFIDENCE_RANK[m.confidence] > CONFIDENCE_RANK[best!.confidence]) best = m;
  if (best)
    return { kind: best.detectorId, name: best.name, confidence: best.confidence, start: best.start, end: best.end, secret: best.value };

  // 2. formats that need the name (documentation placeholders never qualify)
  const trimmedStart = value.length - value.trimStart().length;
  const trimmed = value.trim();
  const filler = isNonSecretFiller(trimmed);
  for (const d of filler ? [] : NAMED_DETECTORS) {
    if (matchesByName(d, name, trimmed)) {
      return {
        kind: d.id,
        name: d.name,
        confidence: d.confidence,
        start: trimmedStart,
        end: trimmedStart + trimmed.length,
        secret: trimmed,
      };
    }
  }

  // 3. a JSON object: judge its members by their own names
  if (depth < MAX_JSON_DEPTH && trimmed.startsWith('{') && trimmed.length <= MAX_JSON_LENGTH) {
    const nested = classifyJsonMembers(trimmed, depth);
    if (nested) {
      // locate the member's secret in the raw JSON; when escaping hides it, the whole JSON is the secret
      const at = value.indexOf(nested.secret);
      return at >= 0
        ? { ...nested, start: at, end: at + nested.secret.length }
        : { ...nested, start: trimmedStart, end: trimmedStart + trimmed.length, secret: trimmed };
    }
  }

  // 4. the generic check — unless a provider format owns the value's shape and judged it not a
  // secret (the jwt.io sample, a test-mode or publishable key, a DSN with only its public key)
  if (CONTEXT_FREE.some((d) => hasShapeOf(d, trimmed)) || PUBLIC_BY_DESIGN.some((re) => re.test(trimmed))) return null;
  const kind = secretKindOfName(name);
  if (kind && looksLikeSecretValue(value)) {
    const scheme = AUTH_SCHEME.exec(trimmed);
    const secret = scheme ? scheme[1]! : trimmed;
    const start = trimmedStart + (scheme ? trimmed.length - secret.length : 0);
    return { kind: 'generic', name: kind, confidence: 'medium', start, end: start + secret.length, secret };
  }
  return null;
}

function classifyJsonMembers(text: string, depth: number): SecretClassification | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const visit = (node: unknown, d: number): SecretClassification | null => {
    if (!node || typeof node !== 'object' || d > MAX_JSON_DEPTH) return null;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      const hit = typeof v === 'string' ? classify(k, v, depth + 1) : visit(v, d + 1);
      if (hit) return hit;
    }
    return null;
  };
  return visit(parsed, depth + 1);
}

/** The regular expressions of this module (for the ReDoS test). */
export const GENERIC_REGEXES: readonly RegExp[] = [
  ...NOT_SECRET_VALUE,
  ...PUBLIC_BY_DESIGN,
  SCREAMING_ENUM,
  CRYPT_HASH,
  NON_ASCII_LETTER,
  AUTH_SCHEME,
  SEGMENT_SEPARATORS,
  ...WORD_BOUNDARIES.map(([re]) => re),
  WORD,
  SINGLE_LETTER,
  DIGIT_RUN,
  HAS_LOWER,
  VERSION_WORD,
  WHITESPACE,
];

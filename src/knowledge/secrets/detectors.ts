/**
 * Provider-specific secret formats: a data table.
 *
 * Every pattern is written to run in linear time over arbitrarily large input (checked with `recheck`
 * in the unit tests): it either starts with a literal prefix, or starts with a character class guarded
 * by a one-character look-behind (so only the first position of a run can start a match), and every
 * repetition is bounded or followed by a delimiter the repeated class cannot contain.
 *
 * Three kinds of detector:
 *  - context-free: `pattern` alone identifies the secret (`ghp_…`, `AKIA…`, `-----BEGIN … PRIVATE KEY-----`);
 *  - named (`nameHint`): the value is only a secret when bound to a matching name (`DD_API_KEY` → 32 hex);
 *  - paired (`pair`): the value is a secret when it appears within a few lines of an anchor (an AWS secret
 *    access key near an access key id, a Twilio auth token near an account SID). A detector can be both.
 */
import {
  charClasses,
  decodeBase64,
  decodeJsonSegment,
  hasCrc32Base62Checksum,
  longestRun,
  normalizeName,
  plausiblyRandom,
  safeDecodeURIComponent,
  shannonEntropy,
} from './checks.js';
import { isNonSecretFiller } from './placeholder.js';

export type Confidence = 'high' | 'medium';

export interface DetectorContext {
  /** the whole text being scanned */
  text: string;
  /** offsets of the secret (the `secretGroup`, or the whole match / span) */
  start: number;
  end: number;
  match: RegExpExecArray;
}

export interface Detector {
  /** stable id, kebab-case (`github-token`) */
  id: string;
  /** human name for messages (`GitHub token`) */
  name: string;
  /** non-global, linear-time pattern; the scanner compiles its own global copy */
  pattern: RegExp;
  /** capture group holding the secret itself (default: the whole match) */
  secretGroup?: number;
  /** extra check on the secret (checksums, decoding, placeholders) */
  validate?(secret: string, ctx: DetectorContext): boolean;
  /** cheap pre-filter: the detector runs only when the text contains one of these (case-insensitive) */
  keywords?: string[];
  /** the detector runs only when the text contains all of these (case-insensitive) */
  requires?: string[];
  confidence: Confidence;
  /**
   * Only a secret when bound to a name matching this (tested against `normalizeName(name)`, e.g.
   * `dd_api_key`). Such a detector never fires on a bare value in free text.
   */
  nameHint?: RegExp;
  /**
   * Lower-case substrings that every name matching `nameHint` contains, as written (`secret`,
   * `datadog`, `dd_`): the free-text scanner only examines assignments whose name holds one.
   */
  nameKeywords?: string[];
  /** Also a secret (without a name) when found within `lines` lines of a match of `anchor`. */
  pair?: { anchor: RegExp; lines: number };
  /**
   * For secrets longer than a pattern should describe (PEM blocks): given the match of `pattern`,
   * the offsets of the whole secret, or null to drop the match.
   */
  span?(text: string, match: RegExpExecArray): { start: number; end: number } | null;
}

// ---------------------------------------------------------------------------------------------------
// validation helpers

/** The regular expressions the validators use (listed by `detectorRegexes` for the ReDoS test). */
const RE = {
  awsSecretShape: /^[A-Za-z0-9+/]{40}$/,
  example: /EXAMPLE/i,
  portNumber: /^\d{1,5}$/,
  pemBodyChar: /[A-Za-z0-9+/=\s\\]/,
  whitespace: /\s/,
  escapedNewline: /\\[nr]/g,
  nonBase64: /[^A-Za-z0-9+/]/g,
  pemFiller: /x{6}|X{6}|\.{3}/,
  pemEnd: /-----END [A-Z ]{0,24}PRIVATE KEY-----/,
  urlDelimiter: /[\s"'`<>]/,
  sasVersion: /[?&;]sv=\d{4}-\d{2}-\d{2}|^sv=\d{4}-\d{2}-\d{2}/,
  snowflake: /^\d{17,20}$/,
  tokenSeparators: /[-_.]/g,
  mailgunPrefix: /^key-/,
  csDelimiter: /["'`\r\n]/,
  csOtherKey:
    /(?:^|;)\s{0,4}(?:server|data\s?source|host|hostname|address|addr|network\s?address|user\s?id|uid|user|user\s?name|username|database|initial\s?catalog)\s{0,4}=/i,
  csExpression: /^\[|^__\w{1,64}__$|^#\{/,
} as const;

/** The random part of a token after its fixed prefix is plausibly random. */
const randomAfter =
  (prefixLength: number, minEntropy = 3) =>
  (secret: string): boolean =>
    plausiblyRandom(secret.slice(prefixLength).replace(RE.tokenSeparators, ''), minEntropy);

/** GitHub's 2021 token format and npm's: 4-char prefix, 30 random base62, 6-char base62 CRC32. */
const crcToken = (secret: string): boolean => hasCrc32Base62Checksum(secret.slice(4)) && plausiblyRandom(secret.slice(4, 34));

/** Hex of the expected length with both letters and digits and a random spread. */
const randomHex = (secret: string): boolean => {
  const c = charClasses(secret);
  return c.digit && (c.lower || c.upper) && plausiblyRandom(secret, 3);
};

/**
 * The shape of an AWS secret access key: 40 base64 characters with upper, lower and digits (or `+`/`/`),
 * high entropy, not the documented example key and not a hex digest.
 */
export function looksLikeAwsSecretAccessKey(value: string): boolean {
  if (!RE.awsSecretShape.test(value) || RE.example.test(value)) return false;
  const c = charClasses(value);
  if (!c.upper || !c.lower || !(c.digit || c.symbol)) return false;
  return longestRun(value) < 5 && shannonEntropy(value) >= 4.2;
}

/** A password in a URL that is a real value: not a template, placeholder, port number or the user name. */
export function isRealUrlPassword(user: string, password: string): boolean {
  const p = safeDecodeURIComponent(password);
  const u = safeDecodeURIComponent(user);
  if (p.length < 3 || p === u) return false;
  if (RE.portNumber.test(p)) return false; // `host:8080@…` mis-split
  return !isNonSecretFiller(p);
}

/** Longest PEM body looked at (a 16384-bit RSA key is ~12 KB of base64). */
const PEM_MAX_BODY = 65536;

/**
 * PEM: from the BEGIN line to the matching END line, or to the end of the base64 body when the END line
 * is missing. The body never contains `-----`, so both searches stop at the next `-----`: the cost of a
 * header is bounded by the distance to the next marker, which keeps a file of many headers linear.
 */
function pemSpan(text: string, match: RegExpExecArray): { start: number; end: number } | null {
  const start = match.index;
  const bodyStart = start + match[0].length;
  const limit = Math.min(text.length, bodyStart + PEM_MAX_BODY);
  let marker = text.indexOf('-----', bodyStart);
  if (marker < 0 || marker > limit) marker = -1;
  const endMarker = `-----END ${match[1] ?? ''}-----`;
  let bodyEnd: number;
  let end: number;
  if (marker >= 0 && text.startsWith(endMarker, marker)) {
    bodyEnd = marker;
    end = marker + endMarker.length;
  } else {
    // no END line: the secret runs as far as base64, whitespace and escaped newlines do
    const stop = marker >= 0 ? marker : limit;
    let i = bodyStart;
    while (i < stop && RE.pemBodyChar.test(text[i]!)) i++;
    while (i > bodyStart && RE.whitespace.test(text[i - 1]!)) i--;
    bodyEnd = end = i;
  }
  return pemBodyLooksReal(text.slice(bodyStart, bodyEnd)) ? { start, end } : null;
}

/**
 * The PEM string of a service account JSON's `private_key` member: from `-----BEGIN` to the closing
 * quote (bounded, and stopping at the first quote, so repeated members stay linear).
 */
function jsonPemSpan(text: string, match: RegExpExecArray): { start: number; end: number } | null {
  const start = match.index + match[0].length - '-----BEGIN '.length;
  const close = text.indexOf('"', start);
  if (close < 0 || close - start > PEM_MAX_BODY) return null;
  return { start, end: close };
}

/** A PEM body with at least 64 base64 characters of real entropy (not `...`, not `MIIE…xxxx`). */
function pemBodyLooksReal(body: string): boolean {
  const b64 = body
    .replace(RE.escapedNewline, '\n')
    .split('\n')
    .filter((line) => !line.includes(':')) // Proc-Type:, DEK-Info:, Comment:, Version:
    .join('')
    .replace(RE.nonBase64, '');
  return b64.length >= 64 && !RE.pemFiller.test(body) && shannonEntropy(b64) >= 4;
}

/** Azure SAS: `sig=` is a URL-encoded base64 HMAC-SHA256 and the same URL/query carries `sv=`. */
function azureSas(secret: string, ctx: DetectorContext): boolean {
  const sig = decodeBase64(safeDecodeURIComponent(secret));
  if (!sig || sig.length !== 32) return false;
  // the query string around the match: to the nearest whitespace or quote
  const { a, b } = around(ctx, RE.urlDelimiter);
  return RE.sasVersion.test(ctx.text.slice(a, b));
}

/** The text around a match, to the nearest `delimiter` on each side: a bounded walk (2 KB each way). */
function around(ctx: DetectorContext, delimiter: RegExp): { a: number; b: number } {
  let a = ctx.match.index;
  const minA = Math.max(0, a - 2048);
  while (a > minA && !delimiter.test(ctx.text[a - 1]!)) a--;
  let b = ctx.end;
  const maxB = Math.min(ctx.text.length, b + 2048);
  while (b < maxB && !delimiter.test(ctx.text[b]!)) b++;
  return { a, b };
}

/** A JWS whose header decodes to JSON with an `alg`, a JSON payload and a real signature. */
function jwt(secret: string): boolean {
  const [h, p, sig] = secret.split('.');
  if (!h || !p || !sig) return false;
  const header = decodeJsonSegment(h);
  if (!header || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return false;
  const payload = decodeJsonSegment(p);
  if (!payload) return false;
  // the jwt.io documentation sample, and Supabase-style `anon` keys that are public by design
  if (payload.sub === '1234567890' && payload.name === 'John Doe') return false;
  if (payload.role === 'anon') return false;
  return plausiblyRandom(sig, 3.5);
}

/** Discord bot token: the first segment is the base64 of the bot's numeric snowflake id. */
function discordBot(secret: string): boolean {
  const [id, , hmac] = secret.split('.');
  const decoded = id ? decodeBase64(id)?.toString('latin1') : undefined;
  return !!decoded && RE.snowflake.test(decoded) && !!hmac && plausiblyRandom(hmac, 3.5);
}

/** The well-known Azurite / storage-emulator account key is public. */
const AZURITE_KEY_PREFIX = 'Eby8vdM02xNOcqFl';
/** So is the Cosmos DB emulator's key (`AccountEndpoint=https://localhost:8081/;AccountKey=C2y6…`). */
const COSMOS_EMULATOR_KEY_PREFIX = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEH';

/**
 * A `Password=`/`Pwd=` of a key-value connection string (SQL Server, Azure SQL, PostgreSQL and MySQL
 * ADO.NET strings): the same string, up to the nearest quote or line break, names another of a
 * connection string's keys (`Server=`, `Host=`, `Data Source=`, `User ID=`, `Database=`, …), so a bare
 * `password=…` line of a properties or .env file is not one; the value is not a template
 * (`${…}`, `$(…)`, `#{…}#`, `__Token__` of a release pipeline), an ARM expression or a placeholder.
 */
function connectionStringPassword(secret: string, ctx: DetectorContext): boolean {
  if (secret.length < 4 || RE.csExpression.test(secret) || isNonSecretFiller(secret)) return false;
  // the rest of the string: what comes before the key, and after the value
  const { a, b } = around(ctx, RE.csDelimiter);
  return RE.csOtherKey.test(`${ctx.text.slice(a, ctx.match.index)};${ctx.text.slice(ctx.end, b)}`);
}

// Token boundaries are written inline in each pattern as a look-behind/look-ahead over the token's own
// alphabet, so a token is never matched inside a longer run of its characters.

/** Shared by the access key id detector and the secret key's pair anchor. */
const AWS_KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/;
const TWILIO_ACCOUNT_SID = /(?<![A-Za-z0-9])AC[0-9a-f]{32}(?![A-Za-z0-9])/;

/**
 * The table. Order is priority: when two matches overlap, the earlier detector wins (specific formats
 * before structural ones such as JWT, PEM and URLs with credentials).
 */
export const DETECTORS: readonly Detector[] = [
  {
    id: 'gcp-service-account',
    name: 'Google Cloud service account key',
    // the private_key member of a service account JSON (a JSON-escaped PEM string)
    pattern: /"private_key"[ \t]{0,8}:[ \t]{0,8}"-----BEGIN /,
    keywords: ['"private_key"'],
    requires: ['service_account'],
    span: jsonPemSpan,
    // the body: between the BEGIN line's closing dashes and the END line
    validate: (s) => RE.pemEnd.test(s) && pemBodyLooksReal(s.slice(s.indexOf('-----', 10) + 5, s.lastIndexOf('-----END'))),
    confidence: 'high',
  },
  {
    id: 'private-key',
    name: 'private key',
    pattern: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/,
    keywords: ['private key'],
    span: pemSpan,
    confidence: 'high',
  },
  {
    id: 'aws-access-key-id',
    name: 'AWS access key ID',
    pattern: AWS_KEY_ID,
    keywords: ['akia', 'asia', 'abia', 'acca'],
    // `AKIAIOSFODNN7EXAMPLE` is AWS's documentation key
    validate: (s) => !s.includes('EXAMPLE') && randomAfter(4, 2.8)(s),
    confidence: 'high',
  },
  {
    id: 'aws-secret-access-key',
    name: 'AWS secret access key',
    pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/,
    nameHint: /(?:^|_)(?:aws_secret(?:_access)?(?:_key)?|secret_access_key)(?:_|$)/,
    nameKeywords: ['secret'],
    pair: { anchor: AWS_KEY_ID, lines: 5 },
    validate: looksLikeAwsSecretAccessKey,
    confidence: 'high',
  },
  {
    id: 'github-token',
    name: 'GitHub token',
    // classic PAT, OAuth, user-to-server, server-to-server and refresh tokens, with their CRC32 checksum
    pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/,
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    validate: crcToken,
    confidence: 'high',
  },
  {
    id: 'github-fine-grained-pat',
    name: 'GitHub fine-grained personal access token',
    pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/,
    keywords: ['github_pat_'],
    validate: randomAfter(11, 3.5),
    confidence: 'high',
  },
  {
    id: 'gitlab-token',
    name: 'GitLab token',
    // personal (legacy 20 chars, or routable `<payload>.<2><7>`), pipeline trigger, runner and deploy tokens
    pattern:
      /(?<![A-Za-z0-9_-])(?:glpat-(?:[A-Za-z0-9_-]{27,300}\.[0-9a-z]{9}|[A-Za-z0-9_-]{20})|glptt-[0-9a-f]{40}|glrt-[A-Za-z0-9_-]{20}|gldt-[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/,
    keywords: ['glpat-', 'glptt-', 'glrt-', 'gldt-'],
    validate: (s) => randomAfter(s.indexOf('-') + 1)(s.split('.')[0]!),
    confidence: 'high',
  },
  {
    id: 'slack-token',
    name: 'Slack token',
    pattern:
      /(?<![A-Za-z0-9_-])(?:xox[abeoprs]-(?:[0-9A-Za-z]{1,64}-){1,6}[0-9A-Za-z]{6,64}|xoxe\.xox[bp]-\d-[A-Za-z0-9]{140,180}|xapp-\d-[A-Z0-9]{6,20}-\d{6,20}-[a-z0-9]{32,80})(?![A-Za-z0-9_-])/,
    keywords: ['xox', 'xapp-'],
    validate: (s) => s.length >= 30 && randomAfter(5)(s),
    confidence: 'high',
  },
  {
    id: 'slack-webhook',
    name: 'Slack webhook URL',
    pattern:
      /(?:https?:\/\/)?hooks\.slack\.com\/(?:services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20,32}|(?:workflows|triggers)\/T[A-Z0-9]{6,12}\/A[A-Z0-9]{6,12}\/\d{10,20}\/[A-Za-z0-9]{20,40})(?![A-Za-z0-9])/,
    keywords: ['hooks.slack.com'],
    validate: (s) => plausiblyRandom(s.slice(s.lastIndexOf('/') + 1)),
    confidence: 'high',
  },
  {
    id: 'stripe-secret-key',
    name: 'Stripe live secret key',
    // test-mode keys (`sk_test_`) move no money and are deliberately not reported
    pattern: /(?<![A-Za-z0-9_])[sr]k_live_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])/,
    keywords: ['sk_live_', 'rk_live_'],
    validate: randomAfter(8),
    confidence: 'high',
  },
  {
    id: 'stripe-webhook-secret',
    name: 'Stripe webhook signing secret',
    pattern: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/=]{32,128}(?![A-Za-z0-9_+/=])/,
    keywords: ['whsec_'],
    validate: randomAfter(6),
    confidence: 'high',
  },
  {
    id: 'twilio-api-key',
    name: 'Twilio API key',
    pattern: /(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])/,
    keywords: ['sk'],
    validate: (s) => randomHex(s.slice(2)),
    confidence: 'medium',
  },
  {
    id: 'twilio-auth-token',
    name: 'Twilio auth token',
    pattern: /(?<![A-Za-z0-9])[0-9a-f]{32}(?![A-Za-z0-9])/,
    nameHint: /(?:^|_)twilio_(?:[a-z0-9_]{0,40}_)?(?:auth_token|token|secret)(?:_|$)/,
    nameKeywords: ['twilio'],
    pair: { anchor: TWILIO_ACCOUNT_SID, lines: 5 },
    validate: randomHex,
    confidence: 'high',
  },
  {
    id: 'sendgrid-api-key',
    name: 'SendGrid API key',
    pattern: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/,
    keywords: ['sg.'],
    validate: randomAfter(3),
    confidence: 'high',
  },
  {
    id: 'mailgun-api-key',
    name: 'Mailgun API key',
    pattern: /(?<![A-Za-z0-9_-])(?:key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?![A-Za-z0-9_-])/,
    validate: (s) => randomHex(s.replace(RE.mailgunPrefix, '').replace(RE.tokenSeparators, '')),
    confidence: 'medium',
  },
  {
    id: 'mailchimp-api-key',
    name: 'Mailchimp API key',
    pattern: /(?<![A-Za-z0-9])[0-9a-f]{32}-us\d{1,2}(?![A-Za-z0-9])/,
    keywords: ['-us'],
    validate: (s) => randomHex(s.slice(0, 32)),
    confidence: 'high',
  },
  {
    id: 'google-api-key',
    name: 'Google API key',
    // medium: browser keys (Maps, Firebase web config) are public by design and restricted by referrer
    pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/,
    keywords: ['aiza'],
    validate: randomAfter(4),
    confidence: 'medium',
  },
  {
    id: 'google-oauth-client-secret',
    name: 'Google OAuth client secret',
    pattern: /(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/,
    keywords: ['gocspx-'],
    validate: randomAfter(7),
    confidence: 'high',
  },
  {
    id: 'azure-cosmos-account-key',
    name: 'Azure Cosmos DB account key',
    // `AccountEndpoint=https://acct.documents.azure.com:443/;AccountKey=…`: the same format as a storage key
    pattern: /AccountEndpoint=https:\/\/[A-Za-z0-9-]{1,64}\.documents\.azure\.com(?::\d{1,5})?\/?;\s{0,2}AccountKey=([A-Za-z0-9+/]{86}==)/,
    secretGroup: 1,
    keywords: ['documents.azure.com'],
    validate: (s) => !s.startsWith(COSMOS_EMULATOR_KEY_PREFIX) && plausiblyRandom(s, 4),
    confidence: 'high',
  },
  {
    id: 'azure-storage-account-key',
    name: 'Azure storage account key',
    pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/,
    secretGroup: 1,
    keywords: ['accountkey='],
    validate: (s) => !s.startsWith(AZURITE_KEY_PREFIX) && !s.startsWith(COSMOS_EMULATOR_KEY_PREFIX) && plausiblyRandom(s, 4),
    confidence: 'high',
  },
  {
    id: 'azure-shared-access-key',
    name: 'Azure shared access key',
    // Service Bus / Event Hubs / IoT Hub connection strings
    pattern: /SharedAccessKey=([A-Za-z0-9+/]{43}=)/,
    secretGroup: 1,
    keywords: ['sharedaccesskey='],
    validate: (s) => plausiblyRandom(s, 4),
    confidence: 'high',
  },
  {
    id: 'azure-sas-token',
    name: 'Azure SAS token signature',
    pattern: /[?&;]sig=([A-Za-z0-9%+/=]{43,120})/,
    secretGroup: 1,
    keywords: ['sig='],
    validate: azureSas,
    confidence: 'high',
  },
  {
    id: 'npm-token',
    name: 'npm access token',
    // same checksum scheme as GitHub's tokens
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/,
    keywords: ['npm_'],
    validate: crcToken,
    confidence: 'high',
  },
  {
    id: 'pypi-token',
    name: 'PyPI API token',
    // a macaroon whose first caveat names pypi.org (or test.pypi.org)
    pattern: /(?<![A-Za-z0-9_-])pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/,
    keywords: ['pypi-ag'],
    validate: randomAfter(30),
    confidence: 'high',
  },
  {
    id: 'openai-api-key',
    name: 'OpenAI API key',
    pattern:
      /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,300}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-])/,
    keywords: ['sk-'],
    validate: (s) => plausiblyRandom(s.slice(s.indexOf('-', 3) + 1).replace(RE.tokenSeparators, ''), 3.5),
    confidence: 'high',
  },
  {
    id: 'anthropic-api-key',
    name: 'Anthropic API key',
    pattern: /(?<![A-Za-z0-9_-])sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])/,
    keywords: ['sk-ant-'],
    validate: (s) => plausiblyRandom(s.slice(s.indexOf('-', 7) + 1).replace(RE.tokenSeparators, ''), 3.5),
    confidence: 'high',
  },
  {
    id: 'huggingface-token',
    name: 'Hugging Face token',
    pattern: /(?<![A-Za-z0-9_])(?:hf_|api_org_)[A-Za-z]{34}(?![A-Za-z0-9_])/,
    keywords: ['hf_', 'api_org_'],
    validate: (s) => {
      const body = s.slice(s.lastIndexOf('_') + 1);
      const c = charClasses(body);
      return c.upper && c.lower && plausiblyRandom(body, 3.5);
    },
    confidence: 'high',
  },
  {
    id: 'shopify-token',
    name: 'Shopify access token',
    pattern: /(?<![A-Za-z0-9_])shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![A-Za-z0-9_])/,
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    validate: (s) => randomHex(s.slice(6)),
    confidence: 'high',
  },
  {
    id: 'datadog-api-key',
    name: 'Datadog API or application key',
    pattern: /(?<![A-Za-z0-9])(?:[0-9a-f]{40}|[0-9a-f]{32})(?![A-Za-z0-9])/,
    nameHint: /(?:^|_)(?:datadog|dd)_(?:[a-z0-9_]{0,40}_)?(?:api|app|application)_key(?:_|$)/,
    nameKeywords: ['datadog', 'dd_', 'dd-', 'dd.', 'ddapi', 'ddapp'],
    validate: randomHex,
    confidence: 'high',
  },
  {
    id: 'heroku-api-key',
    name: 'Heroku API key',
    pattern: /(?<![A-Za-z0-9-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![A-Za-z0-9-])/,
    nameHint: /(?:^|_)heroku_(?:[a-z0-9_]{0,40}_)?(?:api_key|key|token|secret)(?:_|$)/,
    nameKeywords: ['heroku'],
    validate: (s) => randomHex(s.replace(RE.tokenSeparators, '')),
    confidence: 'high',
  },
  {
    id: 'heroku-platform-key',
    name: 'Heroku platform API key',
    pattern: /(?<![A-Za-z0-9_-])HRKU-AA[0-9A-Za-z_-]{58}(?![A-Za-z0-9_-])/,
    keywords: ['hrku-aa'],
    validate: randomAfter(7),
    confidence: 'high',
  },
  {
    id: 'new-relic-key',
    name: 'New Relic API key',
    // user API keys (NRAK) and insert keys (NRII); browser keys (NRJS) are public
    pattern: /(?<![A-Za-z0-9_-])(?:NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/,
    keywords: ['nrak-', 'nrii-'],
    validate: randomAfter(5),
    confidence: 'high',
  },
  {
    id: 'discord-bot-token',
    name: 'Discord bot token',
    pattern: /(?<![A-Za-z0-9_.-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_.-])/,
    validate: discordBot,
    confidence: 'high',
  },
  {
    id: 'discord-webhook',
    name: 'Discord webhook URL',
    pattern: /https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,80}(?![A-Za-z0-9_-])/,
    keywords: ['discord'],
    validate: (s) => plausiblyRandom(s.slice(s.lastIndexOf('/') + 1), 3.5),
    confidence: 'high',
  },
  {
    id: 'telegram-bot-token',
    name: 'Telegram bot token',
    pattern: /(?<![A-Za-z0-9_:-])\d{8,10}:A[A-Za-z0-9_-]{34}(?![A-Za-z0-9_-])/,
    validate: (s) => plausiblyRandom(s.slice(s.indexOf(':') + 1), 3.5),
    confidence: 'high',
  },
  {
    id: 'square-token',
    name: 'Square access token or OAuth secret',
    pattern: /(?<![A-Za-z0-9_-])(?:sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43}|EAAA[A-Za-z0-9_-]{60})(?![A-Za-z0-9_-])/,
    keywords: ['sq0atp-', 'sq0csp-', 'eaaa'],
    validate: (s) => randomAfter(s.startsWith('EAAA') ? 4 : 7, 3.5)(s),
    confidence: 'high',
  },
  {
    id: 'braintree-access-token',
    name: 'PayPal Braintree access token',
    pattern: /access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}(?![A-Za-z0-9])/,
    keywords: ['access_token$production$'],
    validate: (s) => randomHex(s.slice(-32)),
    confidence: 'high',
  },
  {
    id: 'digitalocean-token',
    name: 'DigitalOcean token',
    pattern: /(?<![A-Za-z0-9_])do[por]_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/,
    keywords: ['_v1_'],
    validate: (s) => randomHex(s.slice(7)),
    confidence: 'high',
  },
  {
    id: 'doppler-token',
    name: 'Doppler token',
    pattern: /(?<![A-Za-z0-9_.-])dp\.(?:pt|ct|sa|scim|audit|st(?:\.[a-z0-9_-]{1,35})?)\.[A-Za-z0-9]{40,44}(?![A-Za-z0-9])/,
    keywords: ['dp.'],
    validate: (s) => plausiblyRandom(s.slice(s.lastIndexOf('.') + 1), 3.5),
    confidence: 'high',
  },
  {
    id: 'linear-api-key',
    name: 'Linear API key',
    pattern: /(?<![A-Za-z0-9_])lin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9_])/,
    keywords: ['lin_api_'],
    validate: randomAfter(8, 3.5),
    confidence: 'high',
  },
  {
    id: 'postman-api-key',
    name: 'Postman API key',
    pattern: /(?<![A-Za-z0-9_-])PMAK-[a-f0-9]{24}-[a-f0-9]{34}(?![A-Za-z0-9_-])/,
    keywords: ['pmak-'],
    validate: (s) => randomHex(s.slice(5).replace('-', '')),
    confidence: 'high',
  },
  {
    id: 'atlassian-api-token',
    name: 'Atlassian API token',
    pattern: /(?<![A-Za-z0-9_=-])ATATT3[A-Za-z0-9_=-]{186}(?![A-Za-z0-9_=-])/,
    keywords: ['atatt3'],
    validate: randomAfter(6, 4),
    confidence: 'high',
  },
  {
    id: 'atlassian-legacy-token',
    name: 'Atlassian API token',
    pattern: /(?<![A-Za-z0-9])[A-Za-z0-9]{24}(?![A-Za-z0-9])/,
    nameHint: /(?:^|_)(?:atlassian|jira|confluence|bitbucket)_(?:[a-z0-9_]{0,40}_)?(?:api_token|token|api_key|password)(?:_|$)/,
    nameKeywords: ['atlassian', 'jira', 'confluence', 'bitbucket'],
    validate: (s) => charClasses(s).count >= 2 && plausiblyRandom(s, 3.5),
    confidence: 'high',
  },
  {
    id: 'age-secret-key',
    name: 'age secret key',
    pattern: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Za-z0-9])/,
    keywords: ['age-secret-key-1'],
    validate: randomAfter(16, 3.5),
    confidence: 'high',
  },
  {
    id: 'sentry-auth-token',
    name: 'Sentry auth token',
    pattern: /(?<![A-Za-z0-9_])(?:sntryu_[a-f0-9]{64}|sntrys_eyJ[A-Za-z0-9+/=_-]{50,1000})(?![A-Za-z0-9+/=_-])/,
    keywords: ['sntryu_', 'sntrys_'],
    validate: randomAfter(7, 3.5),
    confidence: 'high',
  },
  {
    id: 'sentry-dsn-secret',
    name: 'Sentry DSN secret key',
    // legacy DSNs carry `public:secret@`; a modern DSN (public key only) is meant to ship to browsers
    pattern: /https?:\/\/[0-9a-f]{32}:([0-9a-f]{32})@[A-Za-z0-9.-]{1,253}/,
    secretGroup: 1,
    keywords: ['://'],
    validate: randomHex,
    confidence: 'high',
  },
  {
    id: 'firebase-fcm-server-key',
    name: 'Firebase Cloud Messaging server key',
    pattern: /(?<![A-Za-z0-9_-])AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}(?![A-Za-z0-9_-])/,
    keywords: ['apa91b'],
    validate: (s) => plausiblyRandom(s.slice(s.indexOf(':') + 7), 4),
    confidence: 'high',
  },
  {
    id: 'jwt',
    name: 'JSON Web Token',
    // medium: tokens expire, and some (Supabase anon keys) are public; the header must decode with `alg`
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2048}\.eyJ[A-Za-z0-9_-]{4,16384}\.[A-Za-z0-9_-]{16,2048}(?![A-Za-z0-9_-])/,
    keywords: ['eyj'],
    validate: jwt,
    confidence: 'medium',
  },
  {
    id: 'database-url',
    name: 'database connection string with a password',
    pattern:
      /(?<![A-Za-z0-9+.-])(postgres(?:ql)?|mysql2?|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse|neo4j(?:\+s)?|bolt):\/\/([^\s:@/?#'"`<>]{0,256}):([^\s@/'"`<>]{1,256})@(?=[A-Za-z0-9[])/,
    secretGroup: 3,
    keywords: ['://'],
    validate: (s, ctx) => isRealUrlPassword(ctx.match[2] ?? '', s),
    confidence: 'high',
  },
  {
    id: 'azure-redis-access-key',
    name: 'Azure Cache for Redis access key',
    // StackExchange.Redis form: `acct.redis.cache.windows.net:6380,password=…,ssl=True,abortConnect=False`
    pattern:
      /(?<![A-Za-z0-9-])[A-Za-z0-9-]{1,63}\.redis\.cache\.windows\.net:\d{2,5},(?:[A-Za-z]{1,32}=[^,;\s"'`<>]{0,64},){0,8}password=([A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/,
    secretGroup: 1,
    keywords: ['.redis.cache.windows.net'],
    validate: (s) => plausiblyRandom(s, 4),
    confidence: 'high',
  },
  {
    id: 'connection-string-password',
    name: 'password in a connection string',
    // `Server=tcp:db.database.windows.net,1433;User ID=app;Password=…;`, `Host=…;Username=…;Pwd=…`
    pattern: /(?<![A-Za-z0-9_.-])(?:password|pwd)\s{0,3}=\s{0,3}([^;\s"'`<>]{1,256})(?=[;"'`\s]|$)/i,
    secretGroup: 1,
    keywords: ['password', 'pwd'],
    validate: connectionStringPassword,
    confidence: 'high',
  },
  {
    id: 'url-query-key',
    name: 'API key in a URL query string',
    // `…/weather?q=london&appid=<key>`, `?api_key=<key>`: the credential travels in the URL (and into
    // every access log); signed-URL parameters (`X-Amz-Signature`, Azure `sig`) are short-lived and left out
    pattern:
      /[?&](?:api[_-]?key|apikey|appid|app[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret|private[_-]?token|token|key)=([A-Za-z0-9_\-.~]{16,256})(?![A-Za-z0-9_\-.~])/i,
    secretGroup: 1,
    keywords: ['key=', 'appid=', 'token=', 'secret='],
    validate: (s) => plausiblyRandom(s, 3.3) && !/^(?:\$\{|\{\{|%)/.test(s),
    confidence: 'medium',
  },
  {
    id: 'url-credentials',
    name: 'password in a URL',
    pattern:
      /(?<![A-Za-z0-9+.-])(https?|ftps?|sftp|smtps?|ldaps?|wss?|git|ssh|svn|nats|mqtts?|imaps?|pop3s?|socks5h?):\/\/([^\s:@/?#'"`<>]{0,256}):([^\s@/'"`<>]{1,256})@(?=[A-Za-z0-9[])/,
    secretGroup: 3,
    keywords: ['://'],
    validate: (s, ctx) => isRealUrlPassword(ctx.match[2] ?? '', s),
    confidence: 'high',
  },
];

const BY_ID = new Map(DETECTORS.map((d) => [d.id, d]));

export function detectorById(id: string): Detector | undefined {
  return BY_ID.get(id);
}

/** Context-free detectors: a match of `pattern` alone is reported. */
export function isContextFree(d: Detector): boolean {
  return !d.nameHint && !d.pair;
}

/**
 * Does `value` (the whole value, trimmed) match a named/paired detector's pattern and validation?
 * Shared by the name check and the pair check.
 */
export function matchesWholeValue(d: Detector, value: string): boolean {
  const v = value.trim();
  const m = d.pattern.exec(v); // table patterns carry no g/y flag, so exec is stateless
  if (!m || m.index !== 0 || m[0].length !== v.length) return false;
  return !d.validate || d.validate(v, { text: v, start: 0, end: v.length, match: m });
}

/**
 * Does the whole value have the SHAPE of this detector's format, whatever its validation says? A value
 * that does but fails validation (the jwt.io sample, a bad checksum) was judged by the detector that owns
 * the format, and the generic check must not overrule it.
 */
export function hasShapeOf(d: Detector, value: string): boolean {
  const v = value.trim();
  const m = d.pattern.exec(v);
  return !!m && m.index === 0 && m[0].length === v.length;
}

/** Is `value` a secret of a named detector because of the `name` it is bound to? */
export function matchesByName(d: Detector, name: string, value: string): boolean {
  return !!d.nameHint && d.nameHint.test(normalizeName(name)) && matchesWholeValue(d, value);
}

/**
 * The paired check for AWS secret access keys: a 40-character value is an AWS secret access key when it
 * has the shape of one and either it is bound to an AWS-secret-like name (`AWS_SECRET_ACCESS_KEY`,
 * `secretAccessKey`, `aws_secret_key`) or `nearbyText` (the lines around it) contains an access key id.
 */
export function isPairedAwsSecretKey(value: string, context: { name?: string; nearbyText?: string }): boolean {
  const d = BY_ID.get('aws-secret-access-key')!;
  if (!matchesWholeValue(d, value)) return false;
  if (context.name !== undefined && d.nameHint!.test(normalizeName(context.name))) return true;
  if (context.nearbyText === undefined) return false;
  const anchor = new RegExp(d.pair!.anchor.source, 'g');
  for (let m = anchor.exec(context.nearbyText); m; m = anchor.exec(context.nearbyText)) {
    if (!m[0].includes('EXAMPLE')) return true;
  }
  return false;
}

/** Every regular expression of the table (patterns, name hints, anchors) and its helpers, for the ReDoS test. */
export function detectorRegexes(): { id: string; regex: RegExp }[] {
  const out: { id: string; regex: RegExp }[] = [];
  for (const d of DETECTORS) {
    out.push({ id: `${d.id}/pattern`, regex: d.pattern });
    if (d.nameHint) out.push({ id: `${d.id}/nameHint`, regex: d.nameHint });
    if (d.pair) out.push({ id: `${d.id}/anchor`, regex: d.pair.anchor });
  }
  for (const [id, regex] of Object.entries(RE)) out.push({ id: `helper/${id}`, regex });
  return out;
}

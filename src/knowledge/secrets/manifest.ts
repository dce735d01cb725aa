/**
 * Judging values written in a deployable manifest (serverless.yml, SAM and CloudFormation templates):
 * stricter than code, because a manifest's password field holds the password itself. Static AWS
 * credentials handed to a function; weak but real passwords; settings that only look like secrets.
 */
import { charClasses, distinctChars, nameWords } from './checks.js';
import { classifyNamedValue, secretKindOfName, type SecretClassification } from './generic.js';
import { isNonSecretFiller, isTemplateLike } from './placeholder.js';

// ---------------------------------------------------------------------------------------------------
// static AWS credentials

/** The access key id and secret key AWS's documentation uses (placeholders everywhere else). */
const AWS_DOCUMENTATION_KEYS = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);

/** Values that switch a setting off rather than hold a credential. */
const UNSET = /^(?:none|null|nil|undefined|false|off|no|-)$/i;

export type AwsCredentialPart = 'access key id' | 'secret access key' | 'session token';

/**
 * The part of a static AWS credential an environment variable's name announces, in any convention:
 * `AWS_ACCESS_KEY_ID`, `awsSecretAccessKey`, `aws-session-token`, `AWS_SECRET_KEY`; bare
 * `ACCESS_KEY`/`SECRET_KEY` only with `paired` (the other half is set beside it). null otherwise.
 */
export function awsCredentialPart(name: string, paired = false): AwsCredentialPart | null {
  if (typeof name !== 'string') return null;
  const w = nameWords(name);
  const aws = w[0] === 'aws';
  const rest = (aws ? w.slice(1) : w).join('_');
  if (rest === 'access_key_id' || (aws && rest === 'access_key')) return 'access key id';
  if (rest === 'secret_access_key' || (aws && rest === 'secret_key')) return 'secret access key';
  if (aws && rest === 'session_token') return 'session token';
  if (paired && !aws && rest === 'access_key') return 'access key id';
  if (paired && !aws && rest === 'secret_key') return 'secret access key';
  return null;
}

/** Do these names hold both halves of an `ACCESS_KEY`/`SECRET_KEY` pair? */
export function hasAccessSecretKeyPair(names: readonly string[]): boolean {
  const parts = new Set(names.map((n) => nameWords(n).join('_')));
  return parts.has('access_key') && parts.has('secret_key');
}

/**
 * Is a literal given to an AWS credential variable a static credential? Any written value is — AWS's
 * own documentation keys too, since a function should not be configured with keys at all — except
 * template syntax, empty values, values that switch it off, and other documentation filler.
 */
export function isStaticAwsCredentialValue(value: string): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  if (AWS_DOCUMENTATION_KEYS.has(v)) return true;
  if (!v || UNSET.test(v) || isTemplateLike(v)) return false;
  return !isNonSecretFiller(v);
}

// ---------------------------------------------------------------------------------------------------
// weak but real passwords

/** Values that are never a password's value, whatever field holds them. */
const NOT_A_PASSWORD: readonly RegExp[] = [
  /^(?:true|false|yes|no|on|off|null|nil|none|undefined)$/i,
  /^[+-]?\d+(?:\.\d+)?$/, // numbers
  /^arn:/i,
  /^(?:ssm|secretsmanager|ssm-secure|resolve):/i,
  /^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i, // URLs without credentials
  /^\//, // absolute paths and SSM parameter names
  /^[\w.-]+(?:\/[\w.-]+)+$/, // Secrets Manager names and relative paths
  /^[A-Za-z]+(?:[-_.][A-Za-z]+)+$/, // words joined by separators: a resource or parameter name
  /^(?:[A-Z][a-z]+){2,}$/, // CamelCase words: a logical id or parameter name
  /^\$(?:2[abxy]?|argon2(?:id|i|d)|[156])\$/, // crypt hashes
];

/** Shortest weak password reported in a password field. */
const MIN_PASSWORD_LENGTH = 6;
const MAX_PASSWORD_LENGTH = 128;
const WHITESPACE = /\s/;

/**
 * Is a literal in a manifest's password field a real (if weak) password: `hunter2hunter2`,
 * `Summer2024!`? Six or more characters of at least two classes, not a placeholder (`changeme`,
 * `<password>`, `${…}`, `xxx`, `TODO`, `your-password-here`), not a name, path, number or switch.
 */
export function looksLikePlainPassword(value: string): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  if (v.length < MIN_PASSWORD_LENGTH || v.length > MAX_PASSWORD_LENGTH || WHITESPACE.test(v)) return false;
  if (isNonSecretFiller(v) || NOT_A_PASSWORD.some((re) => re.test(v))) return false;
  return charClasses(v).count >= 2 && distinctChars(v) >= 5;
}

/**
 * A (name, value) pair written in a deployable manifest: `classifyNamedValue`, and a weak but real
 * password under a password name (`DB_PASSWORD: Summer2024!`), which code and `.env` files judge by
 * the stricter shape check.
 */
export function classifyManifestValue(name: string, value: string): SecretClassification | null {
  const hit = classifyNamedValue(name, value);
  if (hit || typeof value !== 'string') return hit;
  if (secretKindOfName(name) !== 'password' || !looksLikePlainPassword(value)) return null;
  const start = value.length - value.trimStart().length;
  const secret = value.trim();
  return { kind: 'generic', name: 'password', confidence: 'medium', start, end: start + secret.length, secret };
}

// ---------------------------------------------------------------------------------------------------
// settings named like secrets

/**
 * Last words of a map's name that make it a map of settings about secrets rather than of secrets:
 * Cognito `TokenValidityUnits: {AccessToken: hours}`, `PasswordPolicy`, `SecretRotation`, `KeyUsage`.
 * (`*Settings`, `*Config` and `*Options` maps are not among them: DMS `MongoDbSettings.Password` is
 * a password.)
 */
const SETTINGS_WORDS = new Set([
  'units',
  'unit',
  'validity',
  'validities',
  'length',
  'ttl',
  'ttls',
  'type',
  'types',
  'policy',
  'policies',
  'rotation',
  'expiration',
  'expiry',
  'duration',
  'durations',
  'timeout',
  'timeouts',
  'format',
  'formats',
  'mode',
  'modes',
  'usage',
  'arn',
  'arns',
  'name',
  'names',
  'id',
  'ids',
  'enabled',
]);

/** Is this the name of a map that holds settings about secrets (`TokenValidityUnits`)? */
export function isSecretSettingsName(name: string): boolean {
  const w = nameWords(name);
  const last = w[w.length - 1];
  return last !== undefined && SETTINGS_WORDS.has(last);
}

/** Units and switches a setting takes (`hours`, `days`, `true`, `ENABLED`). */
const UNIT_OR_SWITCH =
  /^(?:(?:milli|micro)?seconds?|minutes?|hours?|days?|weeks?|months?|years?|true|false|yes|no|on|off|enabled?|disabled?|none)$/i;
/** Algorithms and encryption settings (`AES256`, `aws:kms`, `RSA_2048`, `HS256`). */
const ALGORITHM = /^(?:aes-?(?:128|192|256)|aws:kms(?::dsse)?|sse-?(?:s3|kms|c)|rsa[-_]?\d{4}|[hre]s\d{3}|sha-?\d{1,3})$/i;
/** SCREAMING_CASE letters only: an enumeration constant (`SYMMETRIC_DEFAULT`, `ENCRYPT_DECRYPT`). */
const SCREAMING_WORDS = /^[A-Z]{2,16}(?:_[A-Z]{2,16}){0,3}$/;

/** Is a value an enumeration constant (`hours`, `AES256`, `SYMMETRIC_DEFAULT`), never a secret? */
export function isEnumLikeValue(value: string): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  return UNIT_OR_SWITCH.test(v) || ALGORITHM.test(v) || SCREAMING_WORDS.test(v);
}

/** The regular expressions of this module (for the ReDoS test). */
export const MANIFEST_REGEXES: readonly RegExp[] = [UNSET, ...NOT_A_PASSWORD, WHITESPACE, UNIT_OR_SWITCH, ALGORITHM, SCREAMING_WORDS];

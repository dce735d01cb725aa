/**
 * Recognising values that only look like secrets: template and variable syntax, documentation
 * placeholders, masked values and trivially guessable filler.
 */
import { wordSet } from './checks.js';

/**
 * Template / variable / reference syntax anywhere in the value: `${X}`, `{{x}}`, `<%= x %>`, `#{x}`,
 * `$(cmd)`, `%s`, `%(name)s`, `{0}`, `process.env.X`, `os.environ[...]`, `getenv(...)`, `ENV[...]`,
 * `@Microsoft.KeyVault(...)`, `{{resolve:...}}`; or a whole value that is `$VAR` / `%VAR%`.
 */
const TEMPLATE_ANYWHERE =
  /\$\{|\{\{|\}\}|<%|%>|#\{|\$\(|%\(\w{1,40}\)[sd]|%[sdvqi](?![A-Za-z0-9])|\{\d\}|process\.env|import\.meta\.env|os\.environ|getenv\(|\bENV\[|@Microsoft\.KeyVault\(|\bresolve:(?:ssm|secretsmanager)/i;
const TEMPLATE_WHOLE = /^(?:\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\{[A-Za-z_][A-Za-z0-9_.-]*\})$/;

export function isTemplateLike(value: string): boolean {
  return TEMPLATE_ANYWHERE.test(value) || TEMPLATE_WHOLE.test(value.trim());
}

/** `<your-key>`, `<password>`, `[API KEY]`, `(token)` — a bracketed description rather than a value. */
const BRACKETED = /<[A-Za-z][\w .-]{0,60}>|^\[[A-Za-z][\w .-]{0,60}\]$|^\([A-Za-z][\w .-]{0,60}\)$/;

/** Markers of masked or elided values: `***`, `…`, `...`, `•••`, four or more x's. */
const MASKED = /\*{3}|\u2026|\.{3}|\u2022{2}|x{4}|X{4}|#{4}/;

/** Words that mark documentation filler when they appear anywhere in the value. */
const FILLER_ANYWHERE =
  /your|change[-_ ]?me|replace[-_ ]?(?:me|this|with)|placeholder|example|sample|dummy|redacted|notreal|not[-_ ]a[-_ ]real|fake[-_ ]|insert[-_ ]|fixme|[-_ ]here$/i;

/**
 * Whole values (after lower-casing and dropping everything but letters) that are filler or famous
 * default passwords: `password123`, `Secret!`, `test-1234`, `admin01` all reduce to a word in here.
 */
const FILLER_WORDS = wordSet(`
  test testing tests password passwd pass pwd passphrase secret secrets token key apikey apitoken
  accesskey secretkey privatekey todo tbd null nil none undefined empty default changeme example
  dummy sample foo bar baz foobar abc admin administrator root user username guest demo qwerty
  letmein welcome mypassword mysecret supersecret secretpassword topsecret value string na unknown
  hidden private required optional blank local dev development prod production staging true false
  yes no on off enabled disabled x xyz abcd asdf hello helloworld postgres mysql redis mongo
  rabbitmq guestguest
`);

const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '0123456789', '1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc'];

/** True for a run of 2+ letters or digits that reads along the alphabet, digits or a keyboard row. */
function isSequenceRun(run: string): boolean {
  if (run.length < 2) return false;
  const r = run.toLowerCase();
  for (const s of SEQUENCES) {
    if (s.includes(r)) return true;
    if ([...s].reverse().join('').includes(r)) return true;
  }
  return false;
}

/**
 * `12345678`, `abcdef`, `abcd1234`, `qwerty123`, `987654321`: every alphanumeric run is a sequence of
 * at least two characters. Values with no alphanumerics at all are not sequences (judged elsewhere).
 */
export function isSequential(value: string): boolean {
  const runs = value.match(/[A-Za-z]+|[0-9]+/g);
  if (!runs) return false;
  const total = runs.reduce((n, r) => n + r.length, 0);
  return total >= 3 && runs.every(isSequenceRun);
}

/** Every character the same, or one character making up at least 60% of a value of 4+ characters. */
export function isRepetitive(value: string): boolean {
  if (!value) return true;
  const counts = new Map<string, number>();
  let max = 0;
  for (const ch of value) {
    const c = (counts.get(ch) ?? 0) + 1;
    counts.set(ch, c);
    if (c > max) max = c;
  }
  return counts.size === 1 || (value.length >= 4 && max / value.length >= 0.6);
}

/**
 * Documentation placeholders and filler: `changeme`, `<your-key>`, `your_api_key_here`, `xxxxxxxx`,
 * `****`, `sk_live_...`, `dummy`, `test`, `password`, `null`, all one character, `12345678`, `abcdef`.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (!v) return true;
  if (BRACKETED.test(v) || MASKED.test(v) || FILLER_ANYWHERE.test(v)) return true;
  // `password123`, `Secret!`, `test-1234`: a filler word padded with digits or punctuation
  const letters = v.toLowerCase().replace(/[^a-z]/g, '');
  if (letters && letters.length >= 0.4 * v.length && FILLER_WORDS.has(letters)) return true;
  return isRepetitive(v) || isSequential(v);
}

/** Template syntax or a placeholder: never report it as a secret. */
export function isNonSecretFiller(value: string): boolean {
  return isTemplateLike(value) || isPlaceholder(value);
}

/** The regular expressions of this module (for the ReDoS test). */
export const PLACEHOLDER_REGEXES: readonly RegExp[] = [TEMPLATE_ANYWHERE, TEMPLATE_WHOLE, BRACKETED, MASKED, FILLER_ANYWHERE];

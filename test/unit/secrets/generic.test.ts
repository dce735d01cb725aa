import { describe, expect, it } from 'vitest';
import {
  classifyNamedValue,
  isNonSecretFiller,
  isSecretLikeName,
  looksLikeSecretValue,
  nameWords,
  secretKindOfName,
} from '../../../src/knowledge/secrets/index.js';
import { ALNUM, B64, BASE32, checksummedToken, HEX, Rng, uuid } from './gen.js';

const rng = new Rng(7);
const p = (...parts: string[]) => parts.join('');

describe('nameWords', () => {
  it.each([
    ['DB_PASSWORD', ['db', 'password']],
    ['dbPassword', ['db', 'password']],
    ['db-password', ['db', 'password']],
    ['APIKey', ['api', 'key']],
    ['getHTTPClient', ['get', 'http', 'client']],
    ['x-api-key', ['x', 'api', 'key']],
    ['spring.datasource.password', ['spring', 'datasource', 'password']],
    ['clientsecret', ['client', 'secret']],
    ['apikey', ['api', 'key']],
    ['monkey', ['monkey']],
    ['oauth2Token', ['oauth2', 'token']],
    ['', []],
  ])('%s', (name, words) => {
    expect(nameWords(name)).toEqual(words);
  });
});

describe('isSecretLikeName', () => {
  it.each([
    'password',
    'DB_PASSWORD',
    'dbPassword',
    'db-password',
    'DB_PASS',
    'SMTP_PWD',
    'passwd',
    'PASSPHRASE',
    'secret',
    'JWT_SECRET',
    'jwtSecret',
    'client_secret',
    'clientSecret',
    'SESSION_SECRET',
    'WEBHOOK_SECRET',
    'token',
    'GITHUB_TOKEN',
    'accessToken',
    'refresh_token',
    'authToken',
    'api_key',
    'apiKey',
    'APIKey',
    'API-KEY',
    'x-api-key',
    'apikey',
    'ACCESS_KEY',
    'AWS_ACCESS_KEY_ID',
    'private_key',
    'privateKey',
    'signing_key',
    'ENCRYPTION_KEY',
    'MASTER_KEY',
    'sessionkey',
    'credentials',
    'GOOGLE_CREDENTIALS',
    'auth',
    'BASIC_AUTH',
    'SENTRY_DSN',
    'DB_CONNECTION_STRING',
    'DB_PASSWORD_PROD',
    'SECRET_V2',
    'SECRET_KEY_BASE',
    'spring.datasource.password',
  ])('%s is secret-like', (name) => {
    expect(isSecretLikeName(name)).toBe(true);
  });

  it.each([
    'TOKEN_URL',
    'SECRET_NAME',
    'SECRET_ARN',
    'PASSWORD_POLICY',
    'KEY_ID',
    'KMS_KEY_ID',
    'SECRET_ID',
    'DB_PASSWORD_PARAM',
    'PASSWORD_FILE',
    'TOKEN_TTL',
    'PASSWORD_MIN_LENGTH',
    'AUTH_ENABLED',
    'SECRET_REGION',
    'AUTH_HEADER',
    'TOKEN_ENDPOINT',
    'SECRET_PATH',
    'PASSWORD_HASH',
    'secretsManagerArn',
    'tokenType',
    'nextToken',
    'NextToken',
    'ContinuationToken',
    'paginationToken',
    'ClientToken',
    'csrfToken',
    'PUBLISHABLE_KEY',
    'STRIPE_PUBLIC_KEY',
    'CACHE_KEY',
    'PARTITION_KEY',
    'S3_KEY',
    'key',
    'PWD',
    'monkey',
    'TOKENIZER',
    'passthrough',
    'LOG_LEVEL',
    '',
  ])('%s is not secret-like', (name) => {
    expect(isSecretLikeName(name)).toBe(false);
  });

  it('names the kind of secret', () => {
    expect(secretKindOfName('DB_PASSWORD')).toBe('password');
    expect(secretKindOfName('clientSecret')).toBe('client secret');
    expect(secretKindOfName('JWT_SECRET')).toBe('secret');
    expect(secretKindOfName('GITHUB_TOKEN')).toBe('token');
    expect(secretKindOfName('x-api-key')).toBe('API key');
    expect(secretKindOfName('AWS_ACCESS_KEY_ID')).toBe('access key');
    expect(secretKindOfName('privateKey')).toBe('private key');
    expect(secretKindOfName('SIGNING_KEY')).toBe('signing key');
    expect(secretKindOfName('ENCRYPTION_KEY')).toBe('encryption key');
    expect(secretKindOfName('MASTER_KEY')).toBe('key');
    expect(secretKindOfName('GOOGLE_CREDENTIALS')).toBe('credentials');
    expect(secretKindOfName('SENTRY_DSN')).toBe('connection string');
    expect(secretKindOfName('SECRET_NAME')).toBeNull();
  });
});

describe('looksLikeSecretValue', () => {
  const token = rng.str(32, ALNUM);
  it.each([
    ['a password with four classes', 'Xk9#mP2$vL7qR4wz'],
    ['a password with three classes', 'MyS3cretPass'],
    ['a random alphanumeric token', token],
    ['a hex digest-like token', rng.str(32, HEX)],
    ['a base64 token', rng.str(40, B64)],
    ['a base32 TOTP seed', rng.str(16, BASE32)],
    ['a base64 token that starts with a slash', `/${rng.str(39, B64)}`],
    ['a UUID', uuid(rng)],
    ['a bearer credential', `Bearer ${token}`],
  ])('%s', (_what, value) => {
    expect(looksLikeSecretValue(value)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['short', 'Ab1!x'],
    ['changeme', 'changeme'],
    ['change-me', 'change-me'],
    ['x filler', 'xxxxxxxxxxxx'],
    ['stars', '************'],
    ['bracketed placeholder', '<your-key>'],
    ['doc filler', 'your_api_key_here'],
    ['example', 'example-secret-1'],
    ['dummy', 'dummy-token-value'],
    ['test', 'test'],
    ['password', 'password'],
    ['padded filler word', 'password123'],
    ['padded filler word 2', 'Secret!!'],
    ['padded filler word 3', 'test-1234'],
    ['todo', 'TODO'],
    ['null', 'null'],
    ['none', 'none'],
    ['undefined', 'undefined'],
    ['one character', 'aaaaaaaaaaaa'],
    ['mostly one character', 'aaaaaaaab1'],
    ['sequence', '12345678'],
    ['alphabet', 'abcdefgh'],
    ['sequences', 'abcd1234'],
    ['keyboard', 'qwerty123'],
    ['template ${}', '${DB_PASSWORD}'],
    ['template {{}}', '{{ secrets.TOKEN }}'],
    ['printf', 'token-%s-value'],
    ['shell variable', '$DB_PASSWORD'],
    ['process.env', 'process.env.DB_PASSWORD'],
    ['URL without credentials', 'https://api.example.com/v1/token?x=1'],
    ['absolute path', '/etc/secrets/db.json'],
    ['relative path', './keys/private.pem'],
    ['home path', '~/.ssh/id_rsa'],
    ['Windows path', 'C:\\keys\\app-prod.pem'],
    ['file name', 'service-account.json'],
    ['ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf'],
    ['resource name', 'my-app-prod-db-secret'],
    ['secret path', 'prod/billing/stripe'],
    ['PascalCase name', 'MyAppDbSecret'],
    ['boolean', 'true'],
    ['number', '3600'],
    ['region', 'us-east-1'],
    ['sentence', 'hello world this is text'],
    ['e-mail', 'ops-team@example.com'],
    ['host name', 'db.internal.example.com'],
    ['timestamp', '2024-01-01T00:00:00Z'],
    ['version', 'v1.2.3'],
    ['KMS alias', 'alias/my-app-key'],
    ['certificate', '-----BEGIN CERTIFICATE-----\nMIIB'],
    ['reference as text', 'ssm:/prod/db/password'],
    ['non-string', 42 as unknown as string],
  ])('%s is not a secret', (_what, value) => {
    expect(looksLikeSecretValue(value)).toBe(false);
  });

  it('treats placeholders and templates as filler', () => {
    expect(isNonSecretFiller('<password>')).toBe(true);
    expect(isNonSecretFiller('#{password}')).toBe(true);
    expect(isNonSecretFiller('%(password)s')).toBe(true);
    expect(isNonSecretFiller('@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/x)')).toBe(true);
    expect(isNonSecretFiller('Xk9#mP2$vL7qR4wz')).toBe(false);
  });
});

describe('classifyNamedValue', () => {
  const pw = 'Zq8' + rng.str(13, ALNUM) + '%';
  const ghp = checksummedToken(p('gh', 'p_'), rng);

  it('prefers a provider format, wherever it is in the value', () => {
    expect(classifyNamedValue('GITHUB_TOKEN', ghp)).toEqual({
      kind: 'github-token',
      name: 'GitHub token',
      confidence: 'high',
      start: 0,
      end: ghp.length,
      secret: ghp,
    });
    // the name does not matter for a provider format
    expect(classifyNamedValue('AUTH_HEADER', `Bearer ${ghp}`)).toMatchObject({ kind: 'github-token', start: 7, end: 7 + ghp.length });
    const url = `postgres://app:${pw}@db.internal/app`;
    expect(classifyNamedValue('DATABASE_URL', url)).toMatchObject({ kind: 'database-url', start: url.indexOf(pw), secret: pw });
  });

  it('falls back to the generic check for secret-like names', () => {
    expect(classifyNamedValue('DB_PASSWORD', pw)).toEqual({
      kind: 'generic',
      name: 'password',
      confidence: 'medium',
      start: 0,
      end: pw.length,
      secret: pw,
    });
    const token = rng.str(40, ALNUM);
    expect(classifyNamedValue('API_TOKEN', `  Bearer ${token}`)).toEqual({
      kind: 'generic',
      name: 'token',
      confidence: 'medium',
      start: 9,
      end: 9 + token.length,
      secret: token,
    });
  });

  it('judges a JSON object value by its members', () => {
    const json = JSON.stringify({ username: 'app', password: pw, host: 'db.internal' });
    expect(classifyNamedValue('DB_CREDENTIALS', json)).toEqual({
      kind: 'generic',
      name: 'password',
      confidence: 'medium',
      start: json.indexOf(pw),
      end: json.indexOf(pw) + pw.length,
      secret: pw,
    });
    expect(classifyNamedValue('APP_CONFIG', JSON.stringify({ nested: { apiKey: pw } }))).toMatchObject({
      kind: 'generic',
      name: 'API key',
    });
    expect(classifyNamedValue('APP_CONFIG', JSON.stringify({ region: 'us-east-1', table: 'orders' }))).toBeNull();
  });

  it('decides UUIDs by the name', () => {
    expect(classifyNamedValue('WEBHOOK_SECRET', uuid(rng))).toMatchObject({ kind: 'generic', name: 'secret' });
    expect(classifyNamedValue('TENANT_ID', uuid(rng))).toBeNull();
  });

  it('returns null for names, references, placeholders and non-strings', () => {
    expect(classifyNamedValue('SECRET_NAME', 'prod/billing/stripe')).toBeNull();
    expect(classifyNamedValue('DB_PASSWORD', '${ssm:/prod/db/password}')).toBeNull();
    expect(classifyNamedValue('DB_PASSWORD', '{{resolve:secretsmanager:prod/db:SecretString:password}}')).toBeNull();
    expect(classifyNamedValue('API_KEY', 'changeme')).toBeNull();
    expect(classifyNamedValue('API_KEY', '')).toBeNull();
    expect(classifyNamedValue('LOG_LEVEL', rng.str(32, ALNUM))).toBeNull();
    expect(classifyNamedValue('PASSWORD', 12345678 as unknown as string)).toBeNull();
    expect(classifyNamedValue(undefined as unknown as string, pw)).toBeNull();
  });

  it('classifies the values of a serverless.yml environment', () => {
    const env: Record<string, string> = {
      AWS_ACCESS_KEY_ID: p('AK', 'IA') + rng.str(16, BASE32),
      AWS_SECRET_ACCESS_KEY: rng.str(40, B64),
      DB_PASSWORD: 'Xk9#mP2$vL7qR4wz',
      PASSWORD_MIN_LENGTH: '12',
      SECRET_NAME: 'prod/billing/stripe',
      LOG_LEVEL: 'debug',
      TABLE_NAME: 'orders-prod',
      QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders',
    };
    const kinds = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, classifyNamedValue(k, v)?.kind ?? null]));
    expect(kinds).toEqual({
      AWS_ACCESS_KEY_ID: 'aws-access-key-id',
      AWS_SECRET_ACCESS_KEY: 'aws-secret-access-key',
      DB_PASSWORD: 'generic',
      PASSWORD_MIN_LENGTH: null,
      SECRET_NAME: null,
      LOG_LEVEL: null,
      TABLE_NAME: null,
      QUEUE_URL: null,
    });
  });
});

describe('values that look random but are not credentials (found on public Lambda code)', () => {
  it('leaves enum values, error codes and AWS constants alone', () => {
    expect(classifyNamedValue('accessKeyId', 'DEFAULT_ACCESS_KEY')).toBeNull();
    expect(classifyNamedValue('secretAccessKey', 'DEFAULT_SECRET')).toBeNull();
    expect(classifyNamedValue('INVALID_CREDENTIALS', 'INVALID_CREDENTIALS')).toBeNull();
    expect(classifyNamedValue('REFRESH_TOKEN', 'REFRESH_TOKEN_EXPIRED')).toBeNull();
    expect(classifyNamedValue('auth', 'AMAZON_COGNITO_USER_POOLS')).toBeNull();
  });

  it('leaves password hashes, regular expressions, translated labels and documentation values alone', () => {
    expect(classifyNamedValue('password', '$2a$10$92IXUNpkjO0rOQ5byMi.Ye4oKoEa3Ro9llC/.og/at2.uheWG/igi')).toBeNull();
    expect(classifyNamedValue('password', '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG')).toBeNull();
    expect(classifyNamedValue('password', '^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d).{8,}$')).toBeNull();
    expect(classifyNamedValue('password', 'Contraseña')).toBeNull();
    expect(classifyNamedValue('apiKey', 'API-Schlüssel')).toBeNull();
    expect(classifyNamedValue('ACCESS_TOKEN', `pk.eyJ1Ijoib${'x'.repeat(20)}.${'AbC1dE2fG3'.repeat(2)}`)).toBeNull();
    expect(classifyNamedValue('secret', '6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe')).toBeNull();
    expect(classifyNamedValue('secret', 'JBSWY3DPEHPK3PXP')).toBeNull();
  });

  it('still reports random values under the same names', () => {
    expect(classifyNamedValue('password', 'Xk9#mP2$vL7qR4wz')).toMatchObject({ kind: 'generic' });
    expect(classifyNamedValue('secret', 'K7F2QX9MPL4WZ8RT_Q2M9')).toMatchObject({ kind: 'generic' });
    expect(classifyNamedValue('accessKeyId', 'DEFAULT_ACCESS_KEY_9f3Kq2LmX7')).toMatchObject({ kind: 'generic' });
  });
});

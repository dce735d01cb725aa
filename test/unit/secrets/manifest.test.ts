import { describe, expect, it } from 'vitest';
import {
  awsCredentialPart,
  classifyManifestValue,
  classifyNamedValue,
  hasAccessSecretKeyPair,
  isEnumLikeValue,
  isSecretSettingsName,
  isStaticAwsCredentialValue,
  looksLikePlainPassword,
  parseDotenv,
  scanText,
  secretKindOfName,
} from '../../../src/knowledge/secrets/index.js';

describe('credential names written short or in other conventions', () => {
  it.each([
    ['pw', 'password'],
    ['pass', 'password'],
    ['passwd', 'password'],
    ['dbpass', 'password'],
    ['DBPASS', 'password'],
    ['rootpw', 'password'],
    ['userPwd', 'password'],
    ['mysql_pw', 'password'],
    ['MYSQL_PW', 'password'],
    ['smtp.pass', 'password'],
    ['redis-pass', 'password'],
    ['secret', 'secret'],
    ['creds', 'credentials'],
    ['apikey', 'API key'],
    ['api-key', 'API key'],
    ['X-Api-Key', 'API key'],
    ['auth', 'credentials'],
    ['bearer', 'token'],
    ['BEARER', 'token'],
    ['client_secret', 'client secret'],
    ['private_key', 'private key'],
    ['signing.key', 'signing key'],
  ])('%s is a %s', (name, kind) => {
    expect(secretKindOfName(name)).toBe(kind);
  });

  it.each([
    'PWD',
    'bypass',
    'compass',
    'passthrough',
    'password_min_length',
    'passwordLength',
    'authorizer',
    'authType',
    'author',
    'secretArn',
    'secretName',
    'TokenValidityUnits',
    'AccessTokenValidity',
    'tokenTtl',
    'keyType',
    'apiKeyId',
  ])('%s is not a secret name', (name) => {
    expect(secretKindOfName(name)).toBeNull();
  });
});

describe('weak but real passwords in a manifest', () => {
  it.each(['hunter2hunter2', 'Summer2024!', 'Tr0ub4dor&3', 'mailer-2024', 'r3d1s-pass'])('%s is a password', (v) => {
    expect(looksLikePlainPassword(v)).toBe(true);
    expect(classifyManifestValue('DB_PW', v)?.secret).toBe(v);
  });

  it.each([
    'changeme',
    '<password>',
    '${DB_PASSWORD}',
    'xxx',
    'xxxxxxxx',
    'TODO',
    'your-password-here',
    'Password1!',
    'portal',
    'true',
    '12345678',
    '/app/db-password',
    'prod/app/db',
    'app-db-password',
    'DbPasswordParam',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x',
    'hours',
    'pw 2024',
  ])('%s is not', (v) => {
    expect(looksLikePlainPassword(v)).toBe(false);
    expect(classifyManifestValue('DB_PASSWORD', v)).toBeNull();
  });

  it('applies to password names only; other secrets keep the shape check', () => {
    expect(classifyManifestValue('API_TOKEN', 'hunter2hunter2')).toBeNull();
    expect(classifyManifestValue('SESSION_SECRET', 'Summer2024!')).toBeNull();
    // code and .env files keep the shape check too
    expect(classifyNamedValue('DB_PASSWORD', 'hunter2hunter2')).toBeNull();
  });
});

describe('one placeholder policy for manifests, .env files, code and free text', () => {
  const placeholders = ['changeme', '<password>', '${DB_PASSWORD}', 'xxx', 'TODO', 'your-password-here', 'REPLACE_ME'];
  it.each(placeholders)('%s is silent everywhere', (v) => {
    expect(classifyManifestValue('DB_PASSWORD', v)).toBeNull();
    expect(classifyNamedValue('dbPassword', v)).toBeNull();
    const [entry] = parseDotenv(`DB_PASSWORD=${v}\n`);
    expect(classifyNamedValue(entry!.name, entry!.value)).toBeNull();
    expect(scanText(`export DB_PASSWORD="${v}"\npassword = '${v}'`, { generic: true })).toEqual([]);
  });
});

describe('static AWS credentials', () => {
  it.each([
    ['AWS_ACCESS_KEY_ID', 'access key id'],
    ['awsAccessKeyId', 'access key id'],
    ['aws-access-key', 'access key id'],
    ['AWS_SECRET_ACCESS_KEY', 'secret access key'],
    ['aws.secretKey', 'secret access key'],
    ['SECRET_ACCESS_KEY', 'secret access key'],
    ['AWS_SESSION_TOKEN', 'session token'],
  ])('%s names an AWS %s', (name, part) => {
    expect(awsCredentialPart(name)).toBe(part);
  });

  it('bare ACCESS_KEY / SECRET_KEY count only as a pair', () => {
    expect(awsCredentialPart('ACCESS_KEY')).toBeNull();
    expect(awsCredentialPart('secretKey', true)).toBe('secret access key');
    expect(hasAccessSecretKeyPair(['ACCESS_KEY', 'secretKey', 'REGION'])).toBe(true);
    expect(hasAccessSecretKeyPair(['ACCESS_KEY', 'REGION'])).toBe(false);
    expect(awsCredentialPart('AWS_ACCESS_KEY_ID_PARAM')).toBeNull();
    expect(awsCredentialPart('AWS_REGION')).toBeNull();
  });

  it('any written value is a static credential, the documentation keys too', () => {
    expect(isStaticAwsCredentialValue('AKIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(isStaticAwsCredentialValue('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(true);
    expect(isStaticAwsCredentialValue('k3yS3cr3tValue')).toBe(true);
    for (const v of ['', ' ', 'none', 'false', '${env:KEY}', '{{resolve:ssm:/k}}', 'changeme', '<key>'])
      expect(isStaticAwsCredentialValue(v)).toBe(false);
  });
});

describe('settings named like secrets', () => {
  it.each(['TokenValidityUnits', 'PasswordPolicy', 'SecretRotation', 'KeyUsage', 'tokenTtl', 'AuthType', 'SecretArn', 'ApiKeyId'])(
    '%s holds settings',
    (name) => {
      expect(isSecretSettingsName(name)).toBe(true);
    },
  );
  it.each(['MongoDbSettings', 'Users', 'Credentials', 'Variables', 'ProviderDetails'])('%s may hold secrets', (name) => {
    expect(isSecretSettingsName(name)).toBe(false);
  });
  it.each(['hours', 'days', 'Minutes', 'true', 'AES256', 'aws:kms', 'SYMMETRIC_DEFAULT', 'RSA_2048', 'HS256'])(
    '%s is an enumeration value',
    (v) => {
      expect(isEnumLikeValue(v)).toBe(true);
    },
  );
  it.each(['hunter2hunter2', 'Summer2024!', 'Xk9mP2vL7qR4'])('%s is not', (v) => {
    expect(isEnumLikeValue(v)).toBe(false);
  });
});

describe('free text', () => {
  it('reads command-line flags as assignments', () => {
    const text = 'python run.py --api-key=9f8e7d6c5b4a39281706f5e4d3c2b1a0 --bucket=reports';
    expect(scanText(text, { generic: true }).map((m) => m.value)).toEqual(['9f8e7d6c5b4a39281706f5e4d3c2b1a0']);
    // never inside a longer name
    expect(scanText('x-api-key=9f8e7d6c5b4a39281706f5e4d3c2b1a0', { generic: true }).map((m) => m.value)).toEqual([
      '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    ]);
  });
});

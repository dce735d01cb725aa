import { describe, expect, it } from 'vitest';
import {
  classifyNamedValue,
  crc32,
  DETECTORS,
  hasCrc32Base62Checksum,
  isPairedAwsSecretKey,
  scanText,
} from '../../../src/knowledge/secrets/index.js';
import {
  ALNUM,
  B64,
  B64URL,
  BASE32,
  b64url,
  checksummedToken,
  corruptLast,
  DIGITS,
  HEX,
  LOWER,
  makeJwt,
  makePem,
  Rng,
  UPPER,
  uuid,
} from './gen.js';
import { crc32 as zlibCrc32 } from 'node:zlib';

const rng = new Rng(20240611);

interface Case {
  /** a text holding exactly one secret of this detector */
  positive: { text: string; secret: string };
  /** texts in which the scanner must find nothing at all */
  negatives: string[];
}

// Prefixes are split so this file holds no scannable token literal.
const p = (...parts: string[]) => parts.join('');

const awsKeyId = p('AK', 'IA') + rng.str(16, BASE32);
const aws40 = () => rng.str(40, B64);
const hex = (n: number) => rng.str(n, HEX);
const gitlab20 = rng.str(20, ALNUM + '-_');
const snowflake = '1' + rng.str(17, DIGITS);
const discordId = b64url(snowflake).replace(/=+$/, '');
const jwtHeader = { alg: 'HS256', typ: 'JWT' };
const pemKey = makePem('RSA PRIVATE KEY', rng);
const jsonPem = makePem('PRIVATE KEY', rng, 900, '\\n') + '\\n';
const ghp = checksummedToken(p('gh', 'p_'), rng);
const npmTok = checksummedToken(p('np', 'm_'), rng);
const pw = 'Zq8' + rng.str(13, ALNUM) + '#';

const CASES: Record<string, Case> = {
  'gcp-service-account': {
    positive: {
      text: `{\n  "type": "service_account",\n  "project_id": "demo",\n  "private_key_id": "${hex(40)}",\n  "private_key": "${jsonPem}",\n  "client_email": "svc@demo.iam.gserviceaccount.com"\n}`,
      secret: jsonPem,
    },
    negatives: [
      `{ "type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n" }`,
      `{ "type": "service_account", "private_key": "" }`,
    ],
  },
  'private-key': {
    positive: { text: `key: |\n${pemKey}\nother: 1`, secret: pemKey },
    negatives: [
      '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
      `-----BEGIN RSA PRIVATE KEY-----\n${'x'.repeat(64)}\n${'x'.repeat(64)}\n-----END RSA PRIVATE KEY-----`,
      makePem('PUBLIC KEY', rng),
      makePem('CERTIFICATE', rng),
    ],
  },
  'aws-access-key-id': {
    positive: { text: `aws_access_key_id = ${awsKeyId}`, secret: awsKeyId },
    negatives: [
      p('AK', 'IAIOSFODNN7', 'EXAMPLE'), // AWS's documentation key
      p('AK', 'IA') + rng.str(15, BASE32), // too short
      p('AK', 'IA') + 'ABCDEFGH18JKLMN0', // 0, 1, 8 are not base32
      'X' + p('AK', 'IA') + rng.str(16, BASE32), // part of a longer token
      p('AK', 'IA') + 'AAAAAAAAAAAAAAAA', // not random
    ],
  },
  'aws-secret-access-key': (() => {
    const secret = aws40();
    return {
      positive: { text: `[default]\nkey_id = ${awsKeyId}\nvalue = ${secret}\n`, secret },
      negatives: [
        `key_id = ${awsKeyId}\n${'\n'.repeat(10)}value = ${aws40()}`.replace(awsKeyId, 'none'), // no key id at all
        `value = ${aws40()}`, // no anchor, no name
        `key_id = ${awsKeyId.replace(/.$/, '')}\nvalue = ${hex(40)}`, // a hex digest next to a (broken) key id
      ],
    };
  })(),
  'github-token': {
    positive: { text: `GITHUB_TOKEN=${ghp}`, secret: ghp },
    negatives: [corruptLast(ghp), ghp.slice(0, -1), p('gh', 'p_') + 'x'.repeat(36)],
  },
  'github-fine-grained-pat': (() => {
    const t = p('github', '_pat_') + rng.str(22, ALNUM) + '_' + rng.str(59, ALNUM);
    return {
      positive: { text: `token: "${t}"`, secret: t },
      negatives: [t.slice(0, -1), p('github', '_pat_') + 'X'.repeat(22) + '_' + 'X'.repeat(59)],
    };
  })(),
  'gitlab-token': {
    positive: { text: `CI_TOKEN=${p('gl', 'pat-')}${gitlab20}`, secret: p('gl', 'pat-') + gitlab20 },
    negatives: [p('gl', 'pat-') + gitlab20.slice(1), p('gl', 'pat-') + 'x'.repeat(20), p('gl', 'pat-') + 'your-token-goes-here'],
  },
  'slack-token': (() => {
    const t = p('xo', 'xb-') + rng.str(11, DIGITS) + '-' + rng.str(12, DIGITS) + '-' + rng.str(24, ALNUM);
    return {
      positive: { text: `slack: ${t}`, secret: t },
      negatives: [p('xo', 'xb-') + 'your-bot-token', p('xo', 'xb-') + '0000000000-0000000000-' + '0'.repeat(24)],
    };
  })(),
  'slack-webhook': (() => {
    const t = `https://${p('hooks.sl', 'ack.com')}/services/T${rng.str(9, UPPER + DIGITS)}/B${rng.str(9, UPPER + DIGITS)}/${rng.str(24, ALNUM)}`;
    return {
      positive: { text: `url: ${t}`, secret: t },
      negatives: [
        `https://${p('hooks.sl', 'ack.com')}/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`,
        `https://${p('hooks.sl', 'ack.com')}/services/T${rng.str(9, UPPER)}/${rng.str(24, ALNUM)}`,
      ],
    };
  })(),
  'stripe-secret-key': (() => {
    const t = p('sk', '_live_') + rng.str(99, ALNUM);
    return {
      positive: { text: `stripe = '${t}'`, secret: t },
      negatives: [p('sk', '_test_') + rng.str(99, ALNUM), p('sk', '_live_') + 'x'.repeat(24), p('sk', '_live_') + rng.str(12, ALNUM)],
    };
  })(),
  'stripe-webhook-secret': (() => {
    const t = p('wh', 'sec_') + rng.str(32, ALNUM);
    return { positive: { text: `WEBHOOK=${t}`, secret: t }, negatives: [p('wh', 'sec_') + '1234567890abcdef'] };
  })(),
  'twilio-api-key': (() => {
    const t = 'SK' + hex(32);
    return { positive: { text: `key: ${t}`, secret: t }, negatives: ['SK' + hex(31), 'SK' + '0'.repeat(32), 'SK' + hex(32).toUpperCase()] };
  })(),
  'twilio-auth-token': (() => {
    const t = hex(32);
    return {
      positive: { text: `sid = AC${hex(32)}\ntoken = ${t}\n`, secret: t },
      negatives: [`token = ${hex(32)}`, `sid = AC${hex(32)}\ntoken = ${'0'.repeat(32)}`],
    };
  })(),
  'sendgrid-api-key': (() => {
    const t = p('S', 'G.') + rng.str(22, B64URL) + '.' + rng.str(43, B64URL);
    return { positive: { text: `SENDGRID=${t}`, secret: t }, negatives: [p('S', 'G.') + rng.str(21, B64URL) + '.' + rng.str(43, B64URL)] };
  })(),
  'mailgun-api-key': (() => {
    const t = 'key-' + hex(32);
    return {
      positive: { text: `mailgun: ${t}`, secret: t },
      negatives: ['cache-key-' + hex(32), 'key-' + hex(31), 'key-' + 'a'.repeat(32)],
    };
  })(),
  'mailchimp-api-key': (() => {
    const t = hex(32) + '-us12';
    return { positive: { text: `MC=${t}`, secret: t }, negatives: [hex(31) + '-us12', hex(32) + '-eu1', 'f'.repeat(32) + '-us1'] };
  })(),
  'google-api-key': (() => {
    const t = p('AI', 'za') + rng.str(35, ALNUM + '-_');
    return {
      positive: { text: `apiKey: "${t}"`, secret: t },
      negatives: [p('AI', 'za') + rng.str(34, ALNUM), p('AI', 'za') + 'X'.repeat(35)],
    };
  })(),
  'google-oauth-client-secret': (() => {
    const t = p('GOC', 'SPX-') + rng.str(28, ALNUM + '-_');
    return { positive: { text: `client_secret=${t}`, secret: t }, negatives: [p('GOC', 'SPX-') + rng.str(27, ALNUM)] };
  })(),
  'azure-cosmos-account-key': (() => {
    const key = rng.bytes(64).toString('base64');
    return {
      positive: { text: `"CosmosDb": "AccountEndpoint=https://orders.documents.azure.com:443/;AccountKey=${key};"`, secret: key },
      negatives: [
        // the Cosmos DB emulator's published key, under its endpoint and under a real one
        'AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
        'AccountEndpoint=https://orders.documents.azure.com:443/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
        'AccountEndpoint=https://orders.documents.azure.com:443/;AccountKey=${COSMOS_KEY};',
      ],
    };
  })(),
  'azure-storage-account-key': (() => {
    const key = rng.bytes(64).toString('base64');
    return {
      positive: { text: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${key};EndpointSuffix=core.windows.net`, secret: key },
      negatives: [
        // the storage emulator's published key
        `AccountKey=Eby8vdM02xNOcqFl${rng.str(70, B64)}==`,
        'AccountKey=<your-account-key>',
      ],
    };
  })(),
  'azure-shared-access-key': (() => {
    const key = rng.bytes(32).toString('base64');
    return {
      positive: { text: `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${key}`, secret: key },
      negatives: ['Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${SB_KEY}'],
    };
  })(),
  'azure-sas-token': (() => {
    const sig = encodeURIComponent(rng.bytes(32).toString('base64'));
    return {
      positive: {
        text: `https://acct.blob.core.windows.net/c/b.txt?sv=2022-11-02&ss=b&sp=r&se=2030-01-01T00:00:00Z&sig=${sig}`,
        secret: sig,
      },
      negatives: [
        `https://example.com/download?id=1&sig=${encodeURIComponent(rng.bytes(32).toString('base64'))}`, // no sv=
        `https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=${encodeURIComponent(rng.bytes(16).toString('base64'))}`,
      ],
    };
  })(),
  'npm-token': {
    positive: { text: `//registry.npmjs.org/:_authToken=${npmTok}`, secret: npmTok },
    negatives: [corruptLast(npmTok), p('np', 'm_') + 'x'.repeat(36)],
  },
  'pypi-token': (() => {
    const t = p('pypi-', 'AgEIcHlwaS5vcmc') + rng.str(120, B64URL);
    return { positive: { text: `password = ${t}`, secret: t }, negatives: [p('pypi-', 'AgEIcHlwaS5vcmc') + rng.str(40, B64URL)] };
  })(),
  'openai-api-key': (() => {
    const t = p('sk-', 'proj-') + rng.str(74, B64URL) + p('T3Blbk', 'FJ') + rng.str(74, B64URL);
    return {
      positive: { text: `OPENAI_API_KEY="${t}"`, secret: t },
      negatives: [p('sk-', 'proj-') + 'x'.repeat(60), p('sk-') + rng.str(20, ALNUM) + p('T3Blbk', 'FJ') + rng.str(19, ALNUM)],
    };
  })(),
  'anthropic-api-key': (() => {
    const t = p('sk-', 'ant-api03-') + rng.str(93, B64URL) + 'AA';
    return { positive: { text: `key: ${t}`, secret: t }, negatives: [p('sk-', 'ant-api03-') + rng.str(92, B64URL) + 'AA'] };
  })(),
  'huggingface-token': (() => {
    const t = p('h', 'f_') + rng.str(34, UPPER + LOWER);
    return {
      positive: { text: `HF_TOKEN=${t}`, secret: t },
      negatives: [p('h', 'f_') + rng.str(33, UPPER + LOWER), p('h', 'f_') + rng.str(34, LOWER)],
    };
  })(),
  'shopify-token': (() => {
    const t = p('shp', 'at_') + hex(32);
    return { positive: { text: `token=${t}`, secret: t }, negatives: [p('shp', 'at_') + hex(31)] };
  })(),
  'datadog-api-key': (() => {
    const t = hex(32);
    return { positive: { text: `DD_API_KEY=${t}\n`, secret: t }, negatives: [`DD_SITE=${hex(32)}`, hex(32)] };
  })(),
  'heroku-api-key': (() => {
    const t = uuid(rng);
    return { positive: { text: `HEROKU_API_KEY: ${t}`, secret: t }, negatives: [`HEROKU_APP_ID: ${uuid(rng)}`] };
  })(),
  'heroku-platform-key': (() => {
    const t = p('HR', 'KU-AA') + rng.str(58, B64URL);
    return { positive: { text: `key ${t}`, secret: t }, negatives: [p('HR', 'KU-AA') + rng.str(57, ALNUM)] };
  })(),
  'new-relic-key': (() => {
    const t = p('NR', 'AK-') + rng.str(27, UPPER + DIGITS);
    return {
      positive: { text: `NEW_RELIC_API_KEY=${t}`, secret: t },
      negatives: [p('NR', 'JS-') + hex(19), p('NR', 'AK-') + rng.str(26, UPPER + DIGITS)],
    };
  })(),
  'discord-bot-token': (() => {
    const t = `${discordId}.${rng.str(6, B64URL)}.${rng.str(38, B64URL)}`;
    return {
      positive: { text: `DISCORD=${t}`, secret: t },
      // same shape, but the first segment does not decode to a numeric id
      negatives: [`M${rng.str(23, ALNUM)}.${rng.str(6, B64URL)}.${rng.str(38, B64URL)}`],
    };
  })(),
  'discord-webhook': (() => {
    const t = `https://discord.com/api/webhooks/${snowflake}/${rng.str(68, B64URL)}`;
    return { positive: { text: `hook: ${t}`, secret: t }, negatives: [`https://discord.com/api/webhooks/${snowflake}/${'x'.repeat(68)}`] };
  })(),
  'telegram-bot-token': (() => {
    const t = rng.str(9, DIGITS) + ':AA' + rng.str(33, B64URL);
    return {
      positive: { text: `bot: "${t}"`, secret: t },
      negatives: [rng.str(9, DIGITS) + ':AA' + rng.str(32, B64URL), 'version 12345678:B' + rng.str(34, ALNUM)],
    };
  })(),
  'square-token': (() => {
    const t = p('sq0', 'atp-') + rng.str(22, B64URL);
    return { positive: { text: `SQUARE=${t}`, secret: t }, negatives: [p('sq0', 'atp-') + rng.str(21, B64URL)] };
  })(),
  'braintree-access-token': (() => {
    const t = p('access_token', '$production$') + rng.str(16, LOWER + DIGITS) + '$' + hex(32);
    return {
      positive: { text: `BT=${t}`, secret: t },
      negatives: [p('access_token', '$sandbox$') + rng.str(16, LOWER + DIGITS) + '$' + hex(32)],
    };
  })(),
  'digitalocean-token': (() => {
    const t = p('do', 'p_v1_') + hex(64);
    return { positive: { text: `DO=${t}`, secret: t }, negatives: [p('do', 'p_v1_') + hex(63)] };
  })(),
  'doppler-token': (() => {
    const t = p('dp', '.pt.') + rng.str(43, ALNUM);
    return { positive: { text: `DOPPLER_TOKEN=${t}`, secret: t }, negatives: [p('dp', '.pt.') + rng.str(39, ALNUM)] };
  })(),
  'linear-api-key': (() => {
    const t = p('lin', '_api_') + rng.str(40, ALNUM);
    return { positive: { text: `LINEAR=${t}`, secret: t }, negatives: [p('lin', '_api_') + rng.str(39, ALNUM)] };
  })(),
  'postman-api-key': (() => {
    const t = p('PM', 'AK-') + hex(24) + '-' + hex(34);
    return { positive: { text: `POSTMAN=${t}`, secret: t }, negatives: [p('PM', 'AK-') + hex(24) + '-' + hex(33)] };
  })(),
  'atlassian-api-token': (() => {
    const t = p('ATA', 'TT3') + rng.str(186, ALNUM + '_-');
    return { positive: { text: `token: ${t}`, secret: t }, negatives: [p('ATA', 'TT3') + rng.str(185, ALNUM)] };
  })(),
  'atlassian-legacy-token': (() => {
    const t = rng.str(24, ALNUM);
    return { positive: { text: `JIRA_API_TOKEN=${t}`, secret: t }, negatives: [`JIRA_PROJECT_KEY=${rng.str(24, ALNUM)}`] };
  })(),
  'age-secret-key': (() => {
    const t = p('AGE-SECRET', '-KEY-1') + rng.str(58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L');
    return {
      positive: { text: `# key\n${t}\n`, secret: t },
      negatives: [p('AGE-SECRET', '-KEY-1') + rng.str(57, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L') + 'B'],
    };
  })(),
  'sentry-auth-token': (() => {
    const t = p('sntr', 'yu_') + hex(64);
    return { positive: { text: `SENTRY_AUTH_TOKEN=${t}`, secret: t }, negatives: [p('sntr', 'yu_') + hex(63)] };
  })(),
  'sentry-dsn-secret': (() => {
    const secret = hex(32);
    return {
      positive: { text: `dsn: https://${hex(32)}:${secret}@o123.ingest.sentry.io/456`, secret },
      negatives: [`dsn: https://${hex(32)}@o123.ingest.sentry.io/456`], // modern DSNs are public
    };
  })(),
  'firebase-fcm-server-key': (() => {
    const t = 'AAAA' + rng.str(7, B64URL) + p(':APA', '91b') + rng.str(134, B64URL);
    return {
      positive: { text: `FCM_KEY=${t}`, secret: t },
      negatives: ['AAAA' + rng.str(7, B64URL) + p(':APA', '91b') + rng.str(133, B64URL)],
    };
  })(),
  jwt: (() => {
    const t = makeJwt(jwtHeader, { sub: 'user-42', iat: 1700000000, scope: 'admin' }, rng);
    return {
      positive: { text: `Authorization: Bearer ${t}`, secret: t },
      negatives: [
        makeJwt({ alg: 'none', typ: 'JWT' }, { sub: 'user-42' }, rng), // unsigned
        makeJwt({ typ: 'JWT' }, { sub: 'user-42' }, rng), // no alg
        makeJwt(jwtHeader, { sub: '1234567890', name: 'John Doe', iat: 1516239022 }, rng), // jwt.io sample
        makeJwt(jwtHeader, { iss: 'supabase', role: 'anon' }, rng), // public by design
        `${b64url('{"alg":"HS256"')}.${b64url('{"sub":1}')}.${rng.str(43, B64URL)}`, // header is not JSON
      ],
    };
  })(),
  'database-url': {
    positive: { text: `DATABASE_URL=postgres://app:${pw}@db.internal:5432/app`, secret: pw },
    negatives: [
      'DATABASE_URL=postgres://app:${DB_PASSWORD}@db.internal:5432/app',
      'mongodb+srv://admin:<password>@cluster0.example.mongodb.net/test',
      'postgres://postgres:postgres@localhost:5432/dev',
      'mysql://user:password@localhost/db',
      'redis://:changeme@cache:6379',
      'postgres://db.internal:5432/app',
    ],
  },
  'azure-redis-access-key': (() => {
    const key = rng.bytes(32).toString('base64');
    return {
      positive: { text: `REDIS=orders.redis.cache.windows.net:6380,password=${key},ssl=True,abortConnect=False`, secret: key },
      negatives: [
        'REDIS=orders.redis.cache.windows.net:6380,password=${REDIS_KEY},ssl=True',
        'REDIS=orders.redis.cache.windows.net:6380,ssl=True,abortConnect=False',
      ],
    };
  })(),
  'connection-string-password': (() => {
    const secret = 'Vq7#' + rng.str(12, ALNUM);
    return {
      positive: {
        text: `"SqlDb": "Server=tcp:orders.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=${secret};Encrypt=True;"`,
        secret,
      },
      negatives: [
        `password=${rng.str(14, ALNUM)}`, // a properties line, not a connection string
        'Server=tcp:orders.database.windows.net;User ID=app;Password=;', // empty
        'Server=tcp:orders.database.windows.net;User ID=app;Password=<password>;',
        'Server=tcp:orders.database.windows.net;User ID=app;Password={your-password};',
        'Server=tcp:orders.database.windows.net;User ID=app;Password=__SqlPassword__;', // release-pipeline token
        'Server=tcp:orders.database.windows.net;User ID=app;Password=#{SqlPassword}#;',
        'Server=tcp:orders.database.windows.net;User ID=app;Password=$(SqlPassword);',
        'Server=tcp:orders.database.windows.net;User ID=app;Password=${SQL_PASSWORD};',
        "[concat('Server=tcp:', parameters('server'), ';User ID=app;Password=', parameters('sqlPassword'), ';')]",
        'Server=tcp:orders.database.windows.net;User ID=app;Password=@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/sql/);',
        'Host=db;Username=postgres;Password=postgres;Database=dev', // a famous default
      ],
    };
  })(),
  'url-query-key': (() => {
    const secret = '09b3' + rng.str(28, 'abcdef0123456789');
    return {
      positive: { text: `const url = \`https://api.openweathermap.org/data/2.5/weather?q=london&appid=${secret}&units=metric\`;`, secret },
      negatives: [
        'https://api.example.com/v1/items?api_key=${API_KEY}',
        'https://api.example.com/v1/items?key=value&page=2',
        'https://example.com/search?token=aaaaaaaaaaaaaaaaaaaa',
        'https://bucket.s3.amazonaws.com/a.png?X-Amz-Signature=3f9a7c2e8b1d4f6a0c5e9b2d7f1a3c8e',
      ],
    };
  })(),
  'url-credentials': (() => {
    const secret = 'Tk' + rng.str(14, ALNUM);
    return {
      positive: { text: `git clone https://deploy:${secret}@git.example.com/org/repo.git`, secret },
      negatives: [
        'https://user:pass@example.com/',
        'https://x-access-token:${GITHUB_TOKEN}@github.com/org/repo',
        'https://user:{{ password }}@example.com/',
        'see http://example.com:8080/path and mail me',
      ],
    };
  })(),
};

describe('detector table', () => {
  it('has at least 30 detectors with unique ids, names and non-global patterns', () => {
    expect(DETECTORS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(DETECTORS.map((d) => d.id)).size).toBe(DETECTORS.length);
    for (const d of DETECTORS) {
      expect(d.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(d.name.length).toBeGreaterThan(3);
      expect(d.pattern.global || d.pattern.sticky).toBe(false);
      for (const k of [...(d.keywords ?? []), ...(d.requires ?? []), ...(d.nameKeywords ?? [])]) expect(k).toBe(k.toLowerCase());
      // a named detector needs the name pre-filter, or the free-text scanner would never consult it
      if (d.nameHint) expect(d.nameKeywords?.length).toBeGreaterThan(0);
    }
  });

  it('has a test case for every detector', () => {
    expect(Object.keys(CASES).sort()).toEqual(DETECTORS.map((d) => d.id).sort());
  });
});

describe.each(DETECTORS.map((d) => [d.id, d] as const))('%s', (id, d) => {
  const c = CASES[id]!;

  it('finds the secret with exact offsets', () => {
    const { text, secret } = c.positive;
    const found = scanText(text).filter((m) => m.detectorId === id);
    expect(found).toHaveLength(1);
    const m = found[0]!;
    expect(m.value).toBe(secret);
    expect(m.start).toBe(text.indexOf(secret));
    expect(m.end).toBe(text.indexOf(secret) + secret.length);
    expect(m.name).toBe(d.name);
    expect(m.confidence).toBe(d.confidence);
  });

  it.each(c.negatives.map((n, i) => [i, n] as const))('stays silent on near-miss #%i', (_i, text) => {
    expect(scanText(text)).toEqual([]);
  });
});

describe('named detectors through classifyNamedValue', () => {
  it('labels a value by the name it is bound to', () => {
    const dd = hex(32);
    expect(classifyNamedValue('DD_API_KEY', dd)).toMatchObject({
      kind: 'datadog-api-key',
      name: 'Datadog API or application key',
      secret: dd,
    });
    expect(classifyNamedValue('datadogAppKey', hex(40))?.kind).toBe('datadog-api-key');
    expect(classifyNamedValue('TWILIO_AUTH_TOKEN', hex(32))?.kind).toBe('twilio-auth-token');
    expect(classifyNamedValue('HEROKU_API_KEY', uuid(rng))?.kind).toBe('heroku-api-key');
    expect(classifyNamedValue('AWS_SECRET_ACCESS_KEY', aws40())?.kind).toBe('aws-secret-access-key');
    expect(classifyNamedValue('secretAccessKey', aws40())?.kind).toBe('aws-secret-access-key');
    expect(classifyNamedValue('JIRA_API_TOKEN', rng.str(24, ALNUM))?.kind).toBe('atlassian-legacy-token');
  });

  it('does not apply a named format under another name', () => {
    // a 32-hex value under a name that is neither Datadog nor secret-like
    expect(classifyNamedValue('BUILD_HASH', hex(32))).toBeNull();
    expect(classifyNamedValue('DD_SITE', hex(32))).toBeNull();
  });
});

describe('paired AWS secret access key', () => {
  const secret = aws40();

  it('pairs by name', () => {
    expect(isPairedAwsSecretKey(secret, { name: 'AWS_SECRET_ACCESS_KEY' })).toBe(true);
    expect(isPairedAwsSecretKey(secret, { name: 'aws_secret_key' })).toBe(true);
    expect(isPairedAwsSecretKey(secret, { name: 'SECRET_NAME' })).toBe(false);
    expect(isPairedAwsSecretKey(secret, {})).toBe(false);
  });

  it('pairs by a nearby access key id', () => {
    expect(isPairedAwsSecretKey(secret, { nearbyText: `id: ${awsKeyId}` })).toBe(true);
    expect(isPairedAwsSecretKey(secret, { nearbyText: `id: ${p('AK', 'IAIOSFODNN7', 'EXAMPLE')}` })).toBe(false);
    expect(isPairedAwsSecretKey(secret, { nearbyText: 'nothing here' })).toBe(false);
  });

  it('rejects values without the shape', () => {
    expect(isPairedAwsSecretKey(hex(40), { name: 'AWS_SECRET_ACCESS_KEY' })).toBe(false); // a hex digest
    expect(isPairedAwsSecretKey(aws40().slice(1), { name: 'AWS_SECRET_ACCESS_KEY' })).toBe(false);
    expect(isPairedAwsSecretKey(p('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCY', 'EXAMPLE', 'KEY'), { name: 'AWS_SECRET_ACCESS_KEY' })).toBe(false);
  });

  it('finds the secret within 5 lines of the key id, not further', () => {
    const near = `id: ${awsKeyId}\n${'a: 1\n'.repeat(4)}v: ${secret}\n`;
    expect(scanText(near).map((m) => m.detectorId)).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
    const before = `v: ${secret}\n${'a: 1\n'.repeat(4)}id: ${awsKeyId}\n`;
    expect(scanText(before).map((m) => m.detectorId)).toEqual(['aws-secret-access-key', 'aws-access-key-id']);
    const far = `id: ${awsKeyId}\n${'a: 1\n'.repeat(6)}v: ${secret}\n`;
    expect(scanText(far).map((m) => m.detectorId)).toEqual(['aws-access-key-id']);
    expect(scanText(far, { pairLines: 10 }).map((m) => m.detectorId)).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
  });

  it('finds the pair on one long line within the character window', () => {
    const line = `{"id":"${awsKeyId}",${'"pad":"x",'.repeat(50)}"v":"${secret}"}`;
    const found = scanText(line);
    expect(found.map((m) => m.detectorId)).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
    expect(found[1]!.start).toBe(line.indexOf(secret));
    const farLine = `{"id":"${awsKeyId}",${'"pad":"x",'.repeat(1000)}"v":"${secret}"}`;
    expect(scanText(farLine).map((m) => m.detectorId)).toEqual(['aws-access-key-id']);
  });
});

describe('checksums', () => {
  it('implements the IEEE CRC32 (agrees with node:zlib)', () => {
    for (const s of ['', 'a', 'abc', '123456789', rng.str(30, ALNUM), 'héllo wörld']) expect(crc32(s)).toBe(zlibCrc32(s));
    expect(crc32('123456789')).toBe(0xcbf43926); // the standard check value
  });

  it('verifies the GitHub/npm base62 checksum', () => {
    expect(hasCrc32Base62Checksum(ghp.slice(4))).toBe(true);
    expect(hasCrc32Base62Checksum(npmTok.slice(4))).toBe(true);
    expect(hasCrc32Base62Checksum(corruptLast(ghp).slice(4))).toBe(false);
    expect(hasCrc32Base62Checksum(ghp.slice(5))).toBe(false);
  });

  it('finds every classic GitHub token prefix', () => {
    for (const prefix of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']) {
      const t = checksummedToken(prefix, rng);
      expect(scanText(`x ${t} y`).map((m) => [m.detectorId, m.value])).toEqual([['github-token', t]]);
    }
  });
});

import { bool, classifyNamedValue, defineRule, get, isNonSecretFiller, mapEntries, scanText } from '../../_api.js';
import type { App, Loc, Node, Resource, SecretClassification } from '../../_api.js';
import { describeSecret, locKey, reportSecret, templateSections, walkLeaves, type LeafVisit } from '../../_shared/secrets.js';

/**
 * Resource properties that hold a secret whatever their value looks like (compared case-insensitively):
 * any literal there that is not a placeholder is reported, even one too short or too plain for the
 * generic check. Other properties are judged by `classifyNamedValue(name, value)`.
 */
const SECRET_PROPERTIES: Record<string, string> = {
  masteruserpassword: 'password', // RDS, Aurora, DocumentDB, Neptune, Redshift
  masterpassword: 'password',
  password: 'password', // Amazon MQ users, IAM LoginProfile, DMS endpoints, Directory Service, Amplify basic auth
  authtoken: 'auth token', // ElastiCache Redis AUTH
  eventsourcetoken: 'event source token', // Lambda Permission (Alexa)
  secretstring: 'secret', // Secrets Manager secret value
  clientsecret: 'client secret', // Cognito, EventBridge connections, AppFlow
  client_secret: 'client secret', // Cognito identity provider ProviderDetails
  secret: 'secret',
  privatekey: 'private key',
  secretaccesskey: 'AWS secret access key',
  oauthtoken: 'OAuth token', // CodePipeline GitHub source, Amplify
  accesstoken: 'access token', // Amplify
  secrettoken: 'secret token', // CodePipeline webhook
  apikeyvalue: 'API key', // EventBridge connection
};

/**
 * Maps whose keys are named like secret properties but hold settings about them: Cognito
 * `TokenValidityUnits: {AccessToken: hours, IdToken: hours, RefreshToken: days}` are units.
 */
const NOT_SECRET_PARENTS = new Set(['tokenvalidityunits']);

function underSettingsMap(path: string): boolean {
  const parts = path.toLowerCase().split('.');
  return parts.slice(0, -1).some((p) => NOT_SECRET_PARENTS.has(p.replace(/\[\d+\]$/, '')));
}

/** A table's own entry (never one inherited from Object.prototype: a property named `constructor`). */
function ownValue(table: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  return table && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Top-level properties that are secrets for one resource type only. */
const TYPE_SECRET_PROPERTIES: Record<string, Record<string, string>> = {
  'AWS::ApiGateway::ApiKey': { value: 'API key' },
  'AWS::CodeBuild::SourceCredential': { token: 'access token' },
};

/** Shortest literal of a known secret property that is reported (the engine masks 4+ characters). */
const MIN_SECRET_PROPERTY_LENGTH = 4;

/**
 * Function code written in the template is secrets/no-hardcoded-secret's to judge, environment
 * variables secrets/no-plaintext-env's: left out here while that rule is on.
 */
const FUNCTION_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);
const FUNCTION_PARTS: Record<string, string> = {
  Environment: 'secrets/no-plaintext-env',
  'Code.ZipFile': 'secrets/no-hardcoded-secret',
  InlineCode: 'secrets/no-hardcoded-secret',
};

/**
 * Judges a literal (or the text of an unresolved reference) by the name it is bound to. A reference is
 * only judged by what is written in it (a provider-format token), never by its name. A multi-line
 * literal (a config file or script in a block scalar) is also scanned line by line for
 * `NAME=value` assignments.
 */
function judge(leaf: LeafVisit, knownProperty: string | undefined): SecretClassification | null {
  const literal = leaf.node.kind === 'scalar';
  const value = leaf.node.kind === 'scalar' ? String(leaf.node.value) : leaf.node.text;
  const hit = classifyNamedValue(literal ? leaf.name : '', value);
  if (hit) return hit;
  if (!literal) return null;
  if (/[\r\n]/.test(value)) {
    const m = scanText(value, { generic: true })[0];
    if (m) return { kind: m.detectorId, name: m.name, confidence: m.confidence, start: m.start, end: m.end, secret: m.value };
  }
  if (knownProperty === undefined) return null;
  // a known secret property: any real literal is a secret; a JSON document only through its members
  const t = value.trim();
  if (t.length < MIN_SECRET_PROPERTY_LENGTH || isNonSecretFiller(t) || t.startsWith('{') || /^arn:/i.test(t)) return null;
  const start = value.indexOf(t);
  return { kind: 'generic', name: knownProperty, confidence: 'medium', start, end: start + t.length, secret: t };
}

function valueOfLeaf(leaf: LeafVisit): string {
  return leaf.node.kind === 'scalar' ? String(leaf.node.value) : leaf.node.text;
}

export default defineRule({
  meta: {
    id: 'secrets/no-template-secret',
    description: 'Disallow plaintext secrets in template parameters, resource properties and serverless.yml settings',
    severity: 'error',
    recommended: true,
    messages: {
      parameterDefault:
        'Parameter "{{name}}" has {{secret}} ("{{masked}}") as its Default; remove the default, add NoEcho: true and pass the value at deploy time, or use a dynamic reference such as {{resolve:secretsmanager:…}}',
      noEchoDefault:
        'Parameter "{{name}}" is NoEcho but its Default is {{secret}} ("{{masked}}") written in the template; remove the default and pass the value at deploy time, or use a dynamic reference such as {{resolve:secretsmanager:…}}',
      property:
        'Property "{{path}}" of resource "{{resource}}" holds {{secret}} ("{{masked}}"); use a dynamic reference such as {{resolve:secretsmanager:…}} or a NoEcho parameter without a default',
      setting:
        'Setting "{{path}}" holds {{secret}} ("{{masked}}"); keep it in SSM Parameter Store or Secrets Manager and reference it with ${ssm:…}',
    },
    precision: 'medium',
    tags: ['security', 'secrets', 'CWE-798', 'CWE-312'],
    securitySeverity: 8.5,
    defersTo: ['secrets/no-plaintext-env'],
    coveredBy: ['secrets/no-plaintext-env', 'secrets/no-hardcoded-secret'],
  },
  create(ctx) {
    const leftOut = new Set(Object.keys(FUNCTION_PARTS).filter((path) => ctx.isActive(FUNCTION_PARTS[path]!)));
    /** locations already reported by this rule (a parameter default reached again through a `!Ref`) */
    const reported = new Set<string>();

    const report = (leaf: LeafVisit, hit: SecretClassification, messageId: string, data: Record<string, string>, entity: string): void => {
      const loc: Loc = leaf.node.loc;
      const key = locKey(loc);
      // one finding per literal; a literal secrets/no-plaintext-env reports (through an environment
      // variable) is its finding when that rule is on (`defersTo`)
      if (reported.has(key)) return;
      if (
        reportSecret(ctx, {
          at: loc,
          messageId,
          data: { ...data, secret: describeSecret(hit.name) },
          value: valueOfLeaf(leaf),
          secret: hit.secret,
          entity,
        })
      )
        reported.add(key);
    };

    return {
      app(app) {
        parameters(app, report);
        mappings(app, report);
        if (app.origin === 'serverless') serverlessSettings(app, report);
      },
      resource(r) {
        resourceProperties(r, report, leftOut);
      },
    };
  },
});

type Report = (leaf: LeafVisit, hit: SecretClassification, messageId: string, data: Record<string, string>, entity: string) => void;

/** `Parameters` with a literal `Default` that is a secret (by the parameter's name or the value's format). */
function parameters(app: App, report: Report): void {
  for (const section of templateSections(app.root, app.origin === 'serverless')) {
    for (const p of mapEntries(get(section, 'Parameters'))) {
      const def = get(p.value, 'Default');
      if (!def || def.kind !== 'scalar' || typeof def.value !== 'string') continue;
      const leaf: LeafVisit = { name: p.key, key: 'Default', path: `Parameters.${p.key}.Default`, node: def };
      const hit = classifyNamedValue(p.key, def.value);
      if (!hit) continue;
      const noEcho = bool(get(p.value, 'NoEcho')) === true;
      report(leaf, hit, noEcho ? 'noEchoDefault' : 'parameterDefault', { name: p.key }, `app:${app.file}/parameter:${p.key}`);
    }
  }
}

/** `Mappings` values (`StageConfig: {prod: {DbPassword: …}}`), judged by their key. */
function mappings(app: App, report: Report): void {
  for (const section of templateSections(app.root, app.origin === 'serverless')) {
    const m = get(section, 'Mappings');
    walkLeaves(
      m,
      (leaf) => {
        const hit = judge(leaf, undefined);
        if (hit) report(leaf, hit, 'setting', { path: leaf.path }, `app:${app.file}/setting:${leaf.path}`);
      },
      { path: 'Mappings' },
    );
  }
}

/**
 * serverless.yml places that hold values rather than references: `custom` (plugin settings and the
 * values `${self:custom.x}` points at), stage `params`, API Gateway API key values and
 * `provider.stackParameters`. Environment variables are no-plaintext-env's.
 */
function serverlessSettings(app: App, report: Report): void {
  const root = app.root;
  const visit = (leaf: LeafVisit, nameOverride?: string) => {
    const l = nameOverride !== undefined ? { ...leaf, name: nameOverride } : leaf;
    const hit = judge(l, undefined);
    if (hit) report(l, hit, 'setting', { path: leaf.path }, `app:${app.file}/setting:${leaf.path}`);
  };
  walkLeaves(get(root, 'custom'), (l) => visit(l), { path: 'custom' });
  walkLeaves(get(root, 'params'), (l) => visit(l), { path: 'params' });
  const provider = get(root, 'provider');
  for (const [node, path] of [
    [get(provider, 'apiGateway', 'apiKeys'), 'provider.apiGateway.apiKeys'],
    [get(provider, 'apiKeys'), 'provider.apiKeys'],
  ] as [Node | undefined, string][]) {
    // a list of key names (not secrets), `{name, value}` maps, or usage-plan maps of those:
    // only `value` members are key material, judged as an API key
    walkLeaves(
      node,
      (l) => {
        if (l.key === 'value') visit(l, 'apiKey');
      },
      { path },
    );
  }
  // `- ParameterKey: DbPassword` / `ParameterValue: …`: named by their ParameterKey
  walkLeaves(
    get(provider, 'stackParameters'),
    (l) => {
      if (l.key === 'ParameterValue') visit(l);
    },
    { path: 'provider.stackParameters' },
  );
}

/** Every literal in a resource's properties, by property name; secret properties are reported whatever their value. */
function resourceProperties(r: Resource, report: Report, leftOut: Set<string>): void {
  const isFunction = FUNCTION_TYPES.has(r.type);
  const typed = Object.hasOwn(TYPE_SECRET_PROPERTIES, r.type) ? TYPE_SECRET_PROPERTIES[r.type] : undefined;
  walkLeaves(
    r.properties,
    (leaf) => {
      const known = underSettingsMap(leaf.path)
        ? undefined
        : (ownValue(typed, leaf.path.toLowerCase()) ?? ownValue(SECRET_PROPERTIES, leaf.key.toLowerCase()));
      const hit = judge(leaf, known);
      if (hit) report(leaf, hit, 'property', { path: leaf.path, resource: r.id }, `app:${r.app.file}/resource:${r.id}/${leaf.path}`);
    },
    { skip: (path) => isFunction && leftOut.has(path) },
  );
}

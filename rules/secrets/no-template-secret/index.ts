import {
  bool,
  classifyManifestValue,
  defineRule,
  get,
  isEnumLikeValue,
  isNonSecretFiller,
  isSecretSettingsName,
  mapEntries,
  scanText,
  secretKindOfName,
} from '../../_api.js';
import type { App, Loc, Node, Project, Resource, SecretClassification } from '../../_api.js';
import {
  describeSecret,
  locateInLiteral,
  locKey,
  reportSecret,
  templateSections,
  walkLeaves,
  type LeafVisit,
} from '../../_shared/secrets.js';
import { isArmExpression } from '../../_shared/azure.js';
import { freeTextPart, parameterFlows, propertyPath, type ParameterFlow } from './flow.js';

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
 * `TokenValidityUnits: {AccessToken: hours, IdToken: hours, RefreshToken: days}` are units, and so
 * is any map named `*Units`, `*Validity`, `*Length`, `*Ttl`, `*Type`, `*Policy`, `*Arn`, `*Name`, ….
 */
function underSettingsMap(path: string): boolean {
  const parts = path.split('.');
  return parts.slice(0, -1).some((p) => isSecretSettingsName(p.replace(/(?:\[\d+\])+$/, '')));
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
function judge(leaf: LeafVisit, knownProperty: string | undefined, expression = false): SecretClassification | null {
  // an ARM expression (`[parameters('adminPassword')]`) is a reference written as a string
  const literal = leaf.node.kind === 'scalar' && !expression;
  const value = leaf.node.kind === 'scalar' ? String(leaf.node.value) : leaf.node.text;
  const hit = literal ? classifyManifestValue(leaf.name, value) : classifyManifestValue('', value);
  if (hit) return hit;
  if (!literal) return null;
  if (/[\r\n]/.test(value)) {
    const m = scanText(value, { generic: true })[0];
    if (m) return { kind: m.detectorId, name: m.name, confidence: m.confidence, start: m.start, end: m.end, secret: m.value };
  }
  if (knownProperty === undefined) return null;
  // a known secret property: any real literal is a secret; a JSON document only through its members
  const t = value.trim();
  if (!isKnownPropertySecret(t)) return null;
  const start = value.indexOf(t);
  return { kind: 'generic', name: knownProperty, confidence: 'medium', start, end: start + t.length, secret: t };
}

/** A literal of a known secret property that is a secret: not a placeholder, an ARN, a JSON document or an enumeration constant. */
export function isKnownPropertySecret(value: string): boolean {
  const t = value.trim();
  return !(t.length < MIN_SECRET_PROPERTY_LENGTH || isNonSecretFiller(t) || t.startsWith('{') || /^arn:/i.test(t) || isEnumLikeValue(t));
}

/**
 * A parameter default that flows into a password property, a secret's value or a script: judged as
 * a direct password property (any real literal) when it lands in one; inside a script only when the
 * parameter or the name the script assigns it to is a secret's name.
 */
function judgeFlow(f: ParameterFlow): SecretClassification | null {
  const value = String(f.defaultLeaf.node.kind === 'scalar' ? f.defaultLeaf.node.value : '');
  const named = classifyManifestValue(f.assignedTo ?? f.name, value) ?? classifyManifestValue(f.name, value);
  if (named) return named;
  // the name the text binds it to decides (`"username": "${P}"` in a SecretString is no secret); in a
  // script, else the parameter's own name; in a property, the property
  const kind =
    secretKindOfName(f.assignedTo ?? '') ??
    (f.inText ? secretKindOfName(f.name) : f.assignedTo === undefined ? secretPropertyKind(f.key) : undefined) ??
    undefined;
  if (kind === undefined || underSettingsMap(`${f.path}.x`) || !isKnownPropertySecret(value)) return null;
  const t = value.trim();
  const start = value.indexOf(t);
  return { kind: 'generic', name: kind, confidence: 'medium', start, end: start + t.length, secret: t };
}

/** The known secret property a key names (`MasterUserPassword` → `password`), if any. */
export function secretPropertyKind(key: string): string | undefined {
  return ownValue(SECRET_PROPERTIES, key.toLowerCase());
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
      inText:
        'The text of "{{path}}" of resource "{{resource}}" holds {{secret}} ("{{masked}}"); anyone who can read the template or the resource sees it: fetch it at runtime from Secrets Manager or SSM Parameter Store',
      parameterFlow:
        'Parameter "{{name}}" has {{secret}} ("{{masked}}") as its Default, and it flows into "{{path}}" of resource "{{resource}}"; remove the default, add NoEcho: true and pass the value at deploy time, or use a dynamic reference such as {{resolve:secretsmanager:…}}',
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

    const report: Report = (leaf, hit, messageId, data, entity, extra) => {
      const loc: Loc = extra?.at ?? leaf.node.loc;
      const key = locKey(loc);
      // one finding per literal; a literal secrets/no-plaintext-env reports (through an environment
      // variable) is its finding when that rule is on (`defersTo`)
      if (reported.has(key)) return;
      if (
        reportSecret(ctx, {
          at: loc,
          messageId,
          data: { ...data, secret: describeSecret(hit.name) },
          // text around a secret found inside a script is not the secret: only the secret is masked
          value: extra?.at ? hit.secret : valueOfLeaf(leaf),
          secret: hit.secret,
          entity,
          ...(extra?.related ? { related: extra.related } : {}),
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
        // parameter defaults first: a value the model substituted from a default is reported there
        const flowed = new Set<string>();
        for (const f of parameterFlows(r, rawProperties(r))) {
          const hit = judgeFlow(f);
          if (!hit) continue;
          flowed.add(f.path);
          report(
            f.defaultLeaf,
            hit,
            'parameterFlow',
            { name: f.name, path: f.path, resource: r.id },
            `app:${r.app.file}/parameter:${f.name}`,
            {
              related: [{ at: f.refAt, message: `the parameter is used in "${f.path}" of resource "${r.id}"` }],
            },
          );
        }
        resourceProperties(r, report, leftOut, ctx.project, flowed);
      },
    };
  },
});

export type Report = (
  leaf: LeafVisit,
  hit: SecretClassification,
  messageId: string,
  data: Record<string, string>,
  entity: string,
  extra?: { at?: Loc; related?: { at: Loc; message: string }[] },
) => void;

/** `Parameters` with a literal `Default` that is a secret (by the parameter's name or the value's format). */
function parameters(app: App, report: Report): void {
  for (const section of templateSections(app.root, app.origin === 'serverless')) {
    for (const p of mapEntries(get(section, 'Parameters'))) {
      const def = get(p.value, 'Default');
      if (!def || def.kind !== 'scalar' || typeof def.value !== 'string') continue;
      const leaf: LeafVisit = { name: p.key, key: 'Default', path: `Parameters.${p.key}.Default`, node: def };
      const hit = classifyManifestValue(p.key, def.value);
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
function resourceProperties(r: Resource, report: Report, leftOut: Set<string>, project: Project, flowed: Set<string>): void {
  const isFunction = FUNCTION_TYPES.has(r.type);
  const typed = Object.hasOwn(TYPE_SECRET_PROPERTIES, r.type) ? TYPE_SECRET_PROPERTIES[r.type] : undefined;
  const judgeLeaf = (leaf: LeafVisit): void => {
    const known = underSettingsMap(leaf.path)
      ? undefined
      : (ownValue(typed, leaf.path.toLowerCase()) ?? ownValue(SECRET_PROPERTIES, leaf.key.toLowerCase()));
    const hit = judge(leaf, known, r.app.origin === 'azure-arm' && isArmExpression(leaf.node));
    if (hit) report(leaf, hit, 'property', { path: leaf.path, resource: r.id }, `app:${r.app.file}/resource:${r.id}/${leaf.path}`);
  };
  const skip = (path: string) => isFunction && leftOut.has(path);
  // scripts, commands and code (UserData, ZipFile, container Command, buildspecs, job arguments),
  // read as written (intrinsics kept): every secret in the text, located inside it
  walkLeaves(
    rawProperties(r),
    (leaf) => {
      if (!freeTextPart(leaf.path) || leaf.node.kind !== 'scalar') return;
      const matches = scanText(String(leaf.node.value), { generic: true });
      for (const m of matches) {
        const located = locateInLiteral(project, leaf.node.loc, m.value);
        // not in the text as written: serverless.yml put it there from a variable, whose own value is judged where it is written
        if (!located && r.app.origin === 'serverless') continue;
        const at = located ?? leaf.node.loc;
        const hit: SecretClassification = {
          kind: m.detectorId,
          name: m.name,
          confidence: m.confidence,
          start: m.start,
          end: m.end,
          secret: m.value,
        };
        report(leaf, hit, 'inText', { path: propertyPath(leaf.path), resource: r.id }, `app:${r.app.file}/resource:${r.id}/${leaf.path}`, {
          at,
        });
      }
      // a plain (not intrinsic) argument or variable is also judged by its name: `--db_password: …`
      if (!matches.length && !INTRINSIC_IN_PATH.test(leaf.path)) judgeLeaf(leaf);
    },
    { skip },
  );
  walkLeaves(
    r.properties,
    (leaf) => {
      if (!freeTextPart(leaf.path)) judgeLeaf(leaf);
    },
    { skip: (path) => skip(path) || flowed.has(path) },
  );
}

const INTRINSIC_IN_PATH = /(?:^|\.)(?:Ref|Fn::\w+)(?:\[\d+\])*(?:\.|$)/;

/** A resource's Properties as written, intrinsic functions kept (the model folds them into references). */
export function rawProperties(r: Resource): Node | null {
  for (const section of templateSections(r.app.root, r.app.origin === 'serverless')) {
    const p = get(section, 'Resources', r.id, 'Properties');
    if (p) return p;
  }
  return r.properties;
}

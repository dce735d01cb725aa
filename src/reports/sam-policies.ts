import { actionAppliesTo, expandActionPattern } from '../knowledge/aws/iam/actions.js';
import { samPolicyTemplates } from '../knowledge/aws/iam/sam-templates.js';
import type { App } from '../model/types.js';
import type { PolicyStatement } from './permissions.js';

/**
 * SAM `Policies` written with policy templates where one fits exactly: a template is used only when
 * what it grants (its actions on its resources, with the parameters bound) is exactly what the code
 * needs of that template's services on those resources — never an action or a resource more (the
 * least-privilege promise), and nothing the code needs there left over (a template and a statement
 * for the same resource would be harder to review than the statement alone). Everything else stays
 * a `Statement`. Templates are read from `knowledge/aws/iam/sam-templates.ts`, the table the SAM
 * adapter expands `Policies` with.
 */

/** A SAM policy template used in a function's policy, with its parameter values in `Fn::Sub` syntax (`${Table}`). */
export interface SamTemplateUse {
  name: string;
  parameters: Record<string, string>;
}

const ARN = 'arn:${AWS::Partition}';
const regional = (svc: string, rest: string) => `${ARN}:${svc}:\${AWS::Region}:\${AWS::AccountId}:${rest}`;

/**
 * A template resource named by the reference giving its ARN (`${Table.Arn}`, `${Topic}` — `!Ref` of a
 * topic is its ARN), written instead with the reference giving its name, as the templates' ARN
 * formats take it (`…:table/${Table}`, `…:${Topic.TopicName}`).
 */
const BY_ARN_ATTR: Readonly<Record<string, (ref: string) => string>> = {
  'AWS::DynamoDB::Table': (r) => regional('dynamodb', `table/${r}`),
  'AWS::SQS::Queue': (r) => regional('sqs', r.replace(/\}$/, '.QueueName}')),
  'AWS::S3::Bucket': (r) => `${ARN}:s3:::${r}`,
  'AWS::KMS::Key': (r) => regional('kms', `key/${r}`),
  'AWS::Events::EventBus': (r) => regional('events', `event-bus/${r}`),
  'AWS::Lambda::Function': (r) => regional('lambda', `function:${r}`),
  'AWS::Serverless::Function': (r) => regional('lambda', `function:${r}`),
  'AWS::Kinesis::Stream': (r) => regional('kinesis', `stream/${r}`),
  'AWS::KinesisFirehose::DeliveryStream': (r) => regional('firehose', `deliverystream/${r}`),
};
const BY_REF: Readonly<Record<string, (ref: string) => string>> = {
  'AWS::SNS::Topic': (r) => regional('sns', r.replace(/\}$/, '.TopicName}')),
  'AWS::StepFunctions::StateMachine': (r) => regional('states', `stateMachine:${r.replace(/\}$/, '.Name}')}`),
  'AWS::Serverless::StateMachine': (r) => regional('states', `stateMachine:${r.replace(/\}$/, '.Name}')}`),
};

/** A resource ARN in the form the templates' formats match (see `BY_ARN_ATTR`); the ARN itself otherwise. */
function canonical(arn: string, app: App): string {
  const m = /^\$\{([A-Za-z0-9]+)(\.Arn)?\}(.*)$/.exec(arn);
  if (!m) return arn;
  const type = app.resources.find((r) => r.id === m[1])?.type;
  const table = m[2] ? BY_ARN_ATTR : BY_REF;
  return type && Object.hasOwn(table, type) ? table[type]!('${' + m[1] + '}') + m[3] : arn;
}

interface Pair {
  action: string;
  resource: string;
  canon: string;
  used: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A template resource as a regular expression capturing its parameters, with their names. */
function pattern(resource: string, params: readonly string[]): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const body = resource
    .split(/(\$\{[A-Za-z0-9_]+\})/)
    .map((piece) => {
      const p = /^\$\{([A-Za-z0-9_]+)\}$/.exec(piece)?.[1];
      if (p && params.includes(p)) {
        names.push(p);
        return '(.+)';
      }
      return escape(piece);
    })
    .join('');
  return { re: new RegExp('^' + body + '$'), names };
}

const fill = (resource: string, binding: Record<string, string>) =>
  resource.replace(/\$\{([A-Za-z0-9_]+)\}/g, (m, p: string) => (Object.hasOwn(binding, p) ? binding[p]! : m));

const key = (action: string, resource: string) => `${action}\n${resource}`;

/**
 * The templates that fit the statements exactly (see above), and the statements left once their
 * grants are taken out. Statements with a condition are never written as templates.
 */
export function samPolicies(statements: PolicyStatement[], app: App): { templates: SamTemplateUse[]; statements: PolicyStatement[] } {
  const pairs: Pair[] = statements
    .filter((s) => !s.Condition)
    .flatMap((s) =>
      s.Action.flatMap((action) => s.Resource.map((resource) => ({ action, resource, canon: canonical(resource, app), used: false }))),
    );
  const templates: SamTemplateUse[] = [];
  for (const t of samPolicyTemplates()) {
    if (t.statements.some((s) => s.condition)) continue;
    const services = new Set(t.statements.flatMap((s) => s.actions.map((a) => a.split(':')[0]!.toLowerCase())));
    const open = () => pairs.filter((p) => !p.used && services.has(p.action.split(':')[0]!.toLowerCase()));
    const candidates = open();
    if (!candidates.length) continue;
    for (const binding of bindings(t, candidates)) {
      const granted = new Set<string>();
      const resources = new Set<string>();
      for (const s of t.statements)
        for (const r of s.resources.map((x) => fill(x, binding))) {
          resources.add(r);
          for (const pat of s.actions) for (const a of expandActionPattern(pat)) if (actionAppliesTo(a, r)) granted.add(key(a, r));
        }
      const needed = open().filter((p) => resources.has(p.canon) && actionAppliesTo(p.action, p.canon));
      const neededKeys = new Set(needed.map((p) => key(p.action, p.canon)));
      if (!granted.size || granted.size !== neededKeys.size || [...granted].some((g) => !neededKeys.has(g))) continue;
      for (const p of needed) p.used = true;
      templates.push({ name: t.name, parameters: binding });
      break;
    }
  }
  const used = new Set(pairs.filter((p) => p.used).map((p) => key(p.action, p.resource)));
  const rest: PolicyStatement[] = [];
  for (const s of statements) {
    if (s.Condition) {
      rest.push(s);
      continue;
    }
    // the actions left, grouped again by the resources left to each
    const groups = new Map<string, PolicyStatement>();
    for (const a of s.Action) {
      const left = s.Resource.filter((r) => !used.has(key(a, r)));
      if (!left.length) continue;
      const g = groups.get(left.join('\n'));
      if (g) g.Action.push(a);
      else groups.set(left.join('\n'), { Effect: 'Allow', Action: [a], Resource: left });
    }
    rest.push(...groups.values());
  }
  return { templates, statements: rest };
}

/** The parameter values under which one of a template's resources is one of the needed ones; each binds every parameter. */
function bindings(t: ReturnType<typeof samPolicyTemplates>[number], pairs: Pair[]): Record<string, string>[] {
  if (!t.parameters.length) return [{}];
  const out = new Map<string, Record<string, string>>();
  for (const s of t.statements)
    for (const r of s.resources) {
      const { re, names } = pattern(r, t.parameters);
      if (!t.parameters.every((p) => names.includes(p))) continue;
      for (const p of pairs) {
        const m = re.exec(p.canon);
        if (!m) continue;
        const b: Record<string, string> = {};
        let ok = true;
        names.forEach((n, i) => {
          if (Object.hasOwn(b, n) && b[n] !== m[i + 1]) ok = false;
          b[n] = m[i + 1]!;
        });
        if (ok) out.set(JSON.stringify(b), b);
      }
    }
  return [...out.keys()].sort().map((k) => out.get(k)!);
}

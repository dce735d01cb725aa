import { bool, get, seqItems, str, toValue, valueOf } from '../../../core/node.js';
import type { Node } from '../../../core/types.js';
import type { EventCostFacts, Fn, FnEvent } from '../../../model/types.js';
import { resourceRef } from '../resource-ref.js';
import { newEvent } from './events.js';
import { refName, referencedIds } from './intrinsics.js';
import { fnsOf } from './references.js';
import type { RawResource, TemplateIndex } from './template.js';

/**
 * The cost facts of a template's functions and events (`Fn.cost`, `FnEvent.cost`), after every
 * resource is built: provisioned concurrency (SAM `ProvisionedConcurrencyConfig`, a
 * `AWS::Lambda::Version`/`Alias` of the function), failure destinations (`DeadLetterQueue`,
 * `DeadLetterConfig`, `EventInvokeConfig`, `AWS::Lambda::EventInvokeConfig`), the function's log
 * group (`/aws/lambda/<name>`, or the one `LoggingConfig.LogGroup` names) and its retention, the
 * source and batching of SAM and `EventSourceMapping` events; and the triggers a template declares on
 * the other side: S3 bucket notifications and `AWS::Events::Rule` schedules become events.
 */
export function addTemplateCostFacts(st: TemplateIndex, batch: RawResource[]): void {
  const fns = st.app.functions.filter((f) => f.origin !== 'serverless' && batch.some((r) => r.id === f.id));
  for (const fn of fns) {
    const p = fn.node;
    fn.cost = {
      provisionedConcurrency: valueOf(get(p, 'ProvisionedConcurrencyConfig', 'ProvisionedConcurrentExecutions')),
      onFailure:
        valueOf(get(p, 'EventInvokeConfig', 'DestinationConfig', 'OnFailure', 'Destination')) ??
        valueOf(get(p, 'DeadLetterQueue', 'TargetArn')) ??
        valueOf(get(p, 'DeadLetterConfig', 'TargetArn')),
      maxRetries: valueOf(get(p, 'EventInvokeConfig', 'MaximumRetryAttempts')),
      logGroup: null,
      keyLoc: st.resources.get(fn.id)?.resource.typeLoc ?? fn.loc,
    };
    for (const ev of fn.events) {
      const facts = samEventFacts(ev);
      if (facts) ev.cost = facts;
    }
  }
  for (const rr of batch) {
    const p = rr.props;
    if (!p) continue;
    switch (rr.type) {
      case 'AWS::Lambda::Version':
      case 'AWS::Lambda::Alias': {
        const pc = get(p, 'ProvisionedConcurrencyConfig', 'ProvisionedConcurrentExecutions');
        if (!pc) break;
        for (const fn of targets(st, rr.type === 'AWS::Lambda::Alias' ? aliasFunction(st, p) : get(p, 'FunctionName')))
          if (fn.cost && !fn.cost.provisionedConcurrency) fn.cost.provisionedConcurrency = toValue(pc);
        break;
      }
      case 'AWS::Lambda::EventInvokeConfig':
        for (const fn of targets(st, get(p, 'FunctionName'))) {
          if (!fn.cost) continue;
          fn.cost.onFailure ??= valueOf(get(p, 'DestinationConfig', 'OnFailure', 'Destination'));
          fn.cost.maxRetries ??= valueOf(get(p, 'MaximumRetryAttempts'));
        }
        break;
      case 'AWS::S3::Bucket':
        for (const c of seqItems(get(p, 'NotificationConfiguration', 'LambdaConfigurations'))) {
          const target = get(c, 'Function');
          for (const fn of targets(st, target)) {
            const ev = newEvent(fn, 's3', 'AWS::S3::Bucket', target!.loc, c, 'none');
            ev.cost = {
              source: { text: '${' + rr.id + '}', ids: [rr.id], loc: rr.resource.idLoc },
              ...s3Filter(get(c, 'Filter')),
              ...s3Types(get(c, 'Event')),
            };
          }
        }
        break;
      case 'AWS::Events::Rule': {
        const expr = get(p, 'ScheduleExpression');
        if (!expr) break;
        for (const t of seqItems(get(p, 'Targets')))
          for (const fn of targets(st, get(t, 'Arn'))) {
            const ev = newEvent(fn, 'schedule', rr.type, expr.loc, p, 'none');
            ev.cost = { schedules: [toValue(expr)], ...(str(get(p, 'State')) === 'DISABLED' ? { disabled: true } : {}) };
          }
        break;
      }
    }
  }
  for (const fn of fns) linkLogGroup(st, fn);
}

/** The functions (of this template) a `FunctionName`/`Arn` value names. */
function targets(st: TemplateIndex, n: Node | undefined): Fn[] {
  return n ? fnsOf(st, n) : [];
}

/** An alias's function: `FunctionName` (a function or a version of one). */
function aliasFunction(st: TemplateIndex, p: Node): Node | undefined {
  const fnName = get(p, 'FunctionName');
  const version = refName(get(p, 'FunctionVersion')) ?? referencedIds(get(p, 'FunctionVersion'))[0]?.id;
  const v = version ? st.resources.get(version) : undefined;
  return v?.type === 'AWS::Lambda::Version' ? get(v.props, 'FunctionName') : fnName;
}

function s3Filter(f: Node | undefined): Pick<EventCostFacts, 'filter'> {
  const out: { prefix?: string; suffix?: string } = {};
  for (const r of seqItems(get(f, 'S3Key', 'Rules'))) {
    const name = str(get(r, 'Name'))?.toLowerCase();
    const value = str(get(r, 'Value'));
    if (value === undefined) continue;
    if (name === 'prefix') out.prefix = value;
    else if (name === 'suffix') out.suffix = value;
  }
  return out.prefix !== undefined || out.suffix !== undefined ? { filter: out } : {};
}

function s3Types(n: Node | undefined): Pick<EventCostFacts, 's3Events'> {
  const types = seqItems(n).map((e) => str(e));
  return types.length && types.every((t) => t !== undefined) ? { s3Events: types as string[] } : {};
}

function samEventFacts(ev: FnEvent): EventCostFacts | undefined {
  const p = ev.node;
  const batchFacts = (f: EventCostFacts): EventCostFacts => {
    const size = get(p, 'BatchSize');
    const window = get(p, 'MaximumBatchingWindowInSeconds');
    if (size) f.batchSize = toValue(size);
    if (window) f.batchWindow = toValue(window);
    f.reportsItemFailures = seqItems(get(p, 'FunctionResponseTypes')).some((t) => str(t) === 'ReportBatchItemFailures');
    return f;
  };
  switch (ev.raw) {
    case 'SQS':
      return batchFacts(sourced(get(p, 'Queue')));
    case 'Kinesis':
    case 'DynamoDB':
      return batchFacts(sourced(get(p, 'Stream')));
    case 'AWS::Lambda::EventSourceMapping':
      return batchFacts(sourced(get(p, 'EventSourceArn')));
    case 'S3':
      return { ...sourced(get(p, 'Bucket')), ...s3Filter(get(p, 'Filter')), ...s3Types(get(p, 'Events')) };
    case 'SNS':
      return sourced(get(p, 'Topic'));
    case 'Schedule':
    case 'ScheduleV2': {
      const expr = get(p, 'Schedule') ?? get(p, 'ScheduleExpression');
      const f: EventCostFacts = { schedules: expr ? [toValue(expr)] : [] };
      if (bool(get(p, 'Enabled')) === false || str(get(p, 'State')) === 'DISABLED') f.disabled = true;
      return f;
    }
  }
  return undefined;
}

function sourced(n: Node | undefined): EventCostFacts {
  return n ? { source: resourceRef(n) } : {};
}

/**
 * The function's log group in the template: the one `LoggingConfig.LogGroup` names, else an
 * `AWS::Logs::LogGroup` named `/aws/lambda/<function name>` (a literal, or `Fn::Sub` over the
 * function's `Ref`). Its `RetentionInDays` becomes `Fn.logRetention`. A `LoggingConfig.LogGroup`
 * naming a group outside the template leaves the log group unknown (`logRetention` a ref).
 */
function linkLogGroup(st: TemplateIndex, fn: Fn): void {
  const groups = [...st.resources.values()].filter((r) => r.type === 'AWS::Logs::LogGroup');
  const named = get(fn.node, 'LoggingConfig', 'LogGroup');
  let group: RawResource | undefined;
  if (named) {
    const ids = referencedIds(named).map((r) => r.id);
    const text = str(named);
    group = groups.find((g) => ids.includes(g.id) || (text !== undefined && str(get(g.props, 'LogGroupName')) === text));
    if (!group) {
      fn.logRetention = { kind: 'ref', text: `log group ${text ?? toValue(named).kind}`, loc: named.loc };
      return;
    }
  } else {
    group = groups.find((g) => namesFunctionLog(get(g.props, 'LogGroupName'), fn));
  }
  if (!group || !fn.cost) return;
  fn.cost.logGroup = group.resource;
  const retention = get(group.props, 'RetentionInDays');
  fn.logRetention = retention ? toValue(retention) : null;
}

function namesFunctionLog(n: Node | undefined, fn: Fn): boolean {
  if (!n) return false;
  const text = resourceRef(n).text;
  if (text === undefined) return false;
  return text === `/aws/lambda/${fn.name}` || text === '/aws/lambda/${' + fn.id + '}';
}

import { bool, get, intrinsicEntry, isMap, seqItems, str, toValue } from '../../../core/node.js';
import type { MapNode, Node, Value } from '../../../core/types.js';
import type { App, EventCostFacts, FnEvent } from '../../../model/types.js';
import { resourceRef } from '../resource-ref.js';

/**
 * The cost facts of a serverless.yml service (`Fn.cost`, `FnEvent.cost`): provisioned concurrency,
 * where failed async invocations go, and what each queue, stream, bucket, topic or schedule event
 * names and batches. Settings are read where the framework reads them; a value given by reference
 * stays a ref.
 */
export function addServerlessCostFacts(app: App): void {
  for (const fn of app.functions) {
    const n = fn.node;
    fn.cost = {
      provisionedConcurrency: val(get(n, 'provisionedConcurrency')),
      onFailure: val(get(n, 'destinations', 'onFailure')) ?? val(get(n, 'onError')),
      maxRetries: val(get(n, 'maximumRetryAttempts')),
      logGroup: null,
      keyLoc: fn.loc,
    };
    for (const ev of fn.events) {
      const facts = eventFacts(ev);
      if (facts) ev.cost = facts;
    }
  }
}

function val(n: Node | undefined): Value | null {
  return n && !(n.kind === 'scalar' && n.value === null) ? toValue(n) : null;
}

function eventFacts(ev: FnEvent): EventCostFacts | undefined {
  const v = ev.node;
  // a settings map; an intrinsic (`sqs: !GetAtt Q.Arn`) is the resource itself
  const m: MapNode | undefined = isMap(v) && !intrinsicEntry(v) ? v : undefined;
  switch (ev.raw) {
    case 'sqs':
    case 'stream': {
      const src = m ? (get(m, 'arn') ?? get(m, 'queueArn')) : v;
      const f: EventCostFacts = {};
      if (src) f.source = resourceRef(src);
      batch(f, get(m, 'batchSize'), get(m, 'maximumBatchingWindow'));
      const rt = get(m, 'functionResponseType');
      f.reportsItemFailures = str(rt) === 'ReportBatchItemFailures';
      return f;
    }
    case 's3': {
      const bucket = m ? get(m, 'bucket') : v;
      const f: EventCostFacts = {};
      if (bucket) f.source = resourceRef(bucket);
      const filter: { prefix?: string; suffix?: string } = {};
      for (const r of seqItems(get(m, 'rules'))) {
        const p = str(get(r, 'prefix'));
        const s = str(get(r, 'suffix'));
        if (p !== undefined) filter.prefix = p;
        if (s !== undefined) filter.suffix = s;
      }
      if (filter.prefix !== undefined || filter.suffix !== undefined) f.filter = filter;
      const types = seqItems(get(m, 'event')).map((e) => str(e));
      if (types.length && types.every((t) => t !== undefined)) f.s3Events = types as string[];
      return f;
    }
    case 'sns': {
      const topic = m ? (get(m, 'arn') ?? get(m, 'topicName')) : v;
      return topic ? { source: resourceRef(topic) } : {};
    }
    case 'schedule': {
      const rate = m ? get(m, 'rate') : v;
      const f: EventCostFacts = { schedules: seqItems(rate).map(toValue) };
      if (m && bool(get(m, 'enabled')) === false) f.disabled = true;
      return f;
    }
    case 'eventBridge': {
      const s = get(m, 'schedule');
      if (!s) return undefined;
      const f: EventCostFacts = { schedules: [toValue(s)] };
      if (bool(get(m, 'enabled')) === false) f.disabled = true;
      return f;
    }
  }
  return undefined;
}

function batch(f: EventCostFacts, size: Node | undefined, window: Node | undefined): void {
  if (size && !(size.kind === 'scalar' && size.value === null)) f.batchSize = toValue(size);
  if (window && !(window.kind === 'scalar' && window.value === null)) f.batchWindow = toValue(window);
}

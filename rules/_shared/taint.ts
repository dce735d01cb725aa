import type { Fn, Flow, RuleContext, SinkClass } from '../_api.js';

/**
 * Reports each flow of one sink class from the function's event: on the sink argument, naming the
 * source paths and the sink. Flows from an HTTP request use `messageIds.request`; flows from inside
 * the account (queues, streams, storage events, or no known trigger) use `messageIds.internal` and are
 * warnings; `requestOnly` leaves them out (an S3 event names the object that triggered it).
 */
export function reportFlows(
  ctx: RuleContext<any>,
  fn: Fn,
  cls: SinkClass,
  messageIds: { request: string; internal: string },
  opts: { requestOnly?: boolean } = {},
): void {
  // one finding per sink argument, naming every source that reaches it
  const bySink = new Map<string, Flow[]>();
  for (const flow of ctx.analysis('taint').flows(fn, cls)) {
    if (opts.requestOnly && flow.level !== 'high') continue;
    const key = `${flow.loc.file}:${flow.loc.line}:${flow.loc.column}:${flow.sink}`;
    const list = bySink.get(key);
    if (list) list.push(flow);
    else bySink.set(key, [flow]);
  }
  for (const flows of bySink.values()) {
    const flow = flows.find((f) => f.level === 'high') ?? flows[0]!;
    const high = flow.level === 'high';
    const sources = [...new Set(flows.filter((f) => f.level === flow.level).map((f) => f.source))];
    ctx.report({
      at: flow.loc,
      messageId: high ? messageIds.request : messageIds.internal,
      data: { source: sourceList(sources), sink: flow.sink, fn: fn.name, trigger: flow.trigger },
      entity: `source:${flow.loc.file}/${cls}:${flow.sink}:${sources[0]}`,
      flow: flow.steps.map((s) => ({ at: s.loc, message: s.message })),
      ...(high ? {} : { severity: 'warning' as const }),
    });
  }
}

/** `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and 2 more `` */
function sourceList(sources: string[]): string {
  const q = sources.map((s) => `\`${s}\``);
  if (q.length <= 2) return q.join(' and ');
  return q.length === 3 ? `${q[0]}, ${q[1]} and ${q[2]}` : `${q[0]}, ${q[1]} and ${q.length - 2} more`;
}

import {
  defineRule,
  iamWrites,
  LOOP_DETECTION_SERVICES,
  otherWriter,
  s3EventsMatch,
  sdkWrites,
  triggerResource,
  writeReaches,
} from '../../_api.js';
import type { LoopService, Write, WriteSource } from '../../_api.js';

const SERVICE_NAME: Record<LoopService, string> = {
  s3: 'bucket',
  sqs: 'queue',
  sns: 'topic',
  dynamodb: 'table stream',
  kinesis: 'stream',
};

// Where writes come from: the SDK calls of the function's code (resolved to the resources they name:
// evidence whatever the grant, `s3:*` included), then the IAM grants of its role.

export default defineRule({
  meta: {
    id: 'cost/no-recursive-trigger',
    description: 'Disallow functions that may write to the bucket, queue, topic or stream that triggers them',
    // warning while the IAM grants are the only source of writes: a grant says the function may
    // write, not that it does (the SDK-call source will confirm the loop)
    severity: 'warning',
    recommended: true,
    messages: {
      loop: 'Function "{{fn}}" is triggered by {{what}} {{resource}} and may write to it ({{action}} on {{grant}}): each write invokes it again, a recursive loop billed per invocation. {{detection}}',
      loopCode:
        'Function "{{fn}}" is triggered by {{what}} {{resource}} and its code writes to it ({{action}} in {{file}}): each write invokes it again, a recursive loop billed per invocation. {{detection}}',
    },
    tags: ['cost', 'reliability'],
    platforms: ['aws'],
    requires: ['sdkCalls'],
  },
  create(ctx) {
    const SOURCES: WriteSource[] = [sdkWrites(() => ctx.analysis('sdkCalls')), iamWrites];
    return {
      event(ev) {
        if (ev.fn.platform !== 'aws') return;
        const trigger = triggerResource(ev);
        if (!trigger?.service) return;
        // a write creates objects: a trigger on deletions only is not fed by it
        if (trigger.service === 's3' && !s3EventsMatch(ev.cost?.s3Events)) return;
        let write: Write | undefined;
        for (const src of SOURCES) {
          write = src
            .writesOf(ev.fn)
            // a grant of a shared role that another function (a producer) explains is no evidence
            .find((w) => writeReaches(w, trigger, ev.cost?.filter) && !(w.via === 'iam' && otherWriter(ev.fn, trigger)));
          if (write) break;
        }
        if (!write) return;
        const service = trigger.service;
        const detection = LOOP_DETECTION_SERVICES.includes(service)
          ? 'AWS recursive loop detection stops SQS, SNS and S3 loops only after about 16 invocations.'
          : `AWS recursive loop detection covers SQS, SNS and S3, not ${service === 'dynamodb' ? 'DynamoDB streams' : 'Kinesis streams'}: this loop runs until stopped.`;
        ctx.report({
          at: ev.loc,
          messageId: write.via === 'sdk' ? 'loopCode' : 'loop',
          data: {
            fn: ev.fn.name,
            file: write.at.file,
            what: SERVICE_NAME[service],
            resource: trigger.names[0] ?? trigger.ids[0] ?? trigger.text,
            action: write.action,
            grant: write.target.text,
            detection,
          },
          related: [{ at: write.at, message: write.via === 'iam' ? 'the grant that allows the write' : 'the call that writes' }],
        });
      },
    };
  },
});

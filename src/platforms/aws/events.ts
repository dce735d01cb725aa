import type { EventCategory, EventType } from '../../model/types.js';

/** The category of each AWS trigger service. */
export const EVENT_CATEGORY: Readonly<Record<EventType, EventCategory>> = {
  http: 'http',
  httpApi: 'http',
  websocket: 'http',
  alb: 'http',
  url: 'http',
  sqs: 'queue',
  sns: 'pubsub',
  eventBridge: 'pubsub',
  cloudwatchEvent: 'pubsub',
  iot: 'pubsub',
  s3: 'storage',
  stream: 'stream',
  cloudwatchLog: 'stream',
  schedule: 'schedule',
  cognito: 'auth',
  cloudformation: 'deploy',
  appsync: 'other',
  azureHttp: 'http',
  gcpHttp: 'http',
  other: 'other',
};

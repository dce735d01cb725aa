/**
 * Cloud services by portability: what a team would have to replace to run the same code elsewhere.
 *
 * - `open-standard`: the interface is an open standard many products implement (SQL, Redis, Kafka,
 *   AMQP, MQTT, OIDC, SMTP, HTTP + OpenAPI); moving is a configuration change.
 * - `portable-api`: a provider API that other products copy or that maps one-to-one onto a common
 *   concept (the S3 API, a queue, a topic, a secret store); moving is an adapter rewrite.
 * - `proprietary`: semantics of one provider (DynamoDB's key design and streams, Step Functions ASL,
 *   EventBridge patterns); moving is a redesign.
 */

export type PortabilityClass = 'open-standard' | 'portable-api' | 'proprietary';

export interface ServiceInfo {
  /** the service's display name */
  name: string;
  provider: 'aws' | 'azure' | 'gcp' | 'firebase' | 'vercel' | 'netlify';
  class: PortabilityClass;
  /** what a team can move to */
  alternatives: string;
}

/** Services by id (the id is the SDK client's short name: `dynamodb`, `s3`, `sfn`). */
export const SERVICES: Readonly<Record<string, ServiceInfo>> = {
  // AWS: storage and data
  s3: { name: 'Amazon S3', provider: 'aws', class: 'portable-api', alternatives: 'any S3-compatible store (MinIO, Cloudflare R2, Ceph)' },
  dynamodb: {
    name: 'Amazon DynamoDB',
    provider: 'aws',
    class: 'proprietary',
    alternatives:
      'a document or key-value store behind a repository (MongoDB, Cassandra/ScyllaDB, which has an Alternator API); single-table designs are the hardest to move',
  },
  rds: { name: 'Amazon RDS / Aurora', provider: 'aws', class: 'open-standard', alternatives: 'any PostgreSQL or MySQL server' },
  'rds-data': {
    name: 'RDS Data API',
    provider: 'aws',
    class: 'proprietary',
    alternatives: 'a plain PostgreSQL/MySQL driver (pg, mysql2) against the same database',
  },
  elasticache: { name: 'Amazon ElastiCache', provider: 'aws', class: 'open-standard', alternatives: 'any Redis or Memcached server' },
  opensearch: {
    name: 'Amazon OpenSearch Service',
    provider: 'aws',
    class: 'portable-api',
    alternatives: 'self-hosted OpenSearch or Elasticsearch',
  },
  timestream: { name: 'Amazon Timestream', provider: 'aws', class: 'proprietary', alternatives: 'InfluxDB, TimescaleDB' },
  athena: { name: 'Amazon Athena', provider: 'aws', class: 'portable-api', alternatives: 'Trino/Presto over the same files' },
  glue: { name: 'AWS Glue', provider: 'aws', class: 'proprietary', alternatives: 'Apache Spark jobs, a Hive metastore' },
  // AWS: messaging and events
  sqs: { name: 'Amazon SQS', provider: 'aws', class: 'portable-api', alternatives: 'AMQP/JMS brokers (RabbitMQ, ActiveMQ), ElasticMQ' },
  sns: {
    name: 'Amazon SNS',
    provider: 'aws',
    class: 'portable-api',
    alternatives: 'any pub/sub broker (NATS, RabbitMQ fan-out, Google Pub/Sub)',
  },
  kinesis: { name: 'Amazon Kinesis', provider: 'aws', class: 'proprietary', alternatives: 'Apache Kafka (or Amazon MSK, which speaks it)' },
  firehose: { name: 'Amazon Data Firehose', provider: 'aws', class: 'proprietary', alternatives: 'Kafka Connect, Vector, Fluent Bit' },
  kafka: { name: 'Amazon MSK', provider: 'aws', class: 'open-standard', alternatives: 'any Apache Kafka cluster' },
  mq: { name: 'Amazon MQ', provider: 'aws', class: 'open-standard', alternatives: 'any AMQP/MQTT/STOMP broker (RabbitMQ, ActiveMQ)' },
  eventbridge: {
    name: 'Amazon EventBridge',
    provider: 'aws',
    class: 'proprietary',
    alternatives: 'CloudEvents over a broker (Knative Eventing, NATS, Kafka); event patterns have no portable equivalent',
  },
  pipes: {
    name: 'Amazon EventBridge Pipes',
    provider: 'aws',
    class: 'proprietary',
    alternatives: 'a small consumer function, Kafka Connect, Apache Camel',
  },
  scheduler: {
    name: 'Amazon EventBridge Scheduler',
    provider: 'aws',
    class: 'portable-api',
    alternatives: 'cron (Kubernetes CronJob, any scheduler)',
  },
  sfn: {
    name: 'AWS Step Functions',
    provider: 'aws',
    class: 'proprietary',
    alternatives:
      'a workflow engine with portable definitions (Temporal, CNCF Serverless Workflow, Apache Airflow); ASL itself runs nowhere else',
  },
  iot: { name: 'AWS IoT Core', provider: 'aws', class: 'portable-api', alternatives: 'any MQTT broker (Mosquitto, EMQX, HiveMQ)' },
  // AWS: identity, secrets, configuration
  cognito: {
    name: 'Amazon Cognito',
    provider: 'aws',
    class: 'portable-api',
    alternatives: 'any OIDC provider (Keycloak, Auth0, Okta); its admin API is proprietary',
  },
  'secrets-manager': {
    name: 'AWS Secrets Manager',
    provider: 'aws',
    class: 'portable-api',
    alternatives: 'HashiCorp Vault, Kubernetes Secrets, environment injection',
  },
  ssm: {
    name: 'AWS Systems Manager Parameter Store',
    provider: 'aws',
    class: 'portable-api',
    alternatives: 'environment variables, Consul, Vault',
  },
  kms: { name: 'AWS KMS', provider: 'aws', class: 'portable-api', alternatives: 'Vault Transit, any KMS with envelope encryption' },
  sts: { name: 'AWS STS', provider: 'aws', class: 'proprietary', alternatives: 'workload identity of the target platform' },
  // AWS: compute, APIs, delivery
  lambda: {
    name: 'AWS Lambda (invoke API)',
    provider: 'aws',
    class: 'proprietary',
    alternatives: 'an HTTP call or a queue message to the other service',
  },
  apigateway: {
    name: 'Amazon API Gateway',
    provider: 'aws',
    class: 'portable-api',
    alternatives: 'any HTTP server or gateway (an OpenAPI definition moves; the event shape does not)',
  },
  appsync: {
    name: 'AWS AppSync',
    provider: 'aws',
    class: 'proprietary',
    alternatives: 'a GraphQL server (Apollo, Mercurius); VTL/JS resolvers do not move',
  },
  ses: { name: 'Amazon SES', provider: 'aws', class: 'portable-api', alternatives: 'any SMTP service (SES also speaks SMTP)' },
  cloudfront: { name: 'Amazon CloudFront', provider: 'aws', class: 'portable-api', alternatives: 'any CDN' },
  // AWS: observability
  cloudwatch: { name: 'Amazon CloudWatch', provider: 'aws', class: 'proprietary', alternatives: 'OpenTelemetry metrics, Prometheus' },
  logs: { name: 'Amazon CloudWatch Logs', provider: 'aws', class: 'portable-api', alternatives: 'stdout to any log collector' },
  xray: { name: 'AWS X-Ray', provider: 'aws', class: 'proprietary', alternatives: 'OpenTelemetry tracing' },
  powertools: {
    name: 'Powertools for AWS Lambda',
    provider: 'aws',
    class: 'proprietary',
    alternatives: 'OpenTelemetry and a plain logger; its event parsers and idempotency store are Lambda-specific',
  },
  // other providers
  'azure-storage': {
    name: 'Azure Blob Storage',
    provider: 'azure',
    class: 'portable-api',
    alternatives: 'any object store behind an adapter',
  },
  'azure-cosmos': {
    name: 'Azure Cosmos DB',
    provider: 'azure',
    class: 'proprietary',
    alternatives: 'MongoDB or Cassandra (Cosmos DB speaks both wire protocols)',
  },
  'azure-servicebus': { name: 'Azure Service Bus', provider: 'azure', class: 'open-standard', alternatives: 'any AMQP 1.0 broker' },
  'azure-functions': { name: 'Azure Functions', provider: 'azure', class: 'proprietary', alternatives: 'an HTTP server' },
  azure: { name: 'Azure SDK', provider: 'azure', class: 'proprietary', alternatives: 'an adapter over the service used' },
  firestore: {
    name: 'Cloud Firestore',
    provider: 'gcp',
    class: 'proprietary',
    alternatives: 'MongoDB, a document store behind a repository',
  },
  'gcp-storage': {
    name: 'Google Cloud Storage',
    provider: 'gcp',
    class: 'portable-api',
    alternatives: 'any S3-compatible store (GCS has an interoperability API)',
  },
  pubsub: { name: 'Google Cloud Pub/Sub', provider: 'gcp', class: 'portable-api', alternatives: 'NATS, Kafka, RabbitMQ' },
  gcp: { name: 'Google Cloud SDK', provider: 'gcp', class: 'proprietary', alternatives: 'an adapter over the service used' },
  firebase: {
    name: 'Firebase',
    provider: 'firebase',
    class: 'proprietary',
    alternatives: 'an OIDC provider and a document store behind adapters',
  },
  vercel: {
    name: 'Vercel platform APIs',
    provider: 'vercel',
    class: 'proprietary',
    alternatives: 'Redis, Postgres or blob stores with plain drivers',
  },
  netlify: {
    name: 'Netlify platform APIs',
    provider: 'netlify',
    class: 'proprietary',
    alternatives: 'plain drivers for the store behind them',
  },
};

/** Points a service of each class takes off the services part of the score (see `LOCKIN_WEIGHTS`). */
export const CLASS_PENALTY: Readonly<Record<PortabilityClass, number>> = { 'open-standard': 0, 'portable-api': 0.5, proprietary: 1 };

import type { CalleeSpec, SinkClass } from './sinks.js';

/**
 * Calls whose result no longer carries the taint of their argument: coercions and validators end it
 * for every sink class; encoders end it only for the class they encode for (`encodeURIComponent` makes
 * a URL component safe, not a shell command). Pure data, matched like sinks.
 */

export interface SanitiserSpec {
  callee: CalleeSpec | { kind: 'global-member'; object: string };
  /** `'all'` ends the taint; a list of classes neutralises it for those sinks only */
  clears: 'all' | readonly SinkClass[];
  /** method sanitisers on these receivers are not sanitisers (`JSON.parse` parses, it does not validate) */
  receiverNot?: string[];
}

const HTML_ESCAPERS: CalleeSpec[] = [
  { kind: 'module', module: 'escape-html', path: [] },
  { kind: 'module', module: 'he', path: ['encode'] },
  { kind: 'module', module: 'he', path: ['escape'] },
  { kind: 'module', module: 'lodash', path: ['escape'] },
  { kind: 'module', module: 'lodash.escape', path: [] },
  { kind: 'module', module: 'lodash-es', path: ['escape'] },
  { kind: 'module', module: 'validator', path: ['escape'] },
  { kind: 'module', module: 'sanitize-html', path: [] },
  { kind: 'module', module: 'xss', path: [] },
  { kind: 'module', module: 'xss', path: ['filterXSS'] },
  { kind: 'method', names: ['sanitize'], packages: ['dompurify', 'isomorphic-dompurify'] },
];

const REGEX_ESCAPERS: CalleeSpec[] = [
  { kind: 'module', module: 'escape-string-regexp', path: [] },
  { kind: 'module', module: 'lodash', path: ['escapeRegExp'] },
  { kind: 'module', module: 'lodash-es', path: ['escapeRegExp'] },
  { kind: 'module', module: 'lodash.escaperegexp', path: [] },
];

const POWERTOOLS_PARSER = [
  '@aws-lambda-powertools/parser',
  '@aws-lambda-powertools/parser/envelopes',
  '@aws-lambda-powertools/parser/envelopes/api-gateway',
  '@aws-lambda-powertools/parser/envelopes/api-gatewayv2',
  '@aws-lambda-powertools/parser/envelopes/sqs',
  '@aws-lambda-powertools/parser/envelopes/eventbridge',
];

const SCHEMA_VALIDATORS = ['zod', 'joi', '@hapi/joi', 'yup', 'superstruct', '@sinclair/typebox', 'valibot'];

export const SANITISERS: readonly SanitiserSpec[] = [
  // coercion to a number or a boolean
  { callee: { kind: 'global', name: 'Number' }, clears: 'all' },
  { callee: { kind: 'global', name: 'parseInt' }, clears: 'all' },
  { callee: { kind: 'global', name: 'parseFloat' }, clears: 'all' },
  { callee: { kind: 'global', name: 'Boolean' }, clears: 'all' },
  { callee: { kind: 'global', name: 'BigInt' }, clears: 'all' },
  { callee: { kind: 'global-member', object: 'Math' }, clears: 'all' },
  { callee: { kind: 'global-member', object: 'Number' }, clears: 'all' },
  // schema validation: zod `parse`/`safeParse`, joi/yup `validate`/`validateSync`/`attempt`/`cast`
  {
    callee: { kind: 'method', names: ['parse', 'parseAsync', 'safeParse', 'safeParseAsync'], packages: ['zod'] },
    clears: 'all',
    receiverNot: ['JSON', 'qs', 'querystring', 'url', 'path', 'Date'],
  },
  {
    callee: {
      kind: 'method',
      names: ['validate', 'validateAsync', 'validateSync', 'attempt', 'cast'],
      packages: ['joi', '@hapi/joi', 'yup'],
    },
    clears: 'all',
  },
  { callee: { kind: 'module', module: 'valibot', path: ['parse'] }, clears: 'all' },
  // Powertools parser: `parse(data, envelope, schema)`, `ApiGatewayEnvelope.parse(event, schema)`, `.safeParse`
  ...POWERTOOLS_PARSER.map((module): SanitiserSpec => ({ callee: { kind: 'module', module, path: ['parse'] }, clears: 'all' })),
  {
    callee: { kind: 'method', names: ['parse', 'safeParse'], packages: POWERTOOLS_PARSER },
    clears: 'all',
    receiverNot: ['JSON', 'qs', 'querystring', 'url', 'path', 'Date'],
  },
  // express-validator: the fields its chains validated
  { callee: { kind: 'module', module: 'express-validator', path: ['matchedData'] }, clears: 'all' },
  { callee: { kind: 'module', module: 'superstruct', path: ['create'] }, clears: 'all' },
  // encoders matched to their sink
  { callee: { kind: 'global', name: 'encodeURIComponent' }, clears: ['url', 'command', 'path', 'redirect'] },
  // a string is never an operator object (`{ $ne: null }`)
  { callee: { kind: 'global', name: 'String' }, clears: ['nosql-filter'] },
  { callee: { kind: 'module', module: 'mongo-sanitize', path: [] }, clears: ['nosql-filter'] },
  ...HTML_ESCAPERS.map((callee): SanitiserSpec => ({ callee, clears: ['html', 'page-html'] })),
  ...REGEX_ESCAPERS.map((callee): SanitiserSpec => ({ callee, clears: ['regex'] })),
  { callee: { kind: 'module', module: 'path', path: ['basename'] }, clears: ['path'] },
  {
    callee: { kind: 'method', names: ['escape', 'escapeId', 'format'], packages: ['mysql', 'mysql2', 'sqlstring', 'pg-format'] },
    clears: ['sql'],
  },
  { callee: { kind: 'module', module: 'pg-format', path: [] }, clears: ['sql'] },
  { callee: { kind: 'module', module: 'shell-quote', path: ['quote'] }, clears: ['command'] },
  { callee: { kind: 'module', module: 'shell-escape', path: [] }, clears: ['command'] },
];

export { SCHEMA_VALIDATORS };

/**
 * Methods whose result says something about a value without carrying it: a boolean, a number or an
 * index (`x.includes(y)`, `s.length`, `s.indexOf(t)`), or a digest.
 */
export const NON_CARRYING_METHODS: ReadonlySet<string> = new Set([
  'includes',
  'has',
  'indexOf',
  'lastIndexOf',
  'findIndex',
  'findLastIndex',
  'some',
  'every',
  'startsWith',
  'endsWith',
  'test',
  'localeCompare',
  'getTime',
  'valueOf',
  'digest',
  'isArray',
  'isInteger',
  'isFinite',
  'isNaN',
  'size',
  'count',
]);

/**
 * Calls that record a value and are not a use of it (beside `console.*`): the logging and tracing
 * methods of a receiver named as a logger — `logger.info(x)`, `ctx.logger.debug(x)`, `this.log.warn(x)`,
 * Powertools `logger.appendKeys({ id })`, `tracer.putAnnotation(k, v)`, `metrics.addMetadata(k, v)`,
 * pino's `logger.child({ id })`. Loggers are made in a shared module (`import { logger } from
 * './powertools'`) or handed in by a framework (durable functions' `stepContext.logger`), so the
 * receiver's name is the fact, not an import.
 */
export const LOGGING_CALLS = {
  receiver: /^(?:log|tracer|metrics)$|logger$/i,
  methods: new Set([
    'trace',
    'debug',
    'info',
    'notice',
    'warn',
    'warning',
    'error',
    'critical',
    'fatal',
    'silly',
    'verbose',
    'log',
    'child',
    'appendKeys',
    'appendPersistentKeys',
    'addPersistentLogAttributes',
    'putAnnotation',
    'putMetadata',
    'addMetadata',
  ]),
};

/** Properties that are never the data itself. */
export const NON_CARRYING_PROPERTIES: ReadonlySet<string> = new Set(['length', 'size', 'byteLength']);

/**
 * Middleware that validates a handler's event against a schema before the handler runs
 * (`middy(base).use(validator({ eventSchema }))`, Powertools `parser({ schema })`).
 */
export const VALIDATOR_MIDDLEWARE: readonly string[] = [
  '@middy/validator',
  '@aws-lambda-powertools/parser',
  '@aws-lambda-powertools/parser/middleware',
];

/**
 * Validators whose result says whether the value is valid and must be checked for the value to count
 * as validated: class-validator `validate`/`validateSync` return the errors (`if (errors.length) return`),
 * ajv `validate(schema, data)` returns whether it is valid, express-validator `validationResult(req)` a
 * report (`if (!result.isEmpty()) return`, `result.throw()`); `throws` validators end the taint of
 * their argument once the call returns (`await validateOrReject(dto)`). `arg` is the validated argument;
 * `minArgs` keeps a one-argument `validate(x)` of another library out.
 */
export interface CheckedValidatorSpec {
  callee: CalleeSpec;
  arg: number;
  result: 'errors' | 'valid' | 'report' | 'throws';
  minArgs?: number;
  /** the parts of the argument the validator checks (express-validator: the request's data, not its headers) */
  parts?: readonly string[];
}

export const CHECKED_VALIDATORS: readonly CheckedValidatorSpec[] = [
  { callee: { kind: 'module', module: 'class-validator', path: ['validate'] }, arg: 0, result: 'errors' },
  { callee: { kind: 'module', module: 'class-validator', path: ['validateSync'] }, arg: 0, result: 'errors' },
  { callee: { kind: 'module', module: 'class-validator', path: ['validateOrReject'] }, arg: 0, result: 'throws' },
  { callee: { kind: 'method', names: ['validate'], packages: ['ajv'] }, arg: 1, minArgs: 2, result: 'valid' },
  {
    callee: { kind: 'module', module: 'express-validator', path: ['validationResult'] },
    arg: 0,
    result: 'report',
    parts: ['body', 'query', 'params'],
  },
];

/** Calls that turn request data into a value to validate next and are not a use of it (`plainToInstance(Dto, body)`). */
export const PRE_VALIDATION: readonly CalleeSpec[] = [
  { kind: 'module', module: 'class-transformer', path: ['plainToInstance'] },
  { kind: 'module', module: 'class-transformer', path: ['plainToClass'] },
];

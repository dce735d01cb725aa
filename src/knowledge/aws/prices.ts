/**
 * AWS prices the cost estimate uses: a committed, dated table. Each price carries the page it was
 * copied from and the day it was checked. To update: open each `source` page, copy the on-demand
 * figures for the region (first pricing tier, no free tier), set `checked` to the day you read them,
 * and run the cost tests (test/unit/cost-estimate.test.ts asserts figures computed from this table,
 * so a changed price changes their expected values, which are written as arithmetic over it).
 */

export interface Price {
  /** US dollars per `unit` */
  usd: number;
  unit: string;
  /** the page the figure is copied from */
  source: string;
  /** the day the figure was read (YYYY-MM-DD) */
  checked: string;
}

export interface RegionPrices {
  /** Lambda requests, per request */
  requests: Price;
  /** Lambda on-demand duration, per GB-second, by architecture */
  duration: { x86_64: Price; arm64: Price };
  /** Provisioned concurrency, per GB-second configured */
  provisioned: { x86_64: Price; arm64: Price };
  /** Duration of invocations served by provisioned concurrency, per GB-second */
  provisionedDuration: { x86_64: Price; arm64: Price };
  /** CloudWatch Logs (Standard class) ingestion, per GB */
  logIngestion: Price;
  /** CloudWatch Logs storage, per GB-month */
  logStorage: Price;
}

const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const LOGS = 'https://aws.amazon.com/cloudwatch/pricing/';
const CHECKED = '2026-12-02';

/** The date of the table as a whole (the oldest `checked` of its prices). */
export const PRICE_TABLE_DATE = CHECKED;

const p = (usd: number, unit: string, source: string): Price => ({ usd, unit, source, checked: CHECKED });

/** Lambda prices are the same in these regions; CloudWatch Logs prices differ. */
function region(logIngestion: number, logStorage: number): RegionPrices {
  return {
    requests: p(0.2 / 1e6, 'request', LAMBDA),
    duration: { x86_64: p(0.0000166667, 'GB-second', LAMBDA), arm64: p(0.0000133334, 'GB-second', LAMBDA) },
    provisioned: { x86_64: p(0.0000041667, 'GB-second', LAMBDA), arm64: p(0.0000033334, 'GB-second', LAMBDA) },
    provisionedDuration: { x86_64: p(0.0000097222, 'GB-second', LAMBDA), arm64: p(0.0000077778, 'GB-second', LAMBDA) },
    logIngestion: p(logIngestion, 'GB ingested', LOGS),
    logStorage: p(logStorage, 'GB-month stored', LOGS),
  };
}

/** Regions the table has, by code. */
export const PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': region(0.5, 0.03),
  'us-east-2': region(0.5, 0.03),
  'us-west-2': region(0.5, 0.03),
  'eu-west-1': region(0.57, 0.03),
  'eu-central-1': region(0.63, 0.0324),
  'ap-northeast-1': region(0.76, 0.033),
};

export const DEFAULT_PRICE_REGION = 'us-east-1';

/** Hours in the month the estimate is for (AWS's own pricing examples use 730). */
export const HOURS_PER_MONTH = 730;

/** Lambda limits the estimate and the rules read. */
export const LAMBDA_LIMITS = {
  /** default memory (MB) of SAM and CloudFormation functions (serverless: 1024 MB) */
  defaultMemoryMb: 128,
  serverlessDefaultMemoryMb: 1024,
  /** default timeout (s) of SAM/CloudFormation functions (serverless v3+: 6 s) */
  defaultTimeoutSeconds: 3,
  serverlessDefaultTimeoutSeconds: 6,
  maxTimeoutSeconds: 900,
  maxMemoryMb: 10240,
} as const;

/** Prices for a region, or undefined when the table does not have it. */
export function pricesFor(region: string): RegionPrices | undefined {
  return Object.hasOwn(PRICES, region) ? PRICES[region] : undefined;
}

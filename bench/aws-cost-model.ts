/**
 * What a million opportunity updates would cost on AWS, from what one benchmark run measured:
 * capacity units per update (transactions priced by the service's rules), the handlers' time
 * per API request and per stream record, and the deployed memory sizes, architecture and
 * stream batch size (infra/lambda-sizing.ts, the values the stacks deploy). Pure: no I/O.
 *
 * Prices: AWS us-east-1, on-demand, public list prices as of 2026-12-01 (aws.amazon.com/dynamodb/pricing/on-demand,
 * aws.amazon.com/lambda/pricing, aws.amazon.com/api-gateway/pricing), first tier, no free tier.
 */
import { API_MEMORY_MB, LAMBDA_ARCHITECTURE, type LambdaArchitecture, STREAM_BATCH_SIZE, STREAM_MEMORY_MB } from '#infra/lambda-sizing.js';

/** DynamoDB on-demand: $ per million write request units (1 KB each; transactional writes count twice). */
export const DYNAMODB_WRITE_REQUEST_UNIT_PRICE_PER_MILLION = 0.625;
/** DynamoDB on-demand: $ per million read request units (4 KB strongly consistent; eventually consistent is half). */
export const DYNAMODB_READ_REQUEST_UNIT_PRICE_PER_MILLION = 0.125;
/** DynamoDB Streams: GetRecords calls made by a Lambda event source mapping are free. */
export const DYNAMODB_STREAM_READ_PRICE_PER_MILLION = 0;
/** Lambda: $ per million invocations. */
export const LAMBDA_REQUEST_PRICE_PER_MILLION = 0.2;
/** Lambda: $ per GB-second of duration (first 6 billion GB-s a month), by architecture. */
export const LAMBDA_GB_SECOND_PRICE: Readonly<Record<LambdaArchitecture, number>> = { arm64: 0.0000133334, x86_64: 0.0000166667 };
/** API Gateway HTTP API: $ per million requests (first 300 million a month, requests up to 512 KB). */
export const HTTP_API_REQUEST_PRICE_PER_MILLION = 1.0;

/** The aim of issue 13: under $10 per million updates. */
export const COST_AIM_PER_MILLION = 10;

const MILLION = 1_000_000;

/** What the model needs from a run, per opportunity update (one accepted API write = one stream record). */
export interface MeasuredUsage {
  /** Write units per update, API and stream together. */
  readonly writeUnitsPerUpdate: number;
  /** Read units per update, API and stream together. */
  readonly readUnitsPerUpdate: number;
  /** Mean time the API handler took per request (ms). */
  readonly apiMsPerRequest: number;
  /** Mean time the stream handler took per record: its invocations' total time over the records they handled (ms). */
  readonly streamMsPerRecord: number;
}

export interface Deployment {
  readonly architecture: LambdaArchitecture;
  readonly apiMemoryMb: number;
  readonly streamMemoryMb: number;
  /** Records per stream invocation: how many the request charge is shared between. */
  readonly streamRecordsPerInvocation: number;
  /** Local durations times this: a sensitivity check on how well they stand for AWS's. */
  readonly durationFactor: number;
}

/** What deploys (infra/lambda-sizing.ts), with full stream batches and the durations as measured. */
export const DEPLOYED: Deployment = {
  architecture: LAMBDA_ARCHITECTURE,
  apiMemoryMb: API_MEMORY_MB,
  streamMemoryMb: STREAM_MEMORY_MB,
  streamRecordsPerInvocation: STREAM_BATCH_SIZE,
  durationFactor: 1,
};

export type CostComponent = 'dynamodbWrites' | 'dynamodbReads' | 'streamLambda' | 'apiLambda' | 'httpApi';

export interface CostLine {
  readonly component: CostComponent;
  /** $ per million updates. */
  readonly dollarsPerMillion: number;
  /** How it was worked out, for the report. */
  readonly basis: string;
}

export interface CostEstimate {
  readonly deployment: Deployment;
  readonly lines: readonly CostLine[];
  readonly totalPerMillion: number;
  readonly aimPerMillion: number;
  readonly aimMet: boolean;
}

/** Lambda's charge for one invocation of `ms` at `memoryMb`: request plus GB-seconds. */
function lambdaDollars(ms: number, memoryMb: number, architecture: LambdaArchitecture): number {
  return (ms / 1000) * (memoryMb / 1024) * LAMBDA_GB_SECOND_PRICE[architecture];
}

export function estimateCost(usage: MeasuredUsage, deployment: Deployment = DEPLOYED): CostEstimate {
  const { architecture, durationFactor } = deployment;
  const apiMs = usage.apiMsPerRequest * durationFactor;
  const streamMs = usage.streamMsPerRecord * durationFactor;
  const perRecordRequests = LAMBDA_REQUEST_PRICE_PER_MILLION / deployment.streamRecordsPerInvocation;
  const lines: CostLine[] = [
    {
      component: 'dynamodbWrites',
      dollarsPerMillion: usage.writeUnitsPerUpdate * DYNAMODB_WRITE_REQUEST_UNIT_PRICE_PER_MILLION,
      basis: `${round(usage.writeUnitsPerUpdate, 2)} WRU x $${DYNAMODB_WRITE_REQUEST_UNIT_PRICE_PER_MILLION}/M`,
    },
    {
      component: 'dynamodbReads',
      dollarsPerMillion: usage.readUnitsPerUpdate * DYNAMODB_READ_REQUEST_UNIT_PRICE_PER_MILLION,
      basis: `${round(usage.readUnitsPerUpdate, 2)} RRU x $${DYNAMODB_READ_REQUEST_UNIT_PRICE_PER_MILLION}/M (stream reads free)`,
    },
    {
      component: 'streamLambda',
      dollarsPerMillion: perRecordRequests + MILLION * lambdaDollars(streamMs, deployment.streamMemoryMb, architecture),
      basis: `${round(streamMs, 2)} ms/record at ${deployment.streamMemoryMb} MB ${architecture}, ${deployment.streamRecordsPerInvocation} records/invocation`,
    },
    {
      component: 'apiLambda',
      dollarsPerMillion: LAMBDA_REQUEST_PRICE_PER_MILLION + MILLION * lambdaDollars(apiMs, deployment.apiMemoryMb, architecture),
      basis: `${round(apiMs, 2)} ms/request at ${deployment.apiMemoryMb} MB ${architecture}`,
    },
    {
      component: 'httpApi',
      dollarsPerMillion: HTTP_API_REQUEST_PRICE_PER_MILLION,
      basis: `1 request x $${HTTP_API_REQUEST_PRICE_PER_MILLION.toFixed(2)}/M`,
    },
  ];
  const totalPerMillion = lines.reduce((sum, line) => sum + line.dollarsPerMillion, 0);
  return { deployment, lines, totalPerMillion, aimPerMillion: COST_AIM_PER_MILLION, aimMet: totalPerMillion < COST_AIM_PER_MILLION };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

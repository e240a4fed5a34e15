/**
 * Memory, architecture and stream batch size of the deployed functions, as plain values: the
 * stacks wire them and the benchmark's cost model (bench/aws-cost-model.ts) prices them, so
 * the cost printed is the cost of what deploys. No aws-cdk-lib import: the bench must not load the CDK.
 */

/** Every function runs on Graviton (arm64): about 20% cheaper per GB-second than x86_64. */
export type LambdaArchitecture = 'arm64' | 'x86_64';
export const LAMBDA_ARCHITECTURE: LambdaArchitecture = 'arm64';

/** Memory (MiB) of a function that does not set its own (NodeFunction's default). */
export const DEFAULT_MEMORY_MB = 512;

/** The API function: latency-sensitive, so more memory, which on Lambda is also more CPU. */
export const API_MEMORY_MB = 1024;

/** The stream function keeps the default. */
export const STREAM_MEMORY_MB = DEFAULT_MEMORY_MB;

/** Records per stream invocation at most (the event source mapping's batchSize). */
export const STREAM_BATCH_SIZE = 100;

/**
 * The pipeline job worker: it scans the whole table and rebuilds the history in memory, as
 * the snapshot function does (280 MiB of heap at 100,000 deals / 1 M history rows, docs/benchmarks.md).
 */
export const PIPELINE_JOB_MEMORY_MB = 1024;

/**
 * Pipeline jobs run at once at most: each scans the whole table for up to 15 minutes, so a
 * burst of jobs waits in the queue instead of taking the account's concurrency (and the
 * table's read capacity) from the API and the stream.
 */
export const PIPELINE_JOB_CONCURRENCY = 2;

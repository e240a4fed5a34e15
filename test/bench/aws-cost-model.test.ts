import { describe, expect, it } from 'vitest';
import { API_MEMORY_MB, LAMBDA_ARCHITECTURE, STREAM_BATCH_SIZE, STREAM_MEMORY_MB } from '#infra/lambda-sizing.js';
import { DEPLOYED, type Deployment, estimateCost, type MeasuredUsage } from '../../bench/aws-cost-model.js';
import type { CapacityRow } from '../../bench/bench-result.js';
import { emptyTotals } from '../../bench/capacity-meter.js';
import { costOfRun, usageOf } from '../../bench/cost-of-run.js';

const usage: MeasuredUsage = { writeUnitsPerUpdate: 10, readUnitsPerUpdate: 4, apiMsPerRequest: 100, streamMsPerRecord: 20 };
const arm: Deployment = {
  architecture: 'arm64',
  apiMemoryMb: 1024,
  streamMemoryMb: 512,
  streamRecordsPerInvocation: 100,
  durationFactor: 1,
};

const dollars = (estimate: ReturnType<typeof estimateCost>) =>
  Object.fromEntries(estimate.lines.map((line) => [line.component, Number(line.dollarsPerMillion.toFixed(9))]));

describe('estimateCost', () => {
  it('prices each component per million updates at the list prices', () => {
    const estimate = estimateCost(usage, arm);

    expect(dollars(estimate)).toEqual({
      dynamodbWrites: 6.25, // 10 WRU x $0.625
      dynamodbReads: 0.5, // 4 RRU x $0.125
      streamLambda: 0.135334, // $0.20 / 100 records + 0.020 s x 0.5 GB x $0.0000133334 x 1e6
      apiLambda: 1.53334, // $0.20 + 0.1 s x 1 GB x $0.0000133334 x 1e6
      httpApi: 1,
    });
    expect(estimate.totalPerMillion).toBeCloseTo(9.418674, 9);
    expect(estimate.aimMet).toBe(true);
  });

  it('scales the durations by the sensitivity factor, and misses the aim past $10', () => {
    const estimate = estimateCost(usage, { ...arm, durationFactor: 2 });

    expect(dollars(estimate)).toMatchObject({ streamLambda: 0.268668, apiLambda: 2.86668 });
    expect(estimate.totalPerMillion).toBeCloseTo(10.885348, 9);
    expect(estimate.aimMet).toBe(false);
  });

  it('prices x86_64 GB-seconds higher and shares the request charge over the batch', () => {
    expect(estimateCost(usage, { ...arm, architecture: 'x86_64' }).totalPerMillion).toBeCloseTo(9.785337, 9);
    expect(dollars(estimateCost(usage, { ...arm, streamRecordsPerInvocation: 4 })).streamLambda).toBe(0.183334);
  });

  it('defaults to what the stacks deploy', () => {
    expect(DEPLOYED).toEqual({
      architecture: LAMBDA_ARCHITECTURE,
      apiMemoryMb: API_MEMORY_MB,
      streamMemoryMb: STREAM_MEMORY_MB,
      streamRecordsPerInvocation: STREAM_BATCH_SIZE,
      durationFactor: 1,
    });
  });
});

describe('costOfRun', () => {
  const row = (kind: string, writes: number, apiUnits: [number, number], streamUnits: [number, number]): CapacityRow => ({
    kind,
    writes,
    api: { ...emptyTotals(), writeUnits: apiUnits[0], readUnits: apiUnits[1] },
    stream: { ...emptyTotals(), writeUnits: streamUnits[0], readUnits: streamUnits[1] },
  });
  const capacity = [row('all', 200, [400, 800], [1600, 100]), row('create', 100, [200, 400], [800, 50])];
  const times = {
    api: { invocations: 200, totalMs: 9_900, billedMs: 10_000 },
    stream: { invocations: 50, totalMs: 3_950, billedMs: 4_000 },
  };

  it('takes units per write from the all row and the billed (rounded up) durations', () => {
    expect(usageOf(capacity, times)).toEqual({
      writeUnitsPerUpdate: 10,
      readUnitsPerUpdate: 4.5,
      apiMsPerRequest: 50,
      streamMsPerRecord: 20,
    });
  });

  it('adds a sensitivity line at twice the durations, one at the local batch size and one at the API duration under load', () => {
    const cost = costOfRun(capacity, times, 4, { invocations: 200, totalMs: 39_900, billedMs: 40_000 });

    expect(cost.sensitivity.map((scenario) => scenario.estimate.deployment)).toEqual([
      { ...DEPLOYED, durationFactor: 2 },
      { ...DEPLOYED, streamRecordsPerInvocation: 4 },
      DEPLOYED,
    ]);
    expect(cost.deployed.totalPerMillion).toBeLessThan(cost.sensitivity[0]?.estimate.totalPerMillion ?? 0);
    // 200 ms instead of 50 at 1 GB: 150 ms x $0.0000133334 per GB-s x 1e6 more.
    expect((cost.sensitivity[2]?.estimate.totalPerMillion ?? 0) - cost.deployed.totalPerMillion).toBeCloseTo(2.00001, 9);
  });
});

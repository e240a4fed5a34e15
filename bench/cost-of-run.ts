/**
 * Feeds the cost model (aws-cost-model.ts) with what one run measured, per opportunity write of
 * the measured mix (every kind, creates included: each is one API request and one stream record).
 */
import { type CostEstimate, DEPLOYED, estimateCost, type MeasuredUsage } from './aws-cost-model.js';
import type { CapacityRow } from './bench-result.js';
import type { InvocationTimes } from './invocation-timer.js';

export interface CostScenario {
  readonly label: string;
  readonly estimate: CostEstimate;
}

export interface CostOfRun {
  readonly usage: MeasuredUsage;
  /** As deployed: full stream batches (the mapping's batch size), durations as measured locally. */
  readonly deployed: CostEstimate;
  /** The same with one assumption changed each. */
  readonly sensitivity: readonly CostScenario[];
}

export function usageOf(
  capacity: readonly CapacityRow[],
  handlerTimes: { readonly api: InvocationTimes; readonly stream: InvocationTimes },
): MeasuredUsage {
  const all = capacity.find((row) => row.kind === 'all');
  const writes = all?.writes ?? 0;
  const per = (value: number) => (writes === 0 ? 0 : value / writes);
  return {
    writeUnitsPerUpdate: per((all?.api.writeUnits ?? 0) + (all?.stream.writeUnits ?? 0)),
    readUnitsPerUpdate: per((all?.api.readUnits ?? 0) + (all?.stream.readUnits ?? 0)),
    // Billed time: each invocation rounded up to the millisecond, as Lambda does.
    apiMsPerRequest: handlerTimes.api.invocations === 0 ? 0 : handlerTimes.api.billedMs / handlerTimes.api.invocations,
    streamMsPerRecord: per(handlerTimes.stream.billedMs),
  };
}

export function costOfRun(
  capacity: readonly CapacityRow[],
  handlerTimes: { readonly api: InvocationTimes; readonly stream: InvocationTimes },
  localRecordsPerInvocation: number,
  apiUnderLoad?: InvocationTimes,
): CostOfRun {
  const usage = usageOf(capacity, handlerTimes);
  const loaded = apiUnderLoad && usageOf(capacity, { ...handlerTimes, api: apiUnderLoad });
  return {
    usage,
    deployed: estimateCost(usage, DEPLOYED),
    sensitivity: [
      { label: 'Lambda durations 2x the local ones', estimate: estimateCost(usage, { ...DEPLOYED, durationFactor: 2 }) },
      {
        label: `stream batches as small as the local poller's (${localRecordsPerInvocation.toFixed(1)} records)`,
        estimate: estimateCost(usage, { ...DEPLOYED, streamRecordsPerInvocation: Math.max(1, localRecordsPerInvocation) }),
      },
      ...(loaded
        ? [
            {
              label: `API requests as long as under the measured load (${loaded.apiMsPerRequest.toFixed(1)} ms, queueing on two cores included)`,
              estimate: estimateCost(loaded, DEPLOYED),
            },
          ]
        : []),
    ],
  };
}

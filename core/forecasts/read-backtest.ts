/**
 * The backtest of a scope as the latest refresh stored it, with the access of the forecast
 * (a rep hidden from who may not see them reads as missing, a team outside what the caller
 * may see is refused, the company is for admins and the managers of the whole company).
 * Before the first refresh: no months, nothing scored.
 */
import type { AccessContext } from '../organisation/access-policy.js';
import type { Scope } from '../organisation/scope.js';
import { requireScope, type ScopePorts } from '../pipeline/pipeline-scope.js';
import type { FigureError, ScopeBacktest } from './forecast-model.js';
import type { BacktestRepository } from './forecast-repositories.js';

export interface ReadBacktestPorts extends ScopePorts {
  readonly backtests: Pick<BacktestRepository, 'read'>;
}

const NO_ERROR: FigureError = { meanAbsoluteError: 0, bias: 0, weightedAbsolutePercentageError: null };

/** What a scope's backtest reads before the first refresh. */
export function emptyBacktest(scope: Scope): ScopeBacktest {
  return {
    scope,
    computedAt: null,
    months: [],
    summary: {
      scoredMonths: 0,
      brierScore: null,
      calibration: [],
      errors: { stageProbability: NO_ERROR, calibrated: NO_ERROR, slipAdjusted: NO_ERROR, p50: NO_ERROR },
    },
  };
}

export async function readBacktest(ports: ReadBacktestPorts, access: AccessContext, scope: Scope): Promise<ScopeBacktest> {
  const [, stored] = await Promise.all([requireScope(ports, access, scope), ports.backtests.read(scope)]);
  return stored ?? emptyBacktest(scope);
}

/**
 * The stores the forecast refresh runs on (the snapshot Lambda, the local runtime, the
 * backtest command), built directly: it runs at once, nothing to defer. In a module of
 * its own so the API bundle never imports them statically (see snapshot-ports.ts).
 */
import type { RefreshForecastsPorts } from '#core/forecasts/refresh-forecasts.js';
import { PipelineRebuildStore } from '../pipeline/pipeline-rebuild-store.js';
import type { Dependencies } from '../shared/dependencies.js';
import { TargetStore } from '../targets/target-store.js';
import { BacktestStore } from './backtest-store.js';
import { LearnedRatesStore } from './learned-rates-store.js';

export function forecastRefreshPortsOf(deps: Dependencies, options: { readonly scanSegments?: number } = {}): RefreshForecastsPorts {
  return {
    history: new PipelineRebuildStore(deps, options.scanSegments === undefined ? {} : { segments: options.scanSegments }),
    targets: new TargetStore(deps),
    learnedRates: new LearnedRatesStore(deps),
    backtests: new BacktestStore(deps),
  };
}

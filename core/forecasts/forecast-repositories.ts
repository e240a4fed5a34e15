import type { Scope } from '../organisation/scope.js';
import type { LearnedRates, ScopeBacktest } from './forecast-model.js';

/** The learned rates of the latest refresh (one record, replaced by each refresh). */
export interface LearnedRatesRepository {
  /** Undefined before the first refresh. */
  read(): Promise<LearnedRates | undefined>;
  write(rates: LearnedRates): Promise<void>;
}

/** The backtest of every scope, as the latest refresh computed it. */
export interface BacktestRepository {
  /** Undefined before the first refresh (or for a scope it did not cover). */
  read(scope: Scope): Promise<ScopeBacktest | undefined>;
  /** Replaces the stored backtests with these (scopes not in the list are removed). */
  writeAll(backtests: readonly ScopeBacktest[]): Promise<void>;
}
